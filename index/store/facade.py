"""One store, two files, one truth: SQLite (documents, chunks, NLP metadata, FTS5) + FAISS.

SQLite is the source of truth; FAISS holds the vectors under the same integer ids (the
chunk's rowid). A write is one SQLite transaction that also names the FAISS file of the new
generation, written beside it first (temporary file, fsync, rename): a crash before the
commit leaves the old generation whole, a crash after it the new one. Opening checks that
the two agree; a mismatch raises `StoreMismatchError` (`rapportsok index` repairs it), it is
never served silently.

The interface is small on purpose (write, delete, lexical, dense, filters, read) and it is the
only door: the connection is private, and no caller runs SQL of its own. It is the seam where
another backend (Milvus, OpenSearch) goes. Rows ↔ records are in `rows.py`, filters in
`filters.py`, the FAISS index in `vectors.py`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from index.nlp.analysis import Analysis, LexicalFields, analyze_many, heading_lemmas, lexical_fields
from index.parse.records import Chunk, ChunkKind
from index.store import bm25, vectors
from index.store.columns import FilterColumns
from index.store.filters import ChunkFilter
from index.store.rows import (
    Document,
    NewDocument,
    StoredChunk,
    chunk_fields,
    chunk_row,
    document_of,
    document_row,
    parser_record,
    parser_record_with,
    stored_chunk_of,
)

# 2: the FTS table has three fields (lemmas, compound heads, modifiers) so that a match weighs by
# what it matched. 3: FTS keeps inner hyphens ("it-miljö" is one term, as a question has it), a
# section's heading is searched with its text, and the lemmas of compounds are redone (a head is a
# word: "aktivitet" was "aktivite"). 4: a compound's -a/-e head in the plural is lemmatised
# ("upphandlingsfrågor" → "upphandlingsfråga"). A store of an older schema is re-analysed on open.
# 5: a passage's `extra` holds the number and level of its goal, and a goal's title without its
# number; a store of 4 has its fields rewritten on open (`_goal_of_legacy`), its analysis kept.
SCHEMA_VERSION = "5"
ANALYSIS_VERSION = 4  # the last schema that changed what the FTS table holds
DB_NAME = "rapportsok.sqlite"
# A test hook: the named point of a write kills the process, so crash safety can be tested
# at exact points (tests/index/test_crash.py). Unset in normal use.
CRASH_ENV = "RAPPORTSOK_CRASH_AT"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    namnd TEXT NOT NULL,
    report_type TEXT NOT NULL,
    year INTEGER,
    period TEXT,
    title TEXT NOT NULL,
    dnr TEXT,
    line_count INTEGER NOT NULL,
    warnings TEXT NOT NULL,
    indexed_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha ON documents (sha256);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    goal_path TEXT NOT NULL,
    goal TEXT,
    deviation INTEGER NOT NULL,
    status TEXT,
    report_type TEXT NOT NULL,
    namnd TEXT NOT NULL,
    year INTEGER,
    period TEXT,
    page INTEGER,
    page_approx INTEGER,
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    extra TEXT NOT NULL,
    lemmas TEXT NOT NULL,
    compounds TEXT NOT NULL,
    entities TEXT NOT NULL,
    amounts TEXT NOT NULL,
    dates TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_id);
CREATE INDEX IF NOT EXISTS chunks_filter ON chunks (kind, deviation, year);
-- A goal's own passages by document (`rowids_under_goals`): at 100× the corpus, reading every passage
-- of the documents asked for took 120 ms a list question.
CREATE INDEX IF NOT EXISTS chunks_document_goal ON chunks (document_id, goal);
"""
WORDS_TABLE = "CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID"
FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
    lemmas, heads, modifiers, tokenize = "unicode61 remove_diacritics 0 tokenchars '-'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab (chunks_fts, 'row');
"""
# `words` counts the passages each word (as written, lower case) occurs in: the vocabulary that
# misspelt questions are corrected against (`vocabulary`), kept in step by every write.
# BM25 weight of a match in each field: a word itself (1), the head of a compound in the passage
# ("pandemi" in "coronapandemin": the passage is about a pandemic, 0.8), a modifier only ("kraft"
# does not make "reservkraft" about "kärnkraft", 0.15). On tune.jsonl the weights move nDCG@10 by
# under 0.005 (1 : 0.5 : 0.1 to 1 : 1 : 0.3); what keeps a part from answering
# is that relevance counts only words and heads (`fields_of`).
FIELD_WEIGHTS = (1.0, 0.8, 0.15)
FTS_COLUMNS = ["lemmas", "heads", "modifiers"]
_WORD = re.compile(r"[^\W\d_]+")  # letters only: the words a question's words are corrected to
# A query term in more than this share of passages says little (BM25's idf is near zero) but
# costs a scan of its whole posting list: in a large index it is left out when rarer terms
# remain. Small indexes keep every term: there the scan is cheap and the ranking a little better
# (gold set, 1×: lexical nDCG@10 0.688 with all terms, 0.667 without the common ones).
COMMON_TERM_SHARE = 0.1
COMMON_TERM_MIN_CHUNKS = 20_000


# Below this many passages the in-memory BM25 (`bm25.py`) is built when first asked for (0.04 s for
# the corpus); above, in a thread of its own while FTS5 answers (3.4–4.6 s at 100×, 128,500 passages), so
# that a one-off question (the CLI) or the first after a write never waits for it.
LEXICAL_BUILD_WAIT_MAX = 20_000
logger = logging.getLogger(__name__)


_CHUNK_SELECT = (
    "SELECT c.rowid AS rowid, c.*, d.title AS title, d.file AS file "
    "FROM chunks c JOIN documents d ON d.id = c.document_id"
)


class StoreError(Exception):
    """The store cannot be used as it is; the message says why and what to do."""


def make_data_dir(data_dir: Path) -> None:
    """The index's folder, made where missing; a file in its place is one clear error (a new user's
    RAPPORTSOK_DATA named a file, and got a FileExistsError's traceback)."""
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreError(f"{data_dir} är en fil, inte en mapp: indexets plats (RAPPORTSOK_DATA) ska vara en mapp")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"kan inte skapa indexets mapp {data_dir}: {error.strerror or error}") from None


class StoreMismatchError(StoreError):
    """SQLite and FAISS disagree: some chunks lack vectors, or vectors lack chunks."""


def crash_point(name: str) -> None:
    """Kill this process at the named point when the test hook asks for it."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), 9)


@dataclass(frozen=True, slots=True)
class Agreement:
    """How SQLite's chunk ids and FAISS's vector ids compare."""

    missing: np.ndarray  # chunk rowids without a vector
    extra: np.ndarray  # vector ids without a chunk

    @property
    def ok(self) -> bool:
        return not len(self.missing) and not len(self.extra)


Version = tuple[int, str | None]  # (generation, the id of the write that committed it)


class SharedVectors:
    """Vector files loaded once and shared by the reading stores of one process, and what the
    readers derive from each generation (filter columns, vocabulary, the searcher's facts).

    FAISS searches one index from many threads at once (a search only reads it), so the
    readers of a service need one copy per generation, not one per thread. A store that
    writes changes its index in place: it loads its own (`Store.open` without `shared`).
    A writer in the same process may `publish` a generation before committing it: its readers
    then find the vectors and derived data ready when they first see it, and wait for nothing.
    """

    def __init__(self, keep: int = 2) -> None:
        self.keep = keep  # the newest generations stay loaded: a reader may still be on the previous one
        self._lock = threading.Lock()
        self._loaded: dict[Path, object] = {}
        self._derived: dict[Version, dict[str, object]] = {}
        self._published: dict[Version, object] = {}
        self._building: dict[tuple[Version, str], threading.Lock] = {}
        self._apart: dict[tuple[Version, str], threading.Thread] = {}

    def published(self, version: Version | None):
        """The index a writer of this process published for this generation, or None."""
        with self._lock:
            return self._published.get(version) if version else None

    def load(self, path: Path):
        import faiss

        with self._lock:  # one load per file, however many readers ask at once
            index = self._loaded.get(path)
            if index is None:
                index = faiss.read_index(str(path))
                self._loaded[path] = index
                for old in list(self._loaded)[: -self.keep]:
                    del self._loaded[old]
            return index

    def publish(self, writer: Store) -> None:
        """The writer's generation about to be committed: a copy of its vectors (the writer changes its
        own in place) and what it derived from the generation so far; `discard` takes them back if the
        commit fails. Called inside the write's transaction (`Store.before_commit`)."""
        import faiss

        index = faiss.clone_index(writer.index)
        version = writer.version
        derived = dict(writer._derived) if writer._derived_version == version else {}
        with self._lock:
            self._published[version] = index
            self._derived[version] = derived
            self._loaded.clear()  # older generations' files: no reader opens one again (memory, at 100× 195 MB each)
            for old in list(self._published)[: -self.keep]:
                del self._published[old]
            for old in list(self._derived)[: -self.keep]:
                del self._derived[old]

    def discard(self, version: Version) -> None:
        with self._lock:
            self._published.pop(version, None)
            self._derived.pop(version, None)

    def in_background(self, version: Version, name: str, build: Callable[[], object | None]) -> object | None:
        """What `build()` made for this generation, or None while a thread of its own builds it (started
        on the first call). For what costs seconds at scale and has a slower way meanwhile: the
        in-memory BM25 (`bm25.py`), whose reads FTS5 answers until it is ready. A build that returns
        None (its generation was already replaced) or fails is not tried again for that generation."""
        with self._lock:
            found = self._derived.get(version, {})
            if name in found:
                return found[name]
            if (version, name) in self._apart:
                return None
            thread = threading.Thread(target=self._build_apart, args=(version, name, build), daemon=True)
            self._apart[(version, name)] = thread
            for old in list(self._apart)[: -2 * self.keep]:
                del self._apart[old]
        thread.start()
        return None

    def _build_apart(self, version: Version, name: str, build: Callable[[], object | None]) -> None:
        try:
            value = build()
        except Exception:  # a reader closed, a file replaced: the slower way goes on answering
            logger.exception("kunde inte bygga %s för generation %s", name, version)
            return
        if value is None:
            return
        with self._lock:
            self._derived.setdefault(version, {})[name] = value
            for old in list(self._derived)[: -self.keep]:
                del self._derived[old]

    def newest_before(self, version: Version, name: str) -> object | None:
        """`name` as built for the newest generation older than `version` that still has it, or None."""
        with self._lock:
            older = [v for v, found in self._derived.items() if v[0] < version[0] and name in found]
            return self._derived[max(older, key=lambda v: v[0])][name] if older else None

    def wait(self, version: Version, name: str, timeout: float | None = None) -> None:
        """Until the background build of `name` for this generation, if one runs, has ended."""
        with self._lock:
            thread = self._apart.get((version, name))
        if thread is not None:
            thread.join(timeout)

    def derived(self, version: Version, name: str, build: Callable[[], object]):
        """`build()` once per generation for all readers (each reader built its own before: at 100×
        four readers each spent seconds on their filter columns and speller after every write)."""
        with self._lock:
            found = self._derived.get(version, {})
            if name in found:
                return found[name]
            building = self._building.setdefault((version, name), threading.Lock())
        with building:  # the first reader builds it; the others wait for that, not for their own
            with self._lock:
                found = self._derived.get(version, {})
                if name in found:
                    return found[name]
            value = build()
            with self._lock:
                self._derived.setdefault(version, {})[name] = value
                self._building.pop((version, name), None)
                for old in list(self._derived)[: -self.keep]:
                    del self._derived[old]
            return value


@dataclass
class Store:
    """The opened store of one data directory."""

    data_dir: Path
    _conn: sqlite3.Connection  # private: every read and write goes through a method here
    index: object  # faiss.IndexIDMap2 (flat) or faiss.IndexIVFFlat (large): see vectors.py
    generation: int
    model: str
    _dim: int = field(default=384)
    _columns: FilterColumns | None = field(default=None, repr=False)
    _columns_generation: Version | None = field(default=None, repr=False)
    _term_df: dict[str, int] = field(default_factory=dict, repr=False)  # of `_columns_generation`
    _vocabulary: dict[str, int] | None = field(default=None, repr=False)  # of `_columns_generation`
    _shared: SharedVectors | None = field(default=None, repr=False)  # set: a reader, which never writes
    _write_id: str | None = field(default=None, repr=False)  # of the write that committed `generation`
    _derived: dict[str, object] = field(default_factory=dict, repr=False)  # of `_derived_version`
    _derived_version: Version | None = field(default=None, repr=False)
    _in_write: bool = field(default=False, repr=False)  # its uncommitted rows are in FTS5, not in memory
    _apart: SharedVectors | None = field(default=None, repr=False)  # a lone store's background builds
    # (columns before, rowids removed, rowids added) of the write in progress: its generation's columns
    _column_change: tuple[FilterColumns, list[int], list[int]] | None = field(default=None, repr=False)
    # Called inside a write's transaction once its vectors are written (`SharedVectors.publish`), and
    # after a write failed and was rolled back.
    before_commit: Callable[[Store], None] | None = field(default=None, repr=False)
    after_rollback: Callable[[Store], None] | None = field(default=None, repr=False)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        model: str | None = None,
        dim: int = 384,
        verify: bool = True,
        shared: SharedVectors | None = None,
    ) -> Store:
        """Open (or create) the store in `data_dir`.

        `model` names the embedding model the vectors come from; a store built by another
        model cannot be searched with this one (StoreError). With `verify`, a store whose
        SQLite and FAISS disagree raises StoreMismatchError. With `shared`, the store is a
        reader: it takes its vectors from there, never writes and never removes files.
        """
        make_data_dir(data_dir)
        conn = _connect(data_dir / DB_NAME)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        stored_model = meta.get("model")
        if stored_model is None:
            with conn:  # autocommit connection: `with` only groups the statements for the reader
                conn.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("schema", SCHEMA_VERSION), ("generation", "0"), ("model", model or ""), ("dim", str(dim))],
                )
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        store = cls(
            data_dir=data_dir,
            _conn=conn,
            index=None,
            generation=int(meta["generation"]),
            model=meta.get("model", ""),
            _dim=int(meta.get("dim", dim)),
            _shared=shared,
            _write_id=meta.get("write_id"),
        )
        store.index = store._load_vectors(meta.get("faiss_file"), store.version)
        if shared is None:
            store._remove_stray_files(meta.get("faiss_file"))
        if verify:
            agreement = store.check()
            if not agreement.ok:
                raise StoreMismatchError(
                    f"{data_dir}: SQLite och FAISS stämmer inte överens ({len(agreement.missing)} passager utan "
                    f"vektor, {len(agreement.extra)} vektorer utan passage); kör `rapportsok index` för att laga"
                )
        return store

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_vectors(self, name: str | None, version: Version | None = None):
        import faiss

        if not name:
            return vectors.new_flat(self._dim)
        path = self.data_dir / name
        if self._shared is not None:
            published = self._shared.published(version)  # its writer's copy: no file read
            if published is not None:
                return published
        if not path.exists():
            raise StoreMismatchError(f"{path}: vektorfilen för generation {self.generation} saknas")
        if self._shared is not None:
            return self._shared.load(path)
        return faiss.read_index(str(path))

    def _remove_stray_files(self, current: str | None) -> None:
        """Vector files of other generations, left by a crash before or after a commit.

        The previous generation's file is kept: a reader in another process that saw it named
        in SQLite just before this write committed may still be loading it (`snapshot`).
        """
        keep = {current, f"vectors-{self.generation - 1}.faiss"}
        for path in self.data_dir.glob("vectors-*.faiss*"):
            if path.name not in keep:
                with suppress(OSError):  # a read-only disk: leftovers stay, reads still work
                    path.unlink(missing_ok=True)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A consistent read: one SQLite read transaction, and the vectors of the generation it sees.

        Another process may write meanwhile (WAL lets it); this reader keeps seeing one
        generation, never a chunk without its vector or a vector without its chunk.
        """
        if self._conn.in_transaction:  # nested, or inside this process's own write
            yield
            return
        self._conn.execute("BEGIN")
        try:
            self.refresh()
            yield
        finally:
            self._conn.execute("COMMIT")

    def refresh(self) -> None:
        """Catch up with the newest committed generation, whichever process wrote it.

        Inside a transaction, the generation that transaction sees. A write must start here:
        vectors held in memory since an older generation would overwrite another writer's.
        """
        meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        generation = int(meta.get("generation", 0))
        if generation != self.generation or meta.get("write_id") != self._write_id:
            self.index = self._load_vectors(meta.get("faiss_file"), (generation, meta.get("write_id")))
            self.generation, self._write_id = generation, meta.get("write_id")

    @property
    def version(self) -> Version:
        """Which committed generation this store holds: its number and the write that made it."""
        return self.generation, self._write_id

    def per_generation(self, name: str, build: Callable[[], object]):
        """`build()`, made once per generation: for all readers of a service at once (`SharedVectors`)."""
        if self._shared is not None:
            return self._shared.derived(self.version, name, build)
        if self._derived_version != self.version:
            self._derived, self._derived_version = {}, self.version
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    # -- agreement ---------------------------------------------------------------------------

    def vector_ids(self) -> np.ndarray:
        return vectors.vector_ids(self.index)

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (rowid, vector) of the current generation (copies)."""
        return vectors.ids_and_vectors(self.index)

    def chunk_rowids(self) -> np.ndarray:
        rows = self._conn.execute("SELECT rowid FROM chunks").fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def check(self) -> Agreement:
        """Compare SQLite's chunk ids with FAISS's vector ids."""
        chunks, vectors = self.chunk_rowids(), self.vector_ids()
        return Agreement(
            missing=np.setdiff1d(chunks, vectors, assume_unique=True),
            extra=np.setdiff1d(vectors, chunks, assume_unique=True),
        )

    def repair(self, embed: Callable[[list[str]], np.ndarray]) -> Agreement:
        """Drop vectors without chunks, embed chunks without vectors; returns what was wrong."""
        with self._writing():
            agreement = self.check()
            if agreement.ok:
                return agreement
            if len(agreement.extra):
                self.index.remove_ids(agreement.extra)
            if len(agreement.missing):
                ids = [int(i) for i in agreement.missing]
                texts = dict(self._select_in("SELECT rowid, text FROM chunks WHERE rowid IN ({})", ids))
                self.index.add_with_ids(embed([texts[i] for i in ids]), np.asarray(ids, dtype=np.int64))
            self._commit_vectors()
        return agreement

    # -- writing -----------------------------------------------------------------------------

    def write(self, add: Sequence[NewDocument] = (), delete: Sequence[str] = ()) -> int:
        """Replace or add documents and delete others, atomically; returns the new generation."""
        deleted: list[int] = []
        with self._writing():  # all of it or none
            for file in {*delete, *(d.meta.file for d in add)}:
                deleted += self._delete_rows(file)
            added_ids, vectors = [], []
            for document in add:
                added_ids += self._insert(document)
                vectors.append(document.vectors)
            if deleted:
                self.index.remove_ids(np.asarray(deleted, dtype=np.int64))
            if added_ids:
                self.index.add_with_ids(np.vstack(vectors).astype(np.float32), np.asarray(added_ids, np.int64))
            if self._columns is not None and self._columns_generation == self.version:
                self._column_change = (self._columns, deleted, added_ids)  # for the next generation's columns
            crash_point("before-vectors")
            self._commit_vectors()
            crash_point("before-commit")
        crash_point("after-commit")
        self._remove_stray_files(f"vectors-{self.generation}.faiss")
        return self.generation

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction that starts from the newest generation; on failure the in-memory
        vectors (which may hold the failed write) are those of the last committed generation."""
        if self._shared is not None:
            raise StoreError(f"{self.data_dir}: ett läsande index kan inte skriva (dess vektorer delas)")
        try:
            with self._transaction():
                self.refresh()
                self._in_write = True
                try:
                    yield
                finally:
                    self._in_write = False
        except BaseException:
            self.generation, self._column_change = (
                -1,
                None,
            )  # whatever memory holds now, reload the committed generation
            self.refresh()
            if self.after_rollback is not None:
                self.after_rollback(self)  # what was published for the failed write is taken back
            raise

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _commit_vectors(self) -> None:
        """Write the vectors of the next generation and name them in the open transaction."""
        import faiss

        self.index = vectors.fitted(self.index, self._dim)
        generation = self.generation + 1
        name = f"vectors-{generation}.faiss"
        tmp = self.data_dir / f"{name}.tmp"
        # Serialised here and written by Python, not by faiss.write_index: a full or read-only
        # disk is then an OSError with its errno (faiss's is a RuntimeError with text), and
        # the partial file is removed. The copy costs the index's size in memory for a moment.
        data = faiss.serialize_index(self.index)
        try:
            with open(tmp, "wb") as handle:
                handle.write(memoryview(data))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.data_dir / name)
        except BaseException:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise
        del data
        crash_point("after-vectors")
        write_id = os.urandom(8).hex()  # tells this write's generation from a failed one's of the same number
        self._conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("generation", str(generation)), ("faiss_file", name), ("write_id", write_id)],
        )
        self.generation, self._write_id = generation, write_id
        if self.before_commit is not None:
            self.before_commit(self)

    def use_model(self, model: str, dim: int, embed: Callable[[list[str]], np.ndarray]) -> bool:
        """Make the vectors come from `model`: recorded when new, every chunk re-embedded when it
        differs from the model the store was built with. Returns True when it re-embedded."""
        if self.model == model and self._dim == dim:
            return False
        rows = self._conn.execute("SELECT rowid, text FROM chunks ORDER BY rowid").fetchall()
        index = vectors.new_flat(dim)
        if rows:
            index.add_with_ids(embed([r[1] for r in rows]), np.asarray([r[0] for r in rows], dtype=np.int64))
        with self._writing():
            self.index = index
            self._commit_vectors()
            self._conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("model", model), ("dim", str(dim))])
        self.model, self._dim = model, dim
        return bool(rows)

    def move(self, file: str, path: Path) -> None:
        """Record that an indexed file now lives at `path` (its content is unchanged)."""
        with self._transaction():
            self._conn.execute("UPDATE documents SET path = ? WHERE file = ?", (str(path), file))

    def roots(self) -> list[Path]:
        """The folders (and single files) that were synced: a source is served only from inside them."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'roots'").fetchone()
        return [Path(p) for p in json.loads(row[0])] if row else []

    def add_roots(self, paths: Iterable[Path]) -> None:
        """Record synced folders or files (resolved paths)."""
        known = self.roots()
        new = [p for p in dict.fromkeys(paths) if p not in known]
        if new:
            with self._transaction():
                value = json.dumps([str(p) for p in [*known, *new]], ensure_ascii=False)
                self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('roots', ?)", (value,))

    def read_by(self, version: str) -> frozenset[str]:
        """The indexed files that parser `version` read (none recorded: an older parser read all)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'parser'").fetchone()
        return parser_record(row[0] if row else None, version)

    def mark_read_by(self, version: str, files: Iterable[str]) -> None:
        """Record that parser `version` read `files` (a newer version forgets the older's files)."""
        with self._transaction():
            value = self._conn.execute("SELECT value FROM meta WHERE key = 'parser'").fetchone()
            record = parser_record_with(value[0] if value else None, version, files)
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('parser', ?)", (record,))

    def _delete_rows(self, file: str) -> list[int]:
        row = self._conn.execute("SELECT id FROM documents WHERE file = ?", (file,)).fetchone()
        if row is None:
            return []
        rowids = [r[0] for r in self._conn.execute("SELECT rowid FROM chunks WHERE document_id = ?", (row[0],))]
        self._conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(r,) for r in rowids])
        for (text,) in self._conn.execute("SELECT text FROM chunks WHERE document_id = ?", (row[0],)).fetchall():
            _count_words(self._conn, text, -1)
        self._conn.execute("DELETE FROM chunks WHERE document_id = ?", (row[0],))
        self._conn.execute("DELETE FROM documents WHERE id = ?", (row[0],))
        return rowids

    def _insert(self, document: NewDocument) -> list[int]:
        cursor = self._conn.execute(
            "INSERT INTO documents (file, path, sha256, size, namnd, report_type, year, period, title, dnr, "
            "line_count, warnings, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            document_row(document, time.time()),
        )
        document_id = cursor.lastrowid
        rowids = []
        for chunk, analysis in zip(document.chunks, document.analyses, strict=True):
            rowids.append(self._insert_chunk(document_id, chunk, analysis))
        return rowids

    def _insert_chunk(self, document_id: int, chunk: Chunk, analysis: Analysis) -> int:
        cursor = self._conn.execute(
            "INSERT INTO chunks (id, document_id, kind, text, text_hash, goal_path, goal, deviation, status, "
            "report_type, namnd, year, period, page, page_approx, line_start, line_end, extra, lemmas, compounds, "
            "entities, amounts, dates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            chunk_row(document_id, chunk, analysis),
        )
        rowid = cursor.lastrowid
        _insert_fts(self._conn, rowid, searched_fields(chunk.kind, chunk.goal_path, analysis.lemmas), chunk.text)
        return rowid

    # -- reading -----------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self._conn.execute(
            "SELECT d.*, (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS n FROM documents d "
            "ORDER BY d.file"
        ).fetchall()
        return [document_of(row) for row in rows]

    def document(self, file: str) -> Document | None:
        """The indexed file of this name; its letters composed or not alike ("å" as one code point
        or as "a" and a ring: macOS gives names decomposed, and a name typed is composed)."""
        select = (
            "SELECT d.*, (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS n FROM documents d "
            "WHERE d.file = ?"
        )
        row = self._conn.execute(select, (file,)).fetchone()
        if row is None:
            wanted = unicodedata.normalize("NFC", file)
            stored = (r[0] for r in self._conn.execute("SELECT file FROM documents"))
            same = next((name for name in stored if unicodedata.normalize("NFC", name) == wanted), None)
            row = self._conn.execute(select, (same,)).fetchone() if same is not None and same != file else None
        return document_of(row) if row else None

    def file_with_content(self, sha256: str) -> str | None:
        """The indexed file with this content hash, if any."""
        row = self._conn.execute("SELECT file FROM documents WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone()
        return row[0] if row else None

    def vectors_by_text(self, file: str) -> dict[str, np.ndarray]:
        """The stored vectors of a document's chunks by text hash: unchanged text is not re-embedded."""
        with self.snapshot():  # the rowids and the vectors of one generation
            rows = self._conn.execute(
                "SELECT c.rowid, c.text_hash FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.file = ?",
                (file,),
            ).fetchall()
            return {h: self.vector(rowid) for rowid, h in rows}

    def vector(self, rowid: int) -> np.ndarray:
        """The stored vector of one chunk."""
        return self.index.reconstruct(int(rowid))

    def chunks(self, rowids: Sequence[int]) -> list[StoredChunk]:
        """Chunks by rowid, in the order asked."""
        wanted = [int(i) for i in rowids]
        sql = f"{_CHUNK_SELECT} WHERE c.rowid IN ({{}})"
        rows = {r["rowid"]: r for r in self._select_in(sql, wanted)}
        return [stored_chunk_of(rows[i]) for i in wanted if i in rows]

    def chunk_by_id(self, chunk_id: str) -> StoredChunk | None:
        row = self._conn.execute(f"{_CHUNK_SELECT} WHERE c.id = ?", (chunk_id,)).fetchone()
        return stored_chunk_of(row) if row else None

    def texts(self) -> list[str]:
        """Every passage's text, in rowid order."""
        return [r[0] for r in self._conn.execute("SELECT text FROM chunks ORDER BY rowid")]

    def texts_of(self, rowids: Sequence[int]) -> dict[int, str]:
        """rowid → text of the passages `rowids`: the text alone, for a check that reads nothing else
        (a list of 700 passages at 100× had each read and decoded whole twice)."""
        return {r[0]: r[1] for r in self._select_in("SELECT rowid, text FROM chunks WHERE rowid IN ({})", list(rowids))}

    def count_chunks(self) -> dict[str, int]:
        return dict(self._conn.execute("SELECT kind, count(*) FROM chunks GROUP BY kind").fetchall())

    def size_on_disk(self) -> int:
        return sum(p.stat().st_size for p in self.data_dir.iterdir() if p.is_file())

    def sides_of(self, rowids: Sequence[int], sides: Sequence[str]) -> dict[int, int]:
        """rowid → the index of the side it belongs to: a year ("2021") or a nämnd (any case)."""
        columns = self._filter_columns()
        ids = np.asarray(rowids, dtype=np.int64)
        at = np.searchsorted(columns.rowid, ids)  # the columns are in rowid order
        out: dict[int, int] = {}
        for i, side in enumerate(sides):
            if side.isdigit():
                hit = columns.year[at] == int(side)
            else:
                code = columns.codes["namnd"].get(side.lower(), -2)
                hit = columns.namnd[at] == code
            for rowid in ids[hit]:
                out.setdefault(int(rowid), i)
        return out

    def kinds_carrying(self) -> dict[str, frozenset[ChunkKind]]:
        """Which kinds of passage have a status, and which a deviation flag, somewhere in the index."""
        columns = self._filter_columns()
        kinds = {code: ChunkKind(value) for value, code in columns.codes["kind"].items()}
        with_status = {kinds[int(c)] for c in np.unique(columns.kind[columns.status >= 0])}
        with_flag = {kinds[int(c)] for c in np.unique(columns.kind[columns.deviation])}
        return {"status": frozenset(with_status), "deviation": frozenset(with_flag)}

    def filter_rowids(self, where: ChunkFilter) -> np.ndarray | None:
        """The rowids a filter admits (ascending), or None when it admits everything."""
        if where.is_empty():
            return None
        columns = self._filter_columns()
        mask = where.mask(columns, self._document_ids)
        return columns.rowid[mask]

    def _document_ids(self, files: list[str]) -> list[int]:
        return [r[0] for r in self._select_in_names("SELECT id FROM documents WHERE file IN ({})", files)]

    def _filter_columns(self) -> FilterColumns:
        if self._columns is None or self._columns_generation != self.version:
            change, self._column_change = self._column_change, None
            if change is not None and self._conn.in_transaction:  # inside the write that made the change
                previous, removed, added = change
                self._columns = self.per_generation("columns", lambda: previous.updated(self._conn, removed, added))
            else:
                self._columns = self.per_generation("columns", lambda: FilterColumns.load(self._conn))
            self._columns_generation = self.version
            self._term_df = {}
            self._vocabulary = None
        return self._columns

    def _select_in_names(self, sql: str, names: list[str]) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        for start in range(0, len(names), 500):
            part = names[start : start + 500]
            rows += self._conn.execute(sql.format(",".join("?" * len(part))), part).fetchall()
        return rows

    def lexical(self, terms: Sequence[str], where: ChunkFilter | None = None, k: int = 100) -> list[tuple[int, float]]:
        """BM25 over the analysed fields (FTS5), filter first; (rowid, score) best first, score > 0.

        A term matches a passage's words, the heads of its compounds and their modifiers,
        weighted by `FIELD_WEIGHTS`: a whole word ranks above a part of a compound.
        """
        unique = list(dict.fromkeys(t for t in terms if t))
        if not unique:
            return []
        kept = self._without_common(unique)
        index = self._lexical_index()
        if index is not None and all(index.searchable(t) for t in kept):
            # The same scores as FTS5's (bm25.py); a term FTS5 reads as a phrase of tokens goes there.
            return index.search(kept, self.filter_rowids(where or ChunkFilter()), k)
        return self._bm25(kept, where, k)

    def _lexical_index(self) -> bm25.LexicalIndex | None:
        """The in-memory BM25 of this generation, or None while it is built (FTS5 answers then)."""
        if self._in_write:
            return None
        if self.passage_count() <= LEXICAL_BUILD_WAIT_MAX:
            return self.per_generation("bm25", lambda: bm25.build(_fts_rows(self._conn), FIELD_WEIGHTS))
        version = self.version
        return self._builds().in_background(version, "bm25", lambda: self._lexical_apart(version))  # type: ignore[return-value]

    def _builds(self) -> SharedVectors:
        if self._shared is not None:
            return self._shared
        if self._apart is None:
            self._apart = SharedVectors()
        return self._apart

    def _lexical_apart(self, version: Version) -> bm25.LexicalIndex | None:
        """The in-memory BM25 of `version`, read on a connection of its own (this store's may be in
        use by a search); None when that generation is no longer the newest. From an earlier
        generation's, where one is held, by the passages added and removed since (`bm25.updated`):
        a passage is never changed in place (rowids are AUTOINCREMENT: a new text is a new row)."""
        conn = sqlite3.connect(self.data_dir / DB_NAME, timeout=30)
        try:
            conn.execute("BEGIN")
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if (int(meta.get("generation", 0)), meta.get("write_id")) != version:
                return None
            previous = self._builds().newest_before(version, "bm25")
            if isinstance(previous, bm25.LexicalIndex):
                rows = conn.execute("SELECT rowid FROM chunks_fts ORDER BY rowid").fetchall()
                current = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
                removed = np.setdiff1d(previous.rowids, current, assume_unique=True)
                added = np.setdiff1d(current, previous.rowids, assume_unique=True).tolist()
                index = bm25.updated(previous, removed, _fts_rows_of(conn, added), FIELD_WEIGHTS)
                if index is not None:
                    return index
            return bm25.build(_fts_rows(conn), FIELD_WEIGHTS)
        finally:
            conn.close()

    def lexical_ready(self) -> bool:
        """Whether this generation's in-memory BM25 is built; asking starts its build if none runs."""
        return self._lexical_index() is not None

    def wait_for_lexical(self, timeout: float | None = None) -> None:
        """Until the in-memory BM25 of this generation is built, if it is being built in the background."""
        self._lexical_index()
        self._builds().wait(self.version, "bm25", timeout)

    def _bm25(self, terms: list[str], where: ChunkFilter | None, k: int) -> list[tuple[int, float]]:
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rank = "bm25(chunks_fts, {}, {}, {})".format(*FIELD_WEIGHTS)
        where = where or ChunkFilter()
        if where.is_empty():
            # No join: looking up each match's row in `chunks` (wide rows, the filter columns behind
            # the text) cost more than the ranking itself, 45 against 18 ms at 100×.
            sql = f"SELECT rowid, -{rank} FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY {rank}"
            params: list = []
        else:
            clause, params = where.sql(self._filter_columns())
            sql = (
                f"SELECT f.rowid, -{rank} FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid "
                f"WHERE chunks_fts MATCH ? AND {clause} ORDER BY {rank}"
            )
        rows = self._conn.execute(sql + " LIMIT ?", [match, *params, k]).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]

    def fields_of(self, rowids: Sequence[int]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        """rowid → (terms it is about: lemmas and compound heads, modifiers), for passages in hand."""
        out = {}
        for row in self._select_in(
            "SELECT rowid, lemmas, heads, modifiers FROM chunks_fts WHERE rowid IN ({})", list(rowids)
        ):
            out[row[0]] = (frozenset(row[1].split()) | frozenset(row[2].split()), frozenset(row[3].split()))
        return out

    def holding(
        self, term_sets: Sequence[Collection[str]], rowids: Sequence[int]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each set of terms, for each of `rowids`: whether the passage holds one of them as a word
        or a compound's head (about it), and whether in any field (a modifier too). From the in-memory
        BM25's postings where it is built (`LexicalIndex.holding`); else from the passages' fields."""
        index = self._lexical_index()
        if index is not None:
            found = [index.holding(terms, rowids) for terms in term_sets]
            if all(f is not None for f in found):
                return found  # type: ignore[return-value]
        return holding_in_fields(self.fields_of(rowids), term_sets, rowids)

    def lemma_sequences(self, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """rowid → its lemmas in text order, stop words left out: where words stand, for passages in hand."""
        return {
            row[0]: tuple(row[1].split())
            for row in self._select_in("SELECT rowid, lemmas FROM chunks_fts WHERE rowid IN ({})", list(rowids))
        }

    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        """In how many passages each term occurs (any field); 0 for a term the index lacks."""
        self._filter_columns()  # empties the cache when the generation changed
        df = self._term_df
        unknown = [t for t in dict.fromkeys(terms) if t not in df]
        if unknown:
            df.update({t: 0 for t in unknown})
            df.update(self._select_in_names("SELECT term, doc FROM chunks_vocab WHERE term IN ({})", unknown))
        return {t: df[t] for t in terms}

    def passage_count(self) -> int:
        return len(self._filter_columns().rowid)

    def count_by_goal(self, files: Sequence[str], where: ChunkFilter) -> dict[tuple[str, str, str], int]:
        """(file, kind, goal label) → how many passages of `files` the filter admits there: a goal's
        rows. By document id: the filter's file test reads every row (43 ms at 100×; 3–6 ms so)."""
        ids = self._document_ids(list(files))
        if not ids:
            return {}
        clause, params = replace(where, files=None).sql(self._filter_columns())
        # By the document index, not the kind index SQLite picks by itself (a scan of every activity).
        rows = self._conn.execute(
            "SELECT d.file, c.kind, c.goal, count(*) FROM chunks c INDEXED BY chunks_document"
            " JOIN documents d ON d.id = c.document_id"
            f" WHERE c.document_id IN ({','.join('?' * len(ids))}) AND c.goal IS NOT NULL AND {clause}"
            " GROUP BY d.file, c.kind, c.goal",
            [*ids, *params],
        )
        return {(file, kind, goal): n for file, kind, goal, n in rows}

    def rowids_under_goals(self, goals: Sequence[tuple[str, str]], where: ChunkFilter) -> list[tuple[int, str, str]]:
        """(rowid, file, goal label) of the passages the filter admits whose goal is one of `goals`
        ((file, goal label)): a goal's own rows, read by document id as `count_by_goal` reads them."""
        wanted = set(goals)
        ids = self._document_ids(sorted({file for file, _ in wanted}))
        labels = sorted({label for _, label in wanted})
        if not ids or not labels:
            return []
        clause, params = replace(where, files=None).sql(self._filter_columns())
        rows = self._conn.execute(
            "SELECT d.file, c.goal, c.rowid FROM chunks c INDEXED BY chunks_document_goal"
            " JOIN documents d ON d.id = c.document_id"
            f" WHERE c.document_id IN ({','.join('?' * len(ids))}) AND c.goal IN ({','.join('?' * len(labels))})"
            f" AND {clause} ORDER BY c.rowid",
            [*ids, *labels, *params],
        )
        return [(rowid, file, goal) for file, goal, rowid in rows if (file, goal) in wanted]

    def vocabulary(self) -> dict[str, int]:
        """Every word of the index as written (lower case) with its passage count: what spelling is
        corrected against."""
        self._filter_columns()
        if self._vocabulary is None:
            self._vocabulary = self.per_generation("vocabulary", self._read_vocabulary)
        return self._vocabulary

    def index_terms(self) -> list[str]:
        """Every term of the analysed fields (lemmas, compound heads and modifiers)."""
        return [r[0] for r in self._conn.execute("SELECT term FROM chunks_vocab").fetchall()]

    def _read_vocabulary(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self._conn.execute("SELECT word, passages FROM words").fetchall()}

    def _without_common(self, terms: list[str]) -> list[str]:
        total = len(self._filter_columns().rowid)
        if len(terms) < 2 or total < COMMON_TERM_MIN_CHUNKS:
            return terms
        df = self.doc_freqs(terms)
        kept = [t for t in terms if df.get(t, 0) <= COMMON_TERM_SHARE * total]
        return kept or sorted(terms, key=lambda t: df.get(t, 0))[:2]

    def dense(self, vector: np.ndarray, where: ChunkFilter | None = None, k: int = 100) -> list[tuple[int, float]]:
        """Inner product over the vectors the filter admits; (rowid, cosine) best first."""
        return self.dense_among(vector, self.filter_rowids(where or ChunkFilter()), k)

    def dense_among(self, vector: np.ndarray, allowed: np.ndarray | None, k: int = 100) -> list[tuple[int, float]]:
        """Inner product over the vectors of `allowed` rowids (None: all); touches FAISS only, not SQLite,
        so it may run in another thread beside a lexical search on the connection."""
        return vectors.search(self.index, vector, k, allowed)

    def _select_in(self, sql: str, ids: list[int]) -> Iterator[sqlite3.Row]:
        return _select_in(self._conn, sql, ids)


def holding_in_fields(
    fields: Mapping[int, tuple[AbstractSet[str], AbstractSet[str]]],
    term_sets: Sequence[Collection[str]],
    rowids: Sequence[int],
) -> list[tuple[np.ndarray, np.ndarray]]:
    """`Store.holding` read from passages' fields ((words and heads, modifiers) by rowid; a rowid
    without fields holds nothing)."""
    none: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    out = []
    for terms in term_sets:
        wanted = set(terms)
        about = np.array([bool(fields.get(r, none)[0] & wanted) for r in rowids], dtype=bool)
        modifier = np.array([bool(fields.get(r, none)[1] & wanted) for r in rowids], dtype=bool)
        out.append((about, about | modifier))
    return out


def _select_in(conn: sqlite3.Connection, sql: str, ids: Sequence[int]) -> Iterator[sqlite3.Row]:
    """`sql`'s rows for `ids`, its "{}" the placeholders, in batches SQLite's bound-parameter limit allows."""
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        yield from conn.execute(sql.format(",".join("?" * len(part))), part)


def _fts_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, str, str, str]]:
    """Every passage's analysed fields, in ascending rowid, as the in-memory BM25 is built from them."""
    yield from conn.execute(f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM chunks_fts ORDER BY rowid")


def _fts_rows_of(conn: sqlite3.Connection, rowids: Sequence[int]) -> Iterator[tuple[int, str, str, str]]:
    """The analysed fields of the passages `rowids` (ascending), in that order."""
    yield from _select_in(
        conn, f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM chunks_fts WHERE rowid IN ({{}}) ORDER BY rowid", rowids
    )


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")  # readers keep reading while a write is under way
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    _ensure_fts(conn)
    return conn


def _fts_columns(conn: sqlite3.Connection) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(chunks_fts)").fetchall()]


def _schema(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return row[0] if row else None


def _ensure_fts(conn: sqlite3.Connection) -> None:
    """The FTS table, vocabulary and passage fields of this schema. A store of an older analysis is
    re-analysed from its stored texts, in one transaction (the vectors stay: the embedded texts are
    unchanged); measured 20 s for the five reports (1,268 passages), once."""
    if _fts_columns(conn) == FTS_COLUMNS and _schema(conn) in (None, SCHEMA_VERSION):
        return
    conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others find it done
    try:
        schema = _schema(conn)
        older = 0 if schema is None else int(schema)  # None: a new store, its meta not yet written
        if schema is not None and older < int(SCHEMA_VERSION):
            _rewrite_fields(conn)
        if _fts_columns(conn) != FTS_COLUMNS or (schema is not None and older < ANALYSIS_VERSION):
            for table in ("chunks_vocab_col", "chunks_vocab", "chunks_fts", "words"):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in FTS_SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(WORDS_TABLE)
            rows = conn.execute("SELECT rowid, kind, goal_path, text FROM chunks ORDER BY rowid").fetchall()
            for start in range(0, len(rows), 512):
                batch = rows[start : start + 512]
                for (rowid, kind, goal_path, text), analysis in zip(
                    batch, analyze_many([r[3] for r in batch]), strict=True
                ):
                    conn.execute(
                        "UPDATE chunks SET lemmas = ?, compounds = ? WHERE rowid = ?",
                        (" ".join(analysis.lemmas), " ".join(analysis.compounds), rowid),
                    )
                    fields = searched_fields(ChunkKind(kind), tuple(json.loads(goal_path)), analysis.lemmas)
                    _insert_fts(conn, rowid, fields, text)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _rewrite_fields(conn: sqlite3.Connection) -> None:
    """Each passage's `extra` in this schema's format, from what the row holds (`stored_chunk_of`
    reads an older format)."""
    for row in conn.execute(f"{_CHUNK_SELECT} ORDER BY c.rowid").fetchall():
        conn.execute(
            "UPDATE chunks SET extra = ? WHERE rowid = ?", (chunk_fields(stored_chunk_of(row).chunk), row["rowid"])
        )


def searched_fields(kind: ChunkKind, goal_path: Sequence[str], lemmas: Sequence[str]) -> LexicalFields:
    """The terms a passage is found by: its own, and for a section its heading's ("GSIT2.0" over
    a paragraph on the project that never names it)."""
    heading = heading_lemmas(goal_path[-1]) if kind is ChunkKind.SECTION and goal_path else ()
    return lexical_fields([*lemmas, *heading])


def _insert_fts(conn: sqlite3.Connection, rowid: int, fields: LexicalFields, text: str) -> None:
    conn.execute(
        "INSERT INTO chunks_fts (rowid, lemmas, heads, modifiers) VALUES (?, ?, ?, ?)",
        (rowid, " ".join(fields.lemmas), " ".join(fields.heads), " ".join(fields.modifiers)),
    )
    _count_words(conn, text, 1)


def _count_words(conn: sqlite3.Connection, text: str, step: int) -> None:
    """Add (1) or take away (-1) one passage's words in the vocabulary."""
    words = [(w, step) for w in set(_WORD.findall(text.lower())) if len(w) > 1]
    if step > 0:
        conn.executemany(
            "INSERT INTO words (word, passages) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET passages = passages + 1",
            words,
        )
    else:
        conn.executemany("UPDATE words SET passages = passages - 1 WHERE word = ?", [(w,) for w, _ in words])
        conn.execute("DELETE FROM words WHERE passages <= 0")
