"""One frozen Settings object, built at the edge (CLI, API) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from index.readers import DEFAULT_MAX_BYTES

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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

    @classmethod
    def from_env(cls) -> Settings:
        """Read RAPPORTSOK_* variables; defaults suit a checkout of this repository."""
        corpus = Path(os.environ.get("RAPPORTSOK_CORPUS", PROJECT_ROOT / "corpus"))
        try:
            return cls._read(corpus)
        except ValueError as error:  # int("abc") names neither the variable nor its meaning
            raise SettingsError(str(error) if isinstance(error, SettingsError) else _which(error)) from None

    @classmethod
    def _read(cls, corpus: Path) -> Settings:
        return cls(
            corpus_dir=corpus,
            manifest=Path(os.environ.get("RAPPORTSOK_MANIFEST", corpus / "manifest.toml")),
            data_dir=Path(os.environ.get("RAPPORTSOK_DATA", PROJECT_ROOT / "data")),
            cache_dir=Path(os.environ.get("RAPPORTSOK_CACHE", Path.home() / ".cache" / "rapportsok")),
            model_dir=Path(os.environ["RAPPORTSOK_MODEL"]) if os.environ.get("RAPPORTSOK_MODEL") else None,
            max_file_bytes=int(os.environ.get("RAPPORTSOK_MAX_FILE_BYTES", DEFAULT_MAX_BYTES)),
            host=os.environ.get("RAPPORTSOK_HOST", "127.0.0.1"),
            port=int(os.environ.get("RAPPORTSOK_PORT", "8000")),
            api_token=os.environ.get("RAPPORTSOK_TOKEN") or None,
            max_upload_bytes=int(os.environ.get("RAPPORTSOK_MAX_UPLOAD_BYTES", 50_000_000)),
            backend=_backend(os.environ.get("RAPPORTSOK_BACKEND", "onnx")),
        )


BACKENDS = ("onnx", "torch")


def _backend(name: str) -> str:
    if name not in BACKENDS:
        raise SettingsError(f"RAPPORTSOK_BACKEND={name!r}: förväntade en av {', '.join(BACKENDS)}")
    return name


def _which(error: ValueError) -> str:
    numeric = ("RAPPORTSOK_MAX_FILE_BYTES", "RAPPORTSOK_PORT", "RAPPORTSOK_MAX_UPLOAD_BYTES")
    bad = [f"{name}={os.environ[name]!r}" for name in numeric if not os.environ.get(name, "0").strip().isdigit()]
    return f"{', '.join(bad) or 'en RAPPORTSOK_*-variabel'}: förväntade ett heltal ({error})"
