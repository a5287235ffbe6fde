"""The goals a list answer's activities and indicators sit under, where the goal has more of them.

A list answers with the passages that name the question's subject. An area's activities often name
it only through their goal: "vilka aktiviteter inom äldreomsorgen finns i tertialrapport 1 2020"
lists the one row that says "äldreomsorgen", while its goal ("I Stockholm har äldre en tillvaro
…") has 13, and a new user read "1 träff" as the complete list. The goals of the listed rows, with
how many of the goal's rows were listed, show where the rest may be, and the question that lists
them all ("vilka aktiviteter under mål 1.5").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.parse.records import Chunk, ChunkKind
from index.store import ChunkFilter, Store

ROW_KINDS = (ChunkKind.ACTIVITY, ChunkKind.INDICATOR)  # the rows of a goal's tables
SHOWN = 5  # goals named at most, those with the most rows not listed first
CANDIDATES = 2 * SHOWN  # goals whose rows are counted: those with the most rows in the list


@dataclass(frozen=True, slots=True)
class GoalShare:
    """A goal of a report, and how many of its rows of one kind a list answer holds."""

    file: str
    report: str
    goal: str  # as cited: its number and title
    number: str | None
    kind: ChunkKind
    listed: int
    total: int


def goals_with_more(store: Store, listed: Sequence[Chunk], where: ChunkFilter) -> tuple[GoalShare, ...]:
    """The goals that `listed` rows (activities, indicators) sit under and that have more rows of
    that kind that the question's filters admit (`where`: "avvikelser" counts flagged rows), most
    rows not listed first."""
    rows = [c for c in listed if c.kind in ROW_KINDS and c.citation.goal]
    # The goals that hold most of the list: a long list spans hundreds of reports at scale, and
    # counting every goal's rows there took 78 ms (a list of 700 at 100×); these take a few.
    counts = dict(Counter((c.citation.file, c.kind.value, c.citation.goal) for c in rows).most_common(CANDIDATES))
    if not counts:
        return ()
    files = tuple(sorted({file for file, _, _ in counts}))
    kinds = tuple(sorted({ChunkKind(kind) for _, kind, _ in counts}))
    under = store.count_by_goal(files, replace(where, kinds=kinds))
    first = {(c.citation.file, c.kind.value, c.citation.goal): c for c in rows}
    out: list[GoalShare] = []
    for key, n in counts.items():
        if under.get(key, 0) > n:
            file, kind, goal = key
            row = first[key]
            out.append(GoalShare(file, row.citation.report, goal, row.number, ChunkKind(kind), n, under[key]))
    out.sort(key=lambda g: (g.listed - g.total, g.file, g.goal))
    return tuple(out[:SHOWN])
