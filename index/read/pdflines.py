"""Visual lines of a PDF → the numbered lines the parser reads, activity tables by position.

An activity table is read as a table: its header gives the columns (text, start, end,
flag); its lines are grouped into rows by the vertical gaps between rows (cell padding
or ruling space is wider than the leading inside a cell); each row's cells are joined
per column. So a row reads the same whether its cells are aligned top, middle or
bottom, and dates wrapped inside their cell ("2021-" / "12-31") are whole again. The
rows are handed to the parser in the tab-separated form of the text extractions
("text\\tstart\\tend\\tAvvikelse", "Analys text\\t\\t\\t"), one line per page a row stands
on, so every record keeps its exact pages.

Where gaps cannot tell rows apart (two date pairs in one group), the table's lines are
passed on as printed and the parser's line rules apply, as before.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from index.parse.records import STATUS_LINE, Line
from index.read.layout import join_lines
from index.read.pdfwords import Segment, VisualLine

_HEADER_FIRST = re.compile(r"^(?:Aktivitet(?:er)?|KF:s\s+aktiviteter|Nämndens\s+aktiviteter)\b", re.I)
_TABLE_END = re.compile(r"^(?:KF:s\s+inriktningsmål|KF:s\s+mål\s+för|Nämndmål\s*:)")
# An indicator table's header: its first word and a column name. A cell's wrapped line may
# start with "indikator, gemensam för …", and an activity with "Indikatorer ska …".
_INDICATOR_HEADER = re.compile(
    r"^(?:Indikator(?:er)?|KF:s\s+indikatorer|Nämndens\s+indikatorer)(?:$|\s.*\b(?:Period\w*|[Uu]tfall|Årsmål)\b)"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ANALYS_ROW = re.compile(r"^Analys\b\s*:?\s*(.*)$")
_ANALYS_LABEL = re.compile(r"^Analys\s*:?\s*(.*)$")
# A gap this much wider than the leading inside cells separates two rows.
_ROW_GAP = 1.25
_SLACK = 0.6  # font sizes a cell's text may start left of its column header


@dataclass(frozen=True, slots=True)
class _Columns:
    text_right: float  # left edge of the start-date column
    end_left: float
    flag_left: float
    left: float  # the table's left edge

    def column(self, segment: Segment) -> int:
        x = segment.x0
        if x < self.text_right:
            return 0
        if x < self.end_left:
            return 1
        return 2 if x < self.flag_left else 3


@dataclass
class _Piece:
    """The part of a table row on one page."""

    page: int
    text: list[str] = field(default_factory=list)  # the text column's lines
    dates: list[list[str]] = field(default_factory=lambda: [[], [], []])  # start, end, flag lines


@dataclass
class _Row:
    pieces: list[_Piece]
    first_index: int  # index of its first visual line, to resume from when the table ends before it
    after_header: bool = False  # right under the table header repeated at a page's top

    def column(self, k: int) -> str:
        out = ""
        for piece in self.pieces:
            for text in piece.dates[k]:
                out = out + text if out.endswith("-") else f"{out} {text}".strip()
        return out

    @property
    def head(self) -> str:
        return next((t for p in self.pieces for t in p.text), "")

    def dated(self) -> bool:
        return bool(_DATE.fullmatch(self.column(0)) and _DATE.fullmatch(self.column(1)))

    def analys(self) -> bool:
        return bool(_ANALYS_ROW.match(self.head)) and not self.column(0)


def to_lines(pages: Sequence[Sequence[VisualLine]]) -> list[Line]:
    """Number the lines of all pages, reading activity tables row by row."""
    visual = _join_wrapped_headers([line for page in pages for line in page])
    out: list[tuple[str, int]] = []
    index = 0
    while index < len(visual):
        line = visual[index]
        if _is_header(line):
            emitted, index = _table(visual, index)
            out.extend(emitted)
            continue
        if _INDICATOR_FIRST.match(line.text):
            emitted, index = _indicator_table(visual, index)
            out.extend(emitted)
            continue
        out.extend(_plain(line, visual[index + 1] if index + 1 < len(visual) else None))
        index += 1
    return [Line(text=text, number=n, page=page) for n, (text, page) in enumerate(out, start=1)]


_INDICATOR_FIRST = re.compile(r"^(?:Indikator(?:er)?|KF:s\s+indikatorer|Nämndens\s+indikatorer)(?:\s|$)")
_PERIOD_WORD = re.compile(r"\bPeriod\w*\b")
_HEADER_MAX_LINES = 4


# A header label wrapped in a narrow column ("Startdatu" / "m", bottom-aligned: "Aktivitet" on the
# second line) spans this many visual lines at most.
_WRAPPED_HEADER_LINES = 3


def _join_wrapped_headers(visual: list[VisualLine]) -> list[VisualLine]:
    """Activity table headers whose labels wrapped over two or three lines, joined into one line
    (each column's pieces top to bottom), so the table is read by its columns as any other."""
    out: list[VisualLine] = []
    index = 0
    while index < len(visual):
        joined = None
        if not _is_header(visual[index]):
            for count in range(2, _WRAPPED_HEADER_LINES + 1):
                joined = _wrapped_header(visual[index : index + count])
                if joined is not None:
                    out.append(joined)
                    index += count
                    break
        if joined is None:
            out.append(visual[index])
            index += 1
    return out


def _wrapped_header(lines: Sequence[VisualLine]) -> VisualLine | None:
    if len(lines) < 2 or any(line.page != lines[0].page for line in lines):
        return None
    if not any(_HEADER_FIRST.match(line.text) for line in lines) or any(_is_header(line) for line in lines):
        return None
    size = max(line.size for line in lines)
    if any(b.top - a.top > 1.6 * size for a, b in itertools.pairwise(lines)):
        return None
    squeezed = "".join("".join(line.text.split()) for line in lines)
    if "Startdat" not in squeezed or "Slutdat" not in squeezed:
        return None
    columns: list[list[Segment]] = []
    pieces = [piece for line in lines for segment in line.segments for piece in _drawn(segment)]
    for piece in sorted(pieces, key=lambda p: (p.x0, p.top)):
        if columns and abs(piece.x0 - columns[-1][0].x0) < 0.5 * size:
            columns[-1].append(piece)
        else:
            columns.append([piece])
    segments = []
    for column in columns:
        parts = [p.text for p in sorted(column, key=lambda p: p.top)]
        # A word broken inside ("Startdatu" / "m", "Slut-" / "datum") joins without a space.
        text = parts[0]
        for part in parts[1:]:
            broken = text.endswith("-") or (part[:1].islower() and len(part) <= 3)
            text = text.rstrip("-") + part if broken else f"{text} {part}"
        first = column[0]
        segments.append(Segment(text, first.x0, max(p.x1 for p in column), lines[-1].top, first.size))
    line = VisualLine(lines[0].page, lines[-1].top, tuple(segments))
    return line if _is_header(line) else None


def _indicator_header(visual: Sequence[VisualLine], start: int) -> tuple[list[tuple[float, str]], int] | None:
    """The columns (left x, label) of an indicator header whose cells may wrap over lines, and the
    index after it; None where the lines are no such header (a sentence that starts "Indikator")."""
    block = []
    for index in range(start, min(start + _HEADER_MAX_LINES, len(visual))):
        line = visual[index]
        if line.page != visual[start].page:
            break
        block.append(line)
        if _PERIOD_WORD.search(line.text):
            break
    else:
        return None
    if not _PERIOD_WORD.search(block[-1].text) or len(block[0].segments) < 2:
        return None
    # Labels wrapped below the line with "Period" ("Periodens" / "utfall"): close under it,
    # nothing in the name column, no figures.
    second = block[0].segments[1].x0
    following = start + len(block)
    while following < len(visual) and len(block) < _HEADER_MAX_LINES:
        line = visual[following]
        close = line.page == block[-1].page and line.top - block[-1].top < 1.6 * line.size
        if not close or line.x0 < second - 1 or re.search(r"\d", line.text):
            break
        block.append(line)
        following += 1
    starts: list[list[Segment]] = []
    # Each label as drawn: labels set close together join into one segment on reading.
    labels = [piece for line in block for s in line.segments for piece in _drawn(s)]
    for segment in sorted(labels, key=lambda s: (s.x0, s.top)):
        if starts and abs(segment.x0 - starts[-1][0].x0) < 0.5 * segment.size:
            starts[-1].append(segment)
        else:
            starts.append([segment])
    columns = [(group[0].x0, " ".join(s.text for s in sorted(group, key=lambda s: s.top))) for group in starts]
    return columns, start + len(block)


def _indicator_table(visual: Sequence[VisualLine], start: int) -> tuple[list[tuple[str, int]], int]:
    """An indicator table read by its columns, handed on as tab-separated rows; or, where its
    header cannot be read as columns, the header line as printed."""
    found = _indicator_header(visual, start)
    if found is None:
        return _plain(visual[start], None), start + 1
    columns, index = found
    lefts = [x - _SLACK * visual[start].size for x, _label in columns]
    groups: list[list[VisualLine]] = []
    previous = visual[index - 1]
    leading = _leading(visual, index, _Columns(lefts[1], lefts[1], float("inf"), lefts[0]))
    while index < len(visual):
        line = visual[index]
        if line.page != previous.page:
            again = _indicator_header(visual, index) if _INDICATOR_FIRST.match(line.text) else None
            if again is None:
                break
            index = again[1]  # the header repeated on a new page: the table goes on
            previous = visual[index - 1]
            continue
        if _TABLE_END.match(line.text) or _is_header(line) or _INDICATOR_FIRST.match(line.text):
            break
        segments = _cut(line.segments, lefts[1:])
        cells = [_column_of(segment, lefts) for segment in segments]
        crossing = any(
            k + 1 < len(lefts) and segment.x1 > lefts[k + 1] + 2 for segment, k in zip(segments, cells, strict=True)
        )
        if crossing or line.x0 < lefts[0] - 2:
            break  # prose across the columns: the table is over
        if not groups or (line.top - previous.top) > _ROW_GAP * leading:
            groups.append([])
        groups[-1].append(line)
        previous = line
        index += 1
    if not groups:
        return _plain(visual[start], None), start + 1
    lines = [("\t".join(label for _x, label in columns), visual[start].page)]
    for group in groups:
        cells = [[] for _ in columns]
        for line in group:
            for segment in _cut(line.segments, lefts[1:]):
                cells[_column_of(segment, lefts)].append(segment.text)
        texts = [join_lines(cell) if k == 0 else " ".join(cell) for k, cell in enumerate(cells)]
        lines.append(("\t".join(texts), group[0].page))
    return lines, index


def _drawn(segment: Segment) -> tuple[Segment, ...]:
    """A segment split back into the strings drawn to make it."""
    parts: tuple[Segment, ...] = (segment,)
    for _offset, x in segment.marks[1:]:
        parts = tuple(cut for part in parts for cut in part.cut(x))
    return parts


def _cut(segments: Sequence[Segment], boundaries: Sequence[float]) -> list[Segment]:
    """Segments cut where a drawn piece begins in the next column."""
    out: list[Segment] = []
    for segment in segments:
        parts: tuple[Segment, ...] = (segment,)
        for boundary in boundaries:
            parts = tuple(cut for part in parts for cut in part.cut(boundary))
        out.extend(parts)
    return out


def _column_of(segment: Segment, lefts: Sequence[float]) -> int:
    return max((k for k, left in enumerate(lefts) if segment.x0 >= left), default=0)


def _is_header(line: VisualLine) -> bool:
    words = line.text.split()
    return bool(_HEADER_FIRST.match(line.text)) and "Startdatum" in words and "Slutdatum" in words


def _word_x(line: VisualLine, word: str) -> float | None:
    """Where `word` begins on the line, interpolated inside its segment."""
    for segment in line.segments:
        position = segment.text.find(word)
        if position >= 0:
            return segment.x_of(position)
    return None


def _columns(header: VisualLine) -> _Columns:
    slack = _SLACK * header.size
    start = _word_x(header, "Startdatum") or 0.0
    end = _word_x(header, "Slutdatum") or start
    flag = _word_x(header, "Avvikelse")
    return _Columns(
        text_right=start - slack,
        end_left=end - slack,
        flag_left=(flag - slack) if flag is not None else float("inf"),
        left=header.x0,
    )


def _plain(line: VisualLine, following: VisualLine | None) -> list[tuple[str, int]]:
    """A line outside activity tables: indentation kept (the parser's row rule reads it);
    a status printed right of a heading becomes its own line after it."""
    indent = " " * round(line.x0 / (0.5 * line.size))
    segments = list(line.segments)
    status = None
    if len(segments) > 1 and STATUS_LINE.match(segments[-1].text):
        status = segments.pop().text
    text = indent + "  ".join(s.text for s in segments)
    lines = [(text, line.page)]
    if status:
        lines.append((status, line.page))
    return lines


def _table(visual: Sequence[VisualLine], start: int) -> tuple[list[tuple[str, int]], int]:
    """Read the activity table whose header is `visual[start]`; return its lines and where to go on."""
    header = visual[start]
    columns = _columns(header)
    rows: list[_Row] = []
    index = start + 1
    previous: VisualLine = header
    group: list[tuple[int, VisualLine]] = []
    groups: list[list[tuple[int, VisualLine]]] = []
    headed: set[int] = set()  # the first line index under each repeated header
    leading = _leading(visual, start, columns)
    while index < len(visual):
        line = visual[index]
        if _is_header(line):
            if line.page == previous.page:
                break  # a new table on the same page: the parser starts it afresh
            columns = _columns(line)  # the header repeated on a new page: same table
            previous = line
            if group:
                groups.append(group)
                group = []
            index += 1
            headed.add(index)
            continue
        if (
            _TABLE_END.match(line.text)
            or _INDICATOR_HEADER.match(line.text)
            or line.x0 < columns.left - 2
            or _crosses(line, columns)
        ):
            break
        new_row = line.page != previous.page or (line.top - previous.top) > _ROW_GAP * leading
        if new_row and group:
            groups.append(group)
            group = []
        group.append((index, line))
        previous = line
        index += 1
    if group:
        groups.append(group)
    for lines in groups:
        rows.append(replace(_row(lines, columns), after_header=lines[0][0] in headed))
    if not rows or any(len(_DATE.findall(row.column(0))) > 1 for row in rows):
        # Rows could not be told apart by position: pass the lines on as printed.
        return _plain(header, None), start + 1
    merged, resume = _merge_page_splits(rows)
    rest = range(resume if resume is not None else index, index)
    if not merged or any(_DATE.search(visual[i].text) for i in rest):
        # No row read by position, or dated rows left after the text that ended the table (rows
        # printed as paragraphs, dates under their text): the parser's line rules read it instead.
        return _plain(header, None), start + 1
    end = resume if resume is not None else index
    lines = [("Aktivitet\tStartdatum\tSlutdatum\tAvvikelse", header.page)]
    for row in merged:
        lines.extend(_emit(row))
    return lines, end


def _leading(visual: Sequence[VisualLine], start: int, columns: _Columns) -> float:
    """The distance between lines inside a cell: the smallest step between consecutive lines of the
    table's text column on one page, or the font's usual leading where every row is one line."""
    steps = []
    for a, b in zip(visual[start : start + 80], visual[start + 1 : start + 81], strict=False):
        if a.page == b.page and b.top > a.top:
            steps.append(b.top - a.top)
    size = visual[start].size
    smallest = min(steps, default=1.2 * size)
    return min(smallest, 1.6 * size)


def _crosses(line: VisualLine, columns: _Columns) -> bool:
    """Prose that runs across the date columns is not a table row."""
    return any(s.x0 < columns.text_right and s.x1 > columns.end_left for s in _cells(line, columns))


def _cells(line: VisualLine, columns: _Columns) -> list[Segment]:
    """The line's segments, cut where a piece begins in another column."""
    out: list[Segment] = []
    for segment in line.segments:
        parts: tuple[Segment, ...] = (segment,)
        for boundary in (columns.text_right, columns.end_left, columns.flag_left):
            parts = tuple(cut for part in parts for cut in part.cut(boundary))
        out.extend(parts)
    return out


def _row(lines: Sequence[tuple[int, VisualLine]], columns: _Columns) -> _Row:
    pieces: list[_Piece] = []
    for _index, line in lines:
        if not pieces or pieces[-1].page != line.page:
            pieces.append(_Piece(line.page))
        piece = pieces[-1]
        segments = _cells(line, columns)
        text = [s.text for s in segments if columns.column(s) == 0]
        if text:
            piece.text.append(" ".join(text))
        for segment in segments:
            k = columns.column(segment)
            if k and segment.text.lower() == "avvikelse":
                k = 3  # the flag by its word, wherever a narrow column put it
            if k:
                piece.dates[k - 1].append(segment.text)
    return _Row(pieces, lines[0][0])


def _merge_page_splits(rows: list[_Row]) -> tuple[list[_Row], int | None]:
    """Join the two parts of a row cut by a page break; stop at text that is no row at all.

    The part without dates is the cut-off one: before the break in a bottom-aligned row,
    after it in a top-aligned one.
    """
    merged: list[_Row] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        following = rows[index + 1] if index + 1 < len(rows) else None
        crosses_page = following is not None and following.pieces[0].page > row.pieces[-1].page
        if not row.dated() and not row.analys():
            if crosses_page and following is not None and not following.analys():
                rows[index + 1] = _Row(row.pieces + following.pieces, row.first_index)
                index += 1
                continue
            # The rest of a row cut by the break stands under the repeated header, or among
            # rows; a heading after a table that ended at a page's foot does neither.
            among_rows = following is not None and following.pieces[0].page == row.pieces[0].page
            among_rows = among_rows and following is not None and (following.dated() or following.analys())
            if merged and row.pieces[0].page > merged[-1].pieces[-1].page and (row.after_header or among_rows):
                merged[-1] = _Row(merged[-1].pieces + row.pieces, merged[-1].first_index)
                index += 1
                continue
            return merged, row.first_index  # text after the table that fits its column
        merged.append(row)
        index += 1
    return merged, None


def _emit(row: _Row) -> list[tuple[str, int]]:
    """A row as tab-separated lines, one per page it stands on (dates with the first)."""
    lines: list[tuple[str, int]] = []
    in_analysis = False
    dated = row.dated()
    # The dates go with the first part that has text: a part holding only a wrapped date's
    # first half (bottom of a page) is not where the activity stands.
    first = True
    for piece in row.pieces:
        if not piece.text and piece is not row.pieces[-1]:
            continue
        text: list[str] = []
        analysis: list[str] = []
        labelled = False
        for k, cell_line in enumerate(piece.text):
            label = _ANALYS_LABEL.match(cell_line)
            row_label = first and k == 0 and row.analys()
            if not in_analysis and (row_label or (label and (cell_line.strip() == "Analys" or ":" in cell_line[:8]))):
                in_analysis = labelled = True
                rest = label.group(1) if label else ""
                if rest:
                    analysis.append(rest)
                continue
            (analysis if in_analysis else text).append(cell_line)
        if first and dated:
            lines.append((f"{join_lines(text)}\t{row.column(0)}\t{row.column(1)}\t{row.column(2)}", piece.page))
        elif text:
            lines.append((f"{join_lines(text)}\t\t\t", piece.page))
        if analysis or labelled:
            prefix = "Analys " if labelled else ""
            lines.append((f"{prefix}{join_lines(analysis)}\t\t\t", piece.page))
        first = False
    return lines
