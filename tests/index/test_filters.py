"""One filter definition, read as SQL and as a numpy mask, on four hand-made passages."""

from __future__ import annotations

import sqlite3

import pytest

from index.parse.records import ChunkKind, GoalStatus, ReportType
from index.store.columns import FilterColumns
from index.store.filters import ChunkFilter

ROWS = [  # rowid, kind, deviation, status, namnd, year, period, report_type, document_id
    (1, "activity", 1, None, "Norrmalms stadsdelsnämnd", 2021, None, "Verksamhetsberättelse", 1),
    (2, "activity", 0, None, "Norrmalms stadsdelsnämnd", 2021, None, "Verksamhetsberättelse", 1),
    (3, "goal", 0, "uppfylls delvis", "Kommunstyrelsen", 2020, "T1", "Tertialrapport 1", 2),
    (4, "indicator", 0, None, "Kommunstyrelsen", None, "T1", "Tertialrapport 1", 2),
]


@pytest.fixture()
def conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, file TEXT)")
    conn.executemany("INSERT INTO documents VALUES (?, ?)", [(1, "norrmalm.txt"), (2, "ks.txt")])
    conn.execute(
        "CREATE TABLE chunks (rowid INTEGER PRIMARY KEY, kind TEXT, deviation INTEGER, status TEXT, namnd TEXT, "
        "year INTEGER, period TEXT, report_type TEXT, document_id INTEGER)"
    )
    conn.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ROWS)
    return conn


def _both(conn: sqlite3.Connection, where: ChunkFilter) -> tuple[list[int], list[int]]:
    columns = FilterColumns.load(conn)
    clause, params = where.sql(columns)
    in_sql = [r[0] for r in conn.execute(f"SELECT c.rowid FROM chunks c WHERE {clause} ORDER BY 1", params)]

    def ids(files: list[str]) -> list[int]:
        marks = ",".join("?" * len(files))
        return [r[0] for r in conn.execute(f"SELECT id FROM documents WHERE file IN ({marks})", files)]

    return in_sql, [int(r) for r in columns.rowid[where.mask(columns, ids)]]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (ChunkFilter(), [1, 2, 3, 4]),
        (ChunkFilter(deviation=True), [1]),
        (ChunkFilter(deviation=False), [2, 3, 4]),  # False is a filter, not "any"
        (ChunkFilter(kinds=(ChunkKind.ACTIVITY, ChunkKind.GOAL)), [1, 2, 3]),
        (ChunkFilter(statuses=(GoalStatus.DELVIS,)), [3]),
        (ChunkFilter(namnd="NORRMALMS STADSDELSNÄMND"), [1, 2]),  # non-ASCII case folded
        (ChunkFilter(years=(2020, 2021)), [1, 2, 3]),
        (ChunkFilter(periods=("T1",)), [3, 4]),
        (ChunkFilter(report_types=(ReportType.TERTIALRAPPORT_1,)), [3, 4]),
        (ChunkFilter(files=("ks.txt",)), [3, 4]),
        (ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=False, years=(2021,)), [2]),
        (ChunkFilter(namnd="Okänd nämnd"), []),
    ],
)
def test_sql_and_mask_admit_the_same_passages(conn: sqlite3.Connection, where: ChunkFilter, expected: list) -> None:
    in_sql, in_mask = _both(conn, where)
    assert in_sql == expected and in_mask == expected
