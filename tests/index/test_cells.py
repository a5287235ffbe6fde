"""Date and flag cells as Word-made reports print them, read in the one form the parser reads
(a blind trial's layouts: "1 januari 2020", a flag column of "Ja", "X", "✓" or "Nej")."""

from __future__ import annotations

import pytest

from index.read.cells import DATE_IN_TEXT, iso_date, marks_deviation, period_date, progress_word


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("2020-01-01", "2020-01-01"),
        ("1 januari 2020", "2020-01-01"),
        ("31 december 2021", "2021-12-31"),
        ("31  december\n2021", "2021-12-31"),  # wrapped in a narrow column
        ("1 jan. 2020", "2020-01-01"),
        ("15 sept 2024", "2024-09-15"),
        ("30 juni 2021", "2021-06-30"),
        ("2021/3/1", "2021-03-01"),
        ("2021-", None),  # the first half of a wrapped date: not yet a date
        ("31 december", None),
        ("32 maj 2021", None),
        ("31 februari 2021", None),  # no such day
        ("2021-13-01", None),
        ("Pågående", None),
    ],
)
def test_iso_date(cell: str, iso: str | None) -> None:
    assert iso_date(cell) == iso


def test_dates_found_in_a_line() -> None:
    line = "Utveckla digitalt verktyg  1 januari 2020  31 december 2021  Nej"
    assert DATE_IN_TEXT.findall(line) == ["1 januari 2020", "31 december 2021"]
    assert DATE_IN_TEXT.findall("2020-01-01\t2020-12-31") == ["2020-01-01", "2020-12-31"]
    assert not DATE_IN_TEXT.search("Upphandlingen blev klar i december 2021")  # no day: a month, no date


@pytest.mark.parametrize("cell", ["Avvikelse", "Ja", "X", "x", "✓", "•", "Avvikelse: se analys"])
def test_a_mark_is_a_deviation(cell: str) -> None:
    assert marks_deviation(cell)


@pytest.mark.parametrize("cell", ["", "Nej", "nej", "–", "-", "Ingen avvikelse", "  "])
def test_a_plain_no_is_none(cell: str) -> None:
    assert not marks_deviation(cell)


@pytest.mark.parametrize(
    ("cell", "end", "iso"),
    [
        ("jan 2021", False, "2021-01-01"),
        ("december 2021", True, "2021-12-31"),
        ("feb 2024", True, "2024-02-29"),  # a leap year's last day
        ("sept. 2021", True, "2021-09-30"),
        ("Q1 2021", False, "2021-01-01"),
        ("Q2 2021", True, "2021-06-30"),
        ("kvartal 4 2021", True, "2021-12-31"),
        ("2021-03-15", True, "2021-03-15"),  # a day is itself, start or end
        ("våren 2021", False, None),
        ("Q5 2021", False, None),
    ],
)
def test_a_period_in_months_or_quarters(cell: str, end: bool, iso: str | None) -> None:
    """An activity's field may say no day: it runs from the first day of its first month (or
    quarter) to the last day of its last (a blind trial's "Tidsperiod: jan 2021 – dec 2021")."""
    assert period_date(cell, end=end) == iso


def test_yes_and_no_in_a_flag_column() -> None:
    """English headers' "Deviation" column: "Yes" is the flag, "No" none, neither a progress word."""
    assert [marks_deviation(t) for t in ("Yes", "No")] == [True, False]
    assert [progress_word(t) for t in ("Yes", "No", "Enligt plan")] == [None, None, "Enligt plan"]
