"""One resolver for the names of nämnder, used by the question reader, the API, the CLI and drafts.

"Norrmalm", "Norrmalms sdn", "stadsdelsnämnden på Norrmalm" → Norrmalms stadsdelsnämnd;
"KS", "kommunstyrelsen", "stadsledningskontoret" (its förvaltning) → Kommunstyrelsen. A name is
resolved only to a nämnd the index has reports of; `UnknownNamndError` lists those.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from index.nlp.entities import canonical_body
from index.nlp.gazetteer import FORVALTNING_NAMND, NAMND_ABBREVIATIONS, PLACES

_PLACES = {p.lower(): p for p in PLACES}


class UnknownNamndError(ValueError):
    """A nämnd name that matches none of the indexed nämnder; the message lists them."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        listed = ", ".join(known) or "inga"
        super().__init__(f"Okänd nämnd: '{name}'. Nämnder i indexet: {listed}")
        self.name = name
        self.known = tuple(known)


def place_of(word: str) -> str | None:
    """The place (lower case) a word names, or its genitive does ("Södermalms": södermalm); else None."""
    lower = word.lower()
    if lower in _PLACES:
        return lower
    if lower.endswith("s") and lower[:-1] in _PLACES:  # genitive: "Norrmalms"
        return lower[:-1]
    return None


def is_place(word: str) -> bool:
    """Whether a word, or its genitive, is one of the city's districts and places (the gazetteer's)."""
    return place_of(word) is not None


@lru_cache(maxsize=8)
def _by_body(known: tuple[str, ...]) -> dict[str, str]:
    """Each nämnd by its canonical body: the same few names for every word of every question
    (at 100× the corpus, 1.5 ms a question built anew)."""
    return {canonical_body(n): n for n in known}


def namnd_of_word(word: str, known: Sequence[str]) -> str | None:
    """The indexed nämnd one word names ("KS", "Norrmalm", "stadsledningskontoret"), else None."""
    lower = word.lower()
    by_body = _by_body(tuple(known))
    target = FORVALTNING_NAMND.get(lower) or NAMND_ABBREVIATIONS.get(lower)
    if target and canonical_body(target) in by_body:
        return by_body[canonical_body(target)]
    if lower.endswith(("förvaltningen", "förvaltning")):  # "socialförvaltningen" → "socialnämnd"
        body = canonical_body(lower.replace("förvaltningen", "nämnden").replace("förvaltning", "nämnd"))
        if body in by_body:
            return by_body[body]
    body = canonical_body(lower)
    if body in by_body:
        return by_body[body]
    place = place_of(word)
    if place:
        for canonical, name in by_body.items():
            if canonical.startswith(place + "s ") or canonical.startswith(place + " "):
                return name
    return None


def resolve_namnd(name: str, known: Sequence[str]) -> str:
    """A nämnd named loosely ("Norrmalm", "ks", "Norrmalms sdn") as the index spells it.

    Raises UnknownNamndError, listing the indexed nämnder, when no indexed nämnd fits.
    """
    text = " ".join(name.split())
    if not text:
        raise UnknownNamndError(name, known)
    for candidate in known:
        if candidate.lower() == text.lower():
            return candidate
    found = {namnd_of_word(word, known) for word in text.replace(",", " ").split()} - {None}
    if len(found) == 1:
        return found.pop()
    raise UnknownNamndError(name, known)
