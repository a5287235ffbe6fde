"""Swedish NLP metadata for chunks and queries: lemmas, compound parts, entities, amounts, dates.

`analyze` is the one entry point for a text; `analyze_documents` runs it over many
documents in a process pool (one document per task, so both cores work) with a progress bar.
Search analyses its queries with the same `terms`, so index and query always agree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context

from index.lock import forked_worker
from index.nlp.compounds import split_compound
from index.nlp.entities import Entity, entities_of, nlp
from index.nlp.lemmas import lemma
from index.nlp.stopwords import spacy_stop_words

STOP_WORDS = spacy_stop_words("sv")

# Report words too common to help a search ("mål" stays: it is a kind of passage).
DOMAIN_STOP_WORDS = frozenset({"samt", "även", "bl", "bla", "t", "ex", "s", "st", "enligt", "inom", "via"})


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the Swedish layer found in one text."""

    lemmas: tuple[str, ...]  # content words in text order, as lemmas
    compounds: tuple[str, ...]  # parts of the compounds among them ("corona", "pandemi")
    entities: tuple[Entity, ...]
    amounts: tuple[float, ...]  # SEK, from the AMOUNT entities
    dates: tuple[str, ...]  # ISO dates and periods ("2021-12-31", "T2 2021")

    def terms(self) -> list[str]:
        """The lexical index terms: lemmas and compound parts."""
        return [*self.lemmas, *self.compounds]

    def fields(self) -> LexicalFields:
        """The terms by how much a match on them says (`lexical_fields`)."""
        return lexical_fields(self.lemmas)


@dataclass(frozen=True, slots=True)
class LexicalFields:
    """A text's terms in three fields, so that a match can weigh by what it matched.

    A compound names its head ("coronapandemin" is a pandemic), so the head is nearly as good
    as the word; a modifier only qualifies it ("reservkraft" is not about "kärnkraft", nor
    "Söderortsvisionen" about Eurovision), so a modifier alone must weigh little.
    """

    lemmas: tuple[str, ...]
    heads: tuple[str, ...]
    modifiers: tuple[str, ...]


def lexical_fields(lemmas: Iterable[str]) -> LexicalFields:
    """Lemmas, the heads of the compounds among them, and their other parts."""
    words, heads, modifiers = [], [], []
    for word in lemmas:
        # "ljud- och hörselmiljön": the first part stands for itself; the index and a question
        # must hold the same term (FTS5 keeps inner hyphens: "it-miljö" is one token).
        word = word.strip("-")
        if not word:
            continue
        words.append(word)
        parts = [p for p in split_compound(word) if p not in STOP_WORDS]
        if len(parts) >= 2:
            heads.append(parts[-1])
            modifiers.extend(parts[:-1])
    return LexicalFields(tuple(words), tuple(heads), tuple(modifiers))


def _is_content(token) -> bool:
    text = token.lower_
    return (
        (token.is_alpha or ("-" in text and any(c.isalpha() for c in text)))
        and text not in STOP_WORDS
        and text not in DOMAIN_STOP_WORDS
        and len(text) > 1
    )


# A name with a version or number glued on ("GSIT2.0", "Vision2030"): the name is its letters.
_NAMED_VERSION = re.compile(r"([^\W\d_]{2,})\d[\w.]*")


def named_version(word: str) -> str | None:
    """The index term of a name with a number glued on ("GSIT2.0", "PM10": gsit, pm), or None for
    any other word. A question's word is read by the same rule, or it would name no indexed term."""
    named = _NAMED_VERSION.fullmatch(word)
    if named and named.group(1).lower() not in STOP_WORDS:
        return named.group(1).lower()
    return None


def analyze_doc(doc) -> Analysis:
    lemmas: list[str] = []
    parts: list[str] = []
    for token in doc:
        if not _is_content(token):
            named = named_version(token.text)
            if named:
                lemmas.append(named)
            continue
        lemmas.append(lemma(token.text))
        parts.extend(p for p in split_compound(token.text) if p not in STOP_WORDS)
    ents = tuple(entities_of(doc))
    amounts = tuple(float(e.norm) for e in ents if e.label == "AMOUNT" and e.norm)
    dates = tuple(e.norm for e in ents if e.label in ("DATE", "PERIOD"))
    return Analysis(tuple(lemmas), tuple(parts), ents, amounts, dates)


def analyze(text: str) -> Analysis:
    """The Swedish analysis of one text."""
    return analyze_doc(nlp()(text))


def analyze_many(texts: Iterable[str]) -> list[Analysis]:
    """Analyse texts in this process (spaCy's pipe batches the tokenizer)."""
    return [analyze_doc(doc) for doc in nlp().pipe(texts, batch_size=64)]


@lru_cache(maxsize=4096)  # a report repeats its headings over many passages
def heading_lemmas(heading: str) -> tuple[str, ...]:
    """The content lemmas of a section's heading: what the passage under it is about ("GSIT2.0",
    "Ekonomiskt resultat"), searched with its text, though the text rarely repeats it."""
    return analyze(heading).lemmas


def terms(text: str) -> list[str]:
    """The lexical terms of a text (a query): the same analysis the index applies."""
    return analyze(text).terms()


def analyze_documents(
    documents: Sequence[Sequence[str]],
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[list[Analysis]]:
    """Analyse the chunk texts of many documents; a process pool when there is more than one.

    `progress(n)` is called with the number of chunks of each finished document.
    """
    workers = min(workers or os.cpu_count() or 1, len(documents))
    if workers <= 1:
        results = []
        for texts in documents:
            results.append(analyze_many(texts))
            if progress:
                progress(len(texts))
        return results
    # fork, so the workers share the word lists and rules loaded once here (spawn would load
    # them again in each worker: seconds). Fork is safe although torch may be loaded: the
    # workers run only spaCy, simplemma and wordfreq code, never torch or its thread pools.
    analyze("coronapandemin")
    # A worker must not hold the parent's index lock, nor outlive a parent that is killed.
    pool = ProcessPoolExecutor(
        workers, mp_context=get_context("fork"), initializer=forked_worker, initargs=(os.getpid(),)
    )
    with pool:
        futures = [pool.submit(analyze_many, list(texts)) for texts in documents]
        results = []
        for texts, future in zip(documents, futures, strict=True):
            results.append(future.result())
            if progress:
                progress(len(texts))
        return results
