"""What the CLI says when nothing answers: only what is true."""

from __future__ import annotations

from api.render import nothing_found


def test_nothing_found_names_the_words_no_report_has() -> None:
    said = nothing_found(("planetarium", "båtplatser"))
    assert "«planetarium»" in said and "«båtplatser»" in said and "står inte i rapporterna" in said


def test_nothing_found_never_claims_a_subject_is_uncovered() -> None:
    # Every word is in the reports: a question in other words than theirs may still be covered.
    said = nothing_found(())
    assert "tar inte upp" not in said and "handlar tydligt" in said
