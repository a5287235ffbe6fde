"""What the CLI says when nothing answers: only what is true."""

from __future__ import annotations

from api.render import nothing_found, snippet


def test_nothing_found_names_the_words_no_report_has() -> None:
    said = nothing_found(("planetarium", "båtplatser"))
    assert "orden «planetarium», «båtplatser» förekommer inte" in said
    assert nothing_found(("dagis",)).startswith("ordet «dagis» förekommer inte")


def test_nothing_found_says_it_is_the_word_that_is_missing_when_passages_are_shown() -> None:
    # A new user read "«terrorattacken» står inte i rapporterna" as "not covered", while the
    # nearest passage answered in other words: with suggestions, the text points to them.
    said = nothing_found(("terrorattacken",), suggestions=True)
    assert "med andra ord" in said and "(se nedan)" in said
    assert "nedan" not in nothing_found(("terrorattacken",))


def test_nothing_found_never_claims_a_subject_is_uncovered() -> None:
    # Every word is in the reports: a question in other words than theirs may still be covered.
    said = nothing_found(())
    assert "tar inte upp" not in said and "handlar tydligt" in said


def test_a_snippet_shows_where_the_rarest_highlighted_words_are() -> None:
    text = "Staden ska utveckla medborgardialogen i staden. " * 5 + "Staden ska begära 16 års rösträtt i kommunvalet."
    shown = snippet(text, ("staden", "Staden", "kommunvalet"), width=80)
    assert "kommunvalet" in shown and shown.startswith("… ")
    assert snippet("Kort text om staden.", ("staden",)) == "Kort text om staden."


def test_a_report_the_index_lacks_is_said_first() -> None:
    said = nothing_found(("budgetavvikelse",), suggestions=True, absent=("Kungsholmens stadsdelsnämnd", "2019"))
    assert said == "ingen rapport i indexet är från Kungsholmens stadsdelsnämnd eller 2019."


def test_a_month_no_passage_names_is_said_after_an_absent_report() -> None:
    assert nothing_found((), suggestions=True, unnamed=("augusti 2021",)) == (
        "inget stycke om frågan nämner augusti 2021; de närmaste passagerna står nedan."
    )
    assert nothing_found((), absent=("2019",), unnamed=("augusti 2019",)).startswith("ingen rapport")
