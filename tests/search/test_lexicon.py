"""Question words no report has, searched by the words the dictionary (Folkets lexikon) gives."""

from __future__ import annotations

from index.nlp.lemmas import lemma
from search.lexicon import MAX_SHARED, alternative, same_meaning, swedish_for
from search.query import IndexFacts, understand


def _index(*terms: str):
    """doc_freqs of an index that has `terms` (each in one passage) and nothing else."""
    return lambda asked: {t: int(t in terms) for t in asked}


def test_a_narrow_shared_translation_gives_the_reports_word() -> None:
    assert "funktionsnedsättning" in same_meaning("handikapp")  # both "disability"
    assert "narkotika" in same_meaning("knark")  # both "drug"


def test_a_broad_translation_gives_nothing() -> None:
    # "jobba" is "work", which dozens of Swedish words translate: no name for one thing.
    assert same_meaning("jobba") == ()
    assert MAX_SHARED < 40


def test_only_a_word_no_passage_has_is_widened() -> None:
    doc_freqs = _index("handikapp", "funktionsnedsättning")
    assert alternative("handikapp", ("handikapp",), doc_freqs) is None
    found = alternative("handikapp", ("handikappa",), doc_freqs)
    assert found is not None and found.terms == ("funktionsnedsättning",)


def test_a_word_of_everyday_phrasing_is_not_widened() -> None:
    # "hände" (happened) is in no passage here, but it phrases the question: no subject to widen.
    assert same_meaning("hände") and alternative("hände", ("hände",), _index("ske", "förekomma")) is None


def test_a_compound_is_not_widened_to_its_own_part() -> None:
    # "väntetid" translates as "waiting time" and "wait", which "vänta" shares: a part, not a name.
    assert alternative("väntetid", ("väntetid",), _index("vänta")) is None


def test_a_question_shows_what_it_searched_instead() -> None:
    facts = IndexFacts(doc_freqs=_index("funktionsnedsättning", "delaktighet"))
    query = understand("personer med handikapp och deras delaktighet", facts=facts)
    term = next(t for t in query.terms if t.word == "handikapp")
    assert "funktionsnedsättning" in term.terms
    assert query.interpretation().to_dict()["alternatives"] == [
        {"word": "handikapp", "terms": ["funktionsnedsättning"]}
    ]


def test_a_name_is_never_widened() -> None:
    facts = IndexFacts(doc_freqs=_index(lemma("narkotika")))  # the index holds lemmas
    assert understand("vad gör staden åt knark", facts=facts).alternatives  # the word is widened
    query = understand("vad gör staden åt Knark", facts=facts)  # the name is not
    assert query.alternatives == () and all(lemma("narkotika") not in t.terms for t in query.terms)


def test_an_english_word_gets_the_swedish_words_of_its_narrow_translation() -> None:
    assert "minnesmärke" in swedish_for("memorial")
    assert "äng" in swedish_for("meadows")  # by its English lemma, "meadow"
    # A word that phrases a question ("city", "doing") is too common to translate.
    assert swedish_for("city") == () and swedish_for("doing") == ()
