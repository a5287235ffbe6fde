"""Words officials use for the same thing: a question's topic is widened by these before retrieval.

Kept small and by lemma: each entry is a word the reports use differently from everyday
speech, or a subject that goes under several names ("pandemin" is "coronaviruset" and
"covid-19" in the reports of 2020–2021).
"""

from __future__ import annotations

from collections.abc import Iterable

# Names of one thing: each finds all the others. A group, not a word and its list, so that no
# member is missed as a starting point ("coronapandemin" found only itself while "pandemin" found it).
GROUPS: tuple[tuple[str, ...], ...] = (
    ("pandemi", "corona", "coronapandemi", "coronavirus", "covid-19", "covid"),
    ("hemlöshet", "hemlös", "bostadslös", "bostadslöshet"),
    ("sjukskrivning", "sjukfrånvaro"),
    ("ungdom", "unga", "ungdomar"),
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


def expand(terms: Iterable[str]) -> list[str]:
    """The terms and their synonyms, each once, the question's own first."""
    out = list(dict.fromkeys(terms))
    for term in list(out):
        out += [s for s in SYNONYMS.get(term, ()) if s not in out]
    return out
