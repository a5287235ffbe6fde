"""The chunks' filter fields as numpy columns, so a filter over 100,000s of chunks costs a
millisecond, not an SQL scan that materialises every admitted rowid."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_FIELDS = "rowid, kind, deviation, status, namnd, year, period, report_type, document_id"


@dataclass(frozen=True, slots=True)
class FilterColumns:
    rowid: np.ndarray
    kind: np.ndarray  # object codes below are small ints; -1 where the field is empty
    deviation: np.ndarray
    status: np.ndarray
    namnd: np.ndarray
    year: np.ndarray
    period: np.ndarray
    report_type: np.ndarray
    document: np.ndarray
    codes: dict[str, dict[str, int]]  # column → value (lower-cased for namnd) → code
    # A nämnd as each report spells it, by its lower case: the SQL filter compares the stored
    # spelling, as calling Python's lower() from SQLite on each joined row cost 13 of 50 ms at 100×.
    spellings: dict[str, frozenset[str]]

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> FilterColumns:
        rows = conn.execute(f"SELECT {_FIELDS} FROM chunks ORDER BY rowid").fetchall()
        return cls.of_rows(rows)

    @classmethod
    def of_rows(cls, rows: Sequence[Sequence]) -> FilterColumns:
        """From (rowid, kind, deviation, status, namnd, year, period, report_type, document_id) rows in
        rowid order: SQLite's, or another backend's."""
        return cls._of(list(rows), {k: {} for k in ("kind", "status", "namnd", "period", "report_type")}, {})

    def updated(self, conn: sqlite3.Connection, removed: Sequence[int], added: Sequence[int]) -> FilterColumns:
        """These columns after a write that removed the rows `removed` and added `added`, reading only
        the added rows: the filters give what `load` would (a value no row has any more keeps its
        code, unused). At 126,800 passages `load` is a second of Python per write; this, milliseconds."""
        rows = []
        for start in range(0, len(added), 500):  # SQLite's bound-parameter limit
            part = list(added[start : start + 500])
            rows += conn.execute(f"SELECT {_FIELDS} FROM chunks WHERE rowid IN ({','.join('?' * len(part))})", part)
        new = FilterColumns._of(rows, {k: dict(v) for k, v in self.codes.items()}, dict(self.spellings))
        keep = ~np.isin(self.rowid, np.asarray(removed, dtype=np.int64))
        order = np.argsort(np.concatenate([self.rowid[keep], new.rowid]), kind="stable")  # by rowid, as `load`
        columns = {
            name: np.concatenate([getattr(self, name)[keep], getattr(new, name)])[order]
            for name in ("rowid", "kind", "deviation", "status", "namnd", "year", "period", "report_type", "document")
        }
        return FilterColumns(**columns, codes=new.codes, spellings=new.spellings)

    @classmethod
    def _of(cls, rows: list, codes: dict[str, dict[str, int]], spellings: dict[str, frozenset[str]]) -> FilterColumns:
        for row in rows:
            if row[4] is not None and row[4] not in spellings.get(row[4].lower(), ()):
                spellings[row[4].lower()] = spellings.get(row[4].lower(), frozenset()) | {row[4]}

        def encode(column: str, index: int, lower: bool = False) -> np.ndarray:
            table = codes[column]
            out = np.empty(len(rows), dtype=np.int32)
            for i, row in enumerate(rows):
                value = row[index]
                if value is None:
                    out[i] = -1
                    continue
                key = value.lower() if lower else value
                out[i] = table.setdefault(key, len(table))
            return out

        return cls(
            rowid=np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
            kind=encode("kind", 1),
            deviation=np.fromiter((bool(r[2]) for r in rows), dtype=bool, count=len(rows)),
            status=encode("status", 3),
            namnd=encode("namnd", 4, lower=True),
            year=np.fromiter((r[5] or 0 for r in rows), dtype=np.int32, count=len(rows)),
            period=encode("period", 6),
            report_type=encode("report_type", 7),
            document=np.fromiter((r[8] for r in rows), dtype=np.int64, count=len(rows)),
            codes=codes,
            spellings=spellings,
        )

    def among(self, column: str, values: list, lower: bool = False) -> np.ndarray:
        """Which rows hold one of `values` in `column` (coded or not)."""
        if column not in self.codes:  # deviation, year: stored as they are
            return np.isin(getattr(self, column), np.asarray(values))
        table = self.codes[column]
        wanted = [table[v.lower() if lower else v] for v in values if (v.lower() if lower else v) in table]
        return np.isin(getattr(self, column), np.asarray(wanted, dtype=np.int32))
