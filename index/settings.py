"""One frozen Settings object, built at the edge (CLI, API) and passed down.

Every RAPPORTSOK_* variable is declared once, in `Environment` (pydantic-settings): its type, its
default and its check. A value that fails names its variable, in Swedish (`SettingsError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.read.readers import DEFAULT_MAX_BYTES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "RAPPORTSOK_"
BACKENDS = ("onnx", "torch")


class SettingsError(ValueError):
    """A RAPPORTSOK_* variable that cannot be used, named in the message."""


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


@dataclass(frozen=True, slots=True)
class Settings:
    corpus_dir: Path
    manifest: Path
    data_dir: Path
    cache_dir: Path
    model_dir: Path | None  # None: the default e5 model, built into cache_dir
    max_file_bytes: int
    host: str = "127.0.0.1"
    port: int = 8000
    api_token: str | None = None  # None: the write endpoints (upload, delete) are disabled
    max_upload_bytes: int = 50_000_000
    backend: str = "onnx"  # "onnx" (int8 ONNX Runtime) or "torch" (fp32 sentence-transformers)
    llm_url: str | None = None
    llm_model: str | None = None
    llm_key: str | None = None
    store: str | None = None  # None: SQLite + FAISS in data_dir; else a Milvus location (`Environment.store`)

    @classmethod
    def from_env(cls) -> Settings:
        """Read the RAPPORTSOK_* variables; defaults suit a checkout of this repository.

        Raises:
            SettingsError: a variable's value cannot be used; the message names it.
        """
        try:
            env = Environment()
        except ValidationError as error:
            raise SettingsError("; ".join(_explain(e) for e in error.errors())) from None
        return cls(
            corpus_dir=env.corpus,
            manifest=env.manifest or env.corpus / "manifest.toml",
            data_dir=env.data,
            cache_dir=env.cache,
            model_dir=env.model,
            max_file_bytes=env.max_file_bytes,
            host=env.host,
            port=env.port,
            api_token=env.token,
            max_upload_bytes=env.max_upload_bytes,
            backend=env.backend,
            llm_url=env.llm_url,
            llm_model=env.llm_model,
            llm_key=env.llm_key,
            store=env.store,
        )


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
