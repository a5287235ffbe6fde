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


def stated_met(analysis: str) -> bool | None:
    """Whether the Analys says the target was met (True), not met (False), or says neither (None).

    >>> stated_met("Målet uppnås ej.")
    False
    >>> stated_met("Nämndens mål att 160 ungdomar fått feriearbete har uppnåtts.")
    True
    >>> stated_met("Med anledning av coronapandemin är det troligt att målet inte kan nås.") is None
    True
    """
    verdicts = set()
    for sentence in _SENTENCE.findall(analysis or ""):
        if not (_TARGET.search(sentence) and _REACHED.search(sentence)):
            continue
        if _HEDGE.search(sentence) or _PART.search(sentence):
            continue
        verdicts.add(not _NOT.search(sentence))
    return verdicts.pop() if len(verdicts) == 1 else None
