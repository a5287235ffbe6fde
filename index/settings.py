"""One frozen Settings object, built at the edge (CLI, API) and passed down.

Every RAPPORTSOK_* variable is declared once, in `index.environment.Environment`
(pydantic-settings): its type, its default and its check. A value that fails names its variable,
in Swedish (`SettingsError`). This module imports no pydantic: `rapportsok --help` and the CLI's
error handling import it, and pydantic-settings alone costs about 0.15 s on 2 cores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "RAPPORTSOK_"
BACKENDS = ("onnx", "torch")
# A report over this many bytes is refused (FileTooLargeError); defined here, not in index.read, so
# that reading the settings does not import the PDF reader.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


class SettingsError(ValueError):
    """A RAPPORTSOK_* variable that cannot be used, named in the message."""


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
        from index.environment import read_environment

        env = read_environment()
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
