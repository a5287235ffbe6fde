"""Every RAPPORTSOK_* variable read in one place; a bad value names its variable, in Swedish."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.settings import PROJECT_ROOT, Settings, SettingsError
from summarise.llm import LLMConfig


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in [n for n in os.environ if n.startswith("RAPPORTSOK_")]:
        monkeypatch.delenv(name)


def test_defaults_suit_a_checkout() -> None:
    s = Settings.from_env()
    assert s.corpus_dir == PROJECT_ROOT / "corpus" and s.manifest == PROJECT_ROOT / "corpus" / "manifest.toml"
    assert s.data_dir == PROJECT_ROOT / "data" and s.model_dir is None and s.api_token is None
    assert (s.host, s.port, s.backend) == ("127.0.0.1", 8000, "onnx")
    assert not LLMConfig.from_env().enabled


def test_each_variable_sets_its_field(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAPPORTSOK_CORPUS", str(tmp_path / "c"))
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "d"))
    monkeypatch.setenv("RAPPORTSOK_MODEL", str(tmp_path / "m"))
    monkeypatch.setenv("RAPPORTSOK_PORT", "9000")
    monkeypatch.setenv("RAPPORTSOK_TOKEN", "hemligt")
    monkeypatch.setenv("RAPPORTSOK_MAX_UPLOAD_BYTES", "1000")
    monkeypatch.setenv("RAPPORTSOK_BACKEND", "torch")
    monkeypatch.setenv("RAPPORTSOK_LLM_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("RAPPORTSOK_LLM_MODEL", "m")
    s = Settings.from_env()
    assert s.corpus_dir == tmp_path / "c" and s.manifest == tmp_path / "c" / "manifest.toml"  # follows the corpus
    assert s.data_dir == tmp_path / "d" and s.model_dir == tmp_path / "m" and s.api_token == "hemligt"
    assert (s.port, s.max_upload_bytes, s.backend) == (9000, 1000, "torch")
    config = LLMConfig.from_env()
    assert config.enabled and config.url == "http://127.0.0.1:8080/v1" and config.key is None


def test_an_empty_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_MODEL", "")
    monkeypatch.setenv("RAPPORTSOK_TOKEN", "")
    assert Settings.from_env().model_dir is None and Settings.from_env().api_token is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RAPPORTSOK_PORT", "åttatusen", "RAPPORTSOK_PORT='åttatusen': förväntade ett heltal"),
        ("RAPPORTSOK_PORT", "70000", "RAPPORTSOK_PORT='70000': förväntade ett tal ≤ 65535"),
        ("RAPPORTSOK_MAX_FILE_BYTES", "0", "RAPPORTSOK_MAX_FILE_BYTES='0': förväntade ett tal > 0"),
        ("RAPPORTSOK_BACKEND", "gpu", "RAPPORTSOK_BACKEND='gpu': förväntade ett av onnx, torch"),
    ],
)
def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        Settings.from_env()
    assert str(raised.value) == message


def test_every_bad_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_PORT", "x")
    monkeypatch.setenv("RAPPORTSOK_MAX_UPLOAD_BYTES", "y")
    with pytest.raises(SettingsError) as raised:
        Settings.from_env()
    assert "RAPPORTSOK_PORT='x'" in str(raised.value) and "RAPPORTSOK_MAX_UPLOAD_BYTES='y'" in str(raised.value)
