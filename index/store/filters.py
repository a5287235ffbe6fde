"""Which passages a search may return: one definition of each filter field, read two ways.

`ChunkFilter` holds the restrictions; `FIELDS` says, once, which column each one tests and how
its value is stored. From that one table come the SQL clause (the lexical side filters inside its
FTS5 query) and the numpy mask over `FilterColumns` (the dense side and listings: a millisecond
over 100,000s of passages), so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.parse.records import ChunkKind, GoalStatus, ReportType
from index.store.columns import FilterColumns


@dataclass(frozen=True, slots=True)
class ChunkFilter:
    """Restrictions applied before ranking, in both retrievers. None means any."""

    kinds: tuple[ChunkKind, ...] | None = None
    deviation: bool | None = None
    statuses: tuple[GoalStatus, ...] | None = None
    namnd: str | None = None  # matched case-insensitively against the document's nämnd
    years: tuple[int, ...] | None = None
    periods: tuple[str, ...] | None = None
    report_types: tuple[ReportType, ...] | None = None
    files: tuple[str, ...] | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__slots__)

    def sql(self, columns: FilterColumns) -> tuple[str, list]:
        """A WHERE clause over `chunks c` and its parameters. A field compared in lower case is
        compared by the spellings `columns` has of it (SQLite's lower() folds ASCII only:
        "NORRMALMS STADSDELSNÄMND" needs Python's, and calling it per row is slow)."""
        clauses: list[str] = []
        params: list = []
        for field, values in self._set_fields():
            if field.lower:
                values = sorted(set().union(*(columns.spellings.get(v, ()) for v in values)))
                if not values:
                    return "0", []
            clauses.append(f"c.{field.column} IN ({','.join('?' * len(values))})")
            params.extend(values)
        if self.files is not None:
            files = list(self.files)
            clauses.append(
                f"(SELECT file FROM documents d WHERE d.id = c.document_id) IN ({','.join('?' * len(files))})"
            )
            params.extend(files)
        return (" AND ".join(clauses) or "1"), params

    def mask(self, columns: FilterColumns, document_ids: Callable[[list[str]], Sequence[int]]) -> np.ndarray:
        """Which rows of `columns` the filter admits; `document_ids` resolves `files` to document ids."""
        mask = np.ones(len(columns.rowid), dtype=bool)
        for field, values in self._set_fields():
            mask &= columns.among(field.column, values)
        if self.files is not None:
            mask &= np.isin(columns.document, np.asarray(list(document_ids(list(self.files))), dtype=np.int64))
        return mask

    def _set_fields(self) -> list[tuple[Field, list]]:
        return [(f, f.stored(getattr(self, f.name))) for f in FIELDS if getattr(self, f.name) is not None]


@dataclass(frozen=True, slots=True)
class Field:
    """One filter field: the `ChunkFilter` attribute, the `chunks` column it tests, its stored values."""

    name: str
    column: str
    stored: Callable[[object], list]  # the filter's value → the values stored in the column
    lower: bool = False  # compared in lower case


FIELDS: tuple[Field, ...] = (
    Field("kinds", "kind", lambda kinds: [k.value for k in kinds]),
    Field("deviation", "deviation", lambda flag: [int(flag)]),
    Field("statuses", "status", lambda statuses: [s.value for s in statuses]),
    Field("namnd", "namnd", lambda namnd: [namnd.lower()], lower=True),
    Field("years", "year", list),
    Field("periods", "period", list),
    Field("report_types", "report_type", lambda types: [t.value for t in types]),
)
