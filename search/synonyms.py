"""Words officials use for the same thing: a question's topic is widened by these before retrieval.

Kept small and by lemma: each entry is a word the reports use differently from everyday
speech, or a subject that goes under several names ("pandemin" is "coronaviruset" and
"covid-19" in the reports of 2020–2021).
"""

from __future__ import annotations

from collections.abc import Iterable

SYNONYMS: dict[str, tuple[str, ...]] = {
    "pandemi": ("corona", "coronapandemi", "coronavirus", "covid-19", "covid"),
    "corona": ("pandemi", "coronavirus", "covid-19", "covid"),
    "coronavirus": ("pandemi", "corona", "covid-19", "covid"),
    "covid-19": ("pandemi", "corona", "coronavirus"),
    "covid": ("pandemi", "corona", "coronavirus", "covid-19"),
    "hemlöshet": ("hemlös", "bostadslös", "bostadslöshet"),
    "hemlös": ("hemlöshet", "bostadslös"),
    "bostadslös": ("hemlös", "hemlöshet"),
    "trygghet": ("trygg", "otrygghet", "otrygg"),
    "otrygghet": ("trygghet", "otrygg"),
    "klimat": ("klimatpåverkan", "utsläpp", "växthusgas", "fossilfri"),
    "personal": ("medarbetare", "anställd", "personalomsättning", "bemanning"),
    "sjukskrivning": ("sjukfrånvaro",),
    "sjukfrånvaro": ("sjukskrivning",),
    "digitalisering": ("digital", "e-tjänst", "digitalisera"),
    "pengar": ("budget", "kostnad", "ekonomi"),
    "underskott": ("negativ", "avvikelse"),
    "ungdom": ("unga", "ungdomar"),
    "unga": ("ungdom", "ungdomar"),
    "våld": ("våldsbejakande", "brott"),
    "missbruk": ("beroende",),
    "jobb": ("arbete", "sysselsättning", "arbetsmarknad"),
    "arbetslöshet": ("arbetslös", "sysselsättning", "arbetsmarknad"),
}


def expand(terms: Iterable[str]) -> list[str]:
    """The terms and their synonyms, each once, the question's own first."""
    out = list(dict.fromkeys(terms))
    for term in list(out):
        out += [s for s in SYNONYMS.get(term, ()) if s not in out]
    return out
