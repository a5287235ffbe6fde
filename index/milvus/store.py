"""`MilvusStore`: the store contract (`index.backend.StoreBackend`) on Milvus.

Milvus Lite (`milvus:///path/to/index.db`, one local file, for tests and small installs) or a
Milvus server (`milvus://host:19530`, Standalone or Distributed); the same client code talks
to both. Everything lives in three collections (`schema.py`), nothing on local disk.

**Retrieval.** Lexical: three BM25 searches, one per analysed field (lemmas, compound heads,
modifiers), summed with the SQLite store's `FIELD_WEIGHTS` here (Milvus's weighted ranker
min-max normalises each list, which is not a weighted BM25). Dense: inner product over the e5
vectors (FLAT, exact). Both take the filter as a Milvus expression, so filtering happens
before ranking inside Milvus. Fusion stays in `search/engine.py`.

**Writes and atomicity.** Every row carries the generation (`gen`) that wrote it, and every
read adds the visibility expression of the committed generation C (`expr.visible_expr`). A
write of generation C+1:
1. inserts the new documents' rows with gen C+1 (invisible: gen > C);
2. commits by one upsert of the `state` row: generation C+1, and the files it replaces or
   removes as *retired* at C+1 (their rows with gen < C+1 are hidden from then on);
3. deletes the retired rows, then clears the retired list.
Killed before 2, the previous generation is what every reader sees, and the next write deletes
the rows of gen > C first; killed after 2, the new one is, and the next write finishes 3.
A single-row upsert is Milvus's unit of atomicity; the rest is filtered at query time.
All collections are read with Strong consistency: a reader that sees generation C sees its rows.

**Per-generation catalogue.** As the SQLite store keeps its filter columns and vocabulary in
memory, this store reads, once per generation, each passage's filter fields, words and terms
(`_Catalogue`): filters that must list rowids (`filter_rowids`), term document frequencies,
the speller's vocabulary, counts. That is a full scan per generation and process: fine to
10× (12,490 passages), and the first thing to replace (by per-document statistics rows)
before millions of passages.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.milvus import expr
from index.milvus.schema import (
    LEXICAL_FIELDS,
    PLACEHOLDER_DIM,
    Names,
    create_documents,
    create_passages,
    create_state,
    sparse_field,
)
from index.nlp.analysis import Analysis
from index.parse.records import Chunk, ChunkKind
from index.store import (
    Agreement,
    ChunkFilter,
    Document,
    NewDocument,
    StoredChunk,
    StoreError,
    crash_point,
    text_hash,
)
from index.store.columns import FilterColumns
from index.store.facade import (
    _WORD,
    COMMON_TERM_MIN_CHUNKS,
    COMMON_TERM_SHARE,
    FIELD_WEIGHTS,
    holding_in_fields,
    searched_fields,
)
from index.store.rows import (
    chunk_fields,
    document_of,
    entities_json,
    parser_record,
    parser_record_with,
    stored_chunk_of,
)

SCHEME = "milvus://"
STATE_KEY = "state"
INSERT_BATCH = 500  # rows per insert call: Milvus's gRPC messages stay far below their 64 MB limit
GET_BATCH = 1000
SCAN_BATCH = 4000
_TOKEN = re.compile(r"\w+")  # how the `standard` analyzer (and FTS5's unicode61) split our terms
# FTS5 keeps a term's inner hyphen ("it-miljö" is one term, schema 3); the `standard` analyzer
# splits on it but not on "_", so a term is stored and searched with "_" for "-".


def _stored(term: str) -> str:
    return term.replace("-", "_")


def _term(token: str) -> str:
    return token.replace("_", "-")


_EMPTY = np.zeros(0, dtype=np.int64)
_PASSAGE_OUTPUT = [
    "rowid",
    "id",
    "document_id",
    "file",
    "title",
    "kind",
    "report_type",
    "namnd",
    "status",
    "period",
    "goal",
    "deviation",
    "year",
    "page",
    "page_approx",
    "line_start",
    "line_end",
    "text",
    "goal_path",
    "extra",
    "lemmas",
    "own_lemmas",
    "compounds",
    "entities",
    "amounts",
    "dates",
]
_DOCUMENT_OUTPUT = [
    "id",
    "gen",
    "file",
    "path",
    "sha256",
    "size",
    "namnd",
    "report_type",
    "year",
    "period",
    "title",
    "dnr",
    "line_count",
    "warnings",
    "indexed_at",
    "chunks",
]


class _NoSessionTs(logging.Filter):
    """Milvus Lite gives a query iterator no server timestamp, and pymilvus warns at every scan; a
    full scan here is read with Strong consistency, so the client-side timestamp it falls back to is
    right, and the warning is noise on the CLI."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "mvccTs" not in record.getMessage()


logging.getLogger("pymilvus.client.iterator.query_iterator").addFilter(_NoSessionTs())


def is_milvus_uri(location: str | Path) -> bool:
    return str(location).startswith(SCHEME)


def client_uri(location: str) -> str:
    """`milvus:///path/file.db` → the file (Milvus Lite); `milvus://host:port` → http://host:port."""
    if not is_milvus_uri(location):
        raise StoreError(f"{location!r}: förväntade milvus:///sökväg/till/fil.db eller milvus://värd:19530")
    parsed = urlparse(location)
    if parsed.netloc:
        return f"http://{parsed.netloc}"
    if not parsed.path.endswith(".db"):
        raise StoreError(f"{location!r}: en Milvus Lite-fil måste sluta på .db")
    return parsed.path


@dataclass
class _Catalogue:
    """What one generation holds, read once: filter columns, counts, term frequencies, words."""

    columns: FilterColumns
    files: dict[str, int]  # file → document id
    term_df: Counter[str]
    vocabulary: dict[str, int]


@dataclass
class MilvusStore:
    """The opened index in one Milvus (Lite file or server)."""

    location: str
    client: object  # pymilvus.MilvusClient
    names: Names
    generation: int = 0
    model: str = ""
    _state: dict = field(default_factory=dict, repr=False)
    _dim: int = 384
    _depth: int = field(default=0, repr=False)
    _catalogue: _Catalogue | None = field(default=None, repr=False)
    _catalogue_key: tuple | None = field(default=None, repr=False)
    _documents: list[Document] | None = field(default=None, repr=False)
    _documents_key: tuple | None = field(default=None, repr=False)
    # Rowid arrays this store made from a filter, with the filter's expression: a dense search
    # among them sends the expression, not a list of 10,000s of rowids.
    _made: list[tuple[np.ndarray, str]] = field(default_factory=list, repr=False)
    _derived: dict[str, object] = field(default_factory=dict, repr=False)
    _derived_key: tuple | None = field(default=None, repr=False)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, location: str, *, model: str | None = None, dim: int = 384, prefix: str = "rapportsok", **_: object
    ) -> MilvusStore:
        """Connect, creating the collections on first use. `verify` and `shared` (the SQLite
        store's) need nothing here: a passage's vector is in its own row, and the client is
        already safe to share."""
        from pymilvus import MilvusClient

        uri = client_uri(location)
        if not uri.startswith("http"):
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
        client = MilvusClient(uri=uri)
        names = Names(prefix)
        existing = set(client.list_collections())
        if names.state not in existing:
            create_state(client, names.state)
        if names.documents not in existing:
            create_documents(client, names.documents)
        store = cls(location=location, client=client, names=names, _dim=dim)
        client.load_collection(names.state)
        store.refresh()
        if not store._state:
            store._put_state(
                {"generation": 0, "retired": [], "next_rowid": 1, "next_document": 1, "model": model or "", "dim": dim}
            )
        if names.passages not in existing:
            create_passages(client, names.passages, int(store._state["dim"]))
        for name in (names.state, names.documents, names.passages):
            client.load_collection(name)  # a reopened collection is released until loaded
        return store

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> MilvusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- state and consistency ---------------------------------------------------------------

    def refresh(self) -> None:
        """Read the committed state (Strong consistency: the newest commit, whoever wrote it)."""
        rows = self.client.get(self.names.state, ids=[STATE_KEY], output_fields=["value"])
        self._state = json.loads(rows[0]["value"]) if rows else {}
        self.generation = int(self._state.get("generation", 0))
        self.model = self._state.get("model", "")
        self._dim = int(self._state.get("dim", self._dim))

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads of one committed generation: the state is read once, at the outermost snapshot."""
        if self._depth == 0:
            self.refresh()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    def _put_state(self, state: dict) -> None:
        value = json.dumps(state, ensure_ascii=False)
        self.client.upsert(
            self.names.state, [{"key": STATE_KEY, "value": value, "placeholder": [0.0] * PLACEHOLDER_DIM}]
        )
        self._state = state
        self.generation = int(state["generation"])
        self.model = state.get("model", "")

    def _retired(self) -> list[tuple[str, int]]:
        return [(f, int(g)) for f, g in self._state.get("retired", [])]

    def _visible(self) -> str:
        return expr.visible_expr(self.generation, self._retired())

    def _key(self) -> tuple:
        return (self.generation, tuple(self._retired()))

    @property
    def version(self) -> tuple:
        """Changes with every committed write: what a searcher compares to re-learn the index."""
        return self._key()

    def per_generation(self, name: str, build: Callable[[], object]) -> Any:
        """`build()`, made once per committed generation of this store (the search facts)."""
        key = self._key()
        if self._derived_key != key:
            self._derived, self._derived_key = {}, key
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    # -- agreement -------------------------------------------------------------------------

    def check(self) -> Agreement:
        """A passage and its vector are one row, so none is ever missing; `extra` are the rows that a
        killed write left (of a generation never committed, or retired by a committed one): hidden
        from every read, and deleted by `repair` or the next write."""
        self.refresh()
        hidden = self._query(self.names.passages, f"not ({self._visible()})", ["rowid"])
        return Agreement(missing=_EMPTY, extra=np.asarray(sorted(r["rowid"] for r in hidden), dtype=np.int64))

    def repair(self, embed: Callable[[list[str]], np.ndarray]) -> Agreement:
        """Finish what a killed write left; returns what was left."""
        agreement = self.check()
        self._finish()
        for name in (self.names.passages, self.names.documents, self.names.state):
            self.client.flush(name)
        return agreement

    # -- writing ---------------------------------------------------------------------------

    def write(self, add: Sequence[NewDocument] = (), delete: Sequence[str] = ()) -> int:
        """Replace or add documents and delete others as one generation; returns it."""
        self.refresh()
        self._finish()
        generation = self.generation + 1
        files = list(dict.fromkeys([*delete, *(d.meta.file for d in add)]))
        indexed = {d.file for d in self.documents()}
        retired = [[f, generation] for f in files if f in indexed]
        state = dict(self._state)
        next_rowid, next_document = int(state["next_rowid"]), int(state["next_document"])
        documents, passages = [], []
        for document in add:
            document_id, next_document = next_document, next_document + 1
            rows = self._passage_rows(document, document_id, next_rowid, generation)
            next_rowid += len(rows)
            passages += rows
            documents.append(self._document_row(document, document_id, generation, len(rows)))
        for start in range(0, len(passages), INSERT_BATCH):
            self.client.insert(self.names.passages, passages[start : start + INSERT_BATCH])
        for start in range(0, len(documents), INSERT_BATCH):
            self.client.insert(self.names.documents, documents[start : start + INSERT_BATCH])
        crash_point("before-commit")
        state.update(
            generation=generation,
            retired=self._state.get("retired", []) + retired,
            next_rowid=next_rowid,
            next_document=next_document,
        )
        self._put_state(state)  # the commit
        crash_point("after-commit")
        self._finish()
        # Sealed segments: Milvus Lite rebuilds the BM25 index of unflushed rows at every search
        # (measured: 3 s a question right after indexing the corpus, 0.3 s once flushed).
        for name in (self.names.passages, self.names.documents, self.names.state):
            self.client.flush(name)
        return self.generation

    def _finish(self) -> None:
        """Remove what the last write left: rows of a generation never committed, rows retired by a
        committed one. Idempotent; runs before every write."""
        beyond = f"gen > {self.generation}"
        for name in (self.names.passages, self.names.documents):
            self.client.delete(name, filter=beyond)
        retired = self._retired()
        if not retired:
            return
        for file, retired_at in retired:
            gone = f"file == {expr.literal(file)} and gen < {retired_at}"
            for name in (self.names.passages, self.names.documents):
                self.client.delete(name, filter=gone)
        self._put_state({**self._state, "retired": []})

    def _passage_rows(self, document: NewDocument, document_id: int, first: int, generation: int) -> list[dict]:
        rows = []
        pairs = zip(document.chunks, document.analyses, document.vectors, strict=True)
        for rowid, (chunk, analysis, vector) in enumerate(pairs, first):
            rows.append(_passage_row(rowid, generation, document_id, document.meta.title, chunk, analysis, vector))
        return rows

    @staticmethod
    def _document_row(document: NewDocument, document_id: int, generation: int, chunks: int) -> dict:
        meta = document.meta
        return {
            "key": f"{generation}:{meta.file}",
            "gen": generation,
            "id": document_id,
            "file": meta.file,
            "path": str(document.path),
            "sha256": document.sha256,
            "size": document.size,
            "namnd": meta.namnd,
            "report_type": meta.report_type.value,
            "year": meta.year,
            "period": meta.period,
            "title": meta.title,
            "dnr": meta.dnr,
            "line_count": document.line_count,
            "warnings": json.dumps(list(document.warnings), ensure_ascii=False),
            "indexed_at": time.time(),
            "chunks": chunks,
            "placeholder": [0.0] * PLACEHOLDER_DIM,
        }

    def use_model(self, model: str, dim: int, embed: Callable[[list[str]], np.ndarray]) -> bool:
        """Make the vectors come from `model`; re-embeds every passage when the store's model differs."""
        if self.model == model and self._dim == dim:
            return False
        self.refresh()
        rows = self._scan(["rowid", *_PASSAGE_OUTPUT[1:], "text_hash", "gen", "namnd_lower", "heads", "modifiers"])
        if rows and dim != self._dim:
            raise StoreError(
                f"{self.location}: indexet har {self._dim}-dimensionella vektorer; bygg om det för {model}"
            )
        if not rows and dim != self._dim:
            self.client.drop_collection(self.names.passages)
            create_passages(self.client, self.names.passages, dim)
        if rows:  # in place, one batch at a time: a model change is an operator's rebuild, not a reader's
            for start in range(0, len(rows), INSERT_BATCH):
                part = [dict(r) for r in rows[start : start + INSERT_BATCH]]
                vectors = embed([r["text"] for r in part])
                for row, vector in zip(part, vectors, strict=True):
                    row["vector"] = np.asarray(vector, np.float32).tolist()
                self.client.upsert(self.names.passages, part)
        self._put_state({**self._state, "model": model, "dim": dim})
        self._dim = dim
        return bool(rows)

    def move(self, file: str, path: Path) -> None:
        """Record that an indexed file now lives at `path` (its content is unchanged)."""
        with self.snapshot():
            rows = self.client.query(
                self.names.documents,
                filter=expr.both(self._visible(), f"file == {expr.literal(file)}"),
                output_fields=["key", *_DOCUMENT_OUTPUT, "placeholder"],
            )
            for row in rows:
                self.client.upsert(self.names.documents, [{**row, "path": str(path)}])
        self._documents = None

    def roots(self) -> list[Path]:
        return [Path(p) for p in self._state.get("roots", [])]

    def add_roots(self, paths: Iterable[Path]) -> None:
        self.refresh()
        known = self.roots()
        new = [p for p in dict.fromkeys(paths) if p not in known]
        if new:
            self._put_state({**self._state, "roots": [str(p) for p in [*known, *new]]})

    def read_by(self, version: str) -> frozenset[str]:
        return parser_record(self._state.get("parser"), version)

    def mark_read_by(self, version: str, files: Iterable[str]) -> None:
        self.refresh()
        self._put_state({**self._state, "parser": parser_record_with(self._state.get("parser"), version, files)})

    # -- documents and passages ----------------------------------------------------------------

    def documents(self) -> list[Document]:
        if self._documents is None or self._documents_key != self._key():
            rows = self._query(self.names.documents, self._visible(), _DOCUMENT_OUTPUT)
            self._documents = sorted((_document(r) for r in rows), key=lambda d: d.file)
            self._documents_key = self._key()
        return list(self._documents)

    def document(self, file: str) -> Document | None:
        return next((d for d in self.documents() if d.file == file), None)

    def file_with_content(self, sha256: str) -> str | None:
        return next((d.file for d in self.documents() if d.sha256 == sha256), None)

    def vectors_by_text(self, file: str) -> dict[str, np.ndarray]:
        with self.snapshot():
            where = expr.both(self._visible(), f"file == {expr.literal(file)}")
            rows = self._query(self.names.passages, where, ["text_hash", "vector"])
        return {r["text_hash"]: np.asarray(r["vector"], dtype=np.float32) for r in rows}

    def chunks(self, rowids: Sequence[int]) -> list[StoredChunk]:
        """Passages by rowid, in the order asked."""
        wanted = [int(i) for i in rowids]
        found: dict[int, StoredChunk] = {}
        for start in range(0, len(wanted), GET_BATCH):
            part = wanted[start : start + GET_BATCH]
            for row in self.client.get(self.names.passages, ids=part, output_fields=_PASSAGE_OUTPUT):
                found[int(row["rowid"])] = _stored_chunk(row)
        return [found[i] for i in wanted if i in found]

    def texts_of(self, rowids: Sequence[int]) -> dict[int, str]:
        """rowid → text of the passages `rowids` (`Store.texts_of`)."""
        return {s.rowid: s.chunk.text for s in self.chunks(rowids)}

    def chunk_by_id(self, chunk_id: str) -> StoredChunk | None:
        with self.snapshot():
            where = expr.both(self._visible(), f"id == {expr.literal(chunk_id)}")
            rows = self.client.query(self.names.passages, filter=where, output_fields=_PASSAGE_OUTPUT, limit=1)
        return _stored_chunk(rows[0]) if rows else None

    def count_chunks(self) -> dict[str, int]:
        columns = self._catalog().columns
        kinds = {code: value for value, code in columns.codes["kind"].items()}
        codes, counts = np.unique(columns.kind, return_counts=True)
        return {kinds[int(c)]: int(n) for c, n in zip(codes, counts, strict=True)}

    def passage_count(self) -> int:
        return len(self._catalog().columns.rowid)

    def size_on_disk(self) -> int:
        """Bytes of a Milvus Lite file's folder; 0 for a server (its storage is the operator's)."""
        uri = client_uri(self.location)
        if uri.startswith("http"):
            return 0
        return sum(p.stat().st_size for p in Path(uri).rglob("*") if p.is_file())

    # -- filters ---------------------------------------------------------------------------

    def filter_rowids(self, where: ChunkFilter) -> np.ndarray | None:
        """The rowids a filter admits (ascending), or None when it admits everything."""
        if where.is_empty():
            return None
        catalogue = self._catalog()
        columns = catalogue.columns
        mask = np.ones(len(columns.rowid), dtype=bool)
        if where.kinds is not None:
            mask &= columns.among("kind", [k.value for k in where.kinds])
        if where.deviation is not None:
            mask &= columns.deviation == where.deviation
        if where.statuses is not None:
            mask &= columns.among("status", [s.value for s in where.statuses])
        if where.namnd is not None:
            mask &= columns.among("namnd", [where.namnd], lower=True)
        if where.years is not None:
            mask &= np.isin(columns.year, np.asarray(where.years, dtype=np.int32))
        if where.periods is not None:
            mask &= columns.among("period", list(where.periods))
        if where.report_types is not None:
            mask &= columns.among("report_type", [t.value for t in where.report_types])
        if where.files is not None:
            ids = [catalogue.files[f] for f in where.files if f in catalogue.files]
            mask &= np.isin(columns.document, np.asarray(ids, dtype=np.int64))
        admitted = columns.rowid[mask]
        self._made = [*self._made[-7:], (admitted, expr.filter_expr(where))]
        return admitted

    def count_by_goal(self, files: Sequence[str], where: ChunkFilter) -> dict[tuple[str, str, str], int]:
        """(file, kind, goal label) → how many passages of `files` the filter admits there (as the
        SQLite store's)."""
        admitted = self.filter_rowids(replace(where, files=tuple(files)))
        rows = self.chunks([int(r) for r in admitted]) if admitted is not None else []
        counted = Counter((s.chunk.citation.file, s.chunk.kind.value, s.chunk.citation.goal) for s in rows)
        return {key: n for key, n in counted.items() if key[2] is not None}

    def rowids_under_goals(self, goals: Sequence[tuple[str, str]], where: ChunkFilter) -> list[tuple[int, str, str]]:
        """(rowid, file, goal label) of the passages the filter admits whose goal is one of `goals`
        (as the SQLite store's)."""
        wanted = set(goals)
        admitted = self.filter_rowids(replace(where, files=tuple(sorted({file for file, _ in wanted}))))
        rows = self.chunks([int(r) for r in admitted]) if admitted is not None else []
        found = [(s.rowid, s.chunk.citation.file, s.chunk.citation.goal) for s in rows]
        return sorted((rowid, file, goal) for rowid, file, goal in found if goal is not None and (file, goal) in wanted)

    def kinds_carrying(self) -> dict[str, frozenset[ChunkKind]]:
        columns = self._catalog().columns
        kinds = {code: ChunkKind(value) for value, code in columns.codes["kind"].items()}
        with_status = {kinds[int(c)] for c in np.unique(columns.kind[columns.status >= 0])}
        with_flag = {kinds[int(c)] for c in np.unique(columns.kind[columns.deviation])}
        return {"status": frozenset(with_status), "deviation": frozenset(with_flag)}

    def sides_of(self, rowids: Sequence[int], sides: Sequence[str]) -> dict[int, int]:
        columns = self._catalog().columns
        ids = np.asarray(rowids, dtype=np.int64)
        at = np.clip(np.searchsorted(columns.rowid, ids), 0, max(len(columns.rowid) - 1, 0))
        out: dict[int, int] = {}
        for i, side in enumerate(sides):
            if side.isdigit():
                hit = columns.year[at] == int(side)
            else:
                hit = columns.namnd[at] == columns.codes["namnd"].get(side.lower(), -2)
            for rowid in ids[hit]:
                out.setdefault(int(rowid), i)
        return out

    # -- retrieval -------------------------------------------------------------------------

    def lexical(self, terms: Sequence[str], where: ChunkFilter | None = None, k: int = 100) -> list[tuple[int, float]]:
        """BM25 per analysed field inside Milvus, filter first; summed by `FIELD_WEIGHTS`, best first."""
        unique = list(dict.fromkeys(t for t in terms if t))
        if not unique:
            return []
        text = " ".join(map(_stored, self._without_common(unique)))
        where_expr = expr.both(self._visible(), expr.filter_expr(where))
        scores: dict[int, float] = {}
        for name, weight in zip(LEXICAL_FIELDS, FIELD_WEIGHTS, strict=True):
            found = self.client.search(
                self.names.passages,
                data=[text],
                anns_field=sparse_field(name),
                limit=k,
                filter=where_expr,
                output_fields=["rowid"],
                search_params={"metric_type": "BM25"},
            )[0]
            for hit in found:
                # Milvus Lite reports BM25 as a negated distance, a server as the score itself.
                scores[int(hit.id)] = scores.get(int(hit.id), 0.0) + weight * abs(float(hit.distance))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(r, s) for r, s in ranked[:k] if s > 0]

    def fields_of(self, rowids: Sequence[int]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        out = {}
        wanted = [int(r) for r in rowids]
        for start in range(0, len(wanted), GET_BATCH):
            rows = self.client.get(
                self.names.passages, ids=wanted[start : start + GET_BATCH], output_fields=["rowid", *LEXICAL_FIELDS]
            )
            for row in rows:
                about = frozenset(map(_term, row["lemmas"].split())) | frozenset(map(_term, row["heads"].split()))
                out[int(row["rowid"])] = (about, frozenset(map(_term, row["modifiers"].split())))
        return out

    def holding(
        self, term_sets: Sequence[Collection[str]], rowids: Sequence[int]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """As `Store.holding`, from the passages' fields (no in-memory postings here)."""
        return holding_in_fields(self.fields_of(rowids), term_sets, rowids)

    def lemma_sequences(self, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        out = {}
        wanted = [int(r) for r in rowids]
        for start in range(0, len(wanted), GET_BATCH):
            rows = self.client.get(
                self.names.passages, ids=wanted[start : start + GET_BATCH], output_fields=["rowid", "lemmas"]
            )
            for row in rows:
                out[int(row["rowid"])] = tuple(map(_term, row["lemmas"].split()))
        return out

    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        df = self._catalog().term_df
        return {t: df.get(t, 0) for t in terms}

    def vocabulary(self) -> dict[str, int]:
        return self._catalog().vocabulary

    def index_terms(self) -> list[str]:
        return list(self._catalog().term_df)

    def _without_common(self, terms: list[str]) -> list[str]:
        """As the SQLite store: in a large index, a term in most passages is left out when rarer ones remain."""
        total = self.passage_count()
        if len(terms) < 2 or total < COMMON_TERM_MIN_CHUNKS:
            return terms
        df = self.doc_freqs(terms)
        kept = [t for t in terms if df.get(t, 0) <= COMMON_TERM_SHARE * total]
        return kept or sorted(terms, key=lambda t: df.get(t, 0))[:2]

    def dense(self, vector: np.ndarray, where: ChunkFilter | None = None, k: int = 100) -> list[tuple[int, float]]:
        return self._dense(vector, expr.filter_expr(where), k)

    def dense_among(self, vector: np.ndarray, allowed: np.ndarray | None, k: int = 100) -> list[tuple[int, float]]:
        """Inner product among `allowed` rowids (None: all); safe beside a lexical search in another thread."""
        if allowed is None:
            return self._dense(vector, "", k)
        if not len(allowed):
            return []
        made = next((e for a, e in self._made if a is allowed), None)
        where = made if made is not None else f"rowid in [{', '.join(str(int(r)) for r in allowed)}]"
        return self._dense(vector, where, min(k, len(allowed)))

    def _dense(self, vector: np.ndarray, where: str, k: int) -> list[tuple[int, float]]:
        found = self.client.search(
            self.names.passages,
            data=[np.asarray(vector, np.float32).tolist()],
            anns_field="vector",
            limit=k,
            filter=expr.both(self._visible(), where),
            output_fields=["rowid"],
            search_params={"metric_type": "IP"},
        )[0]
        return [(int(hit.id), float(hit.distance)) for hit in found]

    # -- reading whole generations -------------------------------------------------------------

    def _catalog(self) -> _Catalogue:
        if self._catalogue is None or self._catalogue_key != self._key():
            self._catalogue = self._read_catalogue()
            self._catalogue_key = self._key()
        return self._catalogue

    def _read_catalogue(self) -> _Catalogue:
        fields = ["rowid", "kind", "deviation", "status", "namnd", "year", "period", "report_type", "document_id"]
        rows = self._scan([*fields, "file", "text", *LEXICAL_FIELDS])
        rows.sort(key=lambda r: r["rowid"])
        columns = FilterColumns.of_rows([tuple(r[f] for f in fields) for r in rows])
        term_df: Counter[str] = Counter()
        vocabulary: Counter[str] = Counter()
        files: dict[str, int] = {}
        for row in rows:
            files[row["file"]] = int(row["document_id"])
            terms = set()
            for name in LEXICAL_FIELDS:
                terms.update(map(_term, _TOKEN.findall(row[name].lower())))
            term_df.update(terms)
            # The speller's vocabulary as the SQLite store counts it (`_count_words`).
            vocabulary.update(w for w in set(_WORD.findall(row["text"].lower())) if len(w) > 1)
        return _Catalogue(columns, files, term_df, dict(vocabulary))

    def _scan(self, output_fields: list[str]) -> list[dict]:
        return self._query(self.names.passages, self._visible(), output_fields)

    def _query(self, collection: str, where: str, output_fields: list[str]) -> list[dict]:
        """Every row that matches, in pages (a single query is capped at 16,384 rows on a server)."""
        iterator = self.client.query_iterator(
            collection, batch_size=SCAN_BATCH, filter=where, output_fields=output_fields
        )
        rows: list[dict] = []
        try:
            while batch := iterator.next():
                rows.extend(batch)
        finally:
            iterator.close()
        return rows


def _passage_row(
    rowid: int, generation: int, document_id: int, title: str, chunk: Chunk, analysis: Analysis, vector: np.ndarray
) -> dict:
    c = chunk.citation
    fields = searched_fields(chunk.kind, chunk.goal_path, analysis.lemmas)
    return {
        "rowid": rowid,
        "gen": generation,
        "id": chunk.id,
        "document_id": document_id,
        "file": c.file,
        "title": title,
        "kind": chunk.kind.value,
        "report_type": chunk.report_type.value,
        "namnd": c.namnd,
        "namnd_lower": c.namnd.lower(),
        "status": chunk.status.value if chunk.status else None,
        "period": c.period,
        "goal": c.goal,
        "deviation": bool(chunk.deviation),
        "year": c.year or 0,
        "page": c.page,
        "page_approx": c.page_approx,
        "line_start": c.line_start,
        "line_end": c.line_end,
        "text": chunk.text,
        "text_hash": text_hash(chunk.text),
        "goal_path": json.dumps(list(chunk.goal_path), ensure_ascii=False),
        "extra": chunk_fields(chunk),
        "lemmas": " ".join(map(_stored, fields.lemmas)),
        "heads": " ".join(map(_stored, fields.heads)),
        "modifiers": " ".join(map(_stored, fields.modifiers)),
        "own_lemmas": " ".join(analysis.lemmas),
        "compounds": " ".join(analysis.compounds),
        "entities": entities_json(analysis.entities),
        "amounts": json.dumps(list(analysis.amounts)),
        "dates": json.dumps(list(analysis.dates), ensure_ascii=False),
        "vector": np.asarray(vector, np.float32).tolist(),
    }


def _stored_chunk(row: dict) -> StoredChunk:
    """A passage row as the SQLite store's rows read (`stored_chunk_of`): Milvus keeps no nulls in
    its scalar year (0), and `lemmas` is the searched field, the passage's own are `own_lemmas`."""
    return stored_chunk_of(
        {
            **row,
            "year": row["year"] or None,
            "lemmas": row["own_lemmas"],
            "rowid": int(row["rowid"]),
            "document_id": int(row["document_id"]),
        }
    )


def _document(row: dict) -> Document:
    """A document row as the SQLite store's rows read (`document_of`): its passage count is `chunks`."""
    return document_of({**row, "id": int(row["id"]), "size": int(row["size"]), "n": int(row["chunks"])})
