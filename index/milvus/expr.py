"""Milvus boolean expressions: a `ChunkFilter`, and what one committed generation shows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from index.store import ChunkFilter


def literal(value: str) -> str:
    """A Milvus string literal: JSON's double-quoted escaping is what Milvus's parser reads."""
    return json.dumps(value, ensure_ascii=False)


def _among(field: str, values: Iterable) -> str:
    items = [literal(v) if isinstance(v, str) else str(int(v)) for v in values]
    return f"{field} in [{', '.join(items)}]"


def filter_expr(where: ChunkFilter | None) -> str:
    """The filter as an expression over the passages collection ("" when it admits everything).

    The same rules as the SQLite store's (`ChunkFilter.sql`): a nämnd is matched without regard
    to case (on `namnd_lower`, written lower-cased by Python, so "Ö" folds as it does there).
    """
    if where is None:
        return ""
    clauses: list[str] = []
    if where.kinds is not None:
        clauses.append(_among("kind", [k.value for k in where.kinds]))
    if where.deviation is not None:
        clauses.append(f"deviation == {'true' if where.deviation else 'false'}")
    if where.statuses is not None:
        clauses.append(_among("status", [s.value for s in where.statuses]))
    if where.namnd is not None:
        clauses.append(f"namnd_lower == {literal(where.namnd.lower())}")
    if where.years is not None:
        clauses.append(_among("year", where.years))
    if where.periods is not None:
        clauses.append(_among("period", where.periods))
    if where.report_types is not None:
        clauses.append(_among("report_type", [t.value for t in where.report_types]))
    if where.files is not None:
        clauses.append(_among("file", where.files))
    return " and ".join(f"({c})" for c in clauses)


def visible_expr(generation: int, retired: Sequence[tuple[str, int]]) -> str:
    """What the committed `generation` shows: rows written up to it, less the rows of files that a
    committed write replaced or removed and whose physical delete has not finished (`retired`:
    (file, generation that retired it))."""
    clauses = [f"gen <= {generation}"]
    by_generation: dict[int, list[str]] = {}
    for file, retired_at in retired:
        by_generation.setdefault(retired_at, []).append(file)
    for retired_at, files in sorted(by_generation.items()):
        clauses.append(f"not ({_among('file', files)} and gen < {retired_at})")
    return " and ".join(clauses)


def both(*exprs: str) -> str:
    return " and ".join(f"({e})" for e in exprs if e)
