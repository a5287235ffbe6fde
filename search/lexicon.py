"""Everyday words for what the reports name otherwise, from a maintained dictionary.

A question in everyday words ("handikapp", "knark") often uses a word no report has, and then
nothing answers: the reports say "funktionsnedsättning", "narkotika". Folkets lexikon (KTH's
Swedish–English dictionary, CC BY-SA, shipped as data in the `svlang` package) gives each Swedish
word its English translations; Swedish words that share a translation name the same thing. Only
a word in no passage is widened this way (the reports' own word needs no help), and only by a
translation few Swedish words share: "drug" joins "knark" and "narkotika", "work" joins dozens.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from index.nlp.compounds import split_compound
from index.nlp.frequencies import zipf_frequency
from index.nlp.lemmas import lemma

# A translation shared by more Swedish words than this is a broad sense ("work", "clean"), not a
# name for one thing. Chosen on tests/eval/tune.jsonl: 3 and 6 answer the same paraphrase
# (answerable questions with total 0: 6 → 5) and keep every no-answer question at 0.
MAX_SHARED = 8
# A word this common in everyday Swedish phrases a question rather than naming its subject (as in
# `engine.term_weight`): a new user's "hände" (zipf 5.1) was searched as "förekomma, ske". The
# subjects widened on tune.jsonl are rarer ("handikapp" 3.6, "trottoar" 2.6).
MAX_ZIPF = 4.5
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(diminutive for …)", "[illicit]": notes, not translations


@dataclass(frozen=True, slots=True)
class Alternative:
    """A question word no passage has, and the index terms the dictionary gives for it."""

    word: str
    terms: tuple[str, ...]


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(Swedish headword → English translations, English translation → Swedish headwords)."""
    text = files("svlang").joinpath("data/folkets_sv_en.tsv").read_text(encoding="utf-8")
    swedish: dict[str, set[str]] = defaultdict(set)
    english: dict[str, set[str]] = defaultdict(set)
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        head, translations = line.split("\t", 1)
        head = head.replace("|", "").strip().lower()  # "abort|rådgivning": compound marks
        if not head or " " in head:
            continue  # a phrase is no index term
        for translation in _NOTE.sub(" ", translations).split(","):
            translation = " ".join(translation.lower().split())
            if translation:
                swedish[head].add(translation)
                english[translation].add(head)
    return (
        {k: frozenset(v) for k, v in swedish.items()},
        {k: frozenset(v) for k, v in english.items()},
    )


def same_meaning(word: str) -> tuple[str, ...]:
    """Swedish words that share a narrow English translation with `word` (as typed or its lemma)."""
    swedish, english = _dictionary()
    lower = word.lower()
    translations = swedish.get(lower) or swedish.get(lemma(lower)) or frozenset()
    out: set[str] = set()
    for translation in translations:
        heads = english[translation]
        if len(heads) <= MAX_SHARED:
            out |= heads
    out -= {lower, lemma(lower)}
    return tuple(sorted(out))


def alternative(
    word: str, terms: Sequence[str], doc_freqs: Callable[[Sequence[str]], dict[str, int]]
) -> Alternative | None:
    """The index terms for a question word whose own `terms` are in no passage; None if it has some."""
    if zipf_frequency(word.lower()) >= MAX_ZIPF or any(doc_freqs(list(terms)).values()):
        return None
    # A compound's own part is no other name for it ("väntetid" is not "vänta"): a part alone
    # weighs little in a match (`engine.coverage`), and the dictionary must not make it whole.
    parts = set(split_compound(word.lower()))
    wanted = [t for t in dict.fromkeys(lemma(w) for w in same_meaning(word)) if t not in parts]
    if not wanted:
        return None
    found = doc_freqs(wanted)
    known = tuple(t for t in wanted if found.get(t, 0) > 0)
    return Alternative(word, known) if known else None


def english_zipf(word: str) -> float:
    """`wordfreq.zipf_frequency(word, "en")`, imported when an English word is asked about
    (`index.nlp.frequencies` is Swedish only): 0 for a word English does not have."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def swedish_for(english_word: str) -> tuple[str, ...]:
    """Swedish lemmas that Folkets gives for an English word, by its narrow translations only.

    An English question's word the glossary lacks ("award", "meadow") would otherwise reach only
    the dense side. Only a word rarer than `MAX_ZIPF` in everyday English is translated, as on the
    Swedish side: "city", "work", "doing" phrase a question, and Folkets gives them dozens of
    words. The word is looked up as typed and as simplemma's English lemma ("children": "child").
    """
    import simplemma

    lower = english_word.lower()
    if english_zipf(lower) >= MAX_ZIPF:
        return ()
    _, english = _dictionary()
    base = simplemma.lemmatize(lower, lang="en")
    if len(english.get(base, frozenset())) > MAX_SHARED:
        # A word of many senses by its lemma is so in the plural: "boards" is "board", which Folkets
        # gives a dozen words; as typed it was "bräda" alone, which no report has, and a new user's
        # question on what the boards must do was "Inga träffar".
        return ()
    heads: list[str] = []
    for form in dict.fromkeys((lower, base)):
        found = english.get(form, frozenset())
        if len(found) <= MAX_SHARED:
            heads += sorted(found)
    # The headword is a base form already; its lemma too, as the index's lemmatiser may read the word
    # otherwise in context: "risk" is "riska" in 27 passages and "risk" in 45, and the lemma alone
    # had searched an English question's "risks" as "riska" only.
    return tuple(dict.fromkeys(form for w in heads for form in (w, lemma(w))))


def swedish_heads(english_word: str) -> tuple[str, ...]:
    """Every Swedish headword Folkets gives for an English word (as typed and by its English lemma),
    however many senses it has: the parts of a Swedish compound the index may hold
    (`query._english_compounds`), where the index's vocabulary, not the count, decides."""
    import simplemma

    _, english = _dictionary()
    lower = english_word.lower()
    forms = dict.fromkeys((lower, simplemma.lemmatize(lower, lang="en")))
    return tuple(sorted({head for form in forms for head in english.get(form, frozenset())}))
