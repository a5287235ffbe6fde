"""Rule-based Swedish entities with spaCy's EntityRuler over `spacy.blank("sv")`.

No trained Swedish pipeline exists offline, and the entities that matter in these reports
are regular: bodies end in -nämnden / -styrelsen / -förvaltningen / -kontoret, bolag in AB,
places come from the city's own list, and dates, periods, amounts, goal numbers and
statuses have fixed shapes. Each entity also gets a normalised value (`norm`): a canonical
name, an ISO date, a period "T2 2021", an amount in SEK, a goal number, a status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy itself is imported when the pipeline is first built: searching needs none of it
    from spacy.language import Language
    from spacy.tokens import Span

from index.nlp.gazetteer import BOLAG, PLACES
from index.parse.numbers import parse_number
from index.parse.records import GoalStatus

MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()
UNITS_SEK = {
    "kr": 1.0, "kronor": 1.0, "sek": 1.0, "tkr": 1e3, "ksek": 1e3,
    "mnkr": 1e6, "mkr": 1e6, "msek": 1e6, "mdkr": 1e9, "mdr": 1e9,
}  # fmt: skip
WORD_UNITS = {"tusen": 1e3, "miljoner": 1e6, "miljon": 1e6, "miljarder": 1e9, "miljard": 1e9}

TERTIALS = ["1", "2", "3"]
TERTIAL_WORDS = ["tertial", "tertialrapport"]
REACHED = ["uppfyllt", "uppfyllda", "uppnått"]
_YEAR = r"^(19|20)\d{2}$"
_NUMBER_HEAD = r"^[-−–]?\d{1,3}(,\d+)?$|^[-−–]?\d+(,\d+)?$"
_FORVALTNING = (
    r"^(stadsdels|utbildnings|social|kultur|miljö|äldre|arbetsmarknads|idrotts|service|trafik|"
    r"överförmyndar|förskole|fastighets|exploaterings|stadsbyggnads)förvaltning(en|ens)?$"
)
_KONTOR = r"^(stadslednings|fastighets|exploaterings|stadsbyggnads|trafik|revisions|miljö)kontor(et|ets)?$"


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity in a text: its label, words, normalised value and character span."""

    label: str
    text: str
    norm: str
    start: int
    end: int


def _patterns() -> list[dict]:
    year = {"TEXT": {"REGEX": _YEAR}}
    place_genitives = [p.lower() + "s" for p in PLACES if " " not in p]
    patterns: list[dict] = [
        # Bodies: "servicenämnden", "stadsdelsnämnderna", "Norrmalms stadsdelsnämnd", "kommunstyrelsen", "KS".
        {"label": "NAMND", "pattern": [{"LOWER": {"REGEX": r"^[a-zåäö]+nämnd(en|ens|er|erna|ernas|s)?$"}}]},
        {
            "label": "NAMND",
            "pattern": [{"LOWER": {"IN": place_genitives}}, {"LOWER": {"REGEX": r"^stadsdelsnämnd(en|s|ens)?$"}}],
        },
        {"label": "NAMND", "pattern": [{"LOWER": {"REGEX": r"^(kommun|koncern)styrelse(n|ns)?$"}}]},
        {"label": "NAMND", "pattern": [{"LOWER": {"REGEX": r"^kommunfullmäktiges?$"}}]},
        {"label": "NAMND", "pattern": [{"TEXT": {"IN": ["KS", "KF"]}}]},
        {"label": "FORVALTNING", "pattern": [{"LOWER": {"REGEX": _FORVALTNING}}]},
        {"label": "FORVALTNING", "pattern": [{"LOWER": {"REGEX": _KONTOR}}]},
        {
            "label": "FORVALTNING",
            "pattern": [{"LOWER": {"IN": place_genitives}}, {"LOWER": {"REGEX": r"^stadsdelsförvaltning(en)?$"}}],
        },
        # Bolag: the city's list, and any run of capitalised words ending in "AB".
        *({"label": "BOLAG", "pattern": name} for name in BOLAG),
        {"label": "BOLAG", "pattern": [{"IS_TITLE": True, "OP": "{1,4}"}, {"TEXT": {"REGEX": r"^AB(:s)?$"}}]},
        *({"label": "PLACE", "pattern": name} for name in PLACES),
        {"label": "PLACE", "pattern": [{"LOWER": {"IN": place_genitives}}]},
        # Dates and periods.
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^(19|20)\d{2}-[01]\d-[0-3]\d$"}}]},
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^[0-3]?\d$"}}, {"LOWER": {"IN": MONTHS}}, year]},
        {"label": "DATE", "pattern": [{"LOWER": {"IN": MONTHS}}, year]},
        {"label": "PERIOD", "pattern": [{"TEXT": {"REGEX": r"^T[123]$"}}, year]},
        {"label": "PERIOD", "pattern": [{"LOWER": {"IN": TERTIAL_WORDS}}, {"TEXT": {"IN": TERTIALS}}, year]},
        {"label": "PERIOD", "pattern": [{"LOWER": {"IN": ["år", "året", "budgetår", "verksamhetsåret"]}}, year]},
        # Amounts: "12,5 mnkr", "1 200 tkr", "-7,0 mnkr", "3 miljoner kronor".
        {
            "label": "AMOUNT",
            "pattern": [
                {"TEXT": {"REGEX": _NUMBER_HEAD}},
                {"TEXT": {"REGEX": r"^\d{3}(,\d+)?$"}, "OP": "*"},
                {"LOWER": {"IN": list(WORD_UNITS)}, "OP": "?"},
                {"LOWER": {"IN": list(UNITS_SEK)}},
            ],
        },
        # Goal numbers: "1.2.1" always; "1.2" only after a word for goal ("mål 1.2", "nämndmål 3.1").
        {"label": "GOAL", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}\.\d{1,2}$"}}]},
        {
            "label": "GOAL",
            "pattern": [{"LOWER": {"REGEX": r"mål(et|en)?$"}}, {"TEXT": {"REGEX": r"^\d{1,2}(\.\d{1,2})?$"}}],
        },
        # Statuses of goals, as the reports write them.
        {
            "label": "STATUS",
            "pattern": [
                {"LOWER": {"IN": ["uppfylls", "uppfylldes", "uppfyllas", "uppnås", "uppnåddes"]}},
                {"LOWER": {"IN": ["helt", "delvis", "inte", "ej"]}},
            ],
        },
        {"label": "STATUS", "pattern": [{"LOWER": {"IN": ["helt", "delvis"]}}, {"LOWER": {"IN": REACHED}}]},
        {"label": "STATUS", "pattern": [{"LOWER": {"IN": ["ej", "inte"]}}, {"LOWER": {"IN": [*REACHED, "bedömd"]}}]},
    ]  # fmt: skip
    return patterns


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared pipeline: Swedish tokenizer and the entity rules (built once per process)."""
    import spacy

    pipeline = spacy.blank("sv")
    ruler = pipeline.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(_patterns())
    return pipeline


def entities_of(doc) -> list[Entity]:
    """The entities of a processed doc, each with its normalised value."""
    return [Entity(ent.label_, ent.text, normalise(ent), ent.start_char, ent.end_char) for ent in doc.ents]


def normalise(span: Span) -> str:
    """A comparable value for an entity: canonical name, ISO date, "T2 2021", SEK, goal number, status."""
    label, text = span.label_, span.text
    if label == "AMOUNT":
        sek = amount_sek(text)
        return "" if sek is None else f"{sek:.0f}"
    if label == "DATE":
        return _iso_date(text)
    if label == "PERIOD":
        return _period(text)
    if label == "GOAL":
        return text.split()[-1]
    if label == "STATUS":
        status = GoalStatus.parse(text)
        return status.value if status else text.lower()
    if label in ("NAMND", "FORVALTNING"):
        if text in ("KS", "KF"):
            return {"KS": "kommunstyrelse", "KF": "kommunfullmäktige"}[text]
        return canonical_body(text)
    return text.lower()


_BODY_ENDINGS = re.compile(
    r"(nämnd)(en|ens|er|erna|ernas|s)$|(styrelse)(n|ns|r|rna)$|(förvaltning)(en|ens|ar|arna)$|(kontor)(et|ets)$"
)


def canonical_body(name: str) -> str:
    """A body's name in base form: "Servicenämnden" → "servicenämnd", "Norrmalms stadsdelsnämnd" unchanged."""
    words = name.lower().split()
    if not words:
        return ""
    words[-1] = _BODY_ENDINGS.sub(lambda m: next(g for g in m.groups() if g), words[-1])
    return " ".join(words)


def amount_sek(text: str) -> float | None:
    """ "12,5 mnkr" → 12 500 000; "1 200 tkr" → 1 200 000; None when it is not an amount."""
    words = text.lower().split()
    if not words or words[-1] not in UNITS_SEK:
        return None
    scale = UNITS_SEK[words[-1]]
    number_words = words[:-1]
    if number_words and number_words[-1] in WORD_UNITS:
        scale *= WORD_UNITS[number_words.pop()]
    value, _ = parse_number(" ".join(number_words))
    return None if value is None else value * scale


def _iso_date(text: str) -> str:
    words = text.lower().split()
    if len(words) == 1:
        return words[0]
    if len(words) == 3:
        day, month, year = words
        return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
    month, year = words
    return f"{year}-{MONTHS.index(month) + 1:02d}"


def _period(text: str) -> str:
    match = re.search(r"\b(?:T|tertial(?:rapport)?\s+)([123])\s+((?:19|20)\d{2})", text, re.IGNORECASE)
    if match:
        return f"T{match.group(1)} {match.group(2)}"
    return text.split()[-1]
