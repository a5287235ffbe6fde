"""Which language a question is in: Swedish or English (lingua, offline, its own models).

Names and numbers say nothing about the language ("sick leave Norrmalm 2021" is English), so
they are left out before detection. Short or mixed questions lean Swedish: the reports are
Swedish, and a Swedish word read as English only loses the lexical side, never a filter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

Language = Literal["sv", "en"]
# lingua's confidence needed to call a question English. Its values for one or two words are
# close to even ("budget 2024": sv 0.54), so a clear lead is asked for.
ENGLISH_CONFIDENCE = 0.6


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language as Lingua
    from lingua import LanguageDetectorBuilder

    # Its models read now, not on the first question lingua is unsure of (0.9 s at 100×, in a user's wait).
    builder = LanguageDetectorBuilder.from_languages(Lingua.SWEDISH, Lingua.ENGLISH)
    return builder.with_preloaded_language_models().build()


def prepare_language() -> None:
    """Load the detector's models and wordfreq's lists, Swedish (read for a hyphenated word, 0.2 s)
    and English (`lexicon.english_zipf`, asked of every capitalised word, 0.3 s), as `Searcher.warm`
    builds what questions read, before the first question."""
    from index.nlp.frequencies import prepare_wordfreq
    from search.lexicon import english_zipf

    _detector()
    prepare_wordfreq()
    english_zipf("the")  # wordfreq reads its English list on the first word asked


def detect(words: list[str]) -> Language:
    """The language of a question's words (names, years and periods already taken out)."""
    # A capitalised word after the first is a name ("Sergels torg", "Drottninggatan"): no language.
    kept = [w for i, w in enumerate(words) if any(c.isalpha() for c in w) and (i == 0 or not w[:1].isupper())]
    text = " ".join(kept)
    if not text:
        return "sv"
    english = _english_confidence(text)
    if english < ENGLISH_CONFIDENCE and len(kept) > 1 and may_be_name(kept[0]):
        # A capitalised first word is a sentence's start or a name, and a name says nothing of the
        # language: a keyword question that opens with a place is asked without it too
        # ("Drottninggatan terror attack memorial": 0.03 with it, 0.81 without).
        english = _english_confidence(" ".join(kept[1:]))
    if english >= ENGLISH_CONFIDENCE:
        return "en"
    # lingua is unsure where a name's lower-case part stays ("Is Sergels torg still an open drug
    # scene?": 0.45); the function words, each of one language only, still tell.
    return "en" if english_function_words(kept) else "sv"


def _english_confidence(text: str) -> float:
    from lingua import Language as Lingua

    return _detector().compute_language_confidence(text, Lingua.ENGLISH)


def may_be_name(word: str) -> bool:
    """Whether a question's first word may be a name: capitalised, and no function word of
    either language (spaCy's lists), which only starts a sentence ("Vad", "How")."""
    from index.nlp.stopwords import spacy_stop_words

    lower = word.lower()
    return word[:1].isupper() and lower not in spacy_stop_words("sv") and lower not in spacy_stop_words("en")


def english_function_words(words: list[str]) -> bool:
    """Whether two or more words are function words of English only and none of Swedish only
    (spaCy's lists): in a short question they tell the language where lingua is unsure."""
    from index.nlp.stopwords import spacy_stop_words  # the lists without importing spaCy

    ENGLISH, SWEDISH = spacy_stop_words("en"), spacy_stop_words("sv")  # noqa: N806
    lower = [w.lower() for w in words]
    english = sum(w in ENGLISH and w not in SWEDISH for w in lower)
    return english >= 2 and not any(w in SWEDISH and w not in ENGLISH for w in lower)
