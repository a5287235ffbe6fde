"""A tab-separated text printed as it is → its lines, tabs and all.

A word processor that opens a .txt sets each tab at the next tab stop (every 1.25 cm by
default) and wraps a line that runs past the margin, tabs included. An indicator row
"name\\t0\\t\\t\\t7\\t7\\t8 st\\t…" then prints as cells on one grid of stops, an empty cell
only a wider gap, and the row runs on at the next line's start. No column x-range holds
a column's cells, so the table is read back as the typesetter wrote it:

- tabs between two drawn pieces: the stops passed from the end of one to the start of the
  next (a tab goes to the first stop after the text, each further tab one stop on);
- a line break is a wrap where what follows (a word, or tabs and a word) would not have
  fitted on the line above: the rule the line was broken by. Otherwise a new line began.
  Tabs fill the stops left at a line's end unseen; the header's tab count says how many a
  row holds, and so how many hid there.

Measured on the LibreOffice text layout (tuning half): indicator rows from 110 to 131 of 136
(135 with the parser's Analys limit counted in characters); every tab-separated line of T1
2020 comes back as the .txt has it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from index.read.pdfwords import Segment, VisualLine

# A piece stands on a stop when it begins within this many points of it (pypdf's x: ±0.2 pt).
_ON_STOP = 1.0
# Tab stops are wider apart than this many font sizes (a word space is 0.3): closer starts are words.
_MIN_INTERVAL = 1.5
# The character width is measured on the table's first lines.
_SAMPLE_LINES = 40
_ANALYS = re.compile(r"^Analys\b")


@dataclass(frozen=True, slots=True)
class TabStops:
    """A grid of tab stops from `origin`, every `interval` points."""

    origin: float
    interval: float

    def on_stop(self, x: float) -> int | None:
        """The stop `x` stands on (0: the origin), or None where it stands between stops."""
        k = round((x - self.origin) / self.interval)
        return k if abs(self.origin + k * self.interval - x) <= _ON_STOP else None

    def after(self, x: float, tabs: int) -> float:
        """Where `tabs` tabs from `x` lead: each goes on to the next stop right of it."""
        k = int((x - self.origin) // self.interval + 1e-9) + tabs
        return self.origin + k * self.interval

    def between(self, end: float, start: float) -> int:
        """How many tabs lead from text ending at `end` to text starting at `start`."""
        k = self.on_stop(start)
        if k is None:
            return 0
        if start - end < 0.1:
            return 1  # pieces joined on reading: the first reaches to the second, and one tab parts them
        first = int((end - self.origin) // self.interval + 1e-9) + 1  # the first stop right of `end`
        return max(0, k - first + 1)


def tab_stops(header: VisualLine, following: VisualLine, right_edge: float) -> TabStops | None:
    """The tab stops a table header was printed by, or None where it is a table's own header.

    A printed tab-separated header has every label on one grid of stops, and runs on to the
    next line (its labels do not fit one): that line starts on a stop, with a label that would
    not have fitted after the tab on the header's line. A table's wrapped header label stands
    under its own column, and its columns do not share one interval.
    """
    pieces = _pieces(header)
    size = header.size
    origin = pieces[0].x0
    offsets = sorted({round(piece.x0 - origin, 1) for piece in pieces} - {0.0})
    if len(offsets) < 2 or following.page != header.page or following.top - header.top > 1.6 * size:
        return None
    below = _pieces(following)
    starts = [piece.x0 for piece in pieces]
    if below[0].x0 > origin + size and all(any(abs(p.x0 - x) <= 1.0 for x in starts) for p in below):
        # Every label of the next line stands where a label of the header starts, and none at the
        # line's start: a table's labels wrapped in their own columns ("Periode" / "ns utfall"),
        # whose columns may be of one width (a Word table's default), not printed text run on.
        return None
    for n in range(1, 9):
        interval = offsets[0] / n
        if interval < _MIN_INTERVAL * size:
            break
        grid = TabStops(origin, interval)
        if any(grid.on_stop(origin + x) is None for x in offsets):
            continue
        # Refined by least squares over every label, so far stops do not drift.
        steps = [(x, round(x / interval)) for x in offsets]
        grid = TabStops(origin, sum(x * n for x, n in steps) / sum(n * n for _x, n in steps))
        stop = grid.on_stop(below[0].x0)
        if stop is None or any(grid.on_stop(piece.x0) is None for piece in below):
            return None
        width = _char_width([pieces, below])
        above = _Building(header.text, header.page, 0)
        return grid if _wrap(above, header.x1, below[0], stop, grid, right_edge, width, None) else None
    return None


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of the text as it was before printing: its tabs back, its first page."""

    text: str
    page: int


def untab(
    lines: Sequence[VisualLine], stops: TabStops, right_edge: float, ends: Callable[[VisualLine], bool]
) -> tuple[list[TextLine], int]:
    """The text lines printed as `lines` (from a header on) while the table lasts.

    Returns them and how many visual lines they took. The table lasts while its lines have
    tabs or are an indicator's "Analys …" (whose empty cells' tabs print as nothing), up to a
    line that `ends` it (the next table's header). A blank line is no sign: a line's trailing
    tabs that run past the margin print as one. `right_edge`: where the print's lines end at
    most (the margin, as near as the text shows it).
    """
    width = _char_width([_pieces(line) for line in lines[:_SAMPLE_LINES]])
    out: list[_Building] = []
    columns: int | None = None  # tabs in a row: the header's
    end = stops.origin
    used = len(lines)
    for index, line in enumerate(lines):  # pieces read line by line: the table ends long before the text
        row = _pieces(line)
        first = row[0]
        k = stops.on_stop(first.x0)
        current = out[-1] if out else None
        wrap = _wrap(current, end, first, k, stops, right_edge, width, columns) if current else None
        if current is not None and wrap is not None:
            current.go_on(wrap, first.text.rstrip())
        else:
            if current is not None:
                columns = current.finish(columns)
                if not _in_table(current.text):
                    used = current.start
                    out.pop()  # the text after the table: read as any
                    break
            if index and ends(line):
                used = index
                break
            lead = "\t" * k if k else " " * round((first.x0 - stops.origin) / width)
            out.append(_Building(lead + first.text.rstrip(), line.page, index))
        end = first.x1
        for piece in row[1:]:
            tabs = stops.between(end, piece.x0)
            if tabs > 1 and stops.after(end, 1) - end < width + _ON_STOP:
                # A space after the text (not drawn) may have passed the first stop already.
                out[-1].spare.append(len(out[-1].text))
            gap = "\t" * tabs if tabs else " " * max(1, round((piece.x0 - end) / width))
            out[-1].text += gap + piece.text.rstrip()
            end = piece.x1
    else:
        if out:
            out[-1].finish(columns)
            if not _in_table(out[-1].text):
                used = out.pop().start
    return [TextLine(b.text, b.page) for b in out], used


def _pieces(line: VisualLine) -> list[Segment]:
    return [piece for segment in line.segments for piece in segment.pieces()]


def _in_table(text: str) -> bool:
    return "\t" in text or bool(_ANALYS.match(text))


@dataclass(slots=True)
class _Wrap:
    """How a text line went on at the next visual line: the glue, and how many more tabs the
    line above may have held unseen (tabs into its free stops, which print as nothing)."""

    glue: str
    unseen: int = 0


@dataclass(slots=True)
class _Building:
    """A text line being put back together."""

    text: str
    page: int
    start: int  # its first visual line
    unseen: list[tuple[int, int]] = field(default_factory=list)  # (offset, at most so many tabs) hidden
    spare: list[int] = field(default_factory=list)  # offsets of a tab that may be one too many

    def go_on(self, wrap: _Wrap, text: str) -> None:
        if wrap.unseen:
            self.unseen.append((len(self.text), wrap.unseen))
        self.text += wrap.glue + text

    def finish(self, columns: int | None) -> int:
        """Put back the tabs hidden at line ends, up to the table's count; return the count."""
        count = self.text.count("\t")
        if columns is None:
            return count
        for offset, most in reversed(self.unseen):
            extra = min(most, columns - count)
            if extra > 0:
                self.text = self.text[:offset] + "\t" * extra + self.text[offset:]
                count += extra
        for offset in reversed(self.spare):
            if count > columns and self.text[offset] == "\t":
                self.text = self.text[:offset] + self.text[offset + 1 :]
                count -= 1
        return columns


def _wrap(
    above: _Building,
    end: float,
    first: Segment,
    k: int | None,
    stops: TabStops,
    right_edge: float,
    width: float,
    columns: int | None,
) -> _Wrap | None:
    """How `first` goes on from the line above (ending at `end`), or None where it begins a line.

    A line breaks where what follows would not fit: a word (after a space, or none after a
    hyphen), or tabs and a word. Tabs fill the stops left on the line; the one before a word
    goes with the word. So a line that starts on stop k ≥ 2 holds all the free stops above
    it too, and one on stop 1 any number of them (the row's tab count tells).
    """
    word = first.text.split(" ", 1)[0]
    word_width = first.x_of(len(word)) - first.x0
    free = max(0, int((right_edge + 0.5 - stops.after(end, 1)) // stops.interval) + 1)
    if k == 0:
        space = 0.0 if above.text.endswith("-") else width
        return _Wrap("" if not space else " ") if end + space + word_width > right_edge + 0.5 else None
    if k is None:
        return None  # set in by spaces: a line of its own
    row = columns is not None and "\t" in above.text  # an indicator's Analys shows none of its tabs
    if row and above.text.count("\t") >= columns:
        return None  # the row above has all its cells
    if k >= 2 and free:
        return _Wrap("\t" * (free + k))
    if k >= 2 or row or stops.after(end, 1) + word_width > right_edge + 0.5:
        return _Wrap("\t" * k, unseen=free)
    return None


def _char_width(pieces: Sequence[Sequence[Segment]]) -> float:
    """The print's width of a character (a space): the median over its single-piece runs."""
    widths = [(p.x1 - p.x0) / len(p.text) for row in pieces for p in row if len(p.text) >= 4 and not p.marks]
    size = max((p.size for row in pieces for p in row), default=10.0)
    return statistics.median(widths) if widths else 0.5 * size
