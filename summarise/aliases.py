"""Names the reports also write as a description, learnt from the reports themselves.

A report that introduces a named thing often says what it is in the same phrase: "det nya sociala
systemet Esset" (KS T1 2020). Another report, or another year, writes only the description ("det
moderna sociala systemet") or only the name ("förvaltningen av Esset"): two assignments on one
subject that share no word. An apposition (article, describing words, a definite noun, a name)
ties the two.

    >>> appositions("har utrett hur de ska använda det nya sociala systemet Esset.")
    [('sociala systemet', 'Esset')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

# Article, up to two describing words, a definite noun (-et, -en, -na), a capitalised word:
# "det nya sociala systemet Esset", "den digitala uppläsningstjänsten Polyglutt".
_APPOSITION = re.compile(
    r"\b(?:det|den|de)\s+((?:[a-zåäö]+\s+){0,2})([a-zåäö]{3,}(?:et|en|na))\s+([A-ZÅÄÖ][a-zåäö]{2,})\b"
)
# Words that say when, not what: the same system is "det nya" one year and "det moderna" or "det
# nuvarande" the next, so they are no part of the description ("det nya konceptet X" gives none).
_WHEN = frozenset(
    "ny nya nytt gammal gamla gammalt modern moderna modernt nuvarande tidigare befintlig befintliga "
    "befintligt kommande framtida".split()
)


def appositions(text: str) -> list[tuple[str, str]]:
    """Each (description, name) of `text`: the definite noun with the describing word before it
    ("sociala systemet"), and the name as written; none where only words of time describe it."""
    found = []
    for match in _APPOSITION.finditer(text):
        describing = [w for w in match.group(1).split() if w not in _WHEN]
        if describing:
            found.append((f"{describing[-1]} {match.group(2)}", match.group(3)))
    return found


def aliases(texts: Iterable[str], keep: Callable[[str], bool]) -> dict[str, str]:
    """Description → name (lower case) over `texts`, for the names `keep` admits (rare, no body);
    a description given to two names says nothing about either and is left out."""
    named: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for description, name in appositions(text):
            if keep(name):
                named[description].add(name.lower())
    return {d: next(iter(n)) for d, n in named.items() if len(n) == 1}
