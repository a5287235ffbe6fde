"""The index's own words for a question word's derivations: "ensam" also finds "ensamhet".

The lemmatiser gives each word its base form, but a derivation is a word of its own: a question's
"ensamma" is the lemma "ensam", while the reports write about "ensamhet"; "hjälper" is "hjälpa",
the reports' noun "hjälp". Swedish Snowball (the maintained stemmer of the Snowball project) strips
inflection and the common derivational endings, so words of the index that share a question word's
stem are its near relatives. A short stem gathers unrelated words ("stad", "stadig", "stads"), so
only a stem shared by few index words is used (`MAX_DERIVATIONS`), and only words that differ
from it by an inflection or "-het" (`ENDINGS`): Snowball also strips "-ig" and "-lig", which make
other words ("stadig" is not "stad"). A verb and its noun in "-ning" / "-ing", which Snowball keeps
apart, find each other too ("planera", "planering"; `NOUN_OF_VERB`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping

import snowballstemmer

# A stem that more index words than this share is a short stem of unrelated words, not one word's
# family. Chosen on tests/eval/tune.jsonl: 2 gave nDCG@10 0.687 → 0.695 and one more answerable
# question answered (4 → 3 at total 0); 4 and 8 gave 0.692; no-answer questions stayed at 0.
MAX_DERIVATIONS = 2
# Stems shorter than this are a syllable or two ("bo", "ung"), shared by words of any meaning.
MIN_STEM = 4

# Step 1 of the Swedish Snowball algorithm (snowballstem.org/algorithms/swedish): the endings of
# inflection, and "-het". Steps 2–3 (undoubled consonants, "-ig", "-lig", "-els") are left out.
ENDINGS = frozenset(
    "a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er heter or s "
    "as arnas ernas ornas es ades andes ens arens hetens erns at et andet het ast".split()
) | {""}

# Swedish makes a verb's noun with "-ning" or "-ing" ("utreda": utredning, "cykla": cykling); the
# noun is the verb's stem with the ending, as Snowball stems the verb, which Snowball does not strip.
# On tune.jsonl: list recall 0.883 → 0.893 at precision 0.892 → 0.891, nDCG@10 unchanged.
NOUN_OF_VERB = ("ning", "ing")
_VOWELS = frozenset("aeiouyåäö")

_LOCAL = threading.local()


def _stem(word: str) -> str:
    # A Snowball stemmer keeps the word it works on in itself: one shared by a service's request
    # threads mixed their words up (IndexError under the load test), so each thread has its own.
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer.stemWord(word)


StemIndex = Mapping[str, tuple[str, ...]]


def stem_index(terms: Iterable[str]) -> StemIndex:
    """stem → the index terms (lemmas, compound heads and modifiers) that have it."""
    out: defaultdict[str, list[str]] = defaultdict(list)
    for term in terms:
        if term.isalpha():
            stem = _stem(term)
            if len(stem) >= MIN_STEM:
                out[stem].append(term)
            verb = _nominalised(term)
            if verb is not None and verb != stem:
                out[verb].append(term)
            short = _syncopated(term)
            if short is not None and short not in (stem, verb):
                out[short].append(term)
    return {stem: tuple(sorted(words)) for stem, words in out.items()}


def derivations(lemma: str, known: Iterable[str], stems: StemIndex) -> tuple[str, ...]:
    """The index terms that share `lemma`'s stem, besides those already `known` for it; none where
    the stem is shared by more than `MAX_DERIVATIONS` of them. A known term's linking form ("inköp"
    and "inköps") is the compound's modifier, which the lexical side already matches, at half weight."""
    known = set(known) | {lemma}
    own = [s for s in dict.fromkeys((family(lemma), _syncopated(lemma))) if s is not None]
    mates = list(
        dict.fromkeys(
            t
            for stem in own
            for t in stems.get(stem, ())
            if t not in known and (_inflected(t, stem) or _syncopated(t) == stem)
        )
    )
    base = known | set(mates)
    mates = [t for t in mates if not (t.endswith("s") and t[:-1] in base)]
    return tuple(mates) if len(mates) <= MAX_DERIVATIONS else ()


def family(word: str) -> str | None:
    """The stem `word` shares with its inflections and derivations ("sjukskriva" and "sjukskrivning":
    sjukskriv), or None where it has none: a stem shorter than `MIN_STEM`, or a word that is more
    than its stem with an ending of `ENDINGS` or `NOUN_OF_VERB`."""
    stem = (_nominalised(word) or _stem(word)) if word.isalpha() else ""
    return stem if len(stem) >= MIN_STEM and _inflected(word, stem) else None


def _inflected(word: str, stem: str) -> bool:
    """Whether `word` is `stem` with an inflection or "-het" after it (`ENDINGS`), or the noun of
    its verb ("-ing", "-ning")."""
    return word.startswith(stem) and (word[len(stem) :] in ENDINGS or word[len(stem) :] in NOUN_OF_VERB)


def _syncopated(word: str) -> str | None:
    """The stem a word in "-el", "-er" or "-en" after a consonant takes before an ending, which drops
    its "e" ("cykel": cyklar, cykla, cykling; "nyckel": nycklar), or None. Snowball keeps "cykel" and
    "cykl" apart, so a new question's "cykling" found no "cykel", "förmånscykel" or "elcykel"."""
    if len(word) >= MIN_STEM + 1 and word[-1] in "lnr" and word[-2] == "e" and word[-3] not in _VOWELS:
        return word[:-2] + word[-1]
    return None


def _nominalised(word: str) -> str | None:
    """The verb stem of a noun made from it ("planering": planer, as Snowball stems "planera"), or None."""
    for ending in NOUN_OF_VERB:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return None
