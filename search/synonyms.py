"""Words officials use for the same thing: a question's topic is widened by these before retrieval.

Kept small and by lemma: each entry is a word the reports use differently from everyday
speech, or a subject that goes under several names ("pandemin" is "coronaviruset" and
"covid-19" in the reports of 2020–2021).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from index.nlp.lemmas import lemma
from search.derivations import family

# Names of one thing: each finds all the others. A group, not a word and its list, so that no
# member is missed as a starting point ("coronapandemin" found only itself while "pandemin" found it).
GROUPS: tuple[tuple[str, ...], ...] = (
    ("pandemi", "corona", "coronapandemi", "coronavirus", "covid-19", "covid"),
    ("hemlöshet", "hemlös", "bostadslös", "bostadslöshet"),
    ("sjukskrivning", "sjukfrånvaro"),
    ("ungdom", "unga", "ungdomar", "ung"),  # "unga" is indexed by its lemma, "ung"
)
# A word and the narrower or neighbouring words the reports write for it; one way only ("pengar" is
# searched as "budget", a question about the budget is not one about money in general).
NARROWER: dict[str, tuple[str, ...]] = {
    "trygghet": ("trygg", "otrygghet", "otrygg"),
    "otrygghet": ("trygghet", "otrygg"),
    "klimat": ("klimatpåverkan", "utsläpp", "växthusgas", "fossilfri"),
    "personal": ("medarbetare", "anställd", "personalomsättning", "bemanning"),
    "digitalisering": ("digital", "e-tjänst", "digitalisera"),
    "pengar": ("budget", "kostnad", "ekonomi"),
    "underskott": ("negativ", "avvikelse"),
    "våld": ("våldsbejakande", "brott"),
    "missbruk": ("beroende",),
    "jobb": ("arbete", "sysselsättning", "arbetsmarknad"),
    "arbetslöshet": ("arbetslös", "sysselsättning", "arbetsmarknad"),
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    **{word: tuple(w for w in group if w != word) for group in GROUPS for word in group},
    **NARROWER,
}


def _by_family() -> dict[str, tuple[str, ...]]:
    out: defaultdict[str, list[str]] = defaultdict(list)
    for word in SYNONYMS:
        stem = family(word)
        if stem is not None:
            out[stem].append(word)
    return {stem: tuple(words) for stem, words in out.items()}


# An entry is found by its word's family too: a question's verb or inflection of an entry's noun
# ("sjukskrivna" is the lemma "sjukskriva"; the entry is "sjukskrivning") names the same thing.
# A new user's "hur många av personalen är sjukskrivna" was answered "Inga träffar" (twice, in two
# trials), as was the tune question "hur många är sjukskrivna".
_FAMILIES = _by_family()


def synonyms(word: str) -> tuple[str, ...]:
    """The words `word` is searched by besides itself: its entry's, or those of the entries of its
    family (`derivations.family`), the entries' own words included."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    stem = family(word)
    entries = _FAMILIES.get(stem, ()) if stem is not None else ()
    return tuple(dict.fromkeys(w for entry in entries for w in (entry, *SYNONYMS[entry]) if w != word))


def expand(terms: Iterable[str]) -> list[str]:
    """The terms and their synonyms, each once, the question's own first; a synonym also by its lemma,
    as the index holds it ("anställd" is indexed "anställa", "missbruk" "missbruka")."""
    out = list(dict.fromkeys(terms))
    for term in list(out):
        for found in synonyms(term):
            out += [w for w in dict.fromkeys((found, lemma(found))) if w not in out]
    return out
