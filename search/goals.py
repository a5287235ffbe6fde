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


def rows_under_titled_goals(store: Store, terms: Sequence[TopicTerm], where: ChunkFilter) -> list[int]:
    """The rows (`where`'s kinds) of the goals whose title holds every topic word, as a lemma, a
    synonym or a compound part: a list asked by a goal's title ("vilka aktiviteter har Norrmalm för
    tryggt stadsdelsområde") is that goal's rows, which name their area only through it (a new
    user's question listed two unrelated rows and none of the goal's five). Each goal's own rows
    only (`Store.rowids_under_goals`): a nämndmål under it that the words do not name is about
    something else. A goal and a nämndmål under it whose titles both hold the words both give
    their rows: VP 2013's "1.3 Stockholms livsmiljö är hållbar" holds the KF:s indikator
    "Elanvändning per kvadratmeter", its nämndmål the nämnd's five, and a new user's "vilka
    indikatorer har kommunstyrelsen 2013 för en hållbar livsmiljö" wants all six (only the
    deepest goal's rows had been listed). Without `MIN_TITLE_WORDS` topic words, none."""
    groups = [set(term.terms) for term in terms]
    if len(groups) < MIN_TITLE_WORDS:
        return []
    by_word = store.per_generation("goal-titles", lambda: _goal_titles(store))
    titled: set[tuple[str, str]] | None = None
    for group in groups:
        having = set().union(*(by_word.get(term, ()) for term in group))
        titled = having if titled is None else titled & having
    if not titled:
        return []
    return [rowid for rowid, _, _ in store.rowids_under_goals(sorted(titled), where)]


def _goal_titles(store: Store) -> dict[str, frozenset[tuple[str, str]]]:
    """Title word → the goals (file, label) whose title has it: every goal's title read once per
    generation of the index, as lemmas and compound parts, so that a list question reads no goal
    passage (at 100×, a BM25 search of the goals cost 6–22 ms a list)."""
    by_word: dict[str, set[tuple[str, str]]] = {}
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,)))
    for goal in store.chunks([int(r) for r in rowids] if rowids is not None else []):
        chunk = goal.chunk
        if not chunk.goal_path or not chunk.citation.goal:
            continue
        key = (chunk.citation.file, chunk.citation.goal)
        lemmas = {lemma(m.group(0)) for m in WORD.finditer(chunk.title or "")}
        for word in lemmas | {part for lemma_ in lemmas for part in split_compound(lemma_)}:
            by_word.setdefault(word, set()).add(key)
    return {w: frozenset(keys) for w, keys in by_word.items()}
