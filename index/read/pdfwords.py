"""A PDF page as positioned text: fragments with coordinates, grouped into visual lines.

Line order alone cannot tell which table cell a line belongs to, so the PDF reader works
from where text stands. pypdf's layout-mode machinery already decodes every text-show
operation with its font metrics into groups with a start and an end x; we take those
groups as they are instead of its fixed-width rendering. Measured on a 53-page generated
report: 7 ms a page, against 90 ms for pdfplumber's words (pdfminer), which would make a
100-page upload take 9 s to read; that is why pdfplumber is not used.

Page furniture (running headers and footers, page numbers) is found by position: a
segment of text that stands at the same height on most pages, digits aside, is furniture,
even where it shares its line with other text ("Tertialrapport 1 2020 … Sida 3 (21)").
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

# Fragments closer than this many font sizes belong to one segment (a word space is ~0.28).
_SEGMENT_GAP = 0.9
# Two fragments share a visual line when their baselines differ by less than this many font sizes.
_SAME_LINE = 0.35
# Furniture stands at the same place on at least this share of the pages (and on 3 or more).
_FURNITURE_SHARE = 0.5
_FURNITURE_MIN_PAGES = 3
# Table headers are repeated at a page's top by design: content, never furniture.
_NOT_FURNITURE = re.compile(r"^(?:Aktivitet|KF:s|Nämndens|Indikator)", re.I)


@dataclass(frozen=True, slots=True)
class Segment:
    """Text that stands together on one visual line: a cell's line, or a run of prose."""

    text: str
    x0: float  # from the page's leftmost text, in points
    x1: float
    top: float  # baseline, from the top of the page, in points
    size: float  # font height
    # Where each drawn piece joined into this segment begins: (offset in text, x). Table
    # headers set in a smaller font join into one segment; their words keep their own x.
    marks: tuple[tuple[int, float], ...] = ()

    def cut(self, x: float) -> tuple[Segment, ...]:
        """Split where a joined piece begins at or right of `x` (a cell that ran close to the next)."""
        for offset, start in self.marks:
            if offset > 0 and start >= x > self.x0:
                left = Segment(
                    self.text[:offset].rstrip(),
                    self.x0,
                    start,
                    self.top,
                    self.size,
                    tuple(m for m in self.marks if m[0] < offset),
                )
                right = Segment(
                    self.text[offset:],
                    start,
                    self.x1,
                    self.top,
                    self.size,
                    tuple((m[0] - offset, m[1]) for m in self.marks if m[0] >= offset),
                )
                return (left, *right.cut(x))
        return (self,)

    def pieces(self) -> tuple[Segment, ...]:
        """The segment split back into the strings drawn to make it."""
        parts: tuple[Segment, ...] = (self,)
        for _offset, x in self.marks[1:]:
            parts = tuple(cut for part in parts for cut in part.cut(x))
        return parts

    def x_of(self, offset: int) -> float:
        """The x where the character at `offset` begins: a piece's own start where one begins
        there, else interpolated inside its piece."""
        marks = self.marks or ((0, self.x0),)
        start, x = max((m for m in marks if m[0] <= offset), default=(0, self.x0))
        following = [m for m in marks if m[0] > offset]
        end, x_end = following[0] if following else (len(self.text), self.x1)
        return x + (offset - start) * (x_end - x) / max(1, end - start)


@dataclass(frozen=True, slots=True)
class VisualLine:
    """The segments of one baseline on one page, left to right."""

    page: int
    top: float
    segments: tuple[Segment, ...]

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def size(self) -> float:
        return max(s.size for s in self.segments)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


class _Incomplete(logging.Handler):
    """Notes pypdf's word that a page's positioned text is incomplete (rotated text, a font it cannot
    interpret): only then is the page checked against its plain extraction (`readers`), which
    costs more than the positioned reading itself (16 against 10 ms a page)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = self.seen or "incomplete" in record.getMessage()


_LAYOUT_LOGGER = "pypdf._text_extraction._layout_mode._fixed_width_page"
_LOGGER_LOCK = threading.Lock()


def page_segments(page, page_number: int, incomplete: list[int] | None = None) -> list[Segment]:
    """The text of one pypdf page as segments with coordinates (no furniture removed); the page's
    number is added to `incomplete` where pypdf says it could not place all of its text."""
    # Private pypdf API, pinned by pyproject's pypdf range and exercised by the layout matrix tests.
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    if contents is not None:
        contents = contents.get_object()
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return []
    ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
    log = logging.getLogger(_LAYOUT_LOGGER)
    # One page at a time sets the logger: two threads' saved settings must not leave it half changed.
    with _LOGGER_LOCK:
        handler, level, propagate = _Incomplete(), log.level, log.propagate
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
        log.propagate = False  # pypdf's own warnings stay silent, as `readers` sets them
        try:
            groups = _layout_mode.text_show_operations(ops, page._layout_mode_fonts(), True, None)
        finally:
            log.removeHandler(handler)
            log.setLevel(level)
            log.propagate = propagate
    if handler.seen and incomplete is not None:
        incomplete.append(page_number)
    height = float(page.mediabox.height)
    bottom = float(page.mediabox.bottom)
    pieces: list[Segment] = []
    for group in groups:
        text = group["text"]
        if not text.strip():
            continue
        x0, x1 = float(group["tx"]), float(group["displaced_tx"])
        size = float(group["font_height"]) or float(group["font_size"]) or 10.0
        # Chromium's PDFs (Skia) flip the page's y axis: pypdf marks their text `flip_sort` -1, and its
        # ty then grows downwards, as `top` does. Read as upright, a second blind trial's page came out
        # bottom to top.
        flipped = group.get("flip_sort", 1) == -1
        top = float(group["ty"]) if flipped else height - (float(group["ty"]) - bottom)
        pieces.extend(_split_gaps(text, x0, x1, top, size))
    return pieces


def _split_gaps(text: str, x0: float, x1: float, top: float, size: float) -> list[Segment]:
    """One drawn string may hold several cells separated by runs of spaces: split it,
    placing each part by its share of the characters (exact for monospace, close otherwise)."""
    per_char = (x1 - x0) / max(1, len(text))
    parts: list[Segment] = []
    for match in re.finditer(r"\S+(?: \S+)*", text):
        start = x0 + match.start() * per_char
        parts.append(Segment(match.group(0), start, x0 + match.end() * per_char, top, size))
    return parts


def visual_lines(pieces: Sequence[Segment], page_number: int) -> list[VisualLine]:
    """Group a page's pieces by baseline, top to bottom; join close pieces into segments."""
    ordered = sorted(pieces, key=lambda p: (p.top, p.x0))
    rows: list[list[Segment]] = []
    for piece in ordered:
        if rows and abs(piece.top - rows[-1][0].top) <= _SAME_LINE * max(piece.size, rows[-1][0].size):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = []
    for row in rows:
        row.sort(key=lambda p: p.x0)
        segments: list[Segment] = []
        for piece in row:
            last = segments[-1] if segments else None
            if last is not None and piece.x0 - last.x1 < _SEGMENT_GAP * piece.size:
                glue = "" if piece.x0 - last.x1 < 0.1 * piece.size else " "
                text = last.text + glue
                marks = (last.marks or ((0, last.x0),)) + ((len(text), piece.x0),)
                segments[-1] = Segment(text + piece.text, last.x0, piece.x1, last.top, last.size, marks)
            else:
                segments.append(piece)
        lines.append(VisualLine(page=page_number, top=row[0].top, segments=tuple(segments)))
    return lines


def _furniture_key(segment: Segment) -> tuple[int, str]:
    text = " ".join(segment.text.split())
    if re.fullmatch(r"\d+(?:\.\d+)+\.?", text):
        # A goal's or a section's number ("1.2.1") set at one place on each page is no page number: a
        # fourth blind trial's sidebar lost every goal's number as furniture.
        return round(segment.top), text
    return round(segment.top), re.sub(r"\d+", "#", text)


def drop_furniture(pages: Sequence[Sequence[VisualLine]]) -> list[list[VisualLine]]:
    """Remove segments that stand at the same height with the same words on most pages."""
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for number, lines in enumerate(pages):
        for line in lines:
            for segment in line.segments:
                seen[_furniture_key(segment)].add(number)
                pieces = segment.pieces()
                for piece in pieces if len(pieces) > 1 else ():
                    seen[_furniture_key(piece)].add(number)
    needed = max(_FURNITURE_MIN_PAGES, _FURNITURE_SHARE * len(pages))
    furniture = {
        key for key, on in seen.items() if len(on) >= needed and not _NOT_FURNITURE.match(key[1]) and key[1] != "Analys"
    }
    if len(pages) == 2:
        # Two pages cannot show a repeat three times: a footer ("Norrmalms stadsdelsnämnd 2") is
        # furniture where it is each page's first or last line, set apart from the text by more than
        # its line spacing, at the same height with the same words (digits aside). Two full pages of a
        # table may end at one height, their last rows' cells alike ("Pågående", "2021-12-31"), but
        # in the table's spacing.
        edges = [_apart_edges(lines) for lines in pages]
        for key in edges[0] & edges[1]:
            furniture |= {k for k in key if not _NOT_FURNITURE.match(k[1]) and k[1] != "Analys"}

    def is_furniture(segment: Segment) -> bool:
        # A title and "Sida 4 (26)" join into one segment on the pages where the number is short
        # enough to bring them close: its drawn pieces are each furniture all the same.
        if _furniture_key(segment) in furniture:
            return True
        pieces = segment.pieces()
        return len(pieces) > 1 and all(_furniture_key(piece) in furniture for piece in pieces)

    cleaned: list[list[VisualLine]] = []
    for lines in pages:
        kept_lines = []
        numbered = _page_number_lines(lines)
        for line in lines:
            if line in numbered:
                continue
            kept = tuple(s for s in line.segments if not is_furniture(s))
            if kept:
                kept_lines.append(VisualLine(line.page, line.top, kept))
        cleaned.append(kept_lines)
    return cleaned


def _page_number_lines(lines: Sequence[VisualLine]) -> list[VisualLine]:
    """A page's first or last line that ends in the page's own number, set apart from the text: a
    running head or footer ("Norrmalms stadsdelsförvaltning   1"), also on a document too short for
    its repeats to show. A blind trial's two-page report had its footer read into an activity's text."""
    out = []
    for index in sorted(_apart_at_edges(lines)):
        line = lines[index]
        last = line.segments[-1].text.strip()
        if re.fullmatch(rf"(?:(?:Sida|Sid|s\.|Page)\s*)?{line.page}(?:\s*(?:av|of|/|\()\s*\d+\)?)?", last, re.I):
            out.append(line)
    return out


def _apart_edges(lines: Sequence[VisualLine]) -> set[tuple[tuple[int, str], ...]]:
    """A page's first and last lines, each as its segments' furniture keys, where it stands farther
    from the next line than 1.5 times the page's usual line step, and has a letter in it."""
    if len(lines) < 3:
        return set()
    steps = sorted(b.top - a.top for a, b in pairwise(lines))
    usual = steps[len(steps) // 2]
    out = set()
    for line, gap in ((lines[0], lines[1].top - lines[0].top), (lines[-1], lines[-1].top - lines[-2].top)):
        if gap > 1.5 * usual and any(re.search(r"[^\W\d_]", s.text) for s in line.segments):
            out.add(tuple(_furniture_key(s) for s in line.segments))
    return out


# A page, or a band of it, is set in two columns when many of its segments start at one x right of
# its middle third (the gutter) and none runs across it.
_TWO_COLUMN_MIN_SEGMENTS = 8
_TWO_COLUMN_SHARE = 0.3


def column_order(lines: Sequence[VisualLine]) -> list[VisualLine]:
    """A two-column page's lines in reading order: the left column top to bottom, then the right.

    A line across the gutter (a title over both columns, a wide table, a footer) parts the page into
    bands, each read on its own: a blind trial's page under a full-width title had its two columns
    read across, line by line, and lost its goals and activities. Other pages are returned as they are.
    """
    segments = [segment for line in lines for segment in line.segments]
    if len(segments) < _TWO_COLUMN_MIN_SEGMENTS:
        return list(lines)
    width = max(segment.x1 for segment in segments)
    size = max(segment.size for segment in segments)
    gutter = _gutter(segments, width)
    if gutter is None:
        return list(lines)
    out: list[VisualLine] = []
    band: list[VisualLine] = []
    edges = _apart_at_edges(lines)
    for index, line in enumerate(lines):
        if index in edges or any(segment.x0 < gutter - size and segment.x1 > gutter for segment in line.segments):
            out += [*_band_order(band, gutter, size), line]
            band = []
        else:
            band.append(line)
    return out + _band_order(band, gutter, size)


def _apart_at_edges(lines: Sequence[VisualLine]) -> set[int]:
    """The page's first and last line where it stands apart from the next by more than two of its
    font sizes: a running head or a footer, outside both columns (a footer's title at the left had
    been read between the left column's last activity and its Analys at the top of the right)."""
    if len(lines) < 2:
        return set()
    out = set()
    if lines[1].top - lines[0].top > 2 * lines[0].size:
        out.add(0)
    if lines[-1].top - lines[-2].top > 2 * lines[-1].size:
        out.add(len(lines) - 1)
    return out


def _gutter(segments: Sequence[Segment], width: float) -> float | None:
    """The x most segments right of the page's first third start at, where they are prose; where
    none does, the left edge of a column whose lines start at a few indents (bullets, a hanging
    "Analys:"), that few lines cross."""
    starts = Counter(round(segment.x0) for segment in segments if segment.x0 > 0.3 * width)
    if not starts:
        return None
    gutter, count = starts.most_common(1)[0]
    if count < _TWO_COLUMN_MIN_SEGMENTS or count < _TWO_COLUMN_SHARE * len(segments):
        indented = _indented_gutter(segments, width)
        if indented is None:
            return None
        gutter = indented
    column = [segment for segment in segments if abs(segment.x0 - gutter) < 1]
    if sum(len(segment.text) for segment in column) < 25 * len(column):
        return None  # short cells at one x (dates, figures): a table's column, not prose
    return gutter


# A right column's lines start at its left edge or a few font sizes in (a bullet's text, an "Analys:"
# label's hanging lines, a "Period" line set in): a fifth blind trial's two-column page had no x that
# held 30 % of its segments, and its columns were read across, line by line. Lines across the gutter
# (a title, an introduction, a goal's banner) may be some, fewer than the column's own: the bands
# are read apart (`column_order`). A page of one column has more lines across any x than starting there.
_INDENTS = 3.0  # font sizes right of the column's edge a line of it may start
_CROSSING_SHARE = 2 / 3  # lines across the gutter, at most, for each line of the column


def _indented_gutter(segments: Sequence[Segment], width: float) -> float | None:
    size = Counter(round(segment.size) for segment in segments).most_common(1)[0][0]  # the body text's
    at = Counter(round(segment.x0) for segment in segments)
    best: tuple[int, int, float] | None = None
    for edge in sorted(x for x in at if 0.3 * width < x < 0.7 * width):
        held = sum(1 for s in segments if edge - 1 <= s.x0 <= edge + _INDENTS * size)
        crossing = sum(1 for s in segments if s.x0 < edge - size and s.x1 > edge + 1)
        if held < _TWO_COLUMN_MIN_SEGMENTS or held < _TWO_COLUMN_SHARE * len(segments):
            continue
        if crossing > _CROSSING_SHARE * held:
            continue
        # The most lines held, fewest crossed; then the edge most lines start at.
        score = (held - 2 * crossing, at[edge], -edge)
        if best is None or score > best:
            best = score
    return None if best is None else float(-best[2])


def _band_order(lines: Sequence[VisualLine], gutter: float, size: float) -> list[VisualLine]:
    """A band of lines none of which crosses the gutter: in two columns where the band holds
    enough of the gutter's segments (as a page must, `_gutter`), else as it is."""
    segments = [segment for line in lines for segment in line.segments]
    if not segments:
        return list(lines)
    body = Counter(round(segment.size) for segment in segments).most_common(1)[0][0]
    at_gutter = sum(1 for segment in segments if gutter - 1 <= segment.x0 <= gutter + _INDENTS * body)
    if at_gutter < _TWO_COLUMN_MIN_SEGMENTS or at_gutter < _TWO_COLUMN_SHARE * len(segments):
        return list(lines)
    lefts = [segment for segment in segments if segment.x1 < gutter]
    prose = sum(1 for segment in lefts if len(segment.text) >= 25)
    if sum(len(segment.text) for segment in lefts) < 25 * len(lefts) and prose < len(lefts) / 3:
        # Short labels at the left of prose (a card's "Startdatum" | value): a table. A column of
        # prose has short lines too (a table's cells, a status), but a third of its lines are long:
        # a fifth blind trial's left column 40 % (mean 22 letters), the cards 0 %.
        return list(lines)
    left: list[VisualLine] = []
    right: list[VisualLine] = []
    for line in lines:
        # A line's segments on one side stay one line: a table's row in a column keeps its cells.
        on_left = tuple(segment for segment in line.segments if segment.x0 < gutter - size)
        on_right = tuple(segment for segment in line.segments if segment.x0 >= gutter - size)
        left += [VisualLine(line.page, line.top, on_left)] if on_left else []
        right += [VisualLine(line.page, line.top, on_right)] if on_right else []
    return _join_wrapped(left + right, len(left))


def _join_wrapped(lines: Sequence[VisualLine], split: int) -> list[VisualLine]:
    """A two-column page's lines (the left column's `split` lines, then the right's) with each
    wrapped paragraph joined into one line, also where it runs on into the right column.

    A narrow column's lines are all short, so a wrapped line that starts with a capital reads
    as a heading to the parser ("IHRA-definitionen av antisemitism (International Holocaust").
    A line was wrapped where the next line's first word would not have fitted after it: the
    rule the typesetter broke it by. Measured on the two-column layout (tuning half): sections
    whole went from 200 to 212 of 223; the rest are tables set as prose and words the .txt
    itself hyphenates.
    """
    from index.read.layout import join_lines

    edges = [max((line.x1 for line in part), default=0.0) for part in (lines[:split], lines[split:])]
    out: list[VisualLine] = []
    previous_top = 0.0
    for index, line in enumerate(lines):
        edge = edges[0] if index <= split - 1 else edges[1]
        previous = out[-1] if out else None
        # Down one column, the next line stands one leading lower; into the next, at its top.
        next_column = index == split
        close = previous is not None and line.page == previous.page
        close = close and (next_column or 0 < line.top - previous_top <= 1.6 * line.size)
        wrapped = _fills(previous, line, edges[0] if next_column else edge) if previous is not None else False
        single = previous is not None and len(previous.segments) == 1 and len(line.segments) == 1
        if previous is not None and close and wrapped and single and not _LABEL_FIRST.match(line.text):
            segment = previous.segments[0]
            text = join_lines([segment.text, line.segments[0].text])
            joined = Segment(text, segment.x0, line.x1, segment.top, segment.size)
            out[-1] = VisualLine(previous.page, previous.top, (joined,))
        else:
            out.append(line)
        previous_top = line.top
    return out


# A line that starts with a label and its colon ("Bedömning:", "Tid:", "Analys:") starts a field of its
# own, never a wrapped line: a blind trial's goal status was read into the heading's title above it.
_LABEL_FIRST = re.compile(r"^\s*(?:[A-ZÅÄÖ][\wåäö]{1,20}:|[■•●▪◦\uf0b7])")  # a bullet starts an item too


def _fills(previous: VisualLine, line: VisualLine, right_edge: float) -> bool:
    """Whether `line`'s first word would not have fitted at the end of `previous`."""
    segment = line.segments[0]
    word = segment.text.split(" ", 1)[0]
    width = segment.x_of(len(word)) - segment.x0
    # The x where `previous` ends, as if it began where this line does (the right column).
    return previous.x1 + 0.28 * line.size + width > right_edge - 0.5
