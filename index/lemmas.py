"""Swedish lemmas: simplemma's Swedish dictionary, with the domain's own words fixed.

simplemma is a dictionary lookup, fast and offline; its few misses in this domain
(where a report word must stay itself, e.g. "äldre" in "äldreomsorg" is not "gammal")
are overridden here rather than patched around downstream.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

# Domain words whose dictionary lemma is wrong for follow-up reports, or missing.
OVERRIDES: dict[str, str] = {
    "äldre": "äldre",  # the age group ("äldre", "äldrenämnden"), not the comparative of "gammal"
    "nämnd": "nämnd",
    "nämnden": "nämnd",
    "plan": "plan",
    "planen": "plan",
    "planer": "plan",
    "nämnder": "nämnd",
    "nämnderna": "nämnd",
    "avvikelser": "avvikelse",
    "avvikelsen": "avvikelse",
    "avvikelserna": "avvikelse",
    "pandemin": "pandemi",
    "pandemier": "pandemi",
    "covid": "covid-19",
    "covid-19": "covid-19",
    "coronaviruset": "coronavirus",
    "mnkr": "mnkr",
    "tkr": "tkr",
    "kf-mål": "kf-mål",
    "nämndmålet": "nämndmål",
    "nämndmålen": "nämndmål",
    "uppfylls": "uppfylla",
    "helt": "hel",
    "tertialen": "tertial",
    "tertialrapporten": "tertialrapport",
}


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one Swedish word form, lower-cased; words without a lemma stay as they are."""
    lower = word.lower()
    if lower in OVERRIDES:
        return OVERRIDES[lower]
    if not any(ch.isalpha() for ch in lower):
        return lower
    return simplemma.lemmatize(lower, lang="sv").lower()
