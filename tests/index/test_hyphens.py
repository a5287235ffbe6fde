"""Line-end hyphens decided by the document's own words (index/read/hyphens.py)."""

from __future__ import annotations

from index.read.hyphens import Hyphens
from index.read.layout import join_lines


def test_a_word_written_closed_elsewhere_loses_the_hyphen() -> None:
    hyphens = Hyphens.of(["Kommunstyrelsen ska göra en översyn", "av det som kommun-", "styrelsen har beslutat."])
    assert join_lines(hyphens.join(["av det som kommun-", "styrelsen har"])) == "av det som kommunstyrelsen har"


def test_a_word_written_with_its_hyphen_elsewhere_keeps_it() -> None:
    lines = ["bemötande av äldre hbtq-", "personer och HBTQ-personer i stort", "Freda-kortfrågor används"]
    hyphens = Hyphens.of(lines)
    assert join_lines(hyphens.join(lines[:2])) == "bemötande av äldre hbtq-personer och HBTQ-personer i stort"


def test_a_document_that_never_hyphenates_keeps_every_line_end_hyphen() -> None:
    """Its only attested line-end hyphen is real, so an unattested one ("huvudet-" / "garantin") is too."""
    lines = ["ska implementera tak över huvudet-", "garantin och Freda-", "kortfrågor; Freda-kortfrågor används"]
    hyphens = Hyphens.of(lines)
    assert not hyphens.hyphenates
    assert join_lines(hyphens.join(lines[:2])) == "ska implementera tak över huvudet-garantin och Freda-"


def test_undecided_words_in_a_hyphenating_document_follow_the_shape_rule() -> None:
    lines = ["finansie-", "rad av staden och finansierad av", "kommun-", "styrelsen"]
    hyphens = Hyphens.of(lines)
    assert hyphens.hyphenates
    assert join_lines(hyphens.join(["en verksam-", "het"])) == join_lines(["en verksam-", "het"]) == "en verksamhet"


def test_a_shared_compound_keeps_its_hyphen() -> None:
    hyphens = Hyphens.of(["miljö-", "och hälsoskyddsnämnden"])
    assert join_lines(hyphens.join(["miljö-", "och hälsoskyddsnämnden"])) == "miljö- och hälsoskyddsnämnden"


def test_a_word_a_narrow_cell_cut_without_a_hyphen_is_whole_again() -> None:
    """LibreOffice breaks a word too wide for its cell anywhere ("utbildningsnämnde" / "n"); a blind
    trial's Word tables had every long name so."""
    lines = ["Idrottsnämnden ska med utbildningsnämnde", "n och Stadshus AB utreda", "ansvarsfördelninge", "n i staden"]
    hyphens = Hyphens.of(lines)
    assert join_lines(hyphens.join(lines)) == (
        "Idrottsnämnden ska med utbildningsnämnden och Stadshus AB utreda ansvarsfördelningen i staden"
    )
    # Two words of their own stay two, though together they make a word ("stadsdelsnämnder" / "na").
    kept = ["stöd av stadsdelsnämnder", "na och bolagen", "med skol", "idrott"]
    assert join_lines(Hyphens.of(kept).join(kept)) == "stöd av stadsdelsnämnder na och bolagen med skol idrott"
