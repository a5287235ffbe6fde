"""A question → a structured query: language, filters (hard) and preferences (soft), topic terms.

"vilka aktiviteter har avvikelser om pandemin" → kind activity, deviation, topic "pandemin".

- Words that set a filter are taken out of the topic; the rest, less spaCy's Swedish stop words,
  is the topic. Topic words are weighed by how rare they are in the index (idf, in the engine),
  never all required: a word that names no topic cannot empty an answer.
- A cue is a hard filter only where it is unambiguous for the kind of passage asked for, and the
  index has passages of that kind that carry the field (`IndexFacts`): "vilka indikatorer når
  inte årsmålet" sets no status, since indicators have none. Otherwise it is a preference that
  ranks matching passages higher ("försening" in a topic question).
- A misspelt word is corrected against the index's words (`spelling.py`) and shown.
- An English question is not read with Swedish rules: only names, years and periods (which are
  the same in both languages) are read; its words go to the multilingual dense side alone.
- A question that names two or more years or nämnder is a comparison: each gets evidence.
Explicit filters passed beside the question override what was read from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field, replace

import stopwordsiso

from index.nlp.analysis import DOMAIN_STOP_WORDS, named_version
from index.nlp.compounds import MIN_PART, split_compound
from index.nlp.entities import MONTHS
from index.nlp.frequencies import zipf_frequency
from index.nlp.gazetteer import STADSDELSOMRADEN
from index.nlp.lemmas import is_verb_form, lemma
from index.nlp.stopwords import spacy_abbreviations, spacy_stop_words
from index.parse.records import ChunkKind, GoalStatus, ReportType
from index.parse.results import RESULT_WORDS
from index.store import ChunkFilter
from search.derivations import StemIndex, derivations
from search.glossary import translate, translate_word
from search.language import Language, detect, english_function_words, may_be_name
from search.lexicon import MAX_ZIPF, Alternative, alternative, english_zipf, swedish_for, swedish_heads
from search.names import is_place, namnd_of_word, place_of
from search.spelling import MUCH_MORE_COMMON, Correction, Speller, fold, is_form
from search.synonyms import expand

# Words that name no topic: spaCy's Swedish list and stopwords-iso's, together (each misses some
# the other has: "är", "denna", "varje" are only in the second), and every word the index leaves
# out of its terms (`analysis.DOMAIN_STOP_WORDS`): a question's word that no passage can hold as a
# term weighed as a word no report has ("cykel via jobbet": "via", weight 21 against "cykel"'s 16).
STOP_WORDS = spacy_stop_words("sv") | frozenset(stopwordsiso.stopwords("sv")) | DOMAIN_STOP_WORDS
# Stop words by their letters without å/ä/ö ("pa": på), for those typed so (`_unfolded_stop_word`).
_FOLDED_STOP_WORDS = {fold(w): w for w in sorted(STOP_WORDS) if fold(w) != w and fold(w) not in STOP_WORDS}
# Verbs that say what a question is about, not what it is about ("vilka mål handlar om vildsvin"):
# grammar of questions, the same for any report.
ABOUT_WORDS = frozenset({"handla", "handlar", "gälla", "gäller", "röra", "rör", "beröra", "avse", "behandla", "lista"})
# Verbs of reporting frame a question about a report ("vad rapporteras om", "vilket resultat
# redovisar", "hur har ... beskrivits"): every passage of a report is reported, so they name no topic;
# nor does the report itself ("vad säger rapporterna om upphandlingsfrågor": lex Sarah-rapporter came first).
REPORTING_WORDS = frozenset(
    {"rapportera", "redovisa", "beskriva", "nämna", "uppge", "ange", "framgå", "bedöma", "rapport"}
)
# Function words (prepositions, conjunctions) that neither maintained list has; grammar, not topic.
# "endast" and "enbart" are "bara", which spaCy's list has (a new user's "… endast som delvis uppfyllt"
# searched "endast" as the topic, and the goal was "Inga träffar").
FUNCTION_WORDS = frozenset(
    {"både", "hos", "kring", "bland", "respektive", "inklusive", "exempelvis", "endast", "enbart"}
)
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
# The city's three levels of goals, numbered alike in every nämnd's report: inriktningsmål (1),
# verksamhetsområdesmål (1.2), nämndmål (1.2.1). A question that names a level asks for goals of it;
# kommunfullmäktige sets the first two ("KF-mål"), the nämnd the third.
GOAL_LEVEL_WORDS: dict[str, tuple[int, ...]] = {
    "inriktningsmål": (1,),
    "verksamhetsområdesmål": (2,),
    "kf-mål": (1, 2),
    "nämndmål": (3,),
}
# The city council's names (its own word, its lemma, its abbreviation): it sets the goals of the
# first two levels, so beside a goal word it names their level (see `understand`).
COUNCIL_WORDS = frozenset({"kommunfullmäktige", "kommunfullmäktig", "kf"})
# Kind words that also head compounds ("cykelaktiviteter", "klimatmålen" is a goal about climate).
KIND_HEADS = ("aktivitet", "nämndmål", "indikator")
# The reports' own word for a flagged activity: a filter where the passages asked for carry the flag.
DEVIATION_WORDS = frozenset({"avvikelse", "avvika", "avvikande", "avviker"})
# Words for delay: the reports flag a delayed activity "Avvikelse" (the flag means "not as
# planned"), and also write "försenat" in prose; so a delay word asks for the flag where the kind
# asked for carries it ("vilka aktiviteter är försenade"), and is a preference elsewhere.
# Words for work behind its plan (delayed, postponed, paused): for activities, the deviation flag's
# own meaning. The verbs and their nouns; "vila", "avbryta" are left out: they name other things too.
DELAY_WORDS = frozenset(
    {"försenad", "försena", "försening", "försenat", "förseningar", "fördröja", "fördröjning"}
    | {"uppskjuta", "pausa", "paus"}
)
# "inte enligt plan", "avvek från planen", "inte som planerat": the flag's own meaning, said in words.
PLAN_WORDS = frozenset({"plan", "planering", "planera", "planerad", "tidplan", "planenlig"})
_PLAN_NEGATION = frozenset({"inte", "ej", "icke"})
REPORT_TYPE_WORDS: dict[str, tuple[ReportType, ...]] = {
    "verksamhetsberättelse": (ReportType.VERKSAMHETSBERATTELSE,),
    "årsredovisning": (ReportType.VERKSAMHETSBERATTELSE,),
    "verksamhetsplan": (ReportType.VERKSAMHETSPLAN,),
    "avstämning": (ReportType.AVSTAMNING,),
    "tertialrapport": (ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2),
    # The reports' own abbreviations, as their tables print them ("Periodens utfall VB 2020"): a new
    # user's "Norrmalms stadsdelsnämnd (VB 2021)" searched "VB" as a topic word.
    "vb": (ReportType.VERKSAMHETSBERATTELSE,),
    "vp": (ReportType.VERKSAMHETSPLAN,),
}
# The reports' kinds of record and their flag by their English names: an English question asks for
# them as a Swedish one does ("which goals did Norrmalm not fully meet in 2021", "which activities had
# deviations"); read was none of it, and goals, activities and indicators were searched as topic words.
ENGLISH_KIND_WORDS: dict[str, tuple[ChunkKind, ...]] = {
    "goal": (ChunkKind.GOAL,),
    "goals": (ChunkKind.GOAL,),
    "objective": (ChunkKind.GOAL,),
    "objectives": (ChunkKind.GOAL,),
    "activity": (ChunkKind.ACTIVITY,),
    "activities": (ChunkKind.ACTIVITY,),
    "assignment": (ChunkKind.ACTIVITY,),
    "assignments": (ChunkKind.ACTIVITY,),
    "indicator": (ChunkKind.INDICATOR,),
    "indicators": (ChunkKind.INDICATOR,),
    "kpi": (ChunkKind.INDICATOR,),
    "kpis": (ChunkKind.INDICATOR,),
}
# The reports' kinds by their English names, two words each ("the 2013 operational plan", "the second
# interim report"): a report named in English filters as its Swedish name does. A new user's "yearly
# target … in the 2013 operational plan" searched "operational" (as "operativ") for its topic, and
# the answer was "Inga träffar".
ENGLISH_REPORT_TYPES: dict[tuple[str, str], tuple[ReportType, ...]] = {
    ("annual", "report"): (ReportType.VERKSAMHETSBERATTELSE,),
    ("operational", "plan"): (ReportType.VERKSAMHETSPLAN,),
    ("operating", "plan"): (ReportType.VERKSAMHETSPLAN,),
    ("business", "plan"): (ReportType.VERKSAMHETSPLAN,),
    ("activity", "plan"): (ReportType.VERKSAMHETSPLAN,),
    ("interim", "report"): (ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2),
    ("tertial", "report"): (ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2),
    ("four-month", "report"): (ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2),
    ("budget", "reconciliation"): (ReportType.AVSTAMNING,),
}
# A report's kind in one English word: "the 2024 reconciliation" is the avstämning of mål och budget.
ENGLISH_REPORT_WORDS: dict[str, tuple[ReportType, ...]] = {"reconciliation": (ReportType.AVSTAMNING,)}
ENGLISH_DEVIATION_WORDS = frozenset({"deviation", "deviations", "deviating", "deviated"})
# Work late or left undone, as the Swedish delay words (`DELAY_WORDS`): a deviation where the kind
# asked for carries the flag ("which elderly-care activity did Norrmalm not complete"), else preferred.
# Each Swedish delay word's English (försena, fördröja: delay; uppskjuta: postpone, defer; pausa: pause):
# a new user's "which activities were paused because of the pandemic" listed 1 of the 4 its Swedish listed.
ENGLISH_DELAY_WORDS = frozenset(
    {"delayed", "delay", "delays", "postponed", "postpone", "deferred", "defer", "paused", "pause", "pauses"}
    | {"incomplete", "unfinished", "behind"}
)
_ENGLISH_UNDONE = frozenset({"complete", "completed", "finish", "finished", "done", "carried"})
# A goal's assessment in English, read as the Swedish one is (`_statuses`): the verb of meeting with its
# qualifier beside it ("not fully met", "partially achieved"); "missed" and "unmet" say not met.
# "reach" too ("which goals did Norrmalm fail to fully reach"): alone it reads no status, only with a
# negation or a qualifier beside it, and without a kind asked for it is a preference (below).
_ENGLISH_STATUS_VERB = re.compile(
    r"\b(?:met|meet|meets|achieved|achieve|fulfilled|fulfil|fulfill|attained|reach|reached|reaches)\b"
)
_ENGLISH_MISSED = re.compile(r"\b(?:missed|unmet|unfulfilled)\b")
# "not", and "n't" however the question's words were cut: the tokenizer reads "didn't" as "didn" "t".
ENGLISH_NEGATION = re.compile(r"\b(?:not|never|fail(?:ed)?\s+to)\b|n(?:'|’|\s)t\b")
_ENGLISH_FULLY = re.compile(r"\b(?:fully|entirely|completely|wholly|in\s+full)\b")
_ENGLISH_PARTLY = re.compile(r"\b(?:partly|partially|part)\b")
_ENGLISH_LIST_OPENINGS = ("which", "list", "what are the", "show all", "all")
# Status words: "uppfylls"/"uppnås" name a goal's assessment; "nå" is everyday speech and only a preference.
_STATUS_VERB = re.compile(r"\b(?:uppfyll\w*|uppnå\w*)\b")
# Every form of "nå", and of "klara" ("klarade målet delvis"): everyday verbs of reaching, so a status
# only beside "inte", "delvis" or "helt" (`_statuses`).
_WEAK_STATUS_VERB = re.compile(r"\b(?:nå|når|nås|nått|nåtts|nådde|nåddes|klara(?:r|de|t|ts|des)?)\b")
_NEGATION = re.compile(r"\b(?:inte|ej|icke)\b")
# "Not fully" ("inte helt", "inte fullt ut", "inte till fullo") is short of met, so partly or not met:
# a new user's "vilka mål uppfylldes inte helt" was read as "uppfylls inte" and missed both
# goals the reports mark "uppfylls delvis".
_FULLY = re.compile(r"\b(?:helt|fullt|fullo|fullständigt)\b")
_FULLY_WORDS = frozenset({"helt", "fullt", "fullo", "fullständigt", "ut"})
_PERIOD = re.compile(r"\b(?:t|tertial(?:rapport)?\s*)([123])\b(?:\s+((?:19|20)\d{2}))?", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# An abbreviation as written, with its dots ("t.ex.", "bl.a.", "dvs.", "m.m."), from spaCy's Swedish
# list: Swedish writes its short function phrases so, and they name no topic; read as words,
# "t.ex." was "t" and "ex", which a new user was told "står inte i rapporterna". Without a dot
# ("dvs", "max", "kr") an abbreviation is read as a word; one letter ("f.") is an initial.
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        re.escape(a) + (r"\.?" if "." in a else r"\.")
        for a in sorted(spacy_abbreviations("sv"), key=len, reverse=True)
        if len(a) > 1
    )
    + r")(?!\w)",
    re.IGNORECASE,
)
# Words of comparing ("jämför", "skiljer sig", "har ändrats"): in a question that compares years
# or nämnder they say how to answer, not what about.
COMPARING_WORDS = frozenset(
    {"jämföra", "jämförelse", "jämfört", "skilja", "skillnad", "ändra", "förändra", "förändring", "skifta"}
)
# A word of a question or a passage (with its hyphens: "kf-mål"), for reading and for highlights alike.
WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü][\w-]*")
# A word at least this common in everyday Swedish (wordfreq's zipf) phrases a question rather than
# naming its subject, so its absence neither weighs ×3 nor is named as missing ("händer" 5.5, "mörkt"
# 4.4: "Ska Stadshuset vara mörkt en timme för klimatet?" was "Inga träffar: «mörkt»" for Earth Hour).
# On tune.jsonl (225) every bound from 3.9 to 4.4 answers that question and keeps every no-answer
# question (4.5, the dictionary's `MAX_ZIPF`, did not answer it; 3.75 answered the no-answer
# "råttor", 3.8): 4.0, inside that range.
SUBJECT_ZIPF = 4.0
# A goal named by its number ("under mål 1.4", "nämndmål 1.2.1", "inriktningsmål 1"): every nämnd's
# report numbers its goals in the city's levels, so the number names one goal and what is under
# it. Each part has one or two digits, so "mål 2030" is a year, not a goal.
_GOAL_NUMBER = re.compile(
    # "under mål 1.4", "hör till mål 1.1", "kopplade till nämndmål 1.2.1": only what is under it.
    r"(?P<under>\bunder\s+|\b(?:hör|hörande|kopplade|knutna)\s+till\s+)?"
    # A goal word compounded with its subject ("äldremålet (1.5)", "trygghetsmålet 1.2") names it too,
    # its number in brackets or not: a new user's "under äldremålet (1.5)" listed 38 passages of all
    # goals and none of the ten activities under it. Not "årsmål": its figure is a target ("årsmålet 95 %").
    r"\b(?:inriktningsmål|verksamhetsområdesmål|nämndmål|kf-mål|[^\W\d_]*(?<!års)mål)(?:et|en)?\s+\(?"
    r"(?:nr\.?\s*|nummer\s+)?(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})(?![\d.,]*\d)"
    # A number with a unit is a target's value ("mål 70 procent"), not a goal's number: a new user's
    # organic-food question was filtered to a goal 70 no report has, and answered "Inga träffar".
    r"(?!\s*(?:%|procent|procentenhet|mnkr|mdkr|tkr|kr\b|kronor|miljon|miljard|st\b|stycken|ton\b|personer|platser))",
    re.IGNORECASE,
)
# "under målet om att skattemedlen används effektivt", "under målet att …": a goal by its title's
# words, up to the end of the clause.
_GOAL_TITLE = re.compile(
    # The definite form may name the title at once: "under nämndmålet Tryggt stadsdelsområde" (a new
    # user's); the indefinite one only with "om"/"att" ("under mål och budget" is a report's name).
    r"\bunder\s+(?:det\s+)?(?:inriktningsmål|verksamhetsområdesmål|nämndmål|kf-mål|mål)"
    r"(?:et\s+(?:om\s+(?:att\s+)?|att\s+)?|\s+(?:om\s+(?:att\s+)?|att\s+))(?P<title>[^?.!;:,]+)"
    # "vilka indikatorer har nämndmålet Stockholmarnas livsmiljö är hållbar": a goal of a named level
    # is what has them; the bare "har målet" asks whether a goal was reached, so it is left out.
    r"|\bhar\s+(?:det\s+)?(?:inriktningsmål|verksamhetsområdesmål|nämndmål|kf-mål)et\s+"
    r"(?:om\s+(?:att\s+)?|att\s+)?(?P<named>[^?.!;:,]+)"
    # "vilka indikatorer hör till målet I Stockholm är …", "kopplade till nämndmålet …": what belongs
    # to a goal is under it.
    r"|\b(?:hör|hörande|kopplade|knutna)\s+till\s+(?:det\s+)?"
    r"(?:inriktningsmål|verksamhetsområdesmål|nämndmål|kf-mål|mål)et\s+"
    r"(?:om\s+(?:att\s+)?|att\s+)?(?P<belongs>[^?.!;:,]+)"
    # "vad säger målet "I Stockholm ska alla ha rätt till ett bra boende …"": a title quoted after
    # a goal word names that goal itself, as a user copies it from the report (a new user's had its
    # words read as the topic, and every 2024 goal with "Stockholm" and "boende" was "tydligt").
    r"|\b(?:inriktningsmål|verksamhetsområdesmål|nämndmål|kf-mål|mål)(?:et)?\s+[\"“”«»'](?P<quoted>[^\"“”«»']+)[\"“”«»']"
    # "vilka indikatorer hade kommunstyrelsen för nämndmålet Stockholmarnas livsmiljö är hållbar": the
    # definite goal word and a capital after it is the title as printed, its quotes left out (a new
    # user's shell dropped them, and the title's words were read as the topic: no indicator listed).
    r"|\b(?:för|inom|i)\s+(?:det\s+)?(?:inriktningsmål|verksamhetsområdesmål|nämndmål|kf-mål|mål)et\s+"
    r"(?P<titled>(?-i:[A-ZÅÄÖ])[^?.!;:,]+)",
    re.IGNORECASE,
)
_LIST_OPENINGS = ("vilka", "lista", "alla", "visa alla", "räkna upp")
# The economic result: a word the reports state one in (`RESULT_WORDS`: a surplus, a deficit, a
# budgetavvikelse), or a result of the budget or the economy ("budget result", "ekonomiskt
# resultat"). "Resultat" alone is an indicator's too ("Indikatorns resultat").
_ECONOMIC = frozenset({"budget", "ekonomi", "ekonomisk", "mnkr", "finansiell"})


def _asks_result(lemmas: Sequence[str], terms: Sequence[TopicTerm]) -> bool:
    """Whether a question asks for a nämnd's economic result ("What was Norrmalm's budget result",
    "vilket ekonomiskt resultat", "överskott 2021"): read from its lemmas and its topic's terms, which
    are the Swedish of an English question's words."""
    words = {w.lower() for w in lemmas} | {t for term in terms for t in (*term.terms, *term.parts)}
    return bool(RESULT_WORDS.search(" ".join(sorted(words)))) or ("resultat" in words and bool(words & _ECONOMIC))


# Words that count what follows them ("hur många mål", "antalet nämndmål"): the goals are counted.
_COUNTED = frozenset({"många", "antal", "antalet", "flest", "färre", "fler"})
_REACH_VERBS = frozenset({"nå", "uppnå", "klara"})  # lemmas: "nådde", "uppnåtts", "klarade"
_COORDINATING = frozenset({"och", "eller", "samt"})  # "indikatorer och mål": both kinds asked for
# A question for a number: interrogatives of quantity and the units figures come in.
_FIGURE_CUE = re.compile(
    r"\b(?:hur\s+(?:mycket|många|stor|stort|stora|hög|högt|höga|lång|långa)|andel(?:en)?|antal(?:et)?|procent"
    r"|mnkr|tkr|kronor|miljoner|how\s+(?:much|many|high|large)|percentage|share\s+of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class IndexFacts:
    """What the index holds, for reading questions: names, years, and which kinds carry which fields."""

    namnder: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds_with_status: frozenset[ChunkKind] = frozenset({ChunkKind.GOAL})
    kinds_with_deviation: frozenset[ChunkKind] = frozenset({ChunkKind.ACTIVITY})
    speller: Speller | None = None
    # In how many passages each index term occurs: a question word in none is widened by the
    # dictionary (`lexicon.alternative`). None: not widened.
    doc_freqs: Callable[[Sequence[str]], dict[str, int]] | None = None
    # The index's terms by their Snowball stem: a topic word also finds its derivations there
    # (`derivations`). None: not derived.
    stems: StemIndex | None = None


@dataclass(frozen=True, slots=True)
class TopicTerm:
    """One topic word: as typed, as searched, and its index terms."""

    word: str
    searched: str  # the word after spelling correction
    terms: tuple[str, ...]  # its lemma and synonyms: what a passage about it contains
    required: bool = False  # a name the question is about: without it nothing answers
    # The index's words derived from its lemma ("ensam": "ensamhet", `search.derivations`): a passage
    # with one is about the word, but only a list searches by them (below).
    derived: tuple[str, ...] = ()
    # A compound no passage has, by its parts ("upphandlingsfrågor": upphandling, fråga): a passage
    # with every part is about it, as the reports may write it apart ("frågor om upphandling").
    parts: tuple[str, ...] = ()
    # One of two things asked about together ("ljud-" in "ljud- och hörselmiljön", "lastbilar" in
    # "bilar och lastbilar"): a passage about the other answers the question (`engine.coverage`).
    coordinated: bool = False
    # An inflected verb that is not before a noun it describes ("vad kritiserade S", not "felparkerade
    # elsparkcyklar"): it says what was done, not what the question is about (`may_name_subject`).
    verb: bool = False
    # A word a passage may have or not: it counts where a passage has it and never against one that
    # does not (`engine.coverage`). A month that bounds a period ("januari–april 2020", "fram till
    # augusti") restates a report's period: weighed as other words, "underskottet januari–april
    # 2020" asked for two rare words no result passage has and answered nothing; left out, the
    # passage "per den 31 augusti" lost its rank for "kostat fram till augusti 2021". An English
    # compound's Swedish (`_english_compounds`), which a report may write apart.
    optional: bool = False

    @property
    def about(self) -> tuple[str, ...]:
        """Every index term a passage about this word may have: its terms and its derivations."""
        return self.terms + self.derived


@dataclass(frozen=True, slots=True)
class GoalRef:
    """A goal the question names, by number ("mål 1.2.1") or by its title's words ("under målet
    om att skattemedlen används effektivt"): its passages and those under it, or ("under …") only
    those under it. A goal named by title is found in the index (`Searcher`), which sets `number`
    (the goal's number, or its title where the report numbers none)."""

    number: str | None
    below: bool = False
    title_terms: tuple[str, ...] = ()  # the title's lemmas, where it was named by title
    file: str | None = None  # the report of the goal found by its title


@dataclass(frozen=True, slots=True)
class Preferences:
    """Cues too weak to filter on: passages that have them rank higher."""

    deviation: bool = False
    statuses: tuple[GoalStatus, ...] | None = None
    figures: bool = False  # the question asks for a number: passages that state one rank higher
    kinds: tuple[ChunkKind, ...] | None = None  # kinds of passage that rank higher, none filtered
    result: bool = False  # the question asks for the economic result: passages stating one in kronor rank higher

    def any(self) -> bool:
        return self.deviation or self.statuses is not None or self.figures or self.result or self.kinds is not None


@dataclass(frozen=True, slots=True)
class Query:
    """A question read into filters, preferences and a topic."""

    text: str
    topic: str  # the topic words as searched ("hemlöshet" for "hemloshet"); may be empty
    terms: tuple[TopicTerm, ...] = ()
    language: Language = "sv"
    kinds: tuple[ChunkKind, ...] | None = None
    deviation: bool | None = None
    statuses: tuple[GoalStatus, ...] | None = None
    namnd: str | None = None
    years: tuple[int, ...] | None = None
    periods: tuple[str, ...] | None = None
    report_types: tuple[ReportType, ...] | None = None
    files: tuple[str, ...] | None = None  # only from explicit filters: a question names no file
    is_list: bool = False  # "vilka aktiviteter har avvikelser …": every matching record, not a top-k
    prefer: Preferences = field(default_factory=Preferences)
    compare: tuple[str, ...] = ()  # years ("2020") or nämnder that each need evidence
    corrections: tuple[Correction, ...] = ()
    forms: tuple[Correction, ...] = ()  # words searched in the index's form of them, not shown (`spelling.is_form`)
    goal_levels: tuple[int, ...] | None = None  # "nämndmål": goals of that level only (`GOAL_LEVEL_WORDS`)
    alternatives: tuple[Alternative, ...] = ()  # words no passage has, searched by the dictionary's
    goal: GoalRef | None = None  # "under mål 1.4": passages under that goal only
    # Reports the question asks for that the index has none of: a nämnd ("Kungsholmens
    # stadsdelsnämnd") or a report's year ("verksamhetsberättelsen 2019"). Nothing answers for them.
    absent: tuple[str, ...] = ()
    # Years a figure is asked for that no report in the index is from ("Norrmalms överskott 2023"):
    # only a passage that names the year can hold that year's figure (`Searcher` keeps to those).
    unreported: tuple[int, ...] = ()
    # Months a figure is asked *in* ("besökare i augusti 2021"): a month's figure is only in a passage
    # that names the month (`Searcher` keeps to those), as a year's is.
    months: tuple[str, ...] = ()
    unnamed: tuple[str, ...] = ()  # of `months`, those no passage about the question names (set by `Searcher`)
    # District nämnder named by their body ("Södermalms stadsdelsnämnd") that the index has no report
    # of, in a question that is not for their own report or result (those are `absent`): the city's
    # reports may discuss one, and only a passage that names it answers (`Searcher` keeps to those).
    unindexed: tuple[str, ...] = ()

    def searched_text(self) -> str:
        """The question as searched: each misspelt word replaced by its correction."""
        text = self.text
        for c in (*self.corrections, *self.forms):
            text = re.sub(rf"\b{re.escape(c.typed)}\b", c.searched, text)
        return text

    def filter(self) -> ChunkFilter:
        return ChunkFilter(
            kinds=self.kinds,
            deviation=self.deviation,
            statuses=self.statuses,
            namnd=self.namnd,
            years=self.years,
            periods=self.periods,
            report_types=self.report_types,
            files=self.files,
        )

    def interpretation(self) -> Interpretation:
        """The reading shown with every answer (and the JSON `interpretation`)."""
        return Interpretation(
            kind=self.kinds or None,
            deviation=self.deviation,
            status=self.statuses or None,
            namnd=self.namnd,
            year=self.years or None,
            period=self.periods or None,
            report_type=self.report_types or None,
            topic=self.topic or None,
            list=self.is_list,
            language=self.language,
            searched=self.corrections or None,
            prefer_deviation=self.prefer.deviation or None,
            prefer_figures=self.prefer.figures or None,
            compare=self.compare or None,
            goal_level=self.goal_levels,
            alternatives=self.alternatives or None,
            parts=tuple(Alternative(t.word, t.parts) for t in self.terms if t.parts) or None,
            goal=self.goal,
            absent=self.absent or None,
            unnamed=self.unnamed or None,
            named_only=self.unindexed or None,
        )


@dataclass(frozen=True, slots=True)
class Interpretation:
    """How a question was read, as shown with every answer: the CLI's and the page's "Tolkning" line.

    Its fields are the keys of the JSON `interpretation` (`to_dict`); the API's response model
    takes this dataclass as it is, so its OpenAPI schema is this declaration. None: not read.
    """

    kind: tuple[ChunkKind, ...] | None = None
    deviation: bool | None = None
    status: tuple[GoalStatus, ...] | None = None
    namnd: str | None = None
    year: tuple[int, ...] | None = None
    period: tuple[str, ...] | None = None
    report_type: tuple[ReportType, ...] | None = None
    topic: str | None = None
    list: bool = False  # a list question: every matching passage, not a top-k
    language: Language = "sv"
    searched: tuple[Correction, ...] | None = None  # spelling corrections
    prefer_deviation: bool | None = None
    prefer_figures: bool | None = None
    compare: tuple[str, ...] | None = None  # the years or nämnder compared
    goal_level: tuple[int, ...] | None = None  # 1 inriktningsmål, 2 verksamhetsområdesmål, 3 nämndmål
    alternatives: tuple[Alternative, ...] | None = None  # "handikapp" searched as "funktionsnedsättning"
    # A compound no passage has, searched by all its parts together ("upphandlingsfrågor")
    parts: tuple[Alternative, ...] | None = None
    goal: GoalRef | None = None  # the goal named by number, and whether only what is under it
    absent: tuple[str, ...] | None = None  # reports asked for that the index has none of (`Query.absent`)
    # A time asked for ("augusti 2021") that no passage about the question names (`Query.months`)
    unnamed: tuple[str, ...] | None = None
    # A district's nämnd the index has no report of, read as a nämnd: only passages that name it answer
    # (trial 32: "Kungsholmens stadsdelsnämnd" was read and not shown, and the answer looked like Norrmalm's).
    named_only: tuple[str, ...] | None = None

    def to_dict(self) -> dict:
        """The stable JSON shape: lists for tuples, enums as their values."""
        return {
            "kind": [k.value for k in self.kind] if self.kind else None,
            "deviation": self.deviation,
            "status": [s.value for s in self.status] if self.status else None,
            "namnd": self.namnd,
            "year": [*self.year] if self.year else None,
            "period": [*self.period] if self.period else None,
            "report_type": [t.value for t in self.report_type] if self.report_type else None,
            "topic": self.topic,
            "list": self.list,
            "language": self.language,
            "searched": [{"typed": c.typed, "searched": c.searched} for c in self.searched] if self.searched else None,
            "prefer_deviation": self.prefer_deviation,
            "prefer_figures": self.prefer_figures,
            "compare": [*self.compare] if self.compare else None,
            "goal_level": [*self.goal_level] if self.goal_level else None,
            "alternatives": [{"word": a.word, "terms": [*a.terms]} for a in self.alternatives]
            if self.alternatives
            else None,
            "parts": [{"word": a.word, "terms": [*a.terms]} for a in self.parts] if self.parts else None,
            "goal": {"number": self.goal.number, "below": self.goal.below, "file": self.goal.file}
            if self.goal
            else None,
            "absent": [*self.absent] if self.absent else None,
            "unnamed": [*self.unnamed] if self.unnamed else None,
            "named_only": [*self.named_only] if self.named_only else None,
        }


# Explicit filters (CLI options, API parameters): each set field overrides the question's reading.
# The store's own filter type: one shape from the request to the SQL and the numpy mask.
Filters = ChunkFilter


def understand(
    text: str,
    namnder: Sequence[str] = (),
    filters: Filters | None = None,
    years: Sequence[int] = (),
    *,
    facts: IndexFacts | None = None,
) -> Query:
    """Read a question.

    `namnder` are the nämnder in the index (to resolve "Norrmalm", "KS") and `years` the years
    it has reports of: a year it does not have is part of the topic ("klimatpositiv 2030").
    `facts` (from the index) adds which kinds carry statuses and flags, and the speller.
    """
    facts = facts or IndexFacts(tuple(namnder), tuple(years))
    # Abbreviations blanked out, not removed, so that spans stay positions in `text`.
    spans = [m.span() for m in WORD.finditer(_ABBREVIATION.sub(lambda m: " " * len(m.group()), text))]
    tokens = [text[a:b] for a, b in spans]
    consumed: set[int] = set()  # token indexes that set a filter or name a side
    goal, referring = _goal_ref(text, spans)
    consumed |= referring

    periods, asked_years = _periods_and_years(" ".join(text.lower().split()), facts.years)
    named: list[str] = []  # nämnder named, in order
    absent: list[str] = []  # reports asked for that the index has none of (`Query.absent`)
    unknown_bodies: list[int] = []  # "Kungsholmens" in "Kungsholmens stadsdelsnämnd": no report of it
    unindexed: list[str] = []  # those nämnder, where not absent: only a passage that names one answers
    unknown_named: list[int] = []  # "utbildningsnämnden": a nämnd the index has no report of
    named_at: set[int] = set()  # where a nämnd in the index is named
    unknown_places: list[int] = []  # a district without a report, by its place alone ("Östermalm")
    for i, word in enumerate(tokens):
        if (_YEAR.fullmatch(word) and asked_years and int(word) in asked_years) or re.fullmatch(r"[tT][123]", word):
            consumed.add(i)
        name = namnd_of_word(word, facts.namnder)
        if name and _partner(tokens, i):
            # "tillsammans med kommunstyrelsen", "i samråd med KS": the nämnd the work is done with,
            # named in the activity's text, not the report asked for nor a side compared: a new user's
            # Norrmalm list "tillsammans med kommunstyrelsen" was compared across the two reports.
            name = None
        district = i + 1 < len(tokens) and lemma(tokens[i + 1]) in _DISTRICT_BODY
        if name:
            consumed.add(i)
            named_at.add(i)
            if name not in named:
                named.append(name)
            if district:
                consumed.add(i + 1)
                named_at.add(i + 1)
        elif district and is_place(word):
            unknown_bodies.append(i)  # a district's nämnd the index has no report of (see below)
        elif _district(word):
            unknown_places.append(i)  # "sjukfrånvaro Östermalm 2021": the district, by its place alone
        elif _other_namnd(word):
            unknown_named.append(i)  # "utbildningsnämnden": a nämnd by its name, no topic of a result
        if word.lower() in {"1", "2", "3"} and i and lemma(tokens[i - 1]) in {"tertial", "tertialrapport"}:
            consumed.add(i)
        if word.lower() in _ORDINALS:
            # "andra tertialet", "the second (2021) interim report": the period (`_ORDINAL_PERIOD`), no topic word
            after = i + 2 if i + 2 < len(tokens) and _YEAR.fullmatch(tokens[i + 1]) else i + 1
            if after < len(tokens) and tokens[after].lower().startswith(("tertial", "interim", "four-month")):
                consumed |= {i, after}
    bodies = {j for i in unknown_bodies for j in (i, i + 1)}  # "Kungsholmens stadsdelsnämnd": both words
    # A body by its English name ("the City Executive Office", "City Executive Board"): the glossary's
    # Swedish for it names the nämnd, as the Swedish name does. A new user's English question on sick
    # leave "at the city executive office" was answered with Norrmalm's first.
    for start, end, _english, swedish in translate(tokens):
        name = next((n for n in (namnd_of_word(w, facts.namnder) for w in swedish) if n), None)
        if name and not consumed.intersection(range(start, end)):
            consumed.update(range(start, end))
            named += [name] if name not in named else []

    corrections: list[Correction] = []
    forms: list[Correction] = []
    words = list(tokens)
    for i, word in enumerate(tokens):
        if i in consumed or word.lower() in STOP_WORDS or _unfolded_stop_word(word):
            continue
        if facts.speller is not None:
            correction = facts.speller.correct(word)
            if correction:
                (forms if is_form(correction) else corrections).append(correction)
                words[i] = correction.searched
                # A nämnd's name misspelt ("normalm") is the nämnd once corrected, as when typed right.
                name = namnd_of_word(correction.searched, facts.namnder)
                if name:
                    consumed.add(i)
                    named += [name] if name not in named else []
    # The language of the words as typed, where the speller made Swedish of an English word
    # ("delays" → "delas"); as corrected, where English has no such word (zipf under 1, about once
    # in a billion words: "hemloshet"). English
    # frequencies are read only for a corrected word: a Swedish question loads no English list.
    typed_or_corrected = [
        t if w == t or english_zipf(t.lower()) >= 1.0 else w for w, t in zip(words, tokens, strict=True)
    ]
    language = detect([w for i, w in enumerate(typed_or_corrected) if i not in consumed])
    if language == "sv" and english_function_words([w for i, w in enumerate(tokens) if i not in consumed]):
        language = "en"  # the speller made Swedish of English words ("an" → "toa")
    if language == "en":
        words, corrections, forms = list(tokens), [], []
    else:
        # "pa", "gar": på, går, typed without å; read after the language, as "for" and "over" are English.
        words = [_unfolded_stop_word(w) or w if i not in consumed else w for i, w in enumerate(words)]
        for i, result in _going_back(words):
            corrections.append(Correction(tokens[i], result))
            words[i] = result

    lemmas = [lemma(w) for w in words]
    lower = " ".join(w.lower() for w in words)
    kinds: list[ChunkKind] = []
    levels: list[int] = []
    deviation_cue = delay_cue = False
    delays: list[int] = []  # every delay word: "pausades eller försenades"
    measured_goal = False
    report_types: list[ReportType] = []
    kind_places: list[int] = []  # where a kind word stands
    if language == "sv":
        in_report_name: set[int] = set()
        for i, word in enumerate(lemmas):
            if i in referring or i in in_report_name:
                # "aktiviteter under mål 1.4": the goal word names a goal, not the kind asked for;
                # "avstämningen av mål och budget": the words name the report, not a kind or a topic.
                continue
            # A compound's head, as the splitter reads it: "attraktivitet" ends with "aktivitet" but is
            # no compound of it (a new user's "Attraktiviteten i ytterstaden" searched "attr" and was told
            # the word is in no report, while a goal's title has it).
            parts = split_compound(word) if any(word.endswith(k) for k in KIND_HEADS) else ()
            head = next((k for k in KIND_HEADS if parts and parts[-1] == k and word != k), None)
            if word in KIND_WORDS or word in GOAL_LEVEL_WORDS:
                kind_places.append(i)
                kinds += [k for k in KIND_WORDS.get(word, (ChunkKind.GOAL,)) if k not in kinds]
                if (
                    ChunkKind.GOAL in KIND_WORDS.get(word, (ChunkKind.GOAL,))
                    and i
                    and words[i - 1].lower() not in _COUNTED
                ):
                    measured_goal = True  # "målet för andelen", not "hur många mål"
                if word in GOAL_LEVEL_WORDS:
                    levels += GOAL_LEVEL_WORDS[word]
                elif word == "mål" and lemmas[i + 1 : i + 3] == ["för", "verksamhetsområde"]:
                    # "mål för verksamhetsområdet": every report's own name for the second level.
                    levels.append(2)
                    consumed |= {i + 1, i + 2}
                consumed.add(i)
            elif head:
                # "cykelaktiviteter": activities about cycling; the modifier is the topic.
                kind_places.append(i)
                kinds += [k for k in KIND_WORDS[head] if k not in kinds]
                words[i] = word[: -len(head)].rstrip("s-")
                lemmas[i] = lemma(words[i])
            elif word in DEVIATION_WORDS or words[i].lower().startswith("avvik"):
                deviation_cue = True
                consumed.add(i)
                consumed |= _marking(lemmas, i)
            elif word in DELAY_WORDS or (word in {"skjuta", "sköta"} and lemmas[i + 1 : i + 2] == ["upp"]):
                delay_cue = True  # "skjutits upp", "sköts upp" (read as sköta): the particle verb
                delays.append(i)
            elif word in PLAN_WORDS and _off_plan(lemmas, i):
                deviation_cue = True
                phrase = range(max(0, i - 2), i + 1)  # "enligt plan", "från planen", "som planerat"
                consumed |= {j for j in phrase if lemmas[j] in PLAN_WORDS or lemmas[j] in _PLAN_PREPOSITIONS}
                if _off_plan(lemmas[: i + 1], i) and lemmas[i - 1 : i] == ["efter"]:
                    consumed |= {i - 2, i - 1}  # "låg efter": the lag is the flag's meaning, no topic
            elif word in REPORT_TYPE_WORDS:
                report_types += [t for t in REPORT_TYPE_WORDS[word] if t not in report_types]
                consumed.add(i)
                rest = _report_name_rest(lemmas, i, REPORT_TYPE_WORDS[word])
                in_report_name |= rest
                consumed |= rest
        # A district's nämnd the index has no report of, in a question for what only its own report
        # states: the report ("Kungsholmens stadsdelsnämnds budgetavvikelse i verksamhetsberättelsen
        # 2019"), or its result of the year. Nothing answers. A new user's were answered with
        # Norrmalm's budget tables, and (trial 30) "Södermalms stadsdelsnämnds resultat 2021" with 25
        # passages "tydligt om frågan" that name it as a partner. Otherwise the nämnd is a subject the
        # city's reports may discuss (the avstämning's grants per stadsdelsnämnd). A facknämnd is never
        # read so: the city's reports discuss them, their budgets and the activities they give them
        # ("Kulturnämnden ska i samarbete med kommunstyrelsen …"); read so beside a report's name, it
        # emptied a question for one of them in the 2024 avstämning.
        if report_types or _asks_own_result(lemmas, consumed | bodies | set(unknown_named) | set(unknown_places)):
            for i in unknown_bodies:
                absent.append(f"{tokens[i]} {lemma(tokens[i + 1])}")  # "stadsdelsnämnds": its nämnd
                consumed |= {i, i + 1}
            absent += [_DISTRICTS[place_of(tokens[i]) or ""] for i in unknown_places]
            consumed |= set(unknown_places)
        else:
            unindexed += [f"{tokens[i]} {lemma(tokens[i + 1])}" for i in unknown_bodies]
            consumed |= bodies  # the passages that name it are kept by name, not weighed by its words
            # A district by its place alone is read the same (trial 32: "sjukfrånvaro Östermalm 2021" had
            # Norrmalm's and KS's figures): whether the user means its nämnd or the place, only passages
            # that name it answer.
            unindexed += [_DISTRICTS[place_of(tokens[i]) or ""] for i in unknown_places]
            consumed |= set(unknown_places)
        absent += _absent_report_years(tokens, lemmas, facts.years, consumed)
        absent += _absent_side_years(tokens, facts.years, consumed)
        if ChunkKind.GOAL in kinds:
            # The council that sets the first two levels ("kommunfullmäktiges inriktningsmål", "KF:s mål
            # för verksamhetsområdet", "vilka mål har kommunfullmäktige"): in a question for goals it
            # names their level ("KF-mål" where no level is named), not a topic. A new user's three
            # goal questions answered "Inga träffar" on it: no goal's passage names the council.
            council = {j for j, lem in enumerate(lemmas) if lem.removesuffix(":s") in COUNCIL_WORDS}
            consumed |= council
            if council and not levels:
                levels += GOAL_LEVEL_WORDS["kf-mål"]
        consumed |= _status_words(words)
        if delay_cue and set(kinds) and set(kinds) <= facts.kinds_with_deviation:
            # The kind asked for carries the flag: the delay words ask for it, and are no topic.
            deviation_cue, delay_cue = True, False
            consumed.update(delays)
    elif language == "en":
        # "didn't" is cut into "didn" and "t": the contraction is grammar, not a topic word.
        consumed |= {j for i, w in enumerate(words) if i and w.lower() == "t" for j in (i - 1, i)}
        for i, word in enumerate(words):
            low = word.lower()
            pair = (low, words[i + 1].lower()) if i + 1 < len(words) else None
            if pair in ENGLISH_REPORT_TYPES and i not in consumed:
                report_types += [t for t in ENGLISH_REPORT_TYPES[pair] if t not in report_types]
                consumed |= {i, i + 1}
            elif low in ENGLISH_REPORT_WORDS and i not in consumed:
                report_types += [t for t in ENGLISH_REPORT_WORDS[low] if t not in report_types]
                consumed.add(i)
            elif low in ENGLISH_KIND_WORDS and i not in consumed and not _english_object(words, i):
                kinds += [k for k in ENGLISH_KIND_WORDS[low] if k not in kinds]
                consumed.add(i)
            elif low in ENGLISH_DEVIATION_WORDS:
                deviation_cue = True
                consumed.add(i)
            elif low in ENGLISH_DELAY_WORDS or (
                low in _ENGLISH_UNDONE and ENGLISH_NEGATION.search(" ".join(words[max(0, i - 3) : i]).lower())
            ):
                delay_cue = True
                delays.append(i)
        if delay_cue and set(kinds) and set(kinds) <= facts.kinds_with_deviation:
            deviation_cue, delay_cue = True, False
            consumed.update(delays)
        if _english_statuses(lower)[0] is not None:
            status_words = (_ENGLISH_STATUS_VERB, _ENGLISH_MISSED, _ENGLISH_FULLY, _ENGLISH_PARTLY, ENGLISH_NEGATION)
            consumed |= {i for i, word in enumerate(words) if any(p.fullmatch(word.lower()) for p in status_words)}
    if periods and report_types == [ReportType.TERTIALRAPPORT_1, ReportType.TERTIALRAPPORT_2]:
        report_types = []  # "tertialrapport 2" is said by the period
    compares = bool(asked_years and len(asked_years) >= 2) or len(named) >= 2
    if compares:
        consumed |= {i for i, lem in enumerate(lemmas) if lem in COMPARING_WORDS or words[i].lower() in COMPARING_WORDS}

    terms = _topic_terms(words, tokens, consumed, language, facts.doc_freqs, _period_months(text, spans))
    alternatives: list[Alternative] = []
    if language == "sv" and facts.doc_freqs is not None:
        terms, alternatives = _widened(terms, facts.doc_freqs)
    if language == "en" and facts.doc_freqs is not None:
        terms += _opening_name(words, consumed, facts.doc_freqs)
        terms = _english_compounds(words, consumed, terms, facts.doc_freqs)
        translated, alternatives = _english_by_dictionary(words, consumed, terms, facts.doc_freqs)
        terms += translated
    if language == "sv" and facts.stems is not None:
        terms = [_derived(term, facts.stems) for term in terms]
    if language == "sv" and facts.doc_freqs is not None:
        terms = [_by_parts(term, facts.doc_freqs) for term in terms]
    # Numbers stay in the topic that is shown and embedded ("Vision 2030"), not among the lexical
    # terms: the index analyses words, so a number there would weigh as a word no passage has.
    # Each word of a searched phrase: an English entry may be two or three words ("summer jobs").
    searched = {w.lower() for t in terms for w in t.searched.split()}
    if language == "en":
        searched |= {w.lower() for t in terms for w in t.word.split()}  # a phrase as typed ("councils")
    topic = " ".join(
        w
        for i, w in enumerate(words)
        if w.lower() in searched
        or (language == "en" and searched & set(w.lower().split("-")))  # an English word by its parts
        or (i not in consumed and w.isdigit() and len(w) >= 2)
    )
    figures = bool(_FIGURE_CUE.search(text))
    # A goal reached or missed ("vilka mål nådde Norrmalm inte", "klarade de målet") is a target: a
    # goal is judged ("uppfylls"), a target reached, and only indicators state one. A new user's
    # question was filtered to goals and answered "Inga träffar" above two indicators that missed.
    reached = any(lem in _REACH_VERBS for lem in lemmas)
    preferred_kinds: tuple[ChunkKind, ...] | None = None
    # A goal "delvis" reached is its status, which only a goal has: no indicator's target is asked for.
    partly = language == "sv" and _statuses(lower)[0] == (GoalStatus.DELVIS,)
    if (figures or reached) and measured_goal and ChunkKind.INDICATOR not in kinds and not levels and not partly:
        # A goal's figure is its indicator's: the city's goals are measured by indicators with an
        # årsmål, so "sitt mål för andelen barn …" asks for a target that only an indicator states (a
        # new user's question had its answer filtered out and a goal "Uppfylls helt" shown), unless
        # the figure counts the goals themselves ("hur många mål"). "Mål" is then the target, not
        # the kind of passage asked for: goals and indicators rank higher, no kind is filtered (the
        # risks "för målet" are an Analys's). Every gold set read the same.
        preferred_kinds = (*kinds, ChunkKind.INDICATOR)
        kinds = [k for k in kinds if k is not ChunkKind.GOAL]
    goal_places = [i for i in kind_places if ChunkKind.GOAL in KIND_WORDS.get(lemmas[i], (ChunkKind.GOAL,))]
    if (
        reached
        and measured_goal
        and ChunkKind.INDICATOR in kinds
        and not levels
        and not partly
        and not any(i and lemmas[i - 1] in _COORDINATING for i in goal_places)
    ):
        # "vilka indikatorer når inte målet": the goal reached is the indicators' target, not a second
        # kind asked for (the list had every goal and indicator of the year, 61, under a table of 4);
        # "vilka indikatorer och mål …" asks for both.
        kinds = [k for k in kinds if k is not ChunkKind.GOAL]
    if (
        kinds
        and not levels
        and preferred_kinds is None
        and (_asks_other_things(lemmas, kind_places) or _kinds_as_objects(lemmas, kind_places))
    ):
        # "Vilka stadsdelsnämnder … fick uppmaningen att se över sina mål om …": what is listed is the
        # word after "vilka", and a kind named later is what the question tells of it. A new user's
        # question was filtered to goals, and the analysis naming the districts was never shown.
        preferred_kinds, kinds = tuple(kinds), []
    asked_kinds = set(kinds)
    # Hard where every kind asked for carries the field; with no kind asked, where nothing else is asked.
    deviation = None
    prefer_deviation = delay_cue
    if deviation_cue:
        carried = asked_kinds and asked_kinds <= facts.kinds_with_deviation
        if carried or (not asked_kinds and not terms):
            deviation = True
        else:
            prefer_deviation = True
    statuses, prefer_statuses = None, None
    if language in ("sv", "en"):
        read, strong = _statuses(lower) if language == "sv" else _english_statuses(lower)
        if read:
            carried = bool(asked_kinds) and asked_kinds <= facts.kinds_with_status
            # An English status with no kind asked is only a preference: "met" and "missed" are
            # everyday words ("why might Stockholm miss its target"), "uppfylls" is the reports' own.
            # A weak verb ("nådde", "klarade") beside its qualifier is as sure where the kind asked for
            # carries a status ("vilka mål klarade Norrmalm bara delvis"): a new user's goal fully met
            # ranked first, its text's "delvis" outweighing the preference.
            if carried or (strong and not asked_kinds and language == "sv"):
                statuses = read
            elif not asked_kinds or asked_kinds & facts.kinds_with_status:
                prefer_statuses = read
    if preferred_kinds is not None and statuses is not None:
        statuses, prefer_statuses = None, statuses  # a goal's status, where goals are only preferred
    compare: tuple[str, ...] = ()
    namnd = named[0] if len(named) == 1 else None
    if asked_years and len(asked_years) >= 2:
        compare = tuple(str(y) for y in asked_years)
    elif len(named) >= 2:
        compare = tuple(named)
    opening = " ".join(text.lower().split())
    flagged = bool(kinds) and (deviation is True or statuses is not None)
    # Records of a kind counted ("hur många av kommunfullmäktiges mål … uppfyllde Norrmalm") are each
    # to be shown: a new user's count came back as "12 träffar, visar 10", two goals cut off.
    counted = bool(kinds) and bool(
        re.search(r"\bhur många\b|\bantal(?:et)?\s+(?:av\s+)?\w*(?:mål|aktivitet|indikator)", opening)
    )
    # An English question lists records only where it names their kind: "which" also opens a question
    # for a fact in one passage ("which championships has Stockholm agreed to host").
    is_list = (language == "sv" and (flagged or counted or opening.startswith(_LIST_OPENINGS))) or (
        language == "en" and bool(kinds) and (flagged or opening.startswith(_ENGLISH_LIST_OPENINGS))
    )
    asks_figure = figures or _asks_result(lemmas, terms)  # a figure of a time: checked against the passages
    query = Query(
        text=text,
        topic=topic,
        terms=tuple(terms),
        language=language,
        kinds=tuple(kinds) or None,
        deviation=deviation,
        statuses=statuses,
        namnd=namnd,
        years=asked_years,
        periods=periods,
        report_types=tuple(report_types) or None,
        is_list=is_list,
        prefer=Preferences(
            prefer_deviation, prefer_statuses, figures, preferred_kinds, result=_asks_result(lemmas, terms)
        ),
        compare=compare,
        corrections=tuple(corrections),
        forms=tuple(forms),
        goal_levels=tuple(sorted(set(levels))) or None,
        alternatives=tuple(alternatives),
        goal=goal,
        absent=tuple(absent),
        unindexed=tuple(unindexed),
        # A year no report is from is the answer's time in a question for a figure, or where it is said
        # as the time ("fick staden för år 2022"; fresh15 had 255 hits of other years); a year that
        # dates an event is not ("minnesmärket efter lastbilsattacken 2017").
        unreported=_unreported_years(
            text,
            facts.years,
            absent,
            timed=not (
                asks_figure or _asks_own_result(lemmas, consumed | bodies | set(unknown_named) | set(unknown_places))
            ),
            after_name={t for i, t in enumerate(tokens) if _YEAR.fullmatch(t) and i - 1 in named_at},
        ),
        months=_months_asked(text, language) if asks_figure else (),
    )
    return _override(query, filters, facts.years) if filters else query


_DISTRICT_BODY = frozenset({"stadsdelsnämnd", "sdn", "stadsdelsförvaltning"})


# "Gå back", "gå plus", "gå minus": everyday Swedish for a result below or above zero, which the reports
# write as "underskott" and "överskott". The particle is read only after a form of "gå" a few words
# before it ("varför går kommunstyrelsen back"), where it can mean nothing else.
_RESULT_PARTICLES = {"back": "underskott", "minus": "underskott", "plus": "överskott"}
_GO_WINDOW = 3


def _going_back(words: Sequence[str]) -> list[tuple[int, str]]:
    """(place, the reports' word) for each result particle of "gå back / plus / minus" in `words`."""
    return [
        (i, _RESULT_PARTICLES[word.lower()])
        for i, word in enumerate(words)
        if word.lower() in _RESULT_PARTICLES and any(lemma(w) == "gå" for w in words[max(0, i - _GO_WINDOW) : i])
    ]


# A year said as the time asked about ("för år 2022", "under 2022", "in 2022"), not one that dates an
# event or a target ("lastbilsattacken 2017", "klimatpositiv 2030", "by 2030").
_TIME_OF_YEAR = re.compile(r"\b(?:år|under|för|i|in|during|for)\s+((?:19|20)\d{2})\b", re.IGNORECASE)


def _unreported_years(
    text: str, known: Sequence[int], absent: Sequence[str], *, timed: bool, after_name: Set[str] = frozenset()
) -> tuple[int, ...]:
    """The years a question names that no indexed report is from and that are not a report asked for
    by its type (those are `absent`): in a question for a figure, the year the figure is of; where
    `timed`, only those said as the time asked about (`_TIME_OF_YEAR`) or right after a nämnd's name
    (`after_name`: "sjukfrånvaro Norrmalm 2019" is Norrmalm's of 2019, and had 2021's 9,4 % first; a
    nämnd is no event or target a year dates)."""
    if not known:
        return ()
    said = set(_TIME_OF_YEAR.findall(text)) | set(after_name) if timed else set(_YEAR.findall(text))
    years = (int(y) for y in _YEAR.findall(text) if y not in absent and y in said)
    return tuple(dict.fromkeys(y for y in years if y not in known))


# The months by name: the project's Swedish list (the entity reader's), and English's (not Python's
# `calendar.month_name`, which follows the process's locale).
_MONTHS = tuple(MONTHS)
_MONTHS_EN = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# A month a figure is *in* ("i augusti", "under juli 2021", "in July"), not one a period runs to or from
# ("till och med augusti", "januari–april", "per den 31 augusti"): a figure up to a month is the
# period's, which a report states for its own period without naming the month.
_IN_MONTH = re.compile(r"\b(?:i|under|in|during)\s+(\w+)\b(?!\s*(?:[–-]|(?:till|to|until)\b))", re.IGNORECASE)


_MONTH_BOUND = re.compile(
    r"(?:till\s+och\s+med|till|tom|t\.o\.m\.?|per|until|through|to)\s+(?:den\s+|the\s+)?(?:\d{1,2}\s+)?$", re.IGNORECASE
)


def _period_months(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """The token positions of months that bound a period: one before a dash or "till" and a month
    ("januari–april", "januari till april"), or one after "till", "t.o.m." or "per (den 31)"."""
    month = [text[a:b].lower() in _MONTHS or text[a:b].lower() in _MONTHS_EN for a, b in spans]
    bound: set[int] = set()
    for i, (a, b) in enumerate(spans):
        if not month[i] or (text[a:b] == "may"):
            continue
        if _MONTH_BOUND.search(text[max(0, a - 24) : a]):
            bound.add(i)
        if i + 1 < len(spans) and month[i + 1]:
            between = text[b : spans[i + 1][0]].strip().lower()
            if between in {"-", "–", "till", "to", "until"}:
                bound |= {i, i + 1}
    return bound


def _months_asked(text: str, language: Language) -> tuple[str, ...]:
    """The months, in Swedish, that a question asks a figure in ("i augusti 2021": augusti). English
    "may" is a month only capitalised ("in May"), as the modal verb never follows "in"."""
    months = []
    for match in _IN_MONTH.finditer(text):
        word = match.group(1)
        if word.lower() in _MONTHS:
            months.append(word.lower())
        elif language == "en" and word.lower() in _MONTHS_EN and (word.lower() != "may" or word[0].isupper()):
            months.append(_MONTHS[_MONTHS_EN.index(word.lower())])
    return tuple(dict.fromkeys(months))


def _absent_report_years(tokens: list[str], lemmas: list[str], known: Sequence[int], consumed: set[int]) -> list[str]:
    """The years of reports named beside a report's type ("verksamhetsberättelsen 2019", "2019 års
    verksamhetsberättelse", "tertialrapport 2 2019") that no indexed report is from; each is consumed.
    A year elsewhere may be a subject ("klimatpositiv 2030", "Vision 2030"), so only these count."""
    out = []
    for i, word in enumerate(tokens):
        if not _YEAR.fullmatch(word) or int(word) in known:
            continue
        before = [lemmas[j] for j in range(max(0, i - 2), i)]
        after = lemmas[i + 1 : i + 3]
        if any(w in REPORT_TYPE_WORDS for w in before) or (
            after[:1] == ["år"] and after[1:] and after[1] in REPORT_TYPE_WORDS
        ):
            out.append(word)
            consumed.add(i)
    return out


# Words that join two years as sides of one question ("mellan 2021 och 2022", "2020 jämfört med 2023").
_JOINING = frozenset({
    "och", "eller", "samt", "till", "mot", "jämfört", "med", "-", "–",
    "and", "or", "to", "versus", "vs", "compared", "with",
})  # fmt: skip


def _absent_side_years(tokens: list[str], known: Sequence[int], consumed: set[int]) -> list[str]:
    """The years no indexed report is from that a question joins to one a report is from ("mellan 2021
    och 2022"): a side with no report, said so, while the other year's passages answer; each is
    consumed. Alone, such a year is the time a figure is of (`Query.unreported`), or a subject
    ("Vision 2030", "the 2013 plan … by 2030"), and stays in the question."""
    years = [i for i, word in enumerate(tokens) if _YEAR.fullmatch(word)]
    out = []
    for i in years:
        if int(tokens[i]) in known or i in consumed:
            continue
        for j in years:
            between = tokens[min(i, j) + 1 : max(i, j)]
            if int(tokens[j]) in known and 0 < len(between) <= 3 and all(w.lower() in _JOINING for w in between):
                out.append(tokens[i])
                consumed.add(i)
                break
    return out


def _report_name_rest(lemmas: list[str], i: int, types: tuple[ReportType, ...]) -> set[int]:
    """The positions after `i` that go on with a report type's full name, as the type names itself
    ("avstämning" + "av mål och budget"): a new question's "avstämningen av mål och budget 2024" had
    its "mål" read as goals asked for and "budget" as its topic."""
    for report_type in types:
        name = [lemma(w) for w in WORD.findall(report_type.value.lower())]
        if len(name) > 1 and lemmas[i + 1 : i + len(name)] == name[1:]:
            return set(range(i + 1, i + len(name)))
    return set()


def _unfolded_stop_word(word: str) -> str | None:
    """The stop word `word` is, typed without its å/ä/ö ("pa": på, "gar": går), or None. The speller
    leaves words under four letters alone, and a new user's "pa" and "gar" were kept as topic words
    no report has. A word of its own stays one where the stop word is not much more common, as the
    speller judges a slip (`MUCH_MORE_COMMON`): "val" (election) is not "väl", "bada" not "båda"."""
    # Only a word typed without them: "når" (reaches) has its å, and is not "när" (when).
    if fold(word) != word.lower():
        return None
    stop = _FOLDED_STOP_WORDS.get(fold(word))
    if stop is None or zipf_frequency(stop) - zipf_frequency(word.lower()) < MUCH_MORE_COMMON:
        return None
    return stop


def _topic_terms(
    words: list[str],
    typed: list[str],
    consumed: set[int],
    language: Language,
    doc_freqs: Callable[[Sequence[str]], dict[str, int]] | None = None,
    bound: set[int] | frozenset[int] = frozenset(),
) -> list[TopicTerm]:
    """The topic words with their index terms; none for an English question (its words are not Swedish).
    `bound`: the places of months that bound a period (`TopicTerm.optional`)."""
    if language == "en":
        return _english_terms(words, consumed, doc_freqs)
    out: list[TopicTerm] = []
    seen: set[str] = set()
    for i, word in enumerate(words):
        suspended = word.endswith("-")
        word = word.rstrip("-")  # "ljud- och hörselmiljön": the first part stands for itself…
        lower = word.lower()
        if i in consumed or lower in STOP_WORDS or len(lower) < 2 or not any(c.isalpha() for c in word):
            continue  # a letter alone ("KS:s": "s") names nothing
        base = named_version(word) or lemma(word)  # as typed: an abbreviation is read by its capitals
        if base in STOP_WORDS or base in ABOUT_WORDS or lower in ABOUT_WORDS or lower in FUNCTION_WORDS:
            continue
        if base in REPORTING_WORDS or (base == "följa" and [w.lower() for w in words[i + 1 : i + 2]] == ["upp"]):
            continue  # "följs upp" reports on a thing, as "redovisas" does (a new user's indicator question)
        if base in seen:
            continue
        seen.add(base)
        # A capitalised word inside the question is a name ("Spotify", "Karolinska"): what the
        # question is about, so without it in a passage nothing answers (see `engine.coverage`).
        name = i > 0 and typed[i][:1].isupper() and not typed[i].isupper()
        # …and with the head of the compound it is coordinated with: "bensin- och dieselbilar" are
        # bensinbilar and dieselbilar, as Swedish writes them (the reports too: "stads- och").
        whole = _suspended_compound(lower, words[i + 1 : i + 3]) if suspended else None
        out.append(
            TopicTerm(
                typed[i].rstrip("-"),
                word,
                tuple(expand([t for t in (whole, base) if t])),
                required=name,
                coordinated=whole is not None or _coordinated(words, i),
                verb=is_verb_form(lower, (base,)) and not _describes_next(words, i),
                optional=i in bound,
            )
        )
    return out


def _describes_next(words: list[str], i: int) -> bool:
    """Whether the word at `i` may describe the next one: a lower-case word that is no stop word
    follows ("felparkerade elsparkcyklar"), as a participle stands before its noun."""
    following = words[i + 1 : i + 2]
    return bool(following) and following[0].islower() and following[0].isalpha() and following[0] not in STOP_WORDS


_CONJUNCTIONS = frozenset({"och", "eller", "samt"})


def _coordinated(words: list[str], i: int) -> bool:
    """Whether the word at `i` is joined to a neighbouring word by a conjunction ("bilar och
    lastbilar"): one of two things the question asks about together."""
    before = i >= 2 and words[i - 1].lower() in _CONJUNCTIONS and words[i - 2].lower() not in STOP_WORDS
    after = i + 2 < len(words) and words[i + 1].lower() in _CONJUNCTIONS and words[i + 2].lower() not in STOP_WORDS
    return before or after


def _suspended_compound(modifier: str, following: list[str]) -> str | None:
    """The lemma of "<modifier><head>" for "<modifier>- och <compound>", the compound's head its own."""
    if len(following) < 2 or following[0].lower() not in _CONJUNCTIONS:
        return None
    parts = split_compound(following[1].lower())
    return lemma(modifier + lemma(parts[-1])) if len(parts) >= 2 else None


# Verbs by which a report is said to carry a deviation ("markerade med avvikelse", "flaggade för
# avvikelse", "rapporterade avvikelser"): they name the flag, not a topic. A new user's list "vilka
# aktiviteter … är markerade med avvikelse" searched "markerade" as its topic and listed none of four.
_MARKING_VERBS = frozenset(
    {"markera", "markerad", "flagga", "flaggad", "märka", "märkt", "rapportera", "rapporterad", "ange", "angiven"}
)


def _marking(lemmas: Sequence[str], i: int) -> set[int]:
    """The indexes of the marking verb (and its preposition) right before the deviation word at `i`."""
    if i >= 1 and lemmas[i - 1] in _MARKING_VERBS:
        return {i - 1}
    if i >= 2 and lemmas[i - 1] in {"med", "för", "som"} and lemmas[i - 2] in _MARKING_VERBS:
        return {i - 2, i - 1}
    return set()


_PARTNERING = (("tillsammans", "med"), ("samarbete", "med"), ("samråd", "med"), ("samverkan", "med"))


# What a nämnd's own report states of it, and the city's reports of another nämnd do not: its result
# for the year (a budget, by contrast, the avstämning sets for every nämnd).
_OWN_RESULT = frozenset({"bokslut", "överskott", "underskott", "budgetavvikelse"})


# The accounts a result is of, as the first part of a compound ("budgetresultat", "årsresultat",
# "nettoresultat", "driftresultat"); a survey's or a measurement's result is not one ("enkätresultat").
_ACCOUNTS = _ECONOMIC | {"år", "netto", "drift", "helår"}


def _economic_result(lemma_: str) -> bool:
    """Whether a word is a compound of an account and "resultat" (trial 31: "Kungsholmens
    stadsdelsnämnds budgetresultat 2021" had Norrmalm's result, "tydligt om frågan")."""
    parts = split_compound(lemma_)
    return len(parts) == 2 and parts[1] == "resultat" and parts[0].removesuffix("s") in _ACCOUNTS


def _district(word: str) -> bool:
    """Whether a word, or its genitive, is one of the city's stadsdelsområden (the gazetteer's), which
    each has a nämnd of its own."""
    return place_of(word) in _DISTRICTS


_DISTRICTS = {d.lower(): d for d in STADSDELSOMRADEN}  # as the gazetteer writes it: "Östermalm"


def _asks_own_result(lemmas: Sequence[str], consumed: set[int]) -> bool:
    """Whether a question asks for a nämnd's result of the year: a word of one, or "resultat" with no
    other topic ("Vad blev Södermalms stadsdelsnämnds resultat 2021?"). "Resultat" beside a topic is
    an indicator's or a survey's as often ("resultat i medarbetarenkäten")."""
    if any(lem in _OWN_RESULT or _economic_result(lem) for lem in lemmas):
        return True
    rest = [
        lem
        for i, lem in enumerate(lemmas)
        if i not in consumed and lem not in STOP_WORDS and not _YEAR.fullmatch(lem) and lem != "resultat"
    ]
    return "resultat" in lemmas and not rest


# A nämnd named by its kind, not by its name: no particular nämnd.
_ANY_NAMND = frozenset({"nämnd", "stadsdelsnämnd", "facknämnd", "beslutsnämnd", "nämndmål"})


def _other_namnd(word: str) -> bool:
    """Whether a word names a particular nämnd by its name ("utbildningsnämnden", "kulturnämndens"):
    a compound whose head is "nämnd", not a kind of nämnd ("stadsdelsnämnderna"). An indexed nämnd's
    name is read before this (`namnd_of_word`)."""
    base = lemma(word.lower())
    return base.endswith("nämnd") and base not in _ANY_NAMND and len(split_compound(base)) >= 2


def _partner(tokens: Sequence[str], i: int) -> bool:
    """Whether token `i` names whom an activity is done with: right after "tillsammans med", "i
    samarbete med", "i samråd med" or "i samverkan med" (how the city's activities name partners)."""
    return i >= 2 and (tokens[i - 2].lower(), tokens[i - 1].lower()) in _PARTNERING


def _goal_ref(text: str, spans: list[tuple[int, int]]) -> tuple[GoalRef | None, set[int]]:
    """The goal the question names by number, and the indexes of the tokens that name it."""
    match = _GOAL_NUMBER.search(text)
    if match:
        tokens = {i for i, (a, b) in enumerate(spans) if a >= match.start() and b <= match.end()}
        return GoalRef(match.group("number"), below=bool(match.group("under"))), tokens
    match = _GOAL_TITLE.search(text)
    if not match:
        return None, set()
    named = next(name for name in ("title", "named", "belongs", "quoted", "titled") if match.group(name) is not None)
    title = [
        (i, text[a:b])
        for i, (a, b) in enumerate(spans)
        if a >= match.start(named)
        and b <= match.end(named)
        and not _YEAR.fullmatch(text[a:b])
        and lemma(text[a:b]) not in REPORT_TYPE_WORDS  # "… i tertialrapport 1 2020" filters
    ]
    terms = tuple(
        dict.fromkeys(lemma(w) for _, w in title if w.lower() not in STOP_WORDS and any(c.isalpha() for c in w))
    )
    if not terms:
        return None, set()
    # The title's words describe the goal, not the topic; its years and report names still filter.
    tokens = {i for i, (a, b) in enumerate(spans) if a >= match.start() and b <= match.start(named)}
    tokens |= {i for i, w in title if lemma(w) in terms}
    # A title as printed (quoted, or capitalised after the goal word) names the goal itself and what is
    # under it; "under målet om …" what is under it.
    return GoalRef(None, below=named not in ("quoted", "titled"), title_terms=terms), tokens


def _widened(
    terms: list[TopicTerm], doc_freqs: Callable[[Sequence[str]], dict[str, int]]
) -> tuple[list[TopicTerm], list[Alternative]]:
    """Each topic word that no passage has, with the index terms the dictionary gives for it. A
    name is not widened: a thing the reports never name is not found under another word."""
    out: list[TopicTerm] = []
    found: list[Alternative] = []
    for term in terms:
        alt = None if term.required else alternative(term.searched, term.terms, doc_freqs)
        if alt is not None:
            found.append(alt)
            term = replace(term, terms=term.terms + alt.terms)
        out.append(term)
    return out, found


def _derived(term: TopicTerm, stems: StemIndex) -> TopicTerm:
    """A topic word with the index's words derived from its lemma ("ensam": "ensamhet"); not a
    name, whose relatives are other things ("Klara", "Klarabergsviadukten")."""
    if term.required or not term.terms:
        return term
    found = derivations(term.terms[0], term.terms, stems)
    return replace(term, derived=found) if found else term


def _by_parts(term: TopicTerm, doc_freqs: Callable[[Sequence[str]], dict[str, int]]) -> TopicTerm:
    """A compound that no passage has (nor its synonyms, derivations or the dictionary's words),
    with its parts where every part is in the index. Only all of them together stand for it: one
    part alone names something else ("väntetid" is not "vänta", "Eurovision" not "vision"). A name
    is split only where a hyphen marks its parts ("SIKT-upphandlingen": the SIKT procurement, which
    a report writes "Upphandlingen går under namnet SIKT"); a name written whole is one thing."""
    hyphenated = "-" in term.searched.strip("-")
    if (term.required and not hyphenated) or not term.terms or any(doc_freqs(list(term.about)).values()):
        return term
    # A hyphenated word is split as typed: its last piece may be an abbreviation ("vinter-OS"), which
    # lower-cased reads as a word form ("osa").
    typed = term.searched if "-" in term.searched and term.searched.lower() == term.terms[0] else term.terms[0]
    parts = split_compound(typed)
    if len(parts) < 2 or not all(doc_freqs(list(parts)).values()):
        parts = _split_by_index(term.terms[0], doc_freqs)
    return replace(term, parts=parts) if parts else term


def _split_by_index(word: str, doc_freqs: Callable[[Sequence[str]], dict[str, int]]) -> tuple[str, ...]:
    """A compound split into two words of the index, where the general word list does not split it
    ("snötippning": snö, tippning, which the reports write "tippning av snö"; "tippning" is too rare
    in wordfreq to be a known head). The modifier may end in a linking "s"; each part has at least
    `MIN_PART` letters; of several splits, the one whose rarer part is the commoner wins. On
    tune.jsonl: nDCG@10 0.668 → 0.681, one answerable question fewer at total 0, no no-answer
    question answered."""
    candidates: list[tuple[str, str]] = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        modifier, head = word[:cut], word[cut:]
        candidates.append((modifier, head))
        if modifier.endswith("s") and len(modifier) > MIN_PART:
            candidates.append((modifier[:-1], head))
    found = doc_freqs([w for pair in candidates for w in pair])
    scored = [(min(found[m], found[h]), (m, h)) for m, h in candidates if found[m] and found[h]]
    return max(scored)[1] if scored else ()


_PLAN_PREPOSITIONS = frozenset({"enligt", "från", "som", "mot"})


_WHICH = frozenset({"vilken", "vilket", "vilka"})


def _asks_other_things(lemmas: list[str], kind_places: list[int]) -> bool:
    """Whether a question opening "vilka <noun>" asks for things other than the kinds it names later:
    the word after "vilka" is no kind word, no stop word ("vilka av …") and no count ("vilka fler")."""
    if len(lemmas) < 4 or lemmas[0] not in _WHICH or not kind_places or min(kind_places) <= 2:
        return False  # "vilka nya aktiviteter": the word between is the kind's attribute
    head = lemmas[1]
    return not (head in KIND_WORDS or head in GOAL_LEVEL_WORDS or head in STOP_WORDS or head in _COUNTED)


# Prepositions before which a kind word is what something is said of, not what is asked for: "nöjda
# med aktiviteterna", "andelen som deltar i aktiviteter". Not "av" ("vilka av aktiviteterna", "hur
# många av målen": the kind counted) nor "under" (a goal the question names).
_OBJECT_PREPOSITIONS = frozenset({"med", "på", "för", "till", "i", "om", "vid"})


def _kinds_as_objects(lemmas: list[str], kind_places: list[int]) -> bool:
    """Whether every kind word stands after a preposition that makes it an object (`_OBJECT_PREPOSITIONS`):
    "Hur stor andel av de äldre … är nöjda med aktiviteterna på vård- och omsorgsboende?" asks for an
    indicator, and a new user's answer was filtered to activities (the indicator, 70,9 %, never shown)."""
    return bool(kind_places) and all(i > 0 and lemmas[i - 1] in _OBJECT_PREPOSITIONS for i in kind_places)


# English words before which a kind word is what something is said of, not what is asked for: "risks
# to reaching the goals", "progress towards the goals", "activities that contribute to the goals".
# As in Swedish (`_OBJECT_PREPOSITIONS`), not "of" ("which of the goals": the kind counted) nor
# "under" (a goal the question names); a verb's "-ing" form too ("reaching the goals"). Determiners
# between are skipped.
_ENGLISH_OBJECT_WORDS = frozenset({"to", "towards", "toward", "for", "with", "in", "on", "about", "at", "into"})
_ENGLISH_DETERMINERS = frozenset({"the", "its", "their", "our", "these", "those", "a", "an", "all", "city's"})


def _english_object(words: Sequence[str], i: int) -> bool:
    """Whether the English kind word at `i` is the object of a preposition or an "-ing" verb: a topic
    word then, no kind asked for. A new user's "main risks to reaching the goals in the 2024 budget
    review" was filtered to goals, and none of the report's risk paragraphs was shown."""
    j = i - 1
    while j >= 0 and words[j].lower() in _ENGLISH_DETERMINERS:
        j -= 1
    if j < 0:
        return False
    before = words[j].lower()
    return before in _ENGLISH_OBJECT_WORDS or (before.endswith("ing") and len(before) > 5)


# Verbs of lagging that "efter planen" follows: "låg efter plan", "har halkat efter tidplanen" (the
# lemmatiser reads "låg" as the noun "låga"). Not "efter" alone: "arbetar efter planen" follows it.
_BEHIND_VERBS = frozenset({"ligga", "låga", "halka", "komma", "släpa"})


def _off_plan(lemmas: list[str], at: int) -> bool:
    """Whether the plan word at `at` is said to be departed from: negated ("inte enligt plan",
    "gick inte som planerat"), after a word of deviating ("avvek från planen"), or lagging behind
    it ("låg efter plan")."""
    before = lemmas[max(0, at - 4) : at]
    behind = at >= 2 and lemmas[at - 1] == "efter" and lemmas[at - 2] in _BEHIND_VERBS
    return bool(_PLAN_NEGATION.intersection(before)) or any(w.startswith("avvik") for w in before) or behind


def _override(query: Query, filters: Filters, known_years: Sequence[int] = ()) -> Query:
    changes = {name: getattr(filters, name) for name in Filters.__slots__ if getattr(filters, name) is not None}
    # Years chosen (`--year 2019`) that no report in the index is from: nothing answers, and the
    # answer says why, as for a year the question names beside a report (a new user's `--year 2019`
    # was told that no passage is about the topic). One known year among them still answers.
    missing = [str(y) for y in filters.years or () if known_years and y not in known_years]
    if missing and len(missing) == len(filters.years or ()):
        changes["absent"] = (*query.absent, *[y for y in missing if y not in query.absent])
    return replace(query, **changes)


def _status_words(words: list[str]) -> set[int]:
    """The indexes of the words that say a status ("uppfylls", "inte", "delvis", "helt")."""
    lowered = [w.lower() for w in words]
    # A capital after the first word is a name's ("Vision Klara"), not a verb's.
    verbs = [
        i
        for i, w in enumerate(lowered)
        if _STATUS_VERB.fullmatch(w) or (_WEAK_STATUS_VERB.fullmatch(w) and not (i and words[i][:1].isupper()))
    ]
    out: set[int] = set()
    for i in verbs:
        out.add(i)
        for j in range(max(0, i - 2), min(len(words), i + 1 + _QUALIFIER_AFTER)):
            if lowered[j] in {"inte", "ej", "icke", "delvis", "till"} | _FULLY_WORDS:
                out.add(j)
    if out:  # "bedömer … som delvis uppfyllda": the verb of assessing is part of the status
        out.update(i for i, w in enumerate(lowered) if lemma(w) in {"bedöma", "anse", "bedömning", "bedömas"})
    return out


_QUALIFIER_AFTER = 4


def _statuses(lower: str) -> tuple[tuple[GoalStatus, ...] | None, bool]:
    """The status a question asks for, and whether it said so with a status verb (strong)."""
    strong = _STATUS_VERB.search(lower)
    verb = strong or _WEAK_STATUS_VERB.search(lower)
    if not verb:
        return None, False
    # The qualifier must stand by the verb: "inte" elsewhere in the question says nothing of a status.
    # By words, as Swedish puts the subject between ("nådde kommunstyrelsen inte", "klarade Norrmalm
    # bara delvis"): up to `_QUALIFIER_AFTER` after the verb, two before ("inte helt uppfyllda").
    before = lower[: verb.start()].split()[-2:]
    after = lower[verb.end() :].split()[:_QUALIFIER_AFTER]
    near = " ".join([*before, verb.group(0), *after])
    if _NEGATION.search(near):
        if _FULLY.search(near):
            return (GoalStatus.DELVIS, GoalStatus.INTE), bool(strong)
        return (GoalStatus.INTE,), bool(strong)
    if "delvis" in near:
        return (GoalStatus.DELVIS,), bool(strong)
    if "helt" in near:
        return (GoalStatus.HELT,), bool(strong)
    return None, False


def _english_statuses(lower: str) -> tuple[tuple[GoalStatus, ...] | None, bool]:
    """The status an English question asks for, as `_statuses` reads a Swedish one; always strong:
    English has no everyday verb of reaching that the reports' assessment shares."""
    if _ENGLISH_MISSED.search(lower):
        return (GoalStatus.INTE,), True
    verb = _ENGLISH_STATUS_VERB.search(lower)
    if not verb:
        return None, False
    near = lower[max(0, verb.start() - 25) : verb.end() + 12]
    if ENGLISH_NEGATION.search(near):
        if _ENGLISH_FULLY.search(near):
            return (GoalStatus.DELVIS, GoalStatus.INTE), True
        return (GoalStatus.INTE,), True
    if _ENGLISH_PARTLY.search(near):
        return (GoalStatus.DELVIS,), True
    if _ENGLISH_FULLY.search(near):
        return (GoalStatus.HELT,), True
    return None, False


# A tertial by its ordinal, in Swedish or English: "andra tertialet 2021", "the second tertial of 2021".
_ORDINALS = {"första": 1, "andra": 2, "tredje": 3, "first": 1, "second": 2, "third": 3}
_ORDINAL_PERIOD = re.compile(
    r"\b(första|andra|tredje|first|second|third)\s+(?:((?:19|20)\d{2})\s+)?"
    r"(?:tertial\w*|four-month\s+(?:period|report)|interim\s+report)\b"
    r"(?:\s+(?:of\s+|för\s+|i\s+)?((?:19|20)\d{2}))?",
    re.IGNORECASE,
)


def _periods_and_years(lower: str, known: Sequence[int]) -> tuple[tuple[str, ...] | None, tuple[int, ...] | None]:
    periods, years = [], []
    for match in _PERIOD.finditer(lower):
        periods.append(f"T{match.group(1)}")
        if match.group(2):
            years.append(int(match.group(2)))
    for match in _ORDINAL_PERIOD.finditer(lower):
        periods.append(f"T{_ORDINALS[match.group(1).lower()]}")
        year = match.group(2) or match.group(3)  # "the second 2021 interim report", "… tertial of 2021"
        if year:
            years.append(int(year))
    years += [int(y) for y in _YEAR.findall(lower) if int(y) not in years]
    if known:
        years = [y for y in years if y in known]
    # Each year once: "kommunstyrelsen 2021 och Norrmalm 2021" compares two nämnder in one year, and a
    # new user's question was read as "jämförelse: 2021 och 2021", Kommunstyrelsen lost.
    return (tuple(dict.fromkeys(periods)) or None), (tuple(dict.fromkeys(years)) or None)


def _english_by_dictionary(
    words: list[str], consumed: set[int], terms: list[TopicTerm], doc_freqs: Callable[[Sequence[str]], dict[str, int]]
) -> tuple[list[TopicTerm], list[Alternative]]:
    """An English question's other words as the Swedish words Folkets gives for them
    (`lexicon.swedish_for`), those the index has where it has some; and, shown as searched, the
    words the index has (a word it lacks is named as missing instead). The glossary is short, and a
    word it lacks ("memorial", "meadow") reached only the dense side. Not a name, a stop word, or a
    word the glossary or a name already took. On tune.jsonl, once it had 14 English questions
    written without the glossary in view (30 in all): English nDCG@10 0.693 → 0.764, no other
    class moved, every no-answer question kept (translations shared by ≤ 8 Swedish words and words
    under zipf 4.5, the Swedish side's `MAX_SHARED` and `MAX_ZIPF`; at ≤ 2 words 0.710, at zipf 5.5
    0.705 with two more answerable questions at total 0)."""
    english_stop_words = spacy_stop_words("en")
    taken = {w.lower() for term in terms for w in term.word.split()}
    out: list[TopicTerm] = []
    shown: list[Alternative] = []
    for i, typed in enumerate(words):
        if i in consumed or (i and typed[:1].isupper()):
            continue  # a name is searched as it is (`_english_terms`)
        # A hyphenated word's parts are words of their own ("zero-emission": zero, emission), each
        # in the glossary (by its English lemma: "emissions") or the dictionary. On tune.jsonl (225)
        # English nDCG@10 0.752 → 0.765 ("zero-emission zone", "outer-suburb"), nothing else moved.
        parts = typed.split("-") if "-" in typed.strip("-") else [typed]
        for word in parts:
            lower = word.lower()
            if lower in taken or lower in english_stop_words or not lower.isalpha() or len(lower) < 3:
                continue
            glossed = translate_word(lower) if len(parts) > 1 else ()
            # A Swedish stop word names no topic on this side either ("fewer": få): the index keeps
            # few of them, so its idf ranked "få" above "feriejobb" and the summer-job question went unanswered.
            # A form of a stop word is one too ("färre" is "få").
            swedish = (
                ()
                if glossed
                else tuple(t for t in swedish_for(lower) if t not in STOP_WORDS and lemma(t) not in STOP_WORDS)
            )
            if glossed or swedish:
                taken.add(lower)
            if glossed:
                out.append(TopicTerm(word, word, tuple(expand(list(glossed)))))
            if not swedish:
                continue
            found = doc_freqs(list(swedish))
            known = tuple(t for t in swedish if found.get(t, 0) > 0)
            # A word whose Swedish no passage has is the question's likely subject, as a Swedish
            # word in no passage is (`engine.ABSENT_WEIGHT`): "rats" (råtta), "tourist" (turist).
            # On tune.jsonl: no-answer questions at total 0 0.821 → 0.893, no answerable question
            # at 0, English nDCG@10 0.764 → 0.756 (one ranking: "overrun" is "överlupen" in Folkets).
            out.append(TopicTerm(word, word, known or swedish))
            if known:
                shown.append(Alternative(word, known))
    return out, shown


def _english_compounds(
    words: list[str], consumed: set[int], terms: list[TopicTerm], doc_freqs: Callable[[Sequence[str]], dict[str, int]]
) -> list[TopicTerm]:
    """Two English nouns that Swedish writes as one compound ("electricity prices": elpris, "fire
    station": brandstation), where the index has the compound: a term for the two, beside each
    word's own (a report may write them apart: "investeringar för ökad trygghet"; in their place,
    three tune questions lost their answer). Word by word, "electricity prices" was "el" and
    nothing, and a new user's question on the risk of rising electricity prices answered "Inga
    träffar". The compound is formed as Swedish forms one (joined, with a linking -s, or with the
    first part's final vowel dropped: "skolresultat"), of every Swedish word the dictionary or the
    glossary gives each part, no stop word ("open drug": upp + drog); only one the index holds is kept."""
    english_stop_words = spacy_stop_words("en")

    def part(i: int) -> bool:
        word = words[i]
        return (
            i not in consumed
            and word.isalpha()
            and word.islower()
            and len(word) >= 3
            and word not in english_stop_words
        )

    out = list(terms)
    phrases = [set(t.word.lower().split()) for t in terms if " " in t.word]  # the glossary's ("summer jobs")

    def translated(word: str) -> bool:
        return bool(translate_word(word) or swedish_for(word)) or any(word in p for p in phrases)

    i = 0
    while i + 1 < len(words):
        # Only where a word has no Swedish of its own: beside two translated words the compound moved
        # rankings both ways on tune.jsonl (0.743 → 0.741, "development programmes" among them).
        if not (part(i) and part(i + 1)) or (translated(words[i]) and translated(words[i + 1])):
            i += 1
            continue
        firsts = {*swedish_heads(words[i]), *translate_word(words[i])}
        seconds = {*swedish_heads(words[i + 1]), *translate_word(words[i + 1])}
        joined = {
            form
            for a in firsts
            for b in seconds
            if " " not in a + b and len(a) >= 2 and len(b) >= 2 and a not in STOP_WORDS and b not in STOP_WORDS
            for form in (a + b, a + "s" + b, *((a[:-1] + b,) if a[-1] in "ae" else ()))
        }
        found = doc_freqs(sorted(joined)) if joined else {}
        known = tuple(sorted(t for t in joined if found.get(t, 0) > 0))
        if not known:
            i += 1
            continue
        phrase = f"{words[i]} {words[i + 1]}"
        out.append(TopicTerm(phrase, phrase, known, optional=True))
        i += 2
    return out


def _opening_name(
    words: list[str], consumed: set[int], doc_freqs: Callable[[Sequence[str]], dict[str, int]]
) -> list[TopicTerm]:
    """The first word of an English question as a name, where it may be one: capitalised, no
    function word, no everyday English word (zipf under `MAX_ZIPF`, as for the dictionary), and
    in the index ("Esset delays", "Vasaparken skating rink"). A capital after the first word is a
    name by itself (`_english_terms`); the first word's capital may only start the sentence, so
    the index must have the word, and a name it lacks is not asked for."""
    if not words or 0 in consumed or not may_be_name(words[0]) or not words[0].isalpha():
        return []
    lower = words[0].lower()
    # Before another capitalised word the first word begins a name of two ("Earth Hour", "City
    # Hall"), however common in English: a new user's "Earth Hour" was searched as "Hour".
    in_name = len(words) > 1 and 1 not in consumed and words[1][:1].isupper() and words[1].isalpha()
    if english_zipf(lower) >= MAX_ZIPF and not in_name:
        return []
    forms = tuple(dict.fromkeys((lower, lemma(lower))))
    if not any(doc_freqs(list(forms)).values()):
        return []
    return [TopicTerm(words[0], words[0], forms, required=True)]


def _english_terms(
    words: list[str], consumed: set[int], doc_freqs: Callable[[Sequence[str]], dict[str, int]] | None = None
) -> list[TopicTerm]:
    """An English question's domain words, by the glossary, as Swedish terms, and the names in it
    as they are: a name the reports lack ("Airbnb") keeps its weight, so an English question about
    something the reports do not cover is not answered by a domain word it shares. Other English
    words have no Swedish terms and are left to the dense side. An everyday English word that
    English writes with a capital ("June", "May", "Monday"; zipf ≥ `MAX_ZIPF`) is no name where no
    passage has it: a new user's "… heavy rains in May and June 2021" was "Inga träffar: «June»".
    On tune.jsonl one English question was answered ("… the new Social Services Act": 0 → 0.63),
    English nDCG@10 0.756 → 0.777, no other question moved."""
    english_stop_words = spacy_stop_words("en")
    out: list[TopicTerm] = []
    covered: set[int] = set(consumed)
    for start, end, english, swedish in translate(words):
        if covered.intersection(range(start, end)):
            continue
        covered.update(range(start, end))
        # A phrase as typed ("district councils"), so that no word of it is translated again alone.
        typed = " ".join(words[start:end]) if end - start > 1 else english
        out.append(TopicTerm(typed, english, tuple(expand(list(swedish)))))
    for i, word in enumerate(words):
        lower = word.lower()
        if i in covered or lower in english_stop_words or not lower.isalpha() or len(lower) < 3:
            continue
        if i and word[:1].isupper():  # a name ("Airbnb", "Spotify"): the passages must have it
            # A Swedish name is indexed as its lemma ("Drottninggatan" → "drottninggata").
            forms = tuple(dict.fromkeys((lower, lemma(lower))))
            if english_zipf(lower) >= MAX_ZIPF and doc_freqs is not None and not any(doc_freqs(list(forms)).values()):
                continue
            out.append(TopicTerm(word, word, forms, required=True))
    return out


def may_name_subject(term: TopicTerm) -> bool:
    """Whether a topic word may name the question's subject: not a word common in everyday Swedish
    (`SUBJECT_ZIPF`), which phrases a question ("händer", zipf 5.5: "Vad händer med parkerna
    på Norrmalm?" was "Inga träffar" when its absence weighed ×3). A hyphenated compound always may:
    wordfreq reads "vinter-OS" as the two words "vinter" and "os" (zipf 4.2), and no word that
    only phrases a question is written with a hyphen."""
    word = term.searched.lower()
    if "-" in word.strip("-"):
        return True
    return zipf_frequency(word) < SUBJECT_ZIPF and not term.verb
