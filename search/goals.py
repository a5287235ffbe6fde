"""The goals a list answer's activities and indicators sit under, where the goal has more of them.

A list answers with the passages that name the question's subject. An area's activities often name
it only through their goal: "vilka aktiviteter inom äldreomsorgen finns i tertialrapport 1 2020"
lists the one row that says "äldreomsorgen", while its goal ("I Stockholm har äldre en tillvaro
…") has 13, and a new user read "1 träff" as the complete list. The goals of the listed rows, with
how many of the goal's rows were listed, show where the rest may be, and the question that lists
them all ("vilka aktiviteter under mål 1.5").
"""

from __future__ import annotations

import re
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
    by_word = _titles(store)
    titled: set[tuple[str, str]] | None = None
    for group in groups:
        having = set().union(*(by_word.get(term, ()) for term in group))
        titled = having if titled is None else titled & having
    if not titled:
        return []
    return [rowid for rowid, _, _ in store.rowids_under_goals(sorted(titled), where)]


def _goal_titles(store: Store, heads: bool = True) -> dict[str, frozenset[tuple[str, str]]]:
    """Title word → the goals (file, label) whose title has it: every goal's title read once per
    generation of the index, as lemmas and compound parts, so that a list question reads no goal
    passage (at 100×, a BM25 search of the goals cost 6–22 ms a list). Without `heads`, a compound's
    last part is not its word: "säkerhetsarbete" is work in the area of säkerhet, "rättssäkerhet"
    another area (legal certainty) that the head alone would name."""
    by_word: dict[str, set[tuple[str, str]]] = {}
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,)))
    for goal in store.chunks([int(r) for r in rowids] if rowids is not None else []):
        chunk = goal.chunk
        if not chunk.goal_path or not chunk.citation.goal:
            continue
        key = (chunk.citation.file, chunk.citation.goal)
        lemmas = {lemma(m.group(0)) for m in WORD.finditer(chunk.title or "")}
        split = [split_compound(lemma_) for lemma_ in lemmas]
        parts = {part for pieces in split for part in (pieces if heads else pieces[:-1])}
        for word in lemmas | parts:
            by_word.setdefault(word, set()).add(key)
    return {w: frozenset(keys) for w, keys in by_word.items()}


# "aktiviteter inom äldreomsorgen", "uppdrag inom beredskap och säkerhet": "inom" names an area of
# the city's work, and the rows of an area are those of its goal, most of which name it only through
# the goal ("införa IBIC inom biståndsbedömning för äldre" under "1.5 I Stockholm har äldre …").
_AREA = re.compile(r"\binom\s+(\S+)", re.IGNORECASE)
# An area names one goal (and its nämndmål) in a report; a word in more goals' titles of one report
# names a theme, not an area.
MAX_AREA_GOALS = 2


def area_terms(text: str, terms: Sequence[TopicTerm]) -> tuple[TopicTerm, ...]:
    """The topic words that name an area: the word after "inom", where it is the first topic word,
    with the words coordinated with it ("inom krisberedskap och säkerhet"); none without one. The
    question's other words ("… fick pausas våren 2020") say what of the area is asked."""
    match = _AREA.search(text)
    if not (match and terms and match.group(1).strip(",.?").lower() == terms[0].word.lower()):
        return ()
    if not terms[0].coordinated:
        return (terms[0],)
    area = [terms[0]]
    for term in terms[1:]:
        if not term.coordinated:
            break
        area.append(term)
    return tuple(area)


def rows_in_area(store: Store, terms: Sequence[TopicTerm], where: ChunkFilter) -> list[int]:
    """The rows (`where`'s kinds) of the goals whose title holds the area's word, as a lemma or a
    compound part (of coordinated words, "beredskap och säkerhet", either): the goal's own rows,
    or, where it has none of the kind, its parent's, whose table the nämndmål answers to (T1 2020
    prints KF's "1.5" table of 13 activities above its nämndmål "1.5.1 … en äldreomsorg av hög
    kvalitet …"). None where the word stands in more than `MAX_AREA_GOALS` goals of one report."""
    groups = [set(term.terms) for term in terms]
    if not groups:
        return []
    by_word = _title_areas(store)
    holding = [set().union(*(by_word.get(t, ()) for t in group)) for group in groups]
    either = len(groups) > 1 and all(term.coordinated for term in terms)
    titled = set().union(*holding) if either else set.intersection(*holding)
    if not titled:
        return []
    found = store.rowids_under_goals(sorted(titled), where)
    with_rows = {(file, goal) for _, file, goal in found}
    parents = _parents(store)
    bare = {parents[g] for g in titled - with_rows if g in parents}
    found += store.rowids_under_goals(sorted(bare - with_rows), where) if bare else []
    # Counted in the reports the question's filters admit (those with rows here): a theme of another
    # report's titles says nothing of this one's.
    admitted = {file for _, file, _ in found}
    per_file = Counter(file for file, _ in titled if file in admitted)
    if not per_file or max(per_file.values()) > MAX_AREA_GOALS:
        return []
    return list(dict.fromkeys(rowid for rowid, _, _ in found))


def _goal_parents(store: Store) -> dict[tuple[str, str], tuple[str, str]]:
    """(file, goal label) → (file, its parent goal's label), by the goals' numbers."""
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,)))
    goals = [s.chunk for s in store.chunks([int(r) for r in rowids] if rowids is not None else [])]
    labels = {(c.citation.file, c.goal_path[-1]): c.citation.goal for c in goals if c.goal_path and c.citation.goal}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for c in goals:
        if c.goal_path and len(c.goal_path) > 1 and c.citation.goal:
            parent = labels.get((c.citation.file, c.goal_path[-2]))
            if parent:
                out[(c.citation.file, c.citation.goal)] = (c.citation.file, parent)
    return out


def prepare(store: Store) -> None:
    """Build the goals' title and parent maps of the store's generation now (`Searcher.warm`)."""
    _titles(store)
    _title_areas(store)
    _parents(store)


def _titles(store: Store) -> dict[str, frozenset[tuple[str, str]]]:
    return store.per_generation("goal-titles", lambda: _goal_titles(store))


def _title_areas(store: Store) -> dict[str, frozenset[tuple[str, str]]]:
    return store.per_generation("goal-title-areas", lambda: _goal_titles(store, heads=False))


def _parents(store: Store) -> dict[tuple[str, str], tuple[str, str]]:
    return store.per_generation("goal-parents", lambda: _goal_parents(store))
