"""The CLI edge: readable and JSON output, and a batch that survives a bad file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from tests.conftest import CORPUS, NORRMALM_2021, T2_2021

runner = CliRunner()


def test_parse_json() -> None:
    result = runner.invoke(app, ["parse", str(CORPUS / T2_2021), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meta"]["report_type"] == "Tertialrapport 2"
    assert data["counts"] == {"goals": 37, "activities": 88, "deviations": 5, "indicators": 11, "sections": 30} | {
        "indicators": data["counts"]["indicators"],
        "sections": data["counts"]["sections"],
    }
    flagged = [a for a in data["activities"] if a["deviation"]]
    assert len(flagged) == 5 and all(a["analysis"] and a["source"]["line_start"] for a in flagged)


def test_parse_readable_summary() -> None:
    result = runner.invoke(app, ["parse", str(CORPUS / NORRMALM_2021)])
    assert result.exit_code == 0
    assert "Aktiviteter: 121 (avvikelser: 1)" in result.stdout
    assert "Uppfylls delvis: 1" in result.stdout and "Uppfylls helt: 19" in result.stdout
    assert "Team för psykisk ohälsa startas upp i hemtjänst i egen regi" in result.stdout


def test_parse_batch_with_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "tom.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(bad), str(CORPUS / T2_2021), "--json"])
    assert result.exit_code == 1
    assert f"error: {bad}: file is empty (0 bytes)" in result.stderr
    assert json.loads(result.stdout)["meta"]["file"] == T2_2021


def test_index_status_remove(tmp_path: Path, corpus_index, monkeypatch) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(corpus_index[0], data)
    monkeypatch.setenv("RAPPORTSOK_DATA", str(data))
    again = runner.invoke(app, ["index", str(CORPUS)])
    assert again.exit_code == 0, again.output
    assert "Embeddade passager: 0" in again.stdout and "Oförändrade: 5" in again.stdout

    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0 and "Dokument: 5" in status.stdout and "multilingual-e5-small" in status.stdout

    removed = runner.invoke(app, ["remove", T2_2021, "finns-inte.txt"])
    assert removed.exit_code == 1 and f"borttagen: {T2_2021}" in removed.stdout
    assert "finns-inte.txt: not in the index" in removed.stderr
    assert "Dokument: 4" in runner.invoke(app, ["status"]).stdout


def test_index_names_missing_paths(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "data"))
    result = runner.invoke(app, ["index", str(tmp_path / "saknas")])
    assert result.exit_code == 1 and "saknas: no such file or folder" in result.stderr


def test_summarise_related_timeline(tmp_path: Path, corpus_index, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    out = tmp_path / "utkast.md"
    result = runner.invoke(app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(out)])
    assert result.exit_code == 0, result.output
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# Sammanfattning: Verksamhetsberättelse 2021") and "## Källor" in markdown
    query = runner.invoke(app, ["summarise", "--query", "vilka aktiviteter har avvikelser om pandemin"])
    assert query.exit_code == 0 and "coronapandemin" in query.stdout and "[4]" in query.stdout
    assert runner.invoke(app, ["summarise"]).exit_code == 2

    search = json.loads(runner.invoke(app, ["search", "klimatanpassning skyfall", "--json", "--limit", "1"]).stdout)
    passage = search["hits"][0]["id"]
    related = runner.invoke(app, ["related", passage])
    assert related.exit_code == 0 and "Norrmalms stadsdelsnämnd" in related.stdout
    assert runner.invoke(app, ["related", "0000000000000000"]).exit_code == 1

    timeline = runner.invoke(app, ["timeline", "1.2"])
    assert timeline.exit_code == 0 and "uppfylls delvis" in timeline.stdout and "2020" in timeline.stdout
    assert runner.invoke(app, ["timeline", "finns inget sådant mål"]).exit_code == 1


def test_a_mistyped_setting_is_one_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_BACKEND", "gpu")
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2
    assert "RAPPORTSOK_BACKEND='gpu': expected one of onnx, torch" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("RAPPORTSOK_BACKEND", "torch")
    monkeypatch.setenv("RAPPORTSOK_PORT", "åttatusen")
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2 and "RAPPORTSOK_PORT='åttatusen': expected a whole number" in result.output
