"""Swedish lemmas: simplemma's Swedish dictionary, with the domain's own words fixed.

simplemma is a dictionary lookup, fast and offline; its few misses in this domain
(where a report word must stay itself, e.g. "äldre" in "äldreomsorg" is not "gammal")
are overridden here rather than patched around downstream.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma
from wordfreq import zipf_frequency

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
    found = simplemma.lemmatize(lower, lang="sv").lower()
    if found == lower and len(lower) >= MIN_COMPOUND and lower.isalpha() and lower not in _places():
        return _compound_lemma(lower)
    return found


# A compound the dictionary lacks is inflected on its head: "skyddsmaterialet" is
# "skyddsmaterial" as "materialet" is "material". Without this, each inflection of such a
# compound stays a lemma of its own, and a question in one form misses passages in another.
MIN_COMPOUND = 8
MIN_HEAD = 4
MIN_ZIPF_HEAD = 2.5  # as for a compound's head in `compounds.py`: about once in 3 million words
# Swedish noun endings (definite, plural, genitive): what an inflected head adds to its lemma.
NOUN_ENDINGS = frozenset(
    "n en et t na s ns ens ets er ar or erna arna orna ers ars ors ernas arnas ornas nas es".split()
)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    from index.gazetteer import place_words

    return place_words()


def _compound_lemma(word: str) -> str:
    """The word with its longest head that is a word replaced by that head's lemma.

    Only the longest head that Swedish uses as a word (wordfreq) is considered: a shorter one
    is no part of the compound, and the dictionary's guesses for non-words strip real letters
    ("aktivitet" is not "akt" + an inflected "ivitet", nor "mötesplats" "mötespl" + "ats").
    """
    for start in range(3, len(word) - MIN_HEAD + 1):
        head = word[start:]
        if head in OVERRIDES:
            return word[:start] + OVERRIDES[head]
        if zipf_frequency(head, "sv") < MIN_ZIPF_HEAD:
            continue
        base = simplemma.lemmatize(head, lang="sv").lower()
        # Only an inflection ending taken off ("materialet" → "material"), never another word
        # guessed ("bidrag" → "bidra", "holm" → "holme").
        if head.startswith(base) and head[len(base) :] in NOUN_ENDINGS:
            return word[:start] + base
        return word
    return word
