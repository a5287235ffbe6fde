"""English question words → the Swedish terms the reports use (`glossary_en_sv.tsv`).

The dense side is multilingual, but alone it cannot tell an English question the reports answer
from one they do not: its cosines crowd together. Domain words translated give the lexical side,
and with it the coverage test, to English questions too.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from index.nlp.lemmas import lemma

MAX_PHRASE = 3  # words in the longest English entry


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """English word or phrase (lower case) → Swedish lemmas."""
    out: dict[str, tuple[str, ...]] = {}
    for line in files("search").joinpath("glossary_en_sv.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, swedish = line.split("\t")
        out[english.strip()] = tuple(dict.fromkeys(lemma(w) for w in swedish.split()))
    return out


def translate(words: list[str]) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The glossary entries in `words`, longest first: (start, end, English, Swedish lemmas). A
    phrase is also found by its words' English lemmas ("district councils": "district council")."""
    import simplemma

    table, by_lemmas = glossary(), _phrases_by_lemmas()
    lowered = [w.lower() for w in words]
    lemmas = [simplemma.lemmatize(w, lang="en") for w in lowered]
    out = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(lowered[i : i + n])
            entry = phrase if phrase in table else by_lemmas.get(" ".join(lemmas[i : i + n])) if n > 1 else None
            if entry is not None:
                out.append((i, i + n, entry, table[entry]))
                i += n
                break
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def _phrases_by_lemmas() -> dict[str, str]:
    """Entries of several words by their words' English lemmas → the entry as written."""
    import simplemma

    return {" ".join(simplemma.lemmatize(w, lang="en") for w in k.split()): k for k in glossary() if " " in k}


@lru_cache(maxsize=1)
def _by_lemma() -> dict[str, tuple[str, ...]]:
    """One-word entries by their English lemma (simplemma): "emissions" is found as "emission"."""
    import simplemma

    return {simplemma.lemmatize(k, lang="en"): v for k, v in glossary().items() if " " not in k}


def translate_word(word: str) -> tuple[str, ...]:
    """One English word's Swedish lemmas in the glossary, as written or by its English lemma."""
    import simplemma

    lower = word.lower()
    return glossary().get(lower) or _by_lemma().get(simplemma.lemmatize(lower, lang="en"), ())
