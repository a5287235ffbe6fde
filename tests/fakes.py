"""A deterministic stand-in for the embedding model, for tests that do not measure quality.

Each word of four letters or more (lower-cased, cut to its first six letters: a crude stem, so
"hemlösheten" meets "hemlöshet") is hashed to one of `dim` dimensions with a sign; a text's vector
is the normalised sum. Two texts that share words are near, texts without common words are about
orthogonal, and the same text gives the same vector in every process (blake2b, not `hash()`).
Embedding the corpus's 456 passages takes milliseconds instead of the real model's ~15 s, and no
model folder has to be built.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FAKE_MODEL_NAME = "fake-hash-embedder"
_WORD = re.compile(r"\w{4,}")
STEM = 6


class HashEmbedder:
    """Bag of hashed words, normalised: an `index.embed.embedder.Embedder` without a model."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.model_dir = Path(FAKE_MODEL_NAME)
        self.queries = 0
        self.passages = 0

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word[:STEM].encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dim
            vector[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:
            vector[0] = 1.0  # an empty text still gets a unit vector, as the real model gives one
            return vector
        return vector / norm

    def embed_query(self, text: str) -> np.ndarray:
        self.queries += 1
        return self._vector(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])
