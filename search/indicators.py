"""Indicator rows as answers: the values the parser read, and whether each meets its target.

An indicator passage carries its row's values as fields (`index.parse.chunker`); this module reads them
back into `IndicatorRow`s, decides `met` with one direction-aware rule, filters the rows (name,
nämnd, year, period, met) and says when a question asks for them ("vilka indikatorer når inte
årsmålet", "hur har sjukfrånvaron utvecklats").

The rule (`met`): an indicator that improves as it rises meets its target when the outcome is at
or above it; one that improves as it falls (sjukfrånvaro, vräkningar: `index.parse.indicators.
lower_is_better`) when the outcome is at or below it. Where the indicator's Analys says whether
the target was met ("Målet uppnås ej": `index.parse.verdict`), the report's word decides: a name
does not always tell the direction. The target is the nämnd's årsmål, or KF:s
årsmål where the nämnd sets none. Without a numeric outcome or target there is no answer (None),
never a guess. A tertial's outcome is compared as reported: "0 of 8 feriejobb" in T1 has not
met the årsmål (yet), and the row says which period it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from index.nlp.compounds import split_compound
from index.nlp.lemmas import lemma
from index.parse.indicators import lower_is_better
from index.parse.records import ChunkKind, Citation, IndicatorValues
from index.parse.verdict import stated_met, traffic_light
from index.store import ChunkFilter, Store, StoredChunk
from search.query import ENGLISH_NEGATION, WORD, Query, may_name_subject

__all__ = [
    "Direction",
    "IndicatorFilter",
    "IndicatorRow",
    "asks_for_indicators",
    "indicator_row",
    "indicator_rows",
    "indicators_for_question",
    "met",
]


class Direction(StrEnum):
    """Which way an indicator improves."""

    HIGHER = "högre är bättre"
    LOWER = "lägre är bättre"


class Target(StrEnum):
    """Which target `met` compared with."""

    ARSMAL = "årsmål"
    KF = "KF:s årsmål"


def met(outcome: float | None, target: float | None, direction: Direction, *, band: bool = False) -> bool | None:
    """Whether `outcome` meets `target` for an indicator that improves in `direction`; a band target
    ("+/- 1 %", `IndicatorValues.band`) is met within its width, of either sign.

    None when either is missing: an indicator without a numeric outcome or target has no answer.

    >>> met(2.5, 2.0, Direction.LOWER)  # sjukfrånvaro 2,5 % against an årsmål of 2 %
    False
    >>> met(86, 82, Direction.HIGHER)
    True
    >>> met(-2.0, 1.0, Direction.HIGHER, band=True), met(-0.5, 1.0, Direction.HIGHER, band=True)
    (False, True)
    """
    if outcome is None or target is None:
        return None
    if band:
        return abs(outcome) <= target
    return outcome <= target if direction is Direction.LOWER else outcome >= target


def direction_of(name: str) -> Direction:
    """The indicator's direction, from its name (`index/data/indicator_direction.txt`).

    Read here from the name, not from the flag stored at indexing, so that a line added to the
    data file holds for reports indexed before it.
    """
    return Direction.LOWER if lower_is_better(name) else Direction.HIGHER


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator row of one report, its target and whether it is met; its figures as the parser
    read them, and which report and goal, in its citation."""

    indicator: str
    values: IndicatorValues
    direction: Direction
    met: bool | None
    compared_with: Target | None  # the target `met` was decided against
    passage_id: str
    citation: Citation
    # Whether `met` is the report's own word (its Analys: "Målet uppnås ej"), not the figures read with
    # the direction. Of the corpus's 17 rows whose Analys says it and that have both figures, 16 agree
    # with the figures; the 17th ("Antal personal en hemtjänsttagare … möter", 12,1 against 10)
    # improves as it falls, which its name does not say.
    stated: bool = False
    # A count in a tertial report ("Antal …", in st): it grows through the year, so the tertial's figure
    # says nothing of the årsmål, and `met` is None until the year's report (the Analys may still say).
    early: bool = False
    # A tertial report's row judged by its "Prognos helår": the report's own forecast for the year
    # against the årsmål. A new user read T2 2021's feriejobb (utfall 0, prognos 0, årsmål 8) as
    # "bedöms vid helår", where the report says the target "bedöms inte kunna nås".
    by_forecast: bool = False
    # The Analys opens with "(Gul)": the city's light for partly met. Counted as not met, and said to be
    # partly (trial 29 read "når inte årsmålet (enligt rapportens analys)" as the report's "not met").
    partly: bool = False

    @property
    def basis(self) -> str:
        """What `met` rests on, in words: the report's Analys, a direction known from the indicator's
        name (`index/data/indicator_direction.txt`), or the assumption that higher is better."""
        if self.stated:
            return "enligt rapportens analys: Gul" if self.partly else "enligt rapportens analys"
        if self.values.band:
            return "ett spann kring noll: inom målet åt båda hållen"
        if _POINT_TARGET.search(self.indicator):
            return "ingen riktning: närmast målet är bäst"
        return self.direction.value if self.direction is Direction.LOWER else f"antaget: {self.direction.value}"


def counted_over_the_year(name: str, unit: str | None) -> bool:
    """A count ("Antal …", in st) grows through the year: a tertial's count says nothing of the årsmål."""
    return unit == "st" or name.lower().startswith("antal")


def indicator_row(stored: StoredChunk) -> IndicatorRow:
    """The row an indicator passage holds, from its fields (never from its text's figures)."""
    chunk = stored.chunk
    if chunk.kind is not ChunkKind.INDICATOR:
        raise ValueError(f"passage {chunk.id} is a {chunk.kind.value}, not an indicator")
    values = chunk.values or IndicatorValues()
    name = chunk.title.strip()
    direction = direction_of(name)
    outcome, target, kf_target = values.outcome, values.target, values.kf_target
    compared = Target.ARSMAL if target is not None else (Target.KF if kf_target is not None else None)
    stated = stated_met(chunk.analysis or "")
    tertial = stated is None and (chunk.citation.period or "").upper() in ("T1", "T2")
    goal = target if target is not None else kf_target
    # The årsmål is the year's: where a tertial gives its forecast for the year, that is judged, not the
    # period's figure. A new user found T1 2020's "Sjukfrånvaro dag 1-14" (0,8 % so far, prognos 1,2 %,
    # årsmål 1 %) reported as reaching its target; of the two tertials' 13 rows with a forecast and a
    # target, it is the one whose verdict this changes.
    by_forecast = tertial and values.forecast is not None and goal is not None
    early = tertial and not by_forecast and counted_over_the_year(name, values.unit)
    judged = (
        met(values.forecast if by_forecast else outcome, goal, direction, band=values.band)
        if not early and not _zero_assumed(values, direction) and not _POINT_TARGET.search(name)
        else None
    )
    return IndicatorRow(
        indicator=name,
        values=values,
        direction=direction,
        met=stated if stated is not None else judged,
        compared_with=compared,
        passage_id=chunk.id,
        citation=chunk.citation,
        stated=stated is not None,
        early=early,
        by_forecast=by_forecast,
        partly=stated is False and traffic_light(chunk.analysis or "") == "gul",
    )


# A measure whose target is a point to be near, in either direction: budget adherence of 100 % is
# spending the budget exactly, and 100,5 % is an overspend as 96,1 % is an underspend. The figures
# alone judge it in neither direction (T1 2020's 100,5 % had "når årsmålet (antaget: högre är
# bättre)"); the report's Analys does where it says (Norrmalm 2021: "uppnås delvis").
_POINT_TARGET = re.compile(r"\bbudgetföljsamhet", re.IGNORECASE)


def _zero_assumed(values: IndicatorValues, direction: Direction) -> bool:
    """A target of 0 with the direction assumed (higher, the name not on the list). It means "none"
    only where less is better; read as higher is better, any outcome meets it. A new user saw "Andel
    smarta lås i hemtjänsten · utfall 100 % · årsmål 0 % · når årsmålet" where the report says the
    result is 0: such a row is not judged by its figures."""
    goal = values.target if values.target is not None else values.kf_target
    return goal == 0 and direction is Direction.HIGHER


@dataclass(frozen=True, slots=True)
class IndicatorFilter:
    """Which rows to list. None means any; `name` matches words of the indicator's name."""

    name: str | None = None
    namnd: str | None = None  # as the index spells it (resolve loose names first: search.names)
    years: tuple[int, ...] | None = None
    periods: tuple[str, ...] | None = None
    met: bool | None = None
    without_target: bool = False  # only rows with no årsmål as a figure ("vilka indikatorer saknar årsmål")


_PERIOD_ORDER = {"T1": 1, "T2": 2, "T3": 3, "helår": 4}


def indicator_rows(store: Store, where: IndicatorFilter = IndicatorFilter()) -> list[IndicatorRow]:
    """Every indicator row the filter admits, by year, period, nämnd and place in the report.

    The rows are read once per generation of the store (`per_generation`) and filtered here: a
    question that asks for them (every "hur har … utvecklats") had read and parsed every indicator
    passage again, 40 % of a search's time at 100× the corpus (`make profile`)."""
    every = _rows(store)
    rows = [
        r
        for r in every
        if (where.namnd is None or r.citation.namnd == where.namnd)
        and (where.years is None or r.citation.year in where.years)
        and (where.periods is None or r.citation.period in where.periods)
    ]
    if where.name:
        rows = [r for r in rows if name_matches(where.name, r.indicator)]
    if where.met is not None:
        rows = [r for r in rows if r.met is where.met]
    if where.without_target:
        # No årsmål of the nämnd's own (its column), whatever the council's: trial 30 counted T1 2020's
        # rows with only "KF:s årsmål" among those that lack one, as the column shows "–".
        rows = [r for r in rows if r.values.target is None]
    return rows


def _name_terms(store: Store) -> dict[str, frozenset[str]]:
    return {r.indicator: _terms(r.indicator) for r in _rows(store)}


def _rows(store: Store) -> list[IndicatorRow]:
    return store.per_generation("indicator-rows", lambda: _all_rows(store))


def _all_rows(store: Store) -> list[IndicatorRow]:
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.INDICATOR,)))
    return sorted((indicator_row(s) for s in store.chunks(rowids)), key=_chronological)


def _chronological(row: IndicatorRow) -> tuple:
    c = row.citation
    return (c.year or 0, _PERIOD_ORDER.get(c.period or "", 0), c.namnd, c.file, c.line_start)


def name_matches(wanted: str, name: str) -> bool:
    """`wanted` is in the name as text ("dag 1-14"), or each of its words is, as a lemma or a compound
    part ("sjukfrånvaron" finds "Sjukfrånvaro dag 1-14"; "bistånd" finds "ekonomiskt bistånd")."""
    if " ".join(wanted.lower().split()) in " ".join(name.lower().split()):
        return True
    asked = _terms(wanted)
    return bool(asked) and asked <= _terms(name)


# Reading a question. The words are the indicator tables' own column headers (Årsmål, KF:s årsmål,
# Periodens utfall) and the everyday words for a target value: a question that names them asks for
# the rows, whichever nämnd or year. Lemmas, as `search.query` reads the question.
TARGET_WORDS = frozenset({"årsmål", "målvärde", "målnivå", "utfall", "utfalla", "kf:s"})  # "utfallet" → utfalla
# Asking how a measure changed over time; with a topic that names an indicator (sjukfrånvaro), the
# rows over the years are the answer.
DEVELOPMENT_WORDS = frozenset({"utveckla", "utvecklas", "utvecklats", "utveckling", "förändra", "förändring", "trend"})
# Reaching a target: the verbs `search.query` reads as a goal's status, and "klara"/"missa".
_REACH = re.compile(
    r"\b(?:uppfyll\w*|uppnå\w*|nå|når|nås|nått|nåtts|nådde|nåddes|klarar|klarade|klarades|klara[rt]?)\b"
)
_MISS = re.compile(r"\b(?:missa\w*|underskrid\w*)\b")
_NEGATION = re.compile(r"\b(?:inte|ej|icke)\b")
# The same in English, for a question in English that names indicators.
_EN_REACH = re.compile(r"\b(?:met|meet|meets|meeting|reach\w*|achiev\w*|hit)\b")
_EN_MISS = re.compile(r"\b(?:miss|missed|misses|missing|fail\w*|short\s+of)\b")


def asks_for_indicators(query: Query) -> bool:
    """Whether a question asks for indicator rows: it asks for indicators (the kind word, or a compound
    headed by it), names a target column (årsmål, utfall, målvärde), or asks how a measure developed."""
    if query.kinds and ChunkKind.INDICATOR in query.kinds:
        return True  # in English too: "which indicators did Norrmalm miss" (`query.ENGLISH_KIND_WORDS`)
    if query.language == "en":
        # A target named in English is read by the glossary as the reports' "årsmål" (a new user's "which
        # sick leave targets were not met" had its rows but no verdicts, where the Swedish got the table).
        return any(set(term.about) & TARGET_WORDS for term in query.terms)
    if query.language != "sv":
        return False
    lemmas = {t for term in query.terms for t in term.about} | _terms(query.text)
    return bool(lemmas & TARGET_WORDS) or bool(lemmas & DEVELOPMENT_WORDS)


# A target asked for as missing: "saknar årsmål", "utan något årsmål", "årsmål saknas", "no target",
# "without an annual target". Before the misses: English "missing a target" is no target missed.
_NO_TARGET = re.compile(
    r"\b(?:saknar|saknas|saknade|utan|inget|ingen)\s+(?:\w+\s+){0,2}?(?:årsmål|målvärde)\w*"
    r"|\b(?:årsmål|målvärde)\w*\s+(?:saknas|saknades)\b"
    r"|\b(?:no|without|missing|lacks?|lacking)\s+(?:an?\s+|any\s+)?(?:annual\s+)?targets?\b"
)


def asked_without_target(text: str) -> bool:
    """Whether a question asks for the rows that have no target ("vilka indikatorer saknar årsmål"):
    a new user's got 37 rows, most with one, as no row's name holds "saknar"."""
    return bool(_NO_TARGET.search(" ".join(text.lower().split())))


def asked_met(text: str) -> bool | None:
    """Whether a question asks for rows that meet their target (True), miss it (False), or either;
    in Swedish or English ("vilka indikatorer når inte årsmålet", "which indicators missed their target")."""
    lower = " ".join(text.lower().split())
    if _MISS.search(lower) or _EN_MISS.search(lower):
        return False
    verb = _REACH.search(lower) or _EN_REACH.search(lower)
    if not verb:
        return None
    near = lower[max(0, verb.start() - 20) : verb.end() + 20]
    return not (_NEGATION.search(near) or ENGLISH_NEGATION.search(near))


def indicators_for_question(store: Store, query: Query) -> tuple[IndicatorRow, ...] | None:
    """The indicator table that answers a question, or None when it asks for none.

    Rows are filtered by the question's nämnd, years and periods, by met / not met when it asks,
    and by the topic words left once the kind, target, reach and development words are set aside:
    "hur har sjukfrånvaron utvecklats" lists the Sjukfrånvaro rows; "vilka indikatorer når inte
    årsmålet" every row that misses it. A question that does not name indicators gets a table only
    where some row matches ("hur har budgeten utvecklats" gets none); one that names them gets
    its table even when empty, so that the page can say that no row matches, unless the reports
    asked for have no rows at all (the 2024 avstämning prints none): then the passages answer.
    """
    if not asks_for_indicators(query):
        return None
    kind_asked = bool(query.kinds and ChunkKind.INDICATOR in query.kinds)
    set_aside = TARGET_WORDS | DEVELOPMENT_WORDS | _SET_ASIDE
    topic = [term for term in query.terms if not set(term.about) & set_aside]
    without = asked_without_target(query.text)
    where = IndicatorFilter(
        namnd=query.namnd,
        years=query.years,
        periods=query.periods,
        met=None if without else asked_met(query.text),
        without_target=without,
    )
    table = indicator_rows(store, where)
    if not table:
        return None  # no report asked for has indicator rows (the 2024 avstämning): the passages answer
    # A word common in everyday Swedish that no row's name holds phrases the question ("vilka
    # indikatorer om feriejobb följer kommunstyrelsen upp": "följer"), as for the search
    # (`may_name_subject`): required, it emptied the table above the three rows that answer. Only
    # beside a word that rows do name: "hur har budgeten utvecklats" names no row at all. A rare
    # word no row names is still the subject, and no row is about it.
    # Each name read once (an archive repeats its measures' names in every report): at 100× the
    # corpus, reading every row's name per question was 40 % of an indicator question's time.
    terms_of = _names_terms(store)
    names = {r.indicator for r in table}
    named = frozenset().union(*(terms_of[n] for n in names))
    kept = [term for term in topic if named & set(term.about) or may_name_subject(term)]
    if any(named & set(term.about) for term in kept):
        topic = kept
    about = {n for n in names if _about(terms_of[n], topic)}
    rows = [r for r in table if r.indicator in about]
    if not kind_asked and not rows:
        return None
    return tuple(rows)


# Words of a question that name no indicator: the kind words and the verbs of reaching a target.
_SET_ASIDE = frozenset(
    {"indikator", "nyckeltal", "mål", "målet", "nå", "uppnå", "uppfylla", "klara", "missa", "sakna", "saknas"}
)


def _about(have: frozenset[str], topic: Sequence) -> bool:
    """Every topic word is in the indicator's name, as a lemma, a synonym or a compound part; of
    words asked about together ("feriejobb och praktikplatser"), one is enough: no row names both,
    and a new user was told that no indicator has the question's words above the three that do.
    `have` is the name's terms (`_terms`)."""
    together = [term for term in topic if term.coordinated]
    alone = [term for term in topic if not term.coordinated]
    return all(have & set(term.about) for term in alone) and (
        not together or any(have & set(term.about) for term in together)
    )


@lru_cache(maxsize=8192)
def _terms(text: str) -> frozenset[str]:
    """Lemmas and compound parts of a name or a question, word by word as the index lemmatises them
    (no spaCy pipeline: a one-question process never loads it); cached, as an index has a few
    hundred names read on every question."""
    words = WORD.findall(text)
    return frozenset(lemma(w) for w in words) | frozenset(p for w in words for p in split_compound(w))


def rows_by_indicator(rows: Iterable[IndicatorRow]) -> dict[str, list[IndicatorRow]]:
    """Rows grouped under their indicator's name (case and spacing aside), in their order."""
    out: dict[str, list[IndicatorRow]] = {}
    for row in rows:
        out.setdefault(" ".join(row.indicator.lower().split()), []).append(row)
    return out


def value_text(value: float | None, unit: str | None, note: str | None = None, *, band: bool = False) -> str:
    """A value as the reports print it: "2,5 %", "9 000 st", a band "+/- 1 %"; a cell of words as
    printed ("Tas fram av nämnd/styrelse"); "–" where there is neither."""
    if value is None:
        return note or "–"
    number = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    text = f"{number} {unit}" if unit else number
    return f"+/- {text}" if band else text


def met_label(row: IndicatorRow) -> str:
    """Whether a row meets its target, in words: "når årsmålet", "når inte KF:s årsmål", "kan inte bedömas"."""
    if row.early:
        return "bedöms vid helår (ett antal som räknas över året)"
    if row.met is None:
        if row.values.outcome is not None and _zero_assumed(row.values, row.direction):
            return "kan inte bedömas (målet 0, och riktningen är antagen)"
        if row.values.outcome is not None and _POINT_TARGET.search(row.indicator):
            return "kan inte bedömas (målet är en punkt att ligga nära, åt båda hållen)"
        return "kan inte bedömas (utfall eller mål saknas)"
    target = _DEFINITE.get(row.compared_with, "målet")
    verdict = f"når {target}" if row.met else f"når delvis {target}" if row.partly else f"når inte {target}"
    return f"{verdict} enligt prognosen för helåret" if row.by_forecast and not row.stated else verdict


_DEFINITE = {Target.ARSMAL: "årsmålet", Target.KF: "KF:s årsmål"}


def same_indicator(rows: Sequence[IndicatorRow], name: str) -> list[IndicatorRow]:
    """The rows of the one indicator `name` names: those named exactly so (case and spacing aside), else
    the indicator with most rows among them ("sjukfrånvaron" → Sjukfrånvaro, not Sjukfrånvaro dag 1-14)."""
    groups = rows_by_indicator(rows)
    wanted = " ".join(name.lower().split())
    if wanted in groups:
        return groups[wanted]
    return max(groups.values(), key=lambda g: (len(g), -len(g[0].indicator))) if groups else []


def prepare(store: Store) -> None:
    """Read the store generation's indicator rows and their names' terms now (`Searcher.warm`)."""
    _names_terms(store)


def _names_terms(store: Store) -> dict[str, frozenset[str]]:
    return store.per_generation("indicator-name-terms", lambda: _name_terms(store))
