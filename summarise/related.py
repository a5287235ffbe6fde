"""Related activities across nämnder and years, and a goal's or indicator's timeline.

Related: the passage's own vector finds its nearest activities and goals in other reports;
shared lemmas and entities confirm them. Passages that say the same thing (the same KF
assignment followed up by several bodies, or the same goal in several reports) are grouped,
each member with its body, report, status and deviation.

Timeline: every goal or indicator whose title matches, across reports, ordered by year and period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.records import ChunkKind, Citation
from index.store import ChunkFilter, Store, StoredChunk

CANDIDATES = 60
RELATED_COSINE = 0.88  # e5 cosine for "about the same": below it, only shared words can relate
RELATED_JACCARD = 0.25  # shared lemmas (Jaccard) that relate two passages whatever their vectors
SAME_JACCARD = 0.6  # lemma overlap at which two passages are the same assignment or goal
SAME_COSINE = 0.95
_PERIOD_ORDER = {"T1": 1, "T2": 2, "helår": 3}


@dataclass(frozen=True, slots=True)
class Member:
    """One passage in a group: where it is and how it went."""

    passage_id: str
    kind: str
    title: str  # its first line: the activity or the goal
    citation: Citation
    status: str | None
    deviation: bool
    cosine: float
    shared: float  # Jaccard of lemmas with the asked passage


@dataclass(frozen=True, slots=True)
class RelatedGroup:
    same: bool  # True: the same assignment or goal, followed up in several reports
    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class Related:
    passage: Member
    groups: tuple[RelatedGroup, ...]


def related(store: Store, passage_id: str, *, limit: int = 20) -> Related | None:
    """Passages related to `passage_id` in other reports, grouped; None when it is not indexed."""
    asked = store.chunk_by_id(passage_id)
    if asked is None:
        return None
    vector = store.vector(asked.rowid)
    kinds = (ChunkKind.ACTIVITY,) if asked.chunk.kind is ChunkKind.ACTIVITY else (ChunkKind.GOAL, ChunkKind.ACTIVITY)
    others = tuple(d.file for d in store.documents() if d.id != asked.document_id)
    if not others:
        return Related(_member(asked, 1.0, 1.0), ())
    found = store.dense(vector, ChunkFilter(kinds=kinds, files=others), k=CANDIDATES)
    asked_lemmas = set(asked.lemmas)
    members = []
    for stored, (_, cosine) in zip(store.chunks([r for r, _ in found]), found, strict=True):
        shared = _jaccard(asked_lemmas, set(stored.lemmas))
        if cosine >= RELATED_COSINE or shared >= RELATED_JACCARD:
            members.append(_member(stored, cosine, shared))
    members.sort(key=lambda m: -(m.cosine + m.shared))
    members = members[:limit]
    same = [m for m in members if m.shared >= SAME_JACCARD or m.cosine >= SAME_COSINE]
    rest = [m for m in members if m not in same]
    groups = []
    if same:
        groups.append(RelatedGroup(True, tuple(sorted(same, key=_chronological))))
    groups += [RelatedGroup(False, (m,)) for m in rest]
    return Related(_member(asked, 1.0, 1.0), tuple(groups))


def _member(stored: StoredChunk, cosine: float, shared: float) -> Member:
    chunk = stored.chunk
    return Member(
        passage_id=chunk.id,
        kind=chunk.kind.value,
        title=chunk.text.split("\n", 1)[0],
        citation=chunk.citation,
        status=chunk.status.value if chunk.status else None,
        deviation=chunk.deviation,
        cosine=round(float(cosine), 4),
        shared=round(shared, 4),
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _chronological(m: Member) -> tuple:
    return (m.citation.year or 0, _PERIOD_ORDER.get(m.citation.period or "", 0), m.citation.namnd)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    year: int | None
    period: str | None
    namnd: str
    report: str
    kind: str
    title: str
    status: str | None  # goals
    value: str | None  # indicators: the row's values as printed
    passage_id: str
    citation: Citation


def timeline(store: Store, name: str) -> list[TimelineEntry]:
    """Every goal and indicator whose title matches `name` (number or words), by year and period."""
    wanted = _title_key(name)
    number = name.strip() if re.fullmatch(r"\d{1,2}(\.\d{1,2}){0,2}", name.strip()) else None
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL, ChunkKind.INDICATOR)))
    entries = []
    for stored in store.chunks(rowids):
        first, _, rest = stored.chunk.text.partition("\n")
        if number is not None:
            if not first.startswith(number + " "):
                continue
        elif not wanted or wanted not in _title_key(first):
            continue
        chunk = stored.chunk
        entries.append(
            TimelineEntry(
                year=chunk.citation.year,
                period=chunk.citation.period,
                namnd=chunk.citation.namnd,
                report=chunk.citation.report,
                kind=chunk.kind.value,
                title=first,
                status=chunk.status.value if chunk.status else None,
                value=rest.split("\n", 1)[0] if chunk.kind is ChunkKind.INDICATOR and rest else None,
                passage_id=chunk.id,
                citation=chunk.citation,
            )
        )
    entries.sort(key=lambda e: (e.year or 0, _PERIOD_ORDER.get(e.period or "", 0), e.namnd, e.citation.line_start))
    return entries


def _title_key(text: str) -> str:
    """A title without its number, case or punctuation: "1.2 Stockholm är …" → "stockholm är …"."""
    text = re.sub(r"^\s*[●•]?\s*\d{1,2}(\.\d{1,2}){0,2}\s+", "", text)
    return " ".join(re.findall(r"[\wåäöÅÄÖ]+", text.lower()))
