"""Swedish number formats as printed in the reports: "1 234,5", "95 %", "-7,0 mnkr"."""

from __future__ import annotations

import re

# The grouped form must end at a non-digit: "1600 st" is 1600, not 160 with unit "0 st".
_NUMBER = re.compile(
    r"^\s*([-−–]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?(?!\d)|[-−–]?\d+(?:[.,]\d+)?)\s*(.*?)\s*$"
)


# A bound before a target's figure ("Max 10 personer", "Högst 5 %"): the figure is the value; whether
# lower is better the indicator's name says (`indicators.lower_is_better`).
BOUND_WORD = r"(?:max|min|högst|lägst|minst)\.?"
_BOUND = re.compile(rf"^\s*{BOUND_WORD}\s+(?=[-−–]?\d)", re.IGNORECASE)
# A tolerance either side of zero ("+/- 1 %", "±1 %": the city's prognossäkerhet): the figure is its
# width, and the cell is a band (`is_band`), met by an outcome within it whatever its sign.
BAND_SIGN = r"(?:\+\s?/\s?[-−–]|±|\+[-−–])"
_BAND = re.compile(rf"^\s*{BAND_SIGN}\s?(?=\d)")
# A unit of several words is a measure's own ("kg CO2 per kg livsmedel", 23 characters); more than
# this after a figure is prose.
_UNIT_MAX_CHARS = 30


def parse_number(text: str) -> tuple[float | None, str | None]:
    """Parse a table cell into (value, unit).

    >>> parse_number("1 234,5 st")
    (1234.5, 'st')
    >>> parse_number("1600 st")
    (1600.0, 'st')
    >>> parse_number("Tas fram av nämnd")
    (None, None)
    >>> parse_number("Max 10 personer")
    (10.0, 'personer')
    """
    match = _NUMBER.match(_BAND.sub("", _BOUND.sub("", text or "", count=1), count=1))
    if not match:
        return None, None
    digits = re.sub(r"[ \u00a0\u202f]", "", match.group(1)).replace(",", ".")
    digits = digits.replace("−", "-").replace("–", "-")
    try:
        value = float(digits)
    except ValueError:
        return None, None
    unit = match.group(2) or None
    if unit is not None and len(unit) > _UNIT_MAX_CHARS:
        return None, None  # a number followed by prose is not a cell value
    return value, unit


def is_band(text: str | None) -> bool:
    """Whether a target cell is a tolerance either side of zero.

    >>> is_band("+/- 1 %") and is_band("+/-1 %") and is_band("±2 %") and not is_band("-1 %")
    True
    """
    return bool(_BAND.match(text or ""))


def cell_note(text: str) -> str | None:
    """A cell that holds a phrase, not a number, as printed without its line breaks: "Tas fram av
    nämnd/styrelse" (a target the nämnd sets itself); None for a number or an empty cell. One word
    is no note: it may be a unit left from a row whose cells were split wrongly ("Max 10 personer"
    read as 10 and "personer"), and the reports' one-word targets ("öka") stay as they were.

    >>> cell_note("Tas fram av nämnd/ styrelse")
    'Tas fram av nämnd/styrelse'
    >>> cell_note("Tas fram av nämnd/ bolagss tyrelse")
    'Tas fram av nämnd/bolagsstyrelse'
    >>> cell_note("2,5 %") is None and cell_note("") is None and cell_note("personer") is None
    True
    """
    words = re.sub(r"/\s+", "/", " ".join((text or "").split()))
    # A word its cell broke at the edge, as the reports wrap this phrase: "nämnd/s tyrelse",
    # "nämnd/bolagss tyrelse" (a new user read the first as a typo).
    words = re.sub(r"/(bolags)?s tyrelse\b", lambda m: f"/{m.group(1) or ''}styrelse", words)
    if len(words.split()) < 2 or parse_number(words)[0] is not None or not any(c.isalpha() for c in words):
        return None
    return words
