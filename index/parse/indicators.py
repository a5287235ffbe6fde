"""Indicator rows whose cells were flattened into running text, read back into columns.

The text extractions print an indicator row's cells one after the other ("0   0 0 8 st Tas
fram av nämnd Tertial 2 2021"); an empty cell leaves only extra spaces. The header says
which columns the table has. A row's cells are read from both ends: the outcome first,
the period last, the KF:s årsmål and årsmål before the period; what stands between is
men, women, the previous period and the forecast, in the header's order, except that
a wide gap right after the outcome marks men and women empty (count indicators have no
split by sex).

Which indicators are better when lower (sjukfrånvaro, vräkningar …) is data, not code:
`data/indicator_direction.txt`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index.parse.numbers import parse_number

_UNIT = r"(?:%|st|kr|tkr|mnkr|dagar|kWh|kwh(?:/kv ?m)?|år|procent)"
_NUMBER = re.compile(rf"[-−–]?\d+(?:(?: \d{{3}})+|(?:,\d+))?(?:\s?{_UNIT}(?![\wåäö]))?|[-−–]?\d+(?:,\d+)?")
_GROUPED = re.compile(r"^([-−–]?\d+)((?: \d{3})+)(.*)$")
# Cells that are words: "Tas fram av nämnd/ styrelse" (and its wrapped start), "öka", "minska".
_TEXT_CELL = re.compile(r"^(?:Tas(?: fram)?(?: av)?(?: nämnd\w*)?(?:/ ?s ?tyrelse)?|öka|minska|Fastställ\w*)$", re.I)
PERIOD = re.compile(
    r"(?:(?:VB|Tertial\s*\d|T\d|Bokslut|Helår)\s*)?(?:19|20)\d\d(?:\s*-\s*(?:19|20)?\d\d)?$|\b(?:År|Tertial|Halvår)$",
    re.I,
)
# The columns an indicator table may have, in the order the reports print them.
COLUMNS = ("outcome", "men", "women", "previous", "forecast", "target", "kf_target")
_DIRECTION_FILE = Path(__file__).resolve().parent.parent / "data" / "indicator_direction.txt"


@dataclass(frozen=True, slots=True)
class Cells:
    """An indicator row's cells as printed, by column ("" where empty)."""

    outcome: str = ""
    men: str = ""
    women: str = ""
    previous: str = ""
    forecast: str = ""
    target: str = ""
    kf_target: str = ""
    period: str = ""

    def number(self, column: str) -> tuple[float | None, str | None]:
        return parse_number(getattr(self, column))


def header_columns(header: str) -> tuple[str, ...]:
    """The value columns a table header names, in order ("Års-" / "mål" and wrapped words allowed)."""
    text = " ".join(header.replace("-\n", "").split()).lower()
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    found = []
    if "periodens utfall" in text or re.search(r"\butfall\b", text):
        found.append("outcome")
    if "män" in text:
        found += ["men", "women"]
    if re.search(r"utfall vb|vb \d{4}|föregående", text):
        found.append("previous")
    if "prognos" in text:
        found.append("forecast")
    if re.search(r"(?<!kf:s )årsmål", text):
        found.append("target")
    if "kf:s årsmål" in text:
        found.append("kf_target")
    return tuple(found)


def tokens(values: str) -> list[str]:
    """The cells of a flattened row, left to right: numbers with their unit, or words."""
    out: list[str] = []
    position = 0
    text = " ".join(values.split())
    while position < len(text):
        if text[position] == " ":
            position += 1
            continue
        number = _NUMBER.match(text, position)
        if number:
            out.append(number.group(0))
            position = number.end()
            continue
        following = _NUMBER.search(text, position)
        end = following.start() if following else len(text)
        # "Tas fram av nämnd/ styrelse", "öka": words up to the next number are one cell.
        out.append(text[position:end].strip())
        position = end
    merged: list[str] = []
    for cell in out:
        # "Fastställs 2021" is one cell: a year right after words belongs to them.
        if merged and re.fullmatch(r"(?:19|20)\d\d", cell) and not _NUMBER.fullmatch(merged[-1]):
            merged[-1] = f"{merged[-1]} {cell}"
            continue
        merged.append(cell)
    return _ungroup(merged)


def _ungroup(cells: list[str]) -> list[str]:
    """ "184 200 st" is two cells, not 184,200, where the row's other numbers are far smaller;
    "9 000 st" beside zeros stays nine thousand."""
    values = [parse_number(c)[0] for c in cells]
    out: list[str] = []
    for cell, value in zip(cells, values, strict=True):
        grouped = _GROUPED.match(cell)
        others = [abs(v) for v in values if v is not None and v is not value]
        far = bool(others) and max(others) > 0 and value is not None and abs(value) > 50 * max(others)
        if grouped and (far or grouped.group(2).count(" ") > 1):  # "230 184 200 st": never one number
            parts = [grouped.group(1), *grouped.group(2).split()]
            parts[-1] += grouped.group(3)
            out.extend(parts)
            continue
        out.append(cell)
    return out


def read_cells(values: str, columns: tuple[str, ...], *, outcome_empty: bool, sexes_empty: bool) -> Cells:
    """Place a flattened row's cells in `columns` (see the module docstring for the rule)."""
    text = " ".join(values.split())
    period_match = PERIOD.search(text)
    period = period_match.group(0) if period_match else ""
    cells = tokens(text[: period_match.start()] if period_match else text)
    # Two spaces or more before the period: the cell before it, KF:s årsmål, is empty.
    raw_period = PERIOD.search(values.rstrip())
    kf_empty = bool(raw_period) and bool(re.search(r"\S {2,}$", values.rstrip()[: raw_period.start()]))
    placed: dict[str, str] = {}
    if "outcome" in columns and cells and not outcome_empty:
        placed["outcome"] = cells.pop(0)
    for column in ("kf_target", "target"):
        if column == "kf_target" and kf_empty and "target" in columns:
            continue
        if column in columns and cells:
            placed[column] = cells.pop()
    middle = [c for c in ("men", "women", "previous", "forecast") if c in columns]
    if sexes_empty:
        middle = [c for c in middle if c not in ("men", "women")]
    for column, cell in zip(middle, cells, strict=False):
        placed[column] = cell
    return Cells(period=period, **placed)


def split_name(text: str) -> tuple[str, str]:
    """A row printed on one line, name then cells ("Sjukfrånvaro 9,4 % 6,8 % … Tas fram"): the
    name and the cells. The cells are the longest tail of at least two numbers; a number
    inside the name ("Sjukfrånvaro dag 1-14", "unga 20-29 år") stays in the name."""
    spans = [m.start() for m in re.finditer(r"\S+", text)]
    words = text.split()
    for start in range(1, len(words)):
        tail = text[spans[start] :].rstrip()  # as printed: the gaps of empty cells kept
        if not _NUMBER.match(tail) or words[start - 1].endswith("-"):
            continue
        cells = tokens(PERIOD.sub("", tail).strip())
        numeric = [c for c in cells if _NUMBER.fullmatch(c)]
        words_only = [c for c in cells if not _NUMBER.fullmatch(c)]
        if (
            len(numeric) >= 2
            and _NUMBER.fullmatch(cells[0])
            and all(_TEXT_CELL.match(c) for c in words_only)
            and not re.search(r"\d-\d", tail[:8])
        ):
            return " ".join(words[:start]), tail
    return " ".join(words), ""


@cache
def _lower_is_better() -> tuple[re.Pattern[str], ...]:
    lines = _DIRECTION_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(rf"\b{line.strip()}", re.I) for line in lines if line.strip() and not line.startswith("#"))


def lower_is_better(name: str) -> bool:
    """True where the indicator improves as it falls (its name matches the data file)."""
    return any(pattern.search(name) for pattern in _lower_is_better())
