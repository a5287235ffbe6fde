"""Swedish question → structured query: what kind of passage, which flags and filters, what topic.

"vilka aktiviteter har avvikelser om pandemin" → kind activity, deviation, topic "pandemin".
Words that set a filter are taken out of the topic; what remains is what the passage must be about.
Explicit filters passed beside the question override what was read from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from index.entities import canonical_body
from index.gazetteer import PLACES
from index.lemmas import lemma
from index.records import ChunkKind, GoalStatus, ReportType
from index.store import ChunkFilter

# Lemmas that name a kind of passage.
KIND_WORDS: dict[str, tuple[ChunkKind, ...]] = {
    "aktivitet": (ChunkKind.ACTIVITY,),
    "uppdrag": (ChunkKind.ACTIVITY,),
    "mål": (ChunkKind.GOAL,),
    "nämndmål": (ChunkKind.GOAL,),
    "kf-mål": (ChunkKind.GOAL,),
    "målet": (ChunkKind.GOAL,),
    "indikator": (ChunkKind.INDICATOR,),
    "nyckeltal": (ChunkKind.INDICATOR,),
    "analys": (ChunkKind.ANALYSIS, ChunkKind.GOAL),
}
DEVIATION_WORDS = frozenset({"avvikelse", "avvika", "avvikande", "avviker", "försenad", "försena", "försening"})
REPORT_TYPE_WORDS: dict[str, tuple[ReportType, ...]] = {
    "verksamhetsberättelse": (ReportType.VERKSAMHETSBERATTELSE,),
    "årsredovisning": (ReportType.VERKSAMHETSBERATTELSE,),
    "verksamhetsplan": (ReportType.VERKSAMHETSPLAN,),
    "avstämning": (ReportType.AVSTAMNING,),
    "tertialrapport": (ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2),
}
# Question words and glue that say nothing about the topic.
QUESTION_WORDS = frozenset(
    "vilka vilken vilket vad hur när var varför finns finnas har hade ha går gå gick det den de om på i med "
    "för till av och eller som är vara blev bli ska skulle kan kunna ge lista visa alla allt något några "
    "sägs säga säger står stå skriver skriva rapport rapporten rapporter rapporterna status läge läget "
    "arbete arbetet arbetar gör göra görs gjort uppfylls uppfyllas uppfylld uppfyllt uppfyllda uppnås "
    "inte ej helt delvis år året under tertial nämnd nämnden nämnder stadsdelsnämnd stadsdelsnämnden".split()
)
_PERIOD = re.compile(r"\b(?:t|tertial(?:rapport)?\s*)([123])\b(?:\s+((?:19|20)\d{2}))?", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_TOKEN = re.compile(r"[0-9A-Za-zÅÄÖåäöÉé][\w-]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Query:
    """A question read into filters and a topic."""

    text: str
    topic: str  # the words the passages must be about ("pandemin"); may be empty
    kinds: tuple[ChunkKind, ...] | None = None
    deviation: bool | None = None
    statuses: tuple[GoalStatus, ...] | None = None
    namnd: str | None = None
    years: tuple[int, ...] | None = None
    periods: tuple[str, ...] | None = None
    report_types: tuple[ReportType, ...] | None = None
    is_list: bool = False  # "vilka aktiviteter har avvikelser …": every matching record, not a top-k
    notes: tuple[str, ...] = field(default=())  # how words were read, for the interpretation line

    def filter(self) -> ChunkFilter:
        return ChunkFilter(
            kinds=self.kinds,
            deviation=self.deviation,
            statuses=self.statuses,
            namnd=self.namnd,
            years=self.years,
            periods=self.periods,
            report_types=self.report_types,
        )

    def interpretation(self) -> dict:
        """The reading shown with every answer (and the JSON `interpretation`)."""
        return {
            "kind": [k.value for k in self.kinds] if self.kinds else None,
            "deviation": self.deviation,
            "status": [s.value for s in self.statuses] if self.statuses else None,
            "namnd": self.namnd,
            "year": list(self.years) if self.years else None,
            "period": list(self.periods) if self.periods else None,
            "report_type": [t.value for t in self.report_types] if self.report_types else None,
            "topic": self.topic or None,
            "list": self.is_list,
        }


@dataclass(frozen=True, slots=True)
class Filters:
    """Explicit filters (CLI options, API parameters); each set field overrides the question's reading."""

    kinds: tuple[ChunkKind, ...] | None = None
    deviation: bool | None = None
    statuses: tuple[GoalStatus, ...] | None = None
    namnd: str | None = None
    years: tuple[int, ...] | None = None
    periods: tuple[str, ...] | None = None
    report_types: tuple[ReportType, ...] | None = None


def understand(
    text: str, namnder: Sequence[str] = (), filters: Filters | None = None, years: Sequence[int] = ()
) -> Query:
    """Read a Swedish question.

    `namnder` are the nämnder in the index (to resolve "Norrmalm", "KS") and `years` the years
    it has reports of: a year it does not have is part of the topic ("klimatpositiv 2030").
    """
    lower = " ".join(text.lower().split())
    consumed: set[int] = set()  # token indexes that set a filter
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    lemmas = [lemma(t) for t, _ in tokens]
    notes: list[str] = []

    kinds: list[ChunkKind] = []
    deviation = None
    report_types: list[ReportType] = []
    for i, word in enumerate(lemmas):
        if word in KIND_WORDS and word not in {"analys"}:
            kinds += [k for k in KIND_WORDS[word] if k not in kinds]
            consumed.add(i)
        elif word in DEVIATION_WORDS or tokens[i][0].lower().startswith("avvik"):
            deviation = True
            consumed.add(i)
        elif word in REPORT_TYPE_WORDS:
            report_types += [t for t in REPORT_TYPE_WORDS[word] if t not in report_types]
            consumed.add(i)
        elif word == "analys":
            kinds += [k for k in KIND_WORDS[word] if k not in kinds]
            consumed.add(i)

    statuses = _statuses(lower)
    periods, asked_years = _periods_and_years(lower, years)
    if periods and report_types == [ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2]:
        report_types = []  # "tertialrapport 2" is said by the period
    namnd = _namnd(tokens, lemmas, namnder, consumed, notes)
    for i, (word, _) in enumerate(tokens):
        if (_YEAR.fullmatch(word) and asked_years and int(word) in asked_years) or re.fullmatch(r"[tT][123]", word):
            consumed.add(i)
        if word in {"1", "2", "3"} and i and lemmas[i - 1] in {"tertial", "tertialrapport"}:
            consumed.add(i)

    topic_words = [
        word
        for i, (word, _) in enumerate(tokens)
        if i not in consumed and word.lower() not in QUESTION_WORDS and lemmas[i] not in QUESTION_WORDS
    ]
    topic = " ".join(topic_words)
    is_list = (bool(kinds) and (deviation is True or bool(statuses))) or lower.startswith(("vilka", "lista", "alla"))
    query = Query(
        text=text,
        topic=topic,
        kinds=tuple(kinds) or None,
        deviation=deviation,
        statuses=statuses,
        namnd=namnd,
        years=asked_years,
        periods=periods,
        report_types=tuple(report_types) or None,
        is_list=is_list,
        notes=tuple(notes),
    )
    return _override(query, filters) if filters else query


def _override(query: Query, filters: Filters) -> Query:
    changes = {name: getattr(filters, name) for name in Filters.__slots__ if getattr(filters, name) is not None}
    return replace(query, **changes)


def _statuses(lower: str) -> tuple[GoalStatus, ...] | None:
    if not re.search(r"uppfyll|uppnå|uppnått|nås\b|når\b", lower):
        return None
    if re.search(r"\b(inte|ej|icke)\b", lower):
        return (GoalStatus.INTE,)
    if "delvis" in lower:
        return (GoalStatus.DELVIS,)
    if "helt" in lower:
        return (GoalStatus.HELT,)
    return None


def _periods_and_years(lower: str, known: Sequence[int]) -> tuple[tuple[str, ...] | None, tuple[int, ...] | None]:
    periods, years = [], []
    for match in _PERIOD.finditer(lower):
        periods.append(f"T{match.group(1)}")
        if match.group(2):
            years.append(int(match.group(2)))
    years += [int(y) for y in _YEAR.findall(lower) if int(y) not in years]
    if known:
        years = [y for y in years if y in known]
    return (tuple(dict.fromkeys(periods)) or None), (tuple(years) or None)


def _namnd(
    tokens: list[tuple[str, int]], lemmas: list[str], namnder: Sequence[str], consumed: set[int], notes: list[str]
) -> str | None:
    """The nämnd a question names, resolved against the nämnder in the index."""
    known = {canonical_body(n): n for n in namnder}
    places = {p.lower(): p for p in PLACES}
    for i, (word, _) in enumerate(tokens):
        lower = word.lower()
        if word in ("KS",) or lemmas[i] in ("kommunstyrelse", "kommunstyrelsen"):
            consumed.add(i)
            return known.get("kommunstyrelse", "Kommunstyrelsen")
        body = canonical_body(lower)
        if body in known:
            consumed.add(i)
            return known[body]
        place = lower[:-1] if lower.endswith("s") and lower[:-1] in places else lower
        if place in places:
            for canonical, name in known.items():
                if canonical.startswith(place):
                    consumed.add(i)
                    if i + 1 < len(tokens) and tokens[i + 1][0].lower().startswith("stadsdelsnämnd"):
                        consumed.add(i + 1)
                    notes.append(f"{word} → {name}")
                    return name
    return None
