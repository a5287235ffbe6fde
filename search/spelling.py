"""Misspelt question words corrected against the index's own words.

Officials type on English keyboards ("hemloshet", "sjukfranvaro") and make one-letter slips
("klimatanpasning"). A word is corrected only when it is not a word of the index and not a
Swedish word in its own right (wordfreq's list): "vargjakt" is a real word the reports lack,
and must stay so, for an honest "nothing found". The correction is the index word
(as written, any inflection) that folds to the same letters without å/ä/ö/é, else the nearest
by edit distance (rapidfuzz), the more frequent in the index on a tie. A word whose letters the
index lacks in any form is given back its å/ä/ö from wordfreq's Swedish list ("lordagar" →
"lördagar", which the index has as "lördagen"), for the analysis to find by its lemma.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.nlp.compounds import split_compound
from index.nlp.frequencies import zipf_frequency
from index.nlp.lemmas import NOUN_ENDINGS, PLURAL_ENDINGS, lemma

# A word at least this frequent in wordfreq's Swedish list is a word, not a slip (zipf 2: about
# once per ten million words; "vargjakt" 2.4, "planetarium" 2.1; "hemloshet" and "klimatanpasning" 0).
KNOWN_ZIPF = 2.0
# ... unless an index word one edit away is far more common: "ungdommar" (2.7) is a frequent
# misspelling of "ungdomar" (4.6).
MUCH_MORE_COMMON = 1.5
# A word this common is a word in its own right however close a commoner one is: a new user's
# "lånat" (3.8) became "långt" (5.5), "simma" (4.1) "samma" (5.9). Misspellings that wordfreq
# lists are rare (about once per million words and below); tune.jsonl's spelling questions read
# the same with this ceiling.
MISSPELLING_MAX_ZIPF = 3.0
MIN_LENGTH = 4  # shorter words are too easily "corrected" into another word
MIN_PREFIX = 5  # a c/k variant found only as a compound's first part is a word from this length ("corona")


@dataclass(frozen=True, slots=True)
class Correction:
    """A question word and the index word it was read as."""

    typed: str
    searched: str


def fold(word: str) -> str:
    """Lower case without diacritics: "Hemlösheten" → "hemlosheten"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def max_edits(word: str) -> int:
    """Edits allowed for a word of this length: one below nine letters, two from nine."""
    return 1 if len(word) < 9 else 2


class Speller:
    """Corrects words against a vocabulary {word as written: passages it occurs in}."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.vocabulary = vocabulary
        best: dict[str, str] = {}
        for word, count in vocabulary.items():
            key = fold(word)
            if key not in best or count > vocabulary[best[key]]:
                best[key] = word
        self._by_fold = best
        self._keys = list(best)

    def correct(self, word: str) -> Correction | None:
        """The index word `word` stands for, or None when it needs no correction (or has none). A word
        typed with a capital is corrected with one: "Stokholm" is the name Stockholm, as typed right."""
        found = self._correct(word)
        if found is not None and word[:1].isupper() and not word.isupper():
            return Correction(word, found.searched[:1].upper() + found.searched[1:])
        return found

    def _correct(self, word: str) -> Correction | None:
        lower = word.lower()
        if len(lower) < MIN_LENGTH or not lower.isalpha() or lower in self.vocabulary:
            return None
        known = zipf_frequency(lower)
        key = fold(lower)
        folded = self._by_fold.get(key)
        if folded and (known < KNOWN_ZIPF or _slip_of(known, folded)):  # only å/ä/ö/é missing: "gangkriminalitet"
            return Correction(word, folded)
        if known < KNOWN_ZIPF and (swedish := _swedish_by_fold().get(key)) and zipf_frequency(swedish) >= KNOWN_ZIPF:
            # Only å/ä/ö missing from a word the index has in another inflection or compound: a new user's
            # "lordagar" stayed unread, and the question was answered "Inga träffar" (the index: "lördagen").
            return Correction(word, swedish)
        variant = self._by_c_or_k(lower)
        if variant is not None:
            return Correction(word, variant)
        if known > 0 and len(split_compound(lower)) >= 2:
            # An attested compound of known words is a word ("båtplatser", zipf 1.9), not a slip of
            # "badplatser" (2.7); an unattested one may still be a slip ("minoritetrenas"). Unless an index
            # word one edit away is far commoner (`_slip_of`): wordfreq lists the slip "stokholm" (1.2),
            # which the splitter reads as "stoke" + "holme", and a question on Vackra Stokholm found nothing.
            near = self._nearest(key, 1)
            return Correction(word, near) if near is not None and _slip_of(known, near) else None
        if known >= MISSPELLING_MAX_ZIPF:
            return None
        choice = self._nearest(key, 1 if known >= KNOWN_ZIPF else max_edits(key))
        if choice is None:
            return None
        if known >= KNOWN_ZIPF and (zipf_frequency(choice) < known + MUCH_MORE_COMMON or _inflects_a_word(lower)):
            return None
        return Correction(word, choice)

    def _nearest(self, key: str, limit: int) -> str | None:
        """The index word nearest the folded `key` within `limit` edits; of equals, the one in most passages."""
        candidates = process.extract(key, self._keys, scorer=OSA.distance, score_cutoff=limit, limit=20)
        if not candidates:
            return None
        nearest = min(distance for _, distance, _ in candidates)
        return max(
            (self._by_fold[c] for c, distance, _ in candidates if distance == nearest), key=lambda w: self.vocabulary[w]
        )

    def _by_c_or_k(self, word: str) -> str | None:
        """The index's spelling of a word Swedish writes with either "c" or "k" ("korona" / "corona",
        "kampus" / "campus"): both are words, and wordfreq's frequencies would keep either from the
        other (trial 31: "korona" found no report, which write "corona"). The commoner in the index."""
        swapped = {"c": "k", "k": "c"}
        variants = [fold(word[:i] + swapped[c] + word[i + 1 :]) for i, c in enumerate(word) if c in swapped]
        found = [self._by_fold[v] for v in variants if v in self._by_fold]
        if found:
            return max(found, key=lambda w: self.vocabulary[w])
        # Or the first part of the index's compounds: the reports write "coronapandemin", never "corona".
        for variant in variants:
            if len(variant) >= MIN_PREFIX and any(
                k.startswith(variant) and split_compound(k)[:1] == (variant,) for k in self._keys
            ):
                return variant  # not a word's stem: "avvec" begins "avvecklas", which is no compound of it
        return None


def is_form(correction: Correction) -> bool:
    """Whether a correction is only another form of the same word (one lemma: "budgetjusteringen",
    "budgetjusteringar"): no slip, and not to be shown as one (a new user read "du skrev
    budgetjusteringen" as a typo). The question is still searched in the index's form, as the rankings
    were measured (tune.jsonl 0.711; 0.710 with such words left as typed)."""
    return lemma(correction.searched) == lemma(correction.typed)


def _inflects_a_word(word: str) -> bool:
    """Whether a listed word is a regular inflection of a common one (`MISSPELLING_MAX_ZIPF`): "vikar"
    (2.75) is the plural of "vik" (4.2), no slip of "visar" (5.4), though as a plural it is rarer than
    any verb form; "ungdommar" strips to no word and stays a slip."""
    for ending in NOUN_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3:
            if zipf_frequency(stem) >= MISSPELLING_MAX_ZIPF:
                return True
            # "skolor" is "skola" without its -a: the first and second declensions (`PLURAL_ENDINGS`)
            if any(
                ending in plural and zipf_frequency(stem + final) >= MISSPELLING_MAX_ZIPF
                for final, plural in PLURAL_ENDINGS.items()
            ):
                return True
    return False


def _slip_of(known: float, word: str) -> bool:
    """Whether a word wordfreq lists, rarely (below `MISSPELLING_MAX_ZIPF`), is a slip of `word`, far
    more common with its å/ä/ö (`MUCH_MORE_COMMON`): "foretag" (2.1, the web's misspelling) is
    "företag" (5.3), and had been read as a compound of "for" and "tag"; "bada" (3.9) stays."""
    return known < MISSPELLING_MAX_ZIPF and zipf_frequency(word) >= known + MUCH_MORE_COMMON


@lru_cache(maxsize=1)
def _swedish_by_fold() -> dict[str, str]:
    """wordfreq's Swedish words with å/ä/ö/é, by their letters without them, the commonest first
    (340,000 words read once, 0.5 s, 6 MB)."""
    from wordfreq import iter_wordlist

    out: dict[str, str] = {}
    for word in iter_wordlist("sv"):
        if word.isalpha() and (key := fold(word)) != word:
            out.setdefault(key, word)
    return out


def prepare() -> None:
    """Read the Swedish word list the speller folds by, now (`Searcher.warm`)."""
    _swedish_by_fold()
