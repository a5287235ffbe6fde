"""The report's own word on whether an indicator met its target, read from the indicator's Analys.

Which way an indicator improves is read from its name (`indicators.lower_is_better`), and a name
does not always say: "Antal personal en hemtjänsttagare … möter under en 14-dagarsperiod" improves
as it falls, and no list of names holds every such indicator of every nämnd. The reports say it
themselves where it matters, in the city's standard phrasing: "Målet uppnås ej", "Resultatet på
76 procent uppnår inte årsmålet", "Nämndens mål att 160 ungdomar fått feriearbete har uppnåtts".
Where the Analys says so, its word decides; otherwise the figures and the direction do.

Only a plain statement about the target counts: a sentence that names the target (mål, målet,
årsmål, målvärdet, målnivån), says it is or is not reached (uppnå, nå, uppfylla) and is neither a
forecast nor a hedge ("troligt att målet inte kan nås", "i princip uppnåtts") nor about one sex
("För män nås årsmålet … medan för kvinnor nås inte"). "Delvis" is not met. Sentences that
disagree give no verdict.
"""

from __future__ import annotations

import re

from index.parse.records import GoalLevel, GoalStatus

_SENTENCE = re.compile(r"[^.!?]+")
# The indicator's target, not a goal of the plan ("nämndmålet", "inriktningsmålet" are goals).
_TARGET = re.compile(r"\b(?:års)?mål(?:et|en|värdet?|nivån?)?\b", re.I)
_REACHED = re.compile(r"\b(?:upp)?n(?:å|år|ås|ått|åtts|ådde|åddes)\b|\buppfyll(?:s|t|ts|des|er)\b", re.I)
_NOT = re.compile(r"\b(?:inte|ej|icke|delvis)\b", re.I)
# A forecast or a hedge is no verdict on the period reported: "troligt", "bedöms", "kan nås",
# "förväntas", "i princip", "nästan".
_HEDGE = re.compile(
    r"\b(?:troligt?|sannolikt|bedöm\w*|prognos\w*|förvänta\w*|kan|kunna|kommer|skulle|i princip|nästan|bör)\b", re.I
)
# A verdict on one sex is not the indicator's (its outcome is the total).
_PART = re.compile(r"\b(?:män|kvinnor|pojkar|flickor)\b", re.I)
# The city's traffic light, opening an indicator's Analys: "(Grön)" the target met, "(Gul)" partly,
# "(Röd)" not ("(Grön). Indikatorns resultat baseras …", Norrmalm 2021, eight rows, five of them with
# the outcome only in the text). The report's own word, as a sentence's is; partly is not met.
_LIGHT = re.compile(r"^\s*\((grön|gul|röd)\)", re.I)


def traffic_light(analysis: str) -> str | None:
    """The colour an indicator's Analys opens with ("(Gul) Utfallet baseras …"): "grön", "gul", "röd",
    or None. "Gul" is partly met, which `stated_met` counts as not met and the answer says is partly."""
    light = _LIGHT.match(analysis or "")
    return light.group(1).lower() if light else None


def stated_met(analysis: str) -> bool | None:
    """Whether the Analys says the target was met (True), not met (False), or says neither (None).

    >>> stated_met("Målet uppnås ej.")
    False
    >>> stated_met("Nämndens mål att 160 ungdomar fått feriearbete har uppnåtts.")
    True
    >>> stated_met("Med anledning av coronapandemin är det troligt att målet inte kan nås.") is None
    True
    >>> stated_met("(Grön). Indikatorns resultat baseras i år på …"), stated_met("(Gul) Utfallet baseras …")
    (True, False)
    """
    light = traffic_light(analysis)
    if light:
        return light == "grön"
    verdicts = set()
    for sentence in _SENTENCE.findall(analysis or ""):
        if not (_TARGET.search(sentence) and _REACHED.search(sentence)):
            continue
        if _HEDGE.search(sentence) or _PART.search(sentence):
            continue
        verdicts.add(not _NOT.search(sentence))
    return verdicts.pop() if len(verdicts) == 1 else None


# A goal judged in prose ("Stadsledningskontoret bedömer att verksamhetsområdets årsmål kommer att
# uppnås helt under 2024", "bedöms inte kunna nås"): the verb of judging and a verb of reaching, as
# the city's reports write it; not a purpose ("… bedöms som tillräcklig för att nå upp till …", "i
# syfte att …": a new user found the 2024 avstämning's statement of its own purpose listed so).
_ASSESSMENT = re.compile(r"\bbedöm\w*\b(?:(?!\b(?:för att|i syfte att)\b).)*?\b(?:uppnå\w*|uppfyll\w*|nås)\b", re.I)
_GOAL_REACH = r"(?:uppnå\w*|uppfyll\w*|nås)"
_NOT_REACHED = re.compile(rf"\b(?:inte|ej)\s+(?:\w+\s+){{0,2}}?{_GOAL_REACH}\b|\b{_GOAL_REACH}\s+(?:inte|ej)\b", re.I)
# The goal a prose judgement names, by the level's word in the city's three-level hierarchy.
_LEVEL_WORDS = (
    (GoalLevel.INRIKTNINGSMAL, re.compile(r"\binriktningsmål", re.I)),
    (GoalLevel.KF_MAL, re.compile(r"\bverksamhetsområde\w*\s+(?:års)?mål|\bverksamhetsområdesmål|\bKF-mål", re.I)),
    (GoalLevel.NAMNDMAL, re.compile(r"\bnämndmål", re.I)),
)


def is_goal_assessment(sentence: str) -> bool:
    """Whether a sentence of prose judges whether a goal is reached."""
    return bool(_ASSESSMENT.search(sentence)) and "mål" in sentence.lower()


def assessment_verdict(sentence: str) -> GoalStatus | None:
    """A prose judgement's verdict: not reached where the negation stands at the verb of reaching
    ("inte uppnås", "bedöms inte kunna nås"), in part, fully, or None where it says none. A
    negation elsewhere in the sentence ("… uppnås helt, trots att X inte …") is no verdict.

    >>> assessment_verdict("Kontoret bedömer att verksamhetsområdets årsmål kommer att uppnås helt under 2024.")
    <GoalStatus.HELT: 'uppfylls helt'>
    """
    if _NOT_REACHED.search(sentence):
        return GoalStatus.INTE
    lower = f" {sentence.lower()} "
    return GoalStatus.DELVIS if " delvis" in lower else GoalStatus.HELT if " helt" in lower else None


# The verb of judging as a verb ("bedömer", "bedöms", "gör bedömningen att"), not a table's column
# label ("Nämndmål | Bedömning | Kommentar" over "… Uppfylls helt …", a trial layout's goal table).
_JUDGES = re.compile(r"\bbedöm(?:er|s|de|des|t|ts)\b|\bbedömningen\s+(?:är\s+)?att\b", re.I)
_REACHES = re.compile(rf"\b{_GOAL_REACH}\b", re.I)


def assessed_level(sentence: str) -> GoalLevel | None:
    """The level of the goal a prose judgement is of ("… bedömer att verksamhetsområdets årsmål kommer
    att uppnås helt", "… innebär att inriktningsmålet kommer att uppfyllas"): its word stands after the
    verb of judging and before the verb of reaching. None where no goal stands there."""
    judged = _JUDGES.search(sentence)
    if judged is None:
        return None
    for level, words in _LEVEL_WORDS:
        named = words.search(sentence, judged.end())
        if named and _REACHES.search(sentence, named.end()):
            return level
    return None
