"""An activity table's cell lines → its rows, whichever line of a row its dates stand on.

Where rows are set apart by more space than a cell's paragraphs (cell padding, ruling),
every run of text between two such gaps holds one row's dates, and the rows are plain to
see. Word tables have no top or bottom cell margin, though: unruled, a row is as far from
the next as a paragraph is from the next inside a cell ("Analys" on a line of its own),
and the dates sit on the first, the middle or the last line of their row as the cells are
aligned. So rows are formed from what every row has, its dates:

- the text column's lines fall into blocks, split where the gap is wider than the leading
  inside a paragraph (a row never ends inside a wrapped paragraph);
- the date columns' lines fall into anchors, one per row: a start date, an end date and a
  flag, each whole (a date wrapped as "2021-01-" / "01" is one cell);
- every row holds exactly one anchor (an "Analys …" row none, and only a page's first or
  last row may be a part of a row cut by the page break); where blocks without dates stand
  between two anchors, they go to the row that puts each anchor where the table's alignment
  puts it: at its row's top, middle or bottom. The alignment is the one that fits the whole
  table best (measured in points), so it is read, not assumed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from index.read.cells import iso_date

# "Analys Med anledning …": an Analys row; "Analys" alone: the label line inside an activity's cell.
_ANALYS_ROW = re.compile(r"^Analys\b\s*:?\s*\S")
_ANALYS_LABEL = re.compile(r"^Analys\s*:?\s*$")


class Alignment(StrEnum):
    """Where a table's cells stand vertically in their rows."""

    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


@dataclass(frozen=True, slots=True)
class CellLine:
    """One line of one cell: its column (0 text, 1 start, 2 end, 3 flag) and its baseline."""

    column: int
    top: float
    text: str
    index: int  # the visual line it was read from


@dataclass(frozen=True, slots=True)
class _Unit:
    """Text lines that belong to one row for certain, with the dates among them (if any)."""

    lines: tuple[CellLine, ...]
    dates: tuple[CellLine, ...]

    @property
    def first(self) -> float:
        """The first text line's baseline (the dates' where the unit has no text): gaps between
        units are measured in the text column, since centred dates stand between its lines."""
        return min(line.top for line in self.lines or self.dates)

    @property
    def last(self) -> float:
        return max(line.top for line in self.lines or self.dates)

    @property
    def analys_row(self) -> bool:
        return not self.dates and bool(self.lines) and bool(_ANALYS_ROW.match(self.lines[0].text))

    @property
    def under_label(self) -> bool:
        """Opens with the Analys label: the analysis of the row above (its text may follow)."""
        return not self.dates and bool(self.lines) and bool(_ANALYS_LABEL.match(self.lines[0].text))

    @property
    def analys_label(self) -> bool:
        """The label alone: its analysis stands in the units below."""
        return self.under_label and len(self.lines) == 1


def form_rows(parts: Sequence[Sequence[CellLine]], leading: float, gap: float) -> list[list[CellLine]] | None:
    """The rows of a table given as its parts (one per page), each row's cell lines in order.

    `leading` is the step between lines inside a paragraph; a step wider than `gap` parts
    two blocks. Returns None where the dates cannot be told apart (two rows' dates in
    one block and no line between them to cut at).
    """
    units = [_units(part, leading, gap) for part in parts]
    if any(u is None for u in units):
        return None
    apart = _row_gap(units, leading)  # type: ignore[arg-type]
    best: tuple[float, list[list[CellLine]]] | None = None
    for alignment in Alignment:
        total = 0.0
        rows: list[list[CellLine]] = []
        cut = False
        for k, part in enumerate(units):
            final = k == len(units) - 1
            cost, part_rows, cut = _partition(
                part,  # type: ignore[arg-type]
                alignment,
                leading,
                apart,
                cut=cut,
                first=k == 0,
                final=final,
            )
            total += cost
            rows.extend(part_rows)
        if best is None or total < best[0] - 0.5:
            best = (total, rows)
    return best[1] if best else []


def _row_gap(parts: Sequence[Sequence[_Unit]], leading: float) -> float:
    """The gap from which two units are two rows for certain (infinite where nothing tells).

    Two dated units in a row are two rows: the smallest gap between such is the table's row
    gap. It parts rows where the table's own paragraphs stand closer than that, and where no
    unit without dates stands inside the table (none but the rest of a row cut by a page
    break): rows set apart by space or rules, however their cells are aligned.
    """
    dated_gaps: list[float] = []
    gaps: list[float] = []
    undated_inside = False
    for k, units in enumerate(parts):
        for a, b in itertools.pairwise(units):
            gaps.append(b.first - a.last)
            if a.dates and b.dates:
                dated_gaps.append(b.first - a.last)
        # The table's first unit starts a row; a page's first or last may be a cut row's part.
        inside = units if k == 0 else units[1:]
        undated_inside = undated_inside or any(not u.dates and not u.analys_row for u in inside[:-1])
    if not dated_gaps:
        return float("inf")
    row_gap = min(dated_gaps)
    # Wider than any gap between rows by half a line (an empty paragraph): what follows is no row.
    widest = max(dated_gaps) + 0.5 * leading
    if undated_inside and row_gap <= min(gaps) + _DISTINCT * leading:
        return widest
    return row_gap - 0.5 * _DISTINCT * leading


# Row gaps count as wider than paragraph gaps when they differ by this many leadings (LibreOffice:
# 3 pt of paragraph space against a row's border and padding of 1-8 pt).
_DISTINCT = 0.15


def _units(part: Sequence[CellLine], leading: float, gap: float) -> list[_Unit] | None:
    text = sorted((line for line in part if line.column == 0), key=lambda line: line.top)
    blocks: list[list[CellLine]] = []
    for line in text:
        if blocks and line.top - blocks[-1][-1].top <= gap:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    anchors = _anchors([line for line in part if line.column > 0], leading)
    units = _attach(blocks, anchors, leading)
    if any(len(unit.dates) and _count_anchors(unit, anchors) > 1 for unit in units):
        # Two rows' dates in one block: the rows are not parted by space. Each text line is
        # then a unit of its own, and the anchors decide.
        units = _attach([[line] for line in text], anchors, leading)
        if any(_count_anchors(unit, anchors) > 1 for unit in units):
            return None
    return units


def _count_anchors(unit: _Unit, anchors: Sequence[tuple[CellLine, ...]]) -> int:
    ids = {id(line) for line in unit.dates}
    return sum(1 for anchor in anchors if id(anchor[0]) in ids)


def _anchors(dates: Sequence[CellLine], leading: float) -> list[tuple[CellLine, ...]]:
    """The date columns' lines grouped into one anchor per row: each column's cell whole."""
    anchors: list[list[CellLine]] = []
    for line in sorted(dates, key=lambda line: (line.top, line.column)):
        current = anchors[-1] if anchors else None
        if current is not None and line.top - max(d.top for d in current) <= 1.1 * leading:
            cell = [d.text for d in current if d.column == line.column]
            if not cell or not _complete(line.column, join_cell(cell)):
                current.append(line)
                continue
        anchors.append([line])
    return [tuple(anchor) for anchor in anchors]


def join_cell(texts: Sequence[str]) -> str:
    """A date or flag cell's lines as one text: "2021-" + "12-31" → "2021-12-31"."""
    out = ""
    for text in texts:
        out = out + text if out.endswith("-") else f"{out} {text}".strip()
    return out


def _complete(column: int, text: str) -> bool:
    """Whether a date column's cell is whole: a full date, or a flag word not cut by a hyphen."""
    if column in (1, 2):
        return iso_date(text) is not None
    return not text.endswith("-")


def _attach(
    blocks: Sequence[Sequence[CellLine]], anchors: Sequence[tuple[CellLine, ...]], leading: float
) -> list[_Unit]:
    """Units: the blocks, with each anchor put with the blocks it stands beside (joining them
    where it spans several); an anchor between two blocks (centred in a gap) joins both."""
    tolerance = 0.4 * leading
    owner = list(range(len(blocks)))  # union of blocks that one anchor spans

    def root(k: int) -> int:
        while owner[k] != k:
            k = owner[k]
        return k

    placed: dict[int, list[CellLine]] = {}
    loose: list[tuple[CellLine, ...]] = []
    for anchor in anchors:
        top = min(line.top for line in anchor)
        bottom = max(line.top for line in anchor)
        beside = [
            k
            for k, block in enumerate(blocks)
            if top <= block[-1].top + tolerance and bottom >= block[0].top - tolerance
        ]
        if not beside:
            above = [k for k, block in enumerate(blocks) if block[-1].top < top and top - block[-1].top <= leading]
            below = [k for k, block in enumerate(blocks) if block[0].top > bottom and block[0].top - bottom <= leading]
            beside = above[-1:] + below[:1]
        if not beside:
            loose.append(anchor)
            continue
        for k in beside[1:]:
            owner[root(k)] = root(beside[0])
        placed.setdefault(beside[0], []).extend(anchor)
    groups: dict[int, tuple[list[CellLine], list[CellLine]]] = {}
    for k, block in enumerate(blocks):
        groups.setdefault(root(k), ([], []))[0].extend(block)
    for k, dates in placed.items():
        groups[root(k)][1].extend(dates)
    units = [_Unit(tuple(lines), tuple(dates)) for lines, dates in groups.values()]
    units += [_Unit((), anchor) for anchor in loose]  # dates alone on their part of the page
    return sorted(units, key=lambda unit: unit.first)


def _anchored(unit: _Unit) -> bool:
    return bool(unit.dates)


def _partition(
    units: Sequence[_Unit], alignment: Alignment, leading: float, apart: float, *, cut: bool, first: bool, final: bool
) -> tuple[float, list[list[CellLine]], bool]:
    """The least-cost split of one page's units into rows under `alignment` (dynamic programming),
    and whether its last row is cut by the page break.

    `cut`: the previous page's last row was cut, so the text without dates that opens this
    page is its rest. A row is cut where its dates stand out of their place (LibreOffice sets
    the first part of a cut row from the top, whatever the alignment): its cost is not
    counted, and the next page's first undated text goes with it.
    """
    n = len(units)
    # A page that opens with the Analys label (it stands under its activity's text, in the same
    # cell) or in the middle of a sentence (a lower-case word: no activity or analysis of the
    # corpus starts with one) holds the rest of a row cut by the break.
    cut = cut or bool(units and (units[0].under_label or (units[0].lines[:1] and units[0].lines[0].text[:1].islower())))
    # A part of a row cut by the page break (first or last on the page) costs a little, so
    # that a row is only cut where keeping it whole would put its dates out of place.
    edge_cost = 0.25 * leading
    # An Analys row holds one paragraph unless taking the next costs less elsewhere.
    extra_cost = 0.01
    inf = float("inf")
    best = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for start in range(n):
        if best[start] == inf or (units[start].under_label and start > 0):
            continue
        anchors = 0
        for end in range(start + 1, n + 1):
            unit = units[end - 1]
            # A gap wider than the rows' parts two rows, but not an Analys label from the row above
            # it: the label is that row's (a paragraph under the table, "Analys" and its text, may
            # stand further off than the rows stand apart).
            if end - 1 > start and (
                unit.analys_row or (unit.first - units[end - 2].last >= apart and not unit.under_label)
            ):
                break
            anchors += _anchored(unit)
            if anchors > 1 or (anchors and units[start].analys_row):
                break
            if anchors and start == 0 and cut and not units[0].dates and not units[0].analys_row:
                break  # the rest of the row cut at the previous page's foot stands alone
            if units[start].analys_row:
                cost = extra_cost * (end - start - 1)
            elif anchors == 1:
                cost = _misplaced(units[start:end], alignment)
                if end == n and not final:
                    cost = min(cost, 1.01 * edge_cost)  # a row at the page's foot may be cut: charged as cut
            elif (start == 0 and not first) or end == n:
                cost = edge_cost  # a table's first row is whole
            else:
                continue
            if end < n and (units[end].under_label or units[end - 1].analys_label):
                continue  # the label line belongs to the text above it and the analysis below
            if best[start] + cost < best[end]:
                best[end] = best[start] + cost
                back[end] = start
    if best[n] == inf:
        return inf, [[line for unit in units for line in (*unit.lines, *unit.dates)]], False
    rows: list[list[CellLine]] = []
    end = n
    last_cut = False
    while end > 0:
        start = back[end]
        if end == n:
            row = units[start:end]
            last_cut = any(u.dates for u in row) and _misplaced(row, alignment) > 0.5 * leading
        rows.append([line for unit in units[start:end] for line in (*unit.lines, *unit.dates)])
        end = start
    return best[n], rows[::-1], last_cut


def _misplaced(units: Sequence[_Unit], alignment: Alignment) -> float:
    """How far, in points, the row's dates stand from where `alignment` puts them."""
    text = [line.top for unit in units for line in unit.lines]
    dates = [line.top for unit in units for line in unit.dates]
    if not text:
        return 0.0
    if alignment is Alignment.TOP:
        return abs(min(text) - min(dates))
    if alignment is Alignment.BOTTOM:
        return abs(max(text) - max(dates))
    return abs((min(text) + max(text)) / 2 - (min(dates) + max(dates)) / 2)
