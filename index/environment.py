"""The RAPPORTSOK_* variables as pydantic-settings reads them: each declared once, with its check.

Only `Settings.from_env` imports this module, so that commands and `--help` that read no settings
do not import pydantic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.settings import BACKENDS, DEFAULT_MAX_BYTES, PREFIX, PROJECT_ROOT, SettingsError


class Environment(BaseSettings):
    """The RAPPORTSOK_* variables as read: each field is its variable without the prefix."""

    # An empty variable counts as unset: RAPPORTSOK_MODEL= means the default model.
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True)

    corpus: Path = PROJECT_ROOT / "corpus"
    manifest: Path | None = None  # None: manifest.toml in the corpus folder
    data: Path = PROJECT_ROOT / "data"
    cache: Path = Path.home() / ".cache" / "rapportsok"
    model: Path | None = None  # None: the default e5 model, built into the cache
    max_file_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    token: str | None = None  # None: the write endpoints (upload, delete) are disabled
    max_upload_bytes: int = Field(50_000_000, gt=0)
    backend: Literal["onnx", "torch"] = "onnx"
    llm_url: str | None = None  # an OpenAI-compatible endpoint; None: no language model
    llm_model: str | None = None
    llm_key: str | None = None
    # None or "sqlite": SQLite + FAISS in the data folder (the default); "milvus:///path/index.db"
    # (Milvus Lite) or "milvus://host:19530" (a Milvus server): the Milvus backend (index/milvus/).
    store: str | None = None

    @field_validator("store")
    @classmethod
    def _a_store_location(cls, location: str | None) -> str | None:
        location = (location or "").strip()
        if not location or location == "sqlite":
            return None
        parsed = urlsplit(location)
        lite = parsed.scheme == "milvus" and not parsed.netloc and parsed.path.endswith(".db")
        server = parsed.scheme == "milvus" and bool(parsed.netloc) and parsed.path in ("", "/")
        if not (lite or server):
            raise ValueError(
                "förväntade sqlite (standard), milvus:///sökväg/till/index.db (Milvus Lite) "
                "eller milvus://värd:19530 (en Milvus-server)"
            )
        return location


def read_environment() -> Environment:
    """The variables, checked.

    Raises:
        SettingsError: a variable's value cannot be used; the message names it.
    """
    try:
        return Environment()
    except ValidationError as error:
        raise SettingsError("; ".join(_explain(e) for e in error.errors())) from None


def _explain(error: dict) -> str:
    """One failed variable in Swedish: its name, its value and what it should be."""
    name = PREFIX + str(error["loc"][0]).upper()
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "int_parsing":
        expected = "förväntade ett heltal"
    elif kind == "literal_error":
        expected = f"förväntade ett av {', '.join(BACKENDS)}"
    elif kind in ("greater_than", "greater_than_equal"):
        expected = f"förväntade ett tal {'>' if kind == 'greater_than' else '≥'} {context.get('gt', context.get('ge'))}"
    elif kind == "value_error":
        expected = str(context.get("error", error["msg"]))
    elif kind == "less_than_equal":
        expected = f"förväntade ett tal ≤ {context['le']}"
    else:
        expected = f"ogiltigt värde ({error['msg']})"
    return f"{name}={error['input']!r}: {expected}"
