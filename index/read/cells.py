"""An activity table's date and flag cells as the reports write them, in the one form the parser reads.

The text extractions of the city's reports print ISO dates ("2020-01-01") and the flag word
"Avvikelse"; a nämnd's own PDF, typed in Word, may not. Swedish writes a date in full as well
("1 januari 2020", "1 jan. 2020"), and a table's flag column may hold "Ja", "X" or a tick
instead of the word. A blind trial of four such layouts lost every activity to long dates and
every deviation to "Ja"/"X"/"✓". The header names the columns (Startdatum, Slutdatum,
Avvikelse), so a cell is read by its column: a date cell in any of these forms is the date, and
a flag cell with a mark ("Ja", "X", "✓") or a word of deviation ("Avvikelse", "Försenad") is the
flag, and "Nej", "–", "Enligt plan", "Ingen avvikelse" or nothing is none.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
# A month by its name or the abbreviation Swedish uses ("jan", "sept", "okt."), any case.
_MONTH = (
    r"(?:jan(?:uari)?|feb(?:ruari)?|mars?|apr(?:il)?|maj|juni?|juli?|aug(?:usti)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = r"(?:19|20)\d\d[-–/.]\d\d?[-–/.]\d\d?"
_LONG = rf"\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d\d"
# A date in any of the forms, for finding one in a line of text.
DATE_IN_TEXT = re.compile(rf"(?<!\d)(?:{_ISO}|{_LONG})(?!\d)", re.I)
_LONG_PARTS = re.compile(rf"^(\d{{1,2}})\s+({_MONTH})\s+((?:19|20)\d\d)$", re.I)
_ISO_PARTS = re.compile(r"^((?:19|20)\d\d)[-–/.](\d\d?)[-–/.](\d\d?)$")
# A mark ("Ja", "X", a tick, a bullet) or a word of deviation ("Avvikelse", "Försenad"); a status
# column's "Enligt plan", a "Nej", a dash or nothing is none.
_MARK = re.compile(r"^(?:ja|yes|x|✓|✔|☑|•|●|\*|avvik\w*\b.*|försen\w*\b.*)$", re.I)  # "Yes": English headers
_NO = re.compile(r"^(?:ingen|ej|inte)\b", re.I)


def iso_date(text: str) -> str | None:
    """A date cell as ISO ("1 januari 2020" → "2020-01-01"); None where the cell is no whole date.

    >>> iso_date("1 jan. 2020"), iso_date("2020-12-31"), iso_date("2020-")
    ('2020-01-01', '2020-12-31', None)
    """
    cell = " ".join(text.split())
    if match := _ISO_PARTS.match(cell):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif match := _LONG_PARTS.match(cell):
        day, year = int(match.group(1)), int(match.group(3))
        month = _month_number(match.group(2))
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # "31 februari", "2021-13-01": no date
        return None


# A month and its year ("jan 2021", "december 2021") or a quarter ("Q1 2021", "kvartal 3 2021"): a
# field of an activity's time may say no day, and the activity then runs from the first day of the
# first month to the last of the last (a blind trial's "Tidsperiod: jan 2021 – dec 2021").
MONTH_OR_QUARTER = re.compile(rf"(?:{_MONTH}|Q[1-4]|kvartal\s+[1-4])\s+(?:19|20)\d\d", re.I)
_QUARTER = re.compile(r"^(?:Q|kvartal\s+)([1-4])\s+((?:19|20)\d\d)$", re.I)
_MONTH_YEAR = re.compile(rf"^({_MONTH})\s+((?:19|20)\d\d)$", re.I)


_YEAR = r"(?:19|20)\d\d"
# Any form a date may take in a table, for telling that a line holds dates (`dates_like`), not for
# reading them: what the readers read (above), and the forms Swedish and English offices also type
# ("1/1 2020", "31/12-2020", "01.01.2020", "20200101", "2020-01", "Jan 1, 2020", "1 May 2020",
# "v. 12 2020", "2020-Q1"). A blind trial's layout whose dates were in a form the reader did not know
# lost all its 13 activities without a warning: the warning must count dates it cannot read.
_EN_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE_LIKE = re.compile(
    rf"(?<![\d/.])(?:"
    rf"{_ISO}|{_LONG}|(?:{_MONTH}|Q[1-4]|kvartal\s+[1-4])\s+{_YEAR}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}(?:[/.-]|\s)\s?{_YEAR}"  # 1/1 2020, 31/12-2020, 01.01.2020
    rf"|{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # 20200101
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])(?![\d-])"  # 2020-01
    rf"|{_EN_MONTH}\s+\d{{1,2}},?\s+{_YEAR}|\d{{1,2}}\s+{_EN_MONTH}\s+{_YEAR}"  # Jan 1, 2020; 1 May 2020
    rf"|(?:v\.?|vecka|week|w)\s?\d{{1,2}},?\s+{_YEAR}|{_YEAR}[-\s]?[QW]\d{{1,2}}"  # v. 12 2020; 2020-Q1; 2020-W12
    rf")(?![\d/])",
    re.I,
)


def dates_like(text: str) -> int:
    """How many dates `text` holds, in any form (`DATE_LIKE`), each counted once."""
    return len(DATE_LIKE.findall(text))


# A period, as a table's Period or Tidsperiod cell may print it, in the units the city's reports
# count in: months, quarters and tertials ("januari–december 2021", "Q1–Q2 2021", "T1–T3 2021",
# "januari 2021–december 2022", "Q1 2021–Q4 2021"), or wrapped before its year ("januari–december"
# / "2021"). A blind trial's Google Docs tables printed each activity's period so; of quarters and
# tertials none was read (13 activities lost).
_UNIT = rf"(?:{_MONTH}|Q[1-4]|kvartal\s+[1-4]|T[1-3]|tertial\s+[1-3])"
PERIOD_RANGE = re.compile(
    rf"^(?P<first>{_UNIT})(?:\s+(?P<first_year>{_YEAR}))?\s*[–—-]\s*"
    rf"(?:(?P<last>{_UNIT})(?:\s+(?P<last_year>{_YEAR}))?)?$",
    re.I,
)
YEAR_ONLY = re.compile(rf"^{_YEAR}$")
# One unit with its year is a period too: "jan 2021", "Q1 2021", "T2 2021", "helår 2021".
UNIT_YEAR = re.compile(rf"^(?:{_UNIT}|helår|hela året)\s+{_YEAR}$", re.I)
# A range of units with its year, inside a line: a row's period, for counting rows (`dates_like`).
PERIOD_IN_TEXT = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?{_UNIT}(?:\s+{_YEAR})?\s*[–—-]\s*(?:\d{{1,2}}\s+)?{_UNIT}\s+{_YEAR}\b", re.I
)  # "Q1–Q2 2021", "jan–jun 2021", "1 januari–30 juni 2021" (the year once)
_TERTIAL = re.compile(r"^(?:T|tertial\s+)([1-3])\s+((?:19|20)\d\d)$", re.I)
_WHOLE_YEAR = re.compile(r"^(?:helår|hela året)\s+((?:19|20)\d\d)$", re.I)


def period_date(text: str, *, end: bool = False) -> str | None:
    """A date as ISO, also a month or quarter with its year: its first day, or with `end` its last.

    >>> period_date("jan 2021"), period_date("dec 2021", end=True), period_date("Q2 2021", end=True)
    ('2021-01-01', '2021-12-31', '2021-06-30')
    >>> period_date("T2 2021"), period_date("T2 2021", end=True), period_date("helår 2021", end=True)
    ('2021-05-01', '2021-08-31', '2021-12-31')
    """
    cell = " ".join(text.split())
    if (whole := iso_date(cell)) is not None:
        return whole
    if match := _QUARTER.match(cell):
        first, year = 3 * int(match.group(1)) - 2, int(match.group(2))
        month = first + 2 if end else first
    elif match := _TERTIAL.match(cell):  # a tertial is four months: T2 is May to August
        first, year = 4 * int(match.group(1)) - 3, int(match.group(2))
        month = first + 3 if end else first
    elif match := _WHOLE_YEAR.match(cell):
        month, year = (12 if end else 1), int(match.group(1))
    elif match := _MONTH_YEAR.match(cell):
        month, year = _month_number(match.group(1)), int(match.group(2))
    else:
        return None
    if not end:
        return date(year, month, 1).isoformat()
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1).isoformat()


def _month_number(name: str) -> int:
    """A month's number by its name or the abbreviation Swedish uses ("jan", "sept.")."""
    short = name.rstrip(".").lower()[:3]
    return next(number for full, number in _MONTHS.items() if full.startswith(short))


def marks_deviation(text: str) -> bool:
    """Whether a flag cell marks a deviation: a mark or a word of deviation, not a plain no.

    >>> [marks_deviation(t) for t in ("Avvikelse", "Ja", "X", "✓", "Nej", "–", "", "Enligt plan")]
    [True, True, True, True, False, False, False, False]
    """
    cell = " ".join(text.split())
    return bool(_MARK.match(cell)) and not _NO.match(cell)


_PROGRESS = re.compile(r"^[^\W\d_]+(?:\s+[^\W\d_]+){0,2}$")


def progress_word(text: str) -> str | None:
    """A status cell's word for how far an activity has come ("Pågående", "Avslutad", "Ej påbörjad",
    "Enligt plan"), as printed; None for a mark, a plain yes or no, a deviation (the flag says it)
    or anything but one to three words.

    >>> [progress_word(t) for t in ("Pågående", "Ej påbörjad", "Avvikelse", "Nej", "X", "2021-01-01")]
    ['Pågående', 'Ej påbörjad', None, None, None, None]
    """
    cell = " ".join(text.split())
    if not _PROGRESS.match(cell) or marks_deviation(cell) or "avvik" in cell.lower():
        return None
    return None if cell.lower() in ("ja", "nej", "x", "yes", "no") else cell
