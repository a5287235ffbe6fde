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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index.parse.numbers import BAND_SIGN, BOUND_WORD, parse_number
from index.read.layout import join_with_offsets

_UNIT = r"(?:%|st|kr|tkr|mnkr|dagar|kWh|kwh(?:/kv ?m)?|år|procent)"
_NUMBER = re.compile(rf"[-−–]?\d+(?:(?: \d{{3}})+|(?:,\d+))?(?:\s?{_UNIT}(?![\wåäö]))?|[-−–]?\d+(?:,\d+)?")
_DECIMAL = re.compile(r"[-−–]?\d+,\d+")
_BOUND_CELL = re.compile(BOUND_WORD, re.IGNORECASE)
_BAND_START = re.compile(rf"{BAND_SIGN} ?(?=\d)")
# "kg CO2 per kg livsmedel", and one more where a narrow cell broke a word in two ("livsmede l").
_UNIT_MAX_WORDS = 6


def _is_unit(words: str) -> bool:
    """Whether words after a figure are its unit: not a cell of words of its own ("Tas fram av
    nämnd", "Fastställs", "öka"), nor a bound that goes with the next figure ("Max"), nor a dash."""
    return (
        any(c.isalpha() for c in words)
        and len(words.split()) <= _UNIT_MAX_WORDS
        and not _TEXT_CELL.match(words)
        and not _BOUND_CELL.fullmatch(words)
    )


# A cell's number starts no word: the "2" of "CO2", the "10" of "PM10" are a name's or a unit's
# ("1,8 kg CO2 per kg livsmedel": the 2 had been read as the target).
_CELL_NUMBER = re.compile(rf"(?<![^\W\d_])(?:{_NUMBER.pattern})")
_GROUPED = re.compile(r"^([-−–]?\d+)((?: \d{3})+)(.*)$")
# Cells that are words: "Tas fram av nämnd/ styrelse" (and its wrapped start), "öka", "minska".
# "Tas fram av nämnd/styrelse" (or "nämnd/bolagsstyrelse"), as its cell wraps it ("nämnd/ bolagss tyrelse").
_TEXT_CELL = re.compile(
    r"^(?:Tas(?: fram)?(?: av)?(?: nämnd\w*)?(?:/ ?(?:bolag ?s ?)?s ?tyrelse)?|öka|minska|Fastställ ?\w*)$", re.I
)
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
    # A label a narrow column broke inside a word, without a hyphen ("Progno" / "s helår",
    # "Periode" / "ns utfall": LibreOffice's Word tables), read with its spaces out too.
    squeezed = text.replace(" ", "")
    found = []
    if "periodens utfall" in text or re.search(r"\butfall\b", text):
        found.append("outcome")
    if "män" in text:
        found += ["men", "women"]
    if re.search(r"utfall vb|vb \d{4}|föregående", text):
        found.append("previous")
    if "prognos" in squeezed:
        found.append("forecast")
    if re.search(r"(?<!kf:s)årsmål", squeezed):
        found.append("target")
    if "kf:sårsmål" in squeezed:
        found.append("kf_target")
    return tuple(found)


def previous_label(header: str) -> str | None:
    """The previous-outcome column as the header names it: "Periodens utfall VB 2019" is the year's
    annual report (VB 2019), not the previous tertial; None where it names no report ("föregående
    period"), which is shown as such."""
    found = re.search(r"\bvb\s*(\d{4})\b", header, re.IGNORECASE)  # the same cue as `header_columns`
    return f"VB {found.group(1)}" if found else None


def tokens(values: str) -> list[str]:
    """The cells of a flattened row, left to right: numbers with their unit, or words."""
    out: list[str] = []
    position = 0
    text = " ".join(values.split())
    while position < len(text):
        if text[position] == " ":
            position += 1
            continue
        # "+/- 1 %", "+/-1 %": a band's sign and width are one cell (its "-" is no minus of the width).
        band = _BAND_START.match(text, position)
        number = _CELL_NUMBER.match(text, band.end() if band else position)
        if number:
            out.append(text[position : number.end()])
            position = number.end()
            continue
        following = _CELL_NUMBER.search(text, position)
        end = following.start() if following else len(text)
        words = text[position:end].strip()
        if out and _NUMBER.fullmatch(out[-1]) and _is_unit(words):
            # Words right after a number are its unit ("13,7 barn/avd.", "1,8 kg CO2 per kg
            # livsmedel", "2,83 GWh"): read as cells, they took a column each.
            out[-1] = f"{out[-1]} {words}"
        else:
            # "Tas fram av nämnd/ styrelse", "öka": words up to the next number are one cell.
            out.append(words)
        position = end
    merged: list[str] = []
    for cell in out:
        if merged and _BOUND_CELL.fullmatch(merged[-1]) and _NUMBER.match(cell):
            merged[-1] = f"{merged[-1]} {cell}"  # "Max 10 personer": the bound and its figure, one cell
            continue
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
    # A split by sex is two cells, of the period's outcome: one value between the outcome and the
    # targets, or any where the outcome is empty, is the next column's (Norrmalm's "   81 % 86 % 86 %"
    # had 81 % as men's; its Analys gives men 93,5 %, and no outcome for the year).
    lone = len(cells) == 1 or outcome_empty
    if sexes_empty or (lone and len(middle) > 2):
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
    if len(words) >= 3 and _DECIMAL.fullmatch(words[-1]):
        # One figure with decimals ends the line, its unit and the row's other cells wrapped below
        # ("Antal barn per grupp 13,7" / "barn/avd." / "13,9" …): a name counts, it does not measure
        # to the decimal ("dag 1-14", "PM10", "2030" stay in names).
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), ""


# A plan's indicator table ("KF:s indikatorer | Årsmål | KF:s årsmål | Periodicitet") has no
# outcome: a row is its name, a cell per target column, then how often it is followed up. The
# periodicity is a capitalised cell; prose ends "i år" in lower case.
PERIODICITY = re.compile(r"(?<!\S)(?:År|Halvår|Tertial|Kvartal|Månad)$")
# A target may be a direction or a tolerance instead of a number ("öka", "oförändrad", "+/- 1 %").
_TARGET_WORD = r"(?:öka|minska|oförändrad|tas fram av nämnd\w*(?:/ ?styrelse)?)"
_TARGET_CELL = re.compile(
    rf"(?<!\S)(?:(?:\+/-|±) ?)?[-−–]?\d+(?:(?: \d{{3}})+|,\d+)?(?: ?{_UNIT}(?![\wåäö]))?$|(?<!\S){_TARGET_WORD}$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class PlanRow:
    """A plan's indicator row: its name (wrapped lines joined), target cells and periodicity."""

    name: str
    cells: Cells
    raw_values: str


def is_plan_table(columns: tuple[str, ...]) -> bool:
    """A header that names target columns and no outcome: a plan's table, rows closed by their periodicity."""
    return bool(columns) and set(columns) <= {"target", "kf_target"}


def read_plan_row(lines: Sequence[str], columns: tuple[str, ...]) -> PlanRow | None:
    """Read a plan table's row from its printed lines, the last ending in the periodicity.

    The cells are read from the right, one per target column at most; what stands before
    them is the name. Where fewer cells than columns are printed, a gap before the first
    (the line indented, or two spaces) shows that the leading columns are the empty ones
    ("Stadens ekonomiska resultat  0,1 mnkr Tertial": årsmål empty, KF:s årsmål 0,1 mnkr).
    None where the lines are no such row.
    """
    last = lines[-1].rstrip() if lines else ""
    period = PERIODICITY.search(last)
    if not period or not columns:
        return None
    raw = [*lines[:-1], last[: period.start()]]
    text, offsets = join_with_offsets(raw)
    end = len(text.rstrip())
    found: list[tuple[int, str]] = []
    while len(found) < len(columns):
        match = _TARGET_CELL.search(text, 0, end)
        if match is None or match.start() == 0:
            break
        found.insert(0, (match.start(), match.group(0)))
        end = len(text[: match.start()].rstrip())
    name = text[: found[0][0]].strip() if found else ""
    if not name:
        return None
    values = [cell for _, cell in found]
    leading_empty = len(values) < len(columns) and _gap_before(raw, offsets, found[0][0])
    placed = dict(zip(columns[len(columns) - len(values) :] if leading_empty else columns, values, strict=False))
    raw_values = f"{text[found[0][0] :]} {period.group(0)}"
    return PlanRow(name=name, cells=Cells(period=period.group(0), **placed), raw_values=raw_values)


def _gap_before(raw: Sequence[str], offsets: Sequence[int], position: int) -> bool:
    """Whether the joined text's `position` stands after an empty cell as printed: at an
    indented line's start, or after two spaces or more."""
    index = max(i for i, offset in enumerate(offsets) if offset <= position and raw[i].strip())
    line = raw[index].replace("\t", " ")
    before = len(" ".join(line.split())[: position - offsets[index]].split())
    words = list(re.finditer(r"\S+", line))
    if before == 0:
        return line[:1].isspace()
    return before < len(words) and words[before].start() - words[before - 1].end() >= 2


@cache
def _lower_is_better() -> tuple[re.Pattern[str], ...]:
    lines = _DIRECTION_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(rf"\b{line.strip()}", re.I) for line in lines if line.strip() and not line.startswith("#"))


# A name whose head is a reduction measures the reduction: "Minskning av CO2e till 2023" improves as it
# rises, though what it reduces (CO2e) falls (a new user read its "lägre är bättre" as wrong).
_REDUCTION = re.compile(r"^(?:minskning|minskad|minskat|minskade|reduktion|sänkning|sänkt)\b", re.I)


def lower_is_better(name: str) -> bool:
    """True where the indicator improves as it falls (its name matches the data file), unless the name
    is a reduction's (`_REDUCTION`)."""
    if _REDUCTION.match(name.strip()):
        return False
    return any(pattern.search(name) for pattern in _lower_is_better())
