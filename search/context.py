"""A passage in its place: the goal it belongs to and the report's lines around it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.parse.records import ChunkKind
from index.read.errors import ReportError
from index.read.readers import read_lines
from index.store import ChunkFilter, Document, Store, StoredChunk
from search.engine import Hit, hit_of

CONTEXT_LINES = 4


@dataclass(frozen=True, slots=True)
class ContextLine:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class PassageContext:
    """One passage with its goal and neighbouring source lines (empty when the file is gone)."""

    hit: Hit
    document: Document
    goal: Hit | None
    before: tuple[ContextLine, ...]
    after: tuple[ContextLine, ...]
    source_available: bool


def passage_context(store: Store, chunk_id: str, lines: int = CONTEXT_LINES) -> PassageContext | None:
    """The passage `chunk_id` in context, or None when no such passage is indexed."""
    stored = store.chunk_by_id(chunk_id)
    if stored is None:
        return None
    document = next(d for d in store.documents() if d.id == stored.document_id)
    goal = _goal_of(store, stored)
    source = _source_lines(document.path, document.sha256)
    c = stored.chunk.citation
    before = tuple(ContextLine(n, t) for n, t in source if c.line_start - lines <= n < c.line_start)
    after = tuple(ContextLine(n, t) for n, t in source if c.line_end < n <= c.line_end + lines)
    return PassageContext(hit_of(stored), document, goal, before, after, bool(source))


def _goal_of(store: Store, stored: StoredChunk) -> Hit | None:
    if stored.chunk.kind is ChunkKind.GOAL or not stored.chunk.goal_path:
        return None
    # Through the store's contract, not SQL, so that either backend answers: a report has some tens of goals.
    goals = store.chunks(store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,), files=(stored.chunk.citation.file,))))
    same = [g for g in goals if g.chunk.goal_path == stored.chunk.goal_path]
    return hit_of(min(same, key=lambda g: g.chunk.citation.line_start)) if same else None


@lru_cache(maxsize=16)
def _source_lines(path: str, sha256: str) -> tuple[tuple[int, str], ...]:
    """The file's extracted lines (as indexed: same reader, same numbering); cached by content."""
    try:
        return tuple((line.number, line.text) for line in read_lines(Path(path)))
    except (ReportError, OSError):
        return ()
