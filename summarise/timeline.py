"""A goal's or an indicator's timeline: the same goal report by report, matched by what its title says.

Goals are renumbered and reworded between mandate periods: the Verksamhetsplan 2013's "1.2 Invånare
i Stockholm är självförsörjande" is 2020's "1.1 I Stockholm är människor självförsörjande …", and
2020's "1.2 Stockholm är en trygg, säker och välskött stad" is 2013's "1.7 Stockholm upplevs som en
trygg, säker och ren stad". So a goal is joined to another report's goal by its title: the share of
its words they have in common (lemmas and compound parts, weighted by how rare each is among the
index's titles) and the e5 cosine of the two titles. The number is a hint only: with the same
number a smaller share of words suffices, but a number alone never joins two goals.

Structure decides before any score: a goal joins goals of its own level (inriktningsmål, KF-mål,
nämndmål), and a nämndmål only the nämndmål of the same nämnd, since each nämnd sets its own
(Norrmalm's "1.2.1 Tryggt stadsdelsområde" is not Kommunstyrelsen's 1.2.1). In each other report
the best-scoring goal joins, if it clears the thresholds. An indicator joins the rows of the same
indicator, named alike: "Sjukfrånvaro dag 1-14" is not "Sjukfrånvaro".

Every entry says on what basis it joined (`basis`, Swedish): the starting point, the same title,
or a like title with the words shared, the cosine and whether the number agreed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from index.embed.embedder import Embedder
from index.nlp.analysis import terms
from index.nlp.lemmas import lemma
from index.parse.records import ChunkKind, Citation, GoalStatus
from index.store import ChunkFilter, Store, StoredChunk
from search.indicators import IndicatorRow, indicator_row, value_text

# Thresholds, chosen on the tune half of tests/eval/timeline-gold.jsonl (bench/timeline_tune.py prints
# the sweep); held-out figures in the README. A like title shares this much of the words' weight
# (idf-weighted cosine of the two titles' terms) …
TITLE_OVERLAP = 0.20
# … or this much where the number agrees (the number as a hint) …
HINTED_OVERLAP = 0.10
# … and e5 agrees. Unrelated KF goals of the corpus reach cosine 0.92 on their shared city words
# ("Stockholm är en … stad"), so e5 confirms a lexical match and never makes one.
TITLE_COSINE = 0.85
# Indicators: only the same measure joins; their names differ by one word when the measure does
# ("Sjukfrånvaro" / "Sjukfrånvaro dag 1-14" share 0.7 of the weight).
INDICATOR_OVERLAP = 0.90
# A title word in this share of all goal and indicator titles or more weighs nothing.
COMMON_SHARE = 0.10
# A goal whose title shares too few words with any goal of another report (the council rewrote its
# goals for the 2023–2026 mandate: "Stockholm ska bli klimatpositivt …" continues 2021's "2.5 Stockholm
# är en hållbar stad med en god livsmiljö") joins the goal of that level whose text is nearest its own
# (the stored e5 vectors of the goals' passages), where it is this much nearer than the next: e5's
# cosines crowd, and only a clear lead says "the same subject". Chosen on the tune halves: 2024's
# 4 → 7 of 10 right, the earlier goals' 12 of 16 unchanged; at 0.010 a 2024 goal with no 2021 match
# joined one, at 0.020 two right joins were lost. The margins sit close to it: with the model rebuilt
# by the package versions of 2026-12-01 (ONNX Runtime 1.32), "Hög beredskap …" (new in 2024) led by
# 0.0152 and joined 2021's goal 1.2 at 0.015; at 0.016 no wrong join is made (2024 tune: 6 of 10,
# precision 1.00, recall 0.50; at 0.015 precision 0.83), and a wrong join is the worse error.
TEXT_MARGIN = 0.016


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers that decide a join (the constants above by default; the tuning sweep varies them)."""

    title_overlap: float = TITLE_OVERLAP
    hinted_overlap: float = HINTED_OVERLAP
    title_cosine: float = TITLE_COSINE
    indicator_overlap: float = INDICATOR_OVERLAP
    common_share: float = COMMON_SHARE
    text_margin: float = TEXT_MARGIN


# The number a user may write before a goal's title when asking for its timeline: "1.2 Trygg stad".
_NUMBER = re.compile(r"^\s*[●•]?\s*(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+")
_PERIOD_ORDER = {"T1": 1, "T2": 2, "T3": 3, "helår": 4}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One report's goal or indicator row in a timeline, and why it joined; which report, in its citation."""

    kind: ChunkKind
    number: str | None
    title: str  # without its number
    status: GoalStatus | None  # goals: the assessment
    value: str | None  # indicators: "utfall 2,5 % · årsmål 2 %"
    passage_id: str
    citation: Citation
    basis: str  # Swedish: "utgångspunkt", "samma rubrik", "liknande rubrik: …"
    overlap: float | None = None  # the idf-weighted share of title words, for a like title
    cosine: float | None = None
    same_number: bool = False
    indicator: IndicatorRow | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """The entries of one goal or indicator, oldest report first; `anchor` is the one asked for."""

    name: str
    anchor: TimelineEntry | None
    entries: tuple[TimelineEntry, ...]
    # Other titles of the anchor's kind that the name matched too, each followed by a timeline of its
    # own: a new user's "feriejobb" showed the summer jobs given and silently left out the places
    # offered (Kommunstyrelsen 0 of 8), the one that misses its target.
    others: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Item:
    stored: StoredChunk
    number: str | None
    title: str
    level: int  # goals: 1 inriktningsmål, 2 KF-mål, 3 nämndmål; indicators: 0
    terms: frozenset[str]

    @property
    def kind(self) -> ChunkKind:
        return self.stored.chunk.kind


def timeline(store: Store, embedder: Embedder | None, name: str, thresholds: Thresholds | None = None) -> Timeline:
    """The timeline of the goal or indicator `name` names: a number ("1.2"), a title, or both.

    A number alone, or a title several reports share, starts from the newest report that has it.
    """
    items = _items(store)
    found = _found(items, name)
    anchor = _anchor(found)
    if anchor is None:
        return Timeline(name, None, ())
    limits = thresholds or Thresholds()
    weights = _idf(items, limits.common_share)
    start = _entry(anchor, "utgångspunkt")
    entries = [start]
    by_file: dict[str, list[_Item]] = {}
    for item in items:
        if item.stored.chunk.citation.file != anchor.stored.chunk.citation.file and _comparable(anchor, item):
            by_file.setdefault(item.stored.chunk.citation.file, []).append(item)
    vectors = _TitleVectors(embedder)
    for candidates in by_file.values():
        joined = _matches(anchor, candidates, weights, vectors, limits)
        if not joined and anchor.kind is ChunkKind.GOAL:
            joined = _by_text(store, anchor, candidates, limits.text_margin)
        entries.extend(joined)
    shown = {_key(e.title) for e in entries}
    others = tuple(dict.fromkeys(i.title for i in found if _key(i.title) not in shown))
    return Timeline(name, start, tuple(_in_series(entries, anchor.stored.chunk.citation.namnd)), others)


# Each nämnd reports its own measure and its own assessment: Kommunstyrelsen's sjukfrånvaro (its
# office's staff, 1,9 %) and Norrmalm's (the district's, 9,4 %) are two series, and a new user read
# them in one list by date as a jump. The series stand one after the other, in the order each begins.
OTHER_SERIES = "annan nämnd än utgångspunktens: en egen serie"


def _in_series(entries: list[TimelineEntry], namnd: str) -> list[TimelineEntry]:
    """The entries by nämnd (in the time order of each one's first entry), each nämnd's in time
    order; the entries of a nämnd other than the anchor's (`namnd`) say so in their basis."""
    entries = sorted(entries, key=_chronological)
    order = {n: i for i, n in enumerate(dict.fromkeys(e.citation.namnd for e in entries))}
    return [
        e if e.citation.namnd == namnd else replace(e, basis=f"{e.basis} · {OTHER_SERIES}")
        for e in sorted(entries, key=lambda e: order[e.citation.namnd])
    ]


def _items(store: Store) -> list[_Item]:
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL, ChunkKind.INDICATOR)))
    out = []
    for stored in store.chunks(rowids):
        chunk = stored.chunk
        goal = chunk.kind is ChunkKind.GOAL
        number, level = (chunk.number, chunk.level.depth if chunk.level else 0) if goal else (None, 0)
        words = _title_terms(chunk.title) if goal else _measure_terms(chunk.title)
        out.append(_Item(stored, number, chunk.title.strip(), level, words))
    return out


@lru_cache(maxsize=8192)
def _title_terms(title: str) -> frozenset[str]:
    """A title's lemmas and compound parts, and its numbers ("dag 1-14" is a different measure)."""
    return frozenset(terms(title)) | frozenset(re.findall(r"\d+(?:-\d+)?", title))


@lru_cache(maxsize=8192)
def _measure_terms(title: str) -> frozenset[str]:
    """An indicator's name's terms with its function words too: they may be what tells two measures
    apart ("budgetföljsamhet före / efter resultatöverföringar", "som inte är självförsörjande"), and a
    new user's timeline of one measure listed the other. The common ones ("och", "av", "i") weigh
    nothing among the titles (`COMMON_SHARE`), so only a rare one counts."""
    return _title_terms(title) | frozenset(lemma(w.lower()) for w in re.findall(r"[\wåäöÅÄÖ]+", title))


def _key(title: str) -> str:
    return " ".join(re.findall(r"[\wåäöÅÄÖ]+", title.lower()))


def _found(items: Sequence[_Item], name: str) -> list[_Item]:
    """The goals or indicators `name` names, of one kind (and the highest level of goals)."""
    match = _NUMBER.match(name + " ")
    number = match.group(1) if match else None
    title = _key(name[match.end() :] if match else name)
    if title:
        found = [i for i in items if _key(i.title) == title] or [i for i in items if title in _key(i.title)]
        if number:
            found = [i for i in found if i.number == number] or found
    else:
        found = [i for i in items if i.number == number]
    files = {kind: {i.stored.chunk.citation.file for i in found if i.kind is kind} for kind in {i.kind for i in found}}
    if len(files) > 1 and max(map(len, files.values())) > min(map(len, files.values())):
        # Words that goals of several reports and an indicator of one share ("självförsörjande": goal
        # 1.1 in four reports, one indicator "… som inte är självförsörjande") name what is followed
        # over time, the kind more reports have (a new user's timeline showed the one indicator).
        most = max(files, key=lambda kind: len(files[kind]))
        found = [i for i in found if i.kind is most]
    levels = [i.level for i in found if i.kind is ChunkKind.GOAL]
    if levels:
        # Words several goals' titles hold name the highest of them: "budget i balans" is KF's "3.1
        # Stockholm har en budget i balans …", which every report follows up, not Norrmalm's nämndmål
        # "3.1.1 Budget i balans …" under it, whose timeline is its own nämnd's (a new user's timeline
        # showed that one entry, and the four reports of 3.1 were silently left out).
        found = [i for i in found if i.kind is not ChunkKind.GOAL or i.level == min(levels)]
    return found


def _anchor(found: Sequence[_Item]) -> _Item | None:
    """Of the items a name names, the newest report's."""
    return max(found, key=lambda i: _chronological(_entry(i, ""))) if found else None


def _comparable(anchor: _Item, other: _Item) -> bool:
    """Structure first: the same kind and level; a nämndmål only beside the same nämnd's."""
    if other.kind is not anchor.kind or other.level != anchor.level:
        return False
    same_namnd = other.stored.chunk.citation.namnd == anchor.stored.chunk.citation.namnd
    return same_namnd or anchor.level != 3


def _idf(items: Sequence[_Item], common: float = COMMON_SHARE) -> dict[str, float]:
    """Each title term's weight: its idf among the titles, and none for a term in `common` of them or
    more ("stad", "Stockholm", "vara" of "är"), which says nothing of what a goal is about."""
    counts: dict[str, int] = {}
    for item in items:
        for term in item.terms:
            counts[term] = counts.get(term, 0) + 1
    n = len(items)
    return {term: 0.0 if c >= common * n else math.log((n + 1) / (c + 1)) + 1 for term, c in counts.items()}


def overlap(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """The idf-weighted cosine of two titles' terms (1.0: the same words)."""
    if not a or not b:
        return 0.0
    shared = sum(weights.get(t, 1.0) ** 2 for t in a & b)
    norm = math.sqrt(sum(weights.get(t, 1.0) ** 2 for t in a) * sum(weights.get(t, 1.0) ** 2 for t in b))
    return shared / norm if norm else 0.0


class _TitleVectors:
    """e5 vectors of titles ("query: " on both sides, e5's prompt for symmetric tasks), each embedded once."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self.cache: dict[str, np.ndarray] = {}

    def cosine(self, a: str, b: str) -> float | None:
        if self.embedder is None:
            return None
        for title in (a, b):
            if title not in self.cache:
                self.cache[title] = self.embedder.embed_query(title)
        return float(self.cache[a] @ self.cache[b])


def _matches(
    anchor: _Item, candidates: list[_Item], weights: dict[str, float], vectors: _TitleVectors, limits: Thresholds
) -> list[TimelineEntry]:
    """The entries of one other report that join the anchor: the same title, or the best like title."""
    same = [c for c in candidates if _key(c.title) == _key(anchor.title)]
    if same:
        return [_entry(c, "samma rubrik", same_number=c.number == anchor.number) for c in same]
    scored = sorted(((overlap(anchor.terms, c.terms, weights), c) for c in candidates), key=lambda s: -s[0])
    if anchor.number is not None and scored:
        # Two goals that share the very same words with the anchor are told apart by the number, the
        # hint: a title's other words only change its length ("effektiv" is in 2020's 2.3 and 3.2;
        # the 2024 avstämning's titles, once read, changed the words' weights and 2.3 came first).
        words = _shared(anchor, scored[0][1], weights)
        hinted = [s for s in scored if s[1].number == anchor.number and _shared(anchor, s[1], weights) == words]
        scored = hinted + [s for s in scored if s not in hinted]
    out = []
    for share, candidate in scored:
        hinted = anchor.number is not None and candidate.number == anchor.number
        if anchor.kind is ChunkKind.INDICATOR:
            if share < limits.indicator_overlap:
                break
            out.append(_entry(candidate, _basis(anchor, candidate, hinted, weights), share, None, hinted))
            continue
        if share < (limits.hinted_overlap if hinted else limits.title_overlap):
            continue
        cosine = vectors.cosine(anchor.title, candidate.title)
        if cosine is not None and cosine < limits.title_cosine:
            continue
        return [_entry(candidate, _basis(anchor, candidate, hinted, weights), share, cosine, hinted)]
    return out


def _by_text(store: Store, anchor: _Item, candidates: list[_Item], margin: float) -> list[TimelineEntry]:
    """The goal of one other report whose passage's vector is nearest the anchor's, by `margin` over
    the next (`TEXT_MARGIN`); none where two are about as near."""
    if len(candidates) < 2:
        return []
    own = store.vector(anchor.stored.rowid)
    scored = sorted(((float(own @ store.vector(c.stored.rowid)), c) for c in candidates), key=lambda s: -s[0])
    (best, goal), (second, _) = scored[0], scored[1]
    if best - second < margin:
        return []
    # In words, as the other bases are; the cosine stays in the entry (scores in the text read as
    # meaning nothing to a new user of `related`).
    return [_entry(goal, "liknande text: av rapportens mål på samma nivå det närmaste i innehåll", None, best)]


def _shared(anchor: _Item, other: _Item, weights: dict[str, float]) -> frozenset[str]:
    """The title words two items share that weigh something."""
    return frozenset(t for t in anchor.terms & other.terms if weights.get(t, 1.0))


def _basis(anchor: _Item, other: _Item, hinted: bool, weights: dict[str, float]) -> str:
    # In words a reader can check against the two titles; the scores stay in the entry (a new user
    # of `related` read "ordlikhet 0.14; e5-likhet 0.92" as meaning nothing).
    shared = sorted(t for t in anchor.terms & other.terms if not t.isdigit() and weights.get(t))
    parts = [f"liknande rubrik: gemensamma ord {', '.join(shared)}"]
    if hinted:
        parts.append(f"samma nummer {other.number}")
    elif other.number and anchor.number:
        parts.append(f"annat nummer ({other.number})")
    return "; ".join(parts)


def _entry(
    item: _Item,
    basis: str,
    share: float | None = None,
    cosine: float | None = None,
    same_number: bool = False,
) -> TimelineEntry:
    chunk = item.stored.chunk
    row = indicator_row(item.stored) if chunk.kind is ChunkKind.INDICATOR else None
    value = None
    if row is not None:
        v = row.values
        target = value_text(v.target, v.unit, v.target_note, band=v.band)
        # A tertial's forecast for the year beside its outcome so far: the årsmål is judged by it
        # (`IndicatorRow.by_forecast`), and a new user read T1 2020's 2,5 % as the year's.
        forecast = f" · prognos helår {value_text(v.forecast, v.unit)}" if v.forecast is not None else ""
        value = f"utfall {value_text(v.outcome, v.unit)}{forecast} · årsmål {target}"
    return TimelineEntry(
        kind=chunk.kind,
        number=item.number,
        title=item.title,
        status=chunk.status,
        value=value,
        passage_id=chunk.id,
        citation=chunk.citation,
        basis=basis,
        overlap=share,
        cosine=cosine,
        same_number=same_number,
        indicator=row,
    )


def _chronological(e: TimelineEntry) -> tuple:
    c = e.citation
    return (c.year or 0, _PERIOD_ORDER.get(c.period or "", 0), c.namnd, c.line_start)
