"""How a report states a result in kronor: "Årsresultatet för stadsdelsnämnden visar på ett överskott
om 50,7 mnkr". Read by the drafts' economy section (`summarise.finance`) and by search, which ranks
such a passage higher for a question about the economic result.
"""

from __future__ import annotations

import re

from index.nlp.sentences import split_sentences

AMOUNT = re.compile(r"[-−–]?\d[\d  ]*(?:,\d+)?\s*(?:mnkr|mdkr|tkr|miljoner kronor|miljarder kronor)", re.I)
# "resultat" alone is too wide: the avstämning's "ger ett positivt resultat om totalt 3 mnkr" is a sale.
RESULT_WORDS = re.compile(
    r"\b(?:netto)?(?:över|under)skott\w*|\bbudgetavvikelse\w*|\bårsresultat\w*|\bavvikelse mot budget", re.I
)
# The subject is the whole nämnd: the nämnd by a generic name, or its förvaltning / kontor.
WHOLE = re.compile(r"\b\w*(?:nämnd|styrelse|förvaltning|kontor)\w*\b", re.I)
# "Stadens ekonomiska resultat" is the city's, not the nämnd's; "resultatenheten" is a unit.
NOT_WHOLE = re.compile(r"\bstadens (?:ekonomiska )?resultat\b|\bresultatenhet\w*", re.I)


def states_result(text: str) -> bool:
    """Whether a text states a result in kronor: a sum and a result word ("överskott om 2,6 mnkr")."""
    return bool(AMOUNT.search(text) and RESULT_WORDS.search(text))


def is_whole(sentence: str, name: re.Pattern[str] | None = None) -> bool:
    """Whether a sentence's subject is the whole nämnd: by a generic name, its förvaltning, or its own
    name (`name`, where known), not the city's result or a unit's."""
    named = WHOLE.search(sentence) or (name is not None and name.search(sentence))
    return bool(named) and not NOT_WHOLE.search(sentence)


def states_whole_result(text: str) -> bool:
    """Whether a sentence of `text` states the whole nämnd's result in kronor, by its generic name or
    its förvaltning ("stadsdelsnämnden visar på ett överskott om 50,7 mnkr"), not a part's
    ("Förskoleverksamheten visar ett överskott")."""
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if states_result(sentence) and is_whole(sentence):
            return True
    return False
