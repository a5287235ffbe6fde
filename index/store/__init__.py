"""The store: SQLite (documents, passages, NLP metadata, FTS5) + FAISS (vectors), one truth.

- `facade.py`: `Store`, the one door: opening, generations, writes, reads, retrieval.
- `filters.py`: `ChunkFilter`, each field defined once, read as SQL and as a numpy mask.
- `rows.py`: the records (`Document`, `NewDocument`, `StoredChunk`) ↔ SQLite rows.
- `columns.py`: the passages' filter fields as numpy columns.
- `vectors.py`: the FAISS index, flat while small, IVF once large.
- `sync.py`: files on disk → store, by content hash.

`from index.store import Store, ChunkFilter, ...` is the interface; callers run no SQL of their own.
"""

from index.store.facade import (
    CRASH_ENV,
    DB_NAME,
    SCHEMA_VERSION,
    Agreement,
    SharedVectors,
    Store,
    StoreError,
    StoreMismatchError,
    Version,
    crash_point,
)
from index.store.filters import ChunkFilter
from index.store.rows import Document, NewDocument, StoredChunk, text_hash

__all__ = [
    "CRASH_ENV",
    "DB_NAME",
    "SCHEMA_VERSION",
    "Agreement",
    "ChunkFilter",
    "Document",
    "NewDocument",
    "SharedVectors",
    "Store",
    "StoreError",
    "StoreMismatchError",
    "StoredChunk",
    "Version",
    "crash_point",
    "text_hash",
]
