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

from index.nlp.compounds import split_compound
from index.nlp.lemmas import lemma
from index.parse.records import Chunk, ChunkKind
from index.store import ChunkFilter, Store
from search.query import WORD, TopicTerm

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


# Topic words a goal's title must hold for the question to name that goal: one word is a theme
# that many goals' titles share ("trygg"); two name one goal ("tryggt stadsdelsområde").
MIN_TITLE_WORDS = 2
# Goal passages read for the topic's words (BM25, best first): a goal whose title holds them all
# ranks among the first, and reading a few keeps a list's cost flat as the index grows.
TITLE_CANDIDATES = 20


def rows_under_titled_goals(store: Store, terms: Sequence[TopicTerm], where: ChunkFilter) -> list[int]:
    """The rows (`where`'s kinds) under the goals whose title holds every topic word, as a lemma, a
    synonym or a compound part: a list asked by a goal's title ("vilka aktiviteter har Norrmalm för
    tryggt stadsdelsområde") is that goal's rows, which name their area only through it (a new
    user's question listed two unrelated rows and none of the goal's five). Of goals nested in
    one another, the deepest that holds rows. Without `MIN_TITLE_WORDS` topic words, none."""
    groups = [set(term.terms) for term in terms]
    if len(groups) < MIN_TITLE_WORDS:
        return []
    goal_where = replace(where, kinds=(ChunkKind.GOAL,), deviation=None, statuses=None)
    found = [rowid for rowid, _ in store.lexical([t for g in groups for t in g], goal_where, k=TITLE_CANDIDATES)]
    titled: list[tuple[str, tuple[str, ...]]] = []
    for goal in store.chunks(found):
        words = {lemma(m.group(0)) for m in WORD.finditer(goal.chunk.title or "")}
        words |= {part for word in list(words) for part in split_compound(word)}
        if goal.chunk.goal_path and all(words & group for group in groups):
            titled.append((goal.chunk.citation.file, tuple(goal.chunk.goal_path)))
    if not titled:
        return []
    in_reports = replace(where, files=tuple(sorted({file for file, _ in titled})))
    rows = store.chunks([int(r) for r in store.filter_rowids(in_reports)])
    holding = {goal: [s.rowid for s in rows if _under(s.chunk, *goal)] for goal in titled}
    holding = {goal: rowids for goal, rowids in holding.items() if rowids}
    # Of nested goals that hold rows, the deepest: a nämndmål repeats its parent's words, and the
    # parent's other nämndmål are about other things.
    out: list[int] = []
    for (file, path), rowids in holding.items():
        if not any(f == file and len(p) > len(path) and p[: len(path)] == path for f, p in holding):
            out += rowids
    return list(dict.fromkeys(out))


def _under(chunk: Chunk, file: str, path: tuple[str, ...]) -> bool:
    return chunk.citation.file == file and tuple(chunk.goal_path[: len(path)]) == path
