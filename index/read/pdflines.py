"""Visual lines of a PDF → the numbered lines the parser reads, activity tables by position.

An activity table is read as a table: its header gives the columns by their labels, in any
order and common wording (text, start, end, flag; or one Period column for both dates, a
Status column for the flag, a Kommentar column for the Analys); its cell lines are grouped into
rows by `tablerows` (each row holds one set of dates; gaps and the cells' alignment decide where
rows part, also where a row is no farther from the next than a paragraph inside a cell); each
row's cells are joined per column, dates read as ISO and the flag as the word (`cells`). So a
row reads the same whether its cells are aligned top, middle or bottom, and dates wrapped inside
their cell ("2021-" / "12-31") are whole again. The
rows are handed to the parser in the tab-separated form of the text extractions
("text\\tstart\\tend\\tAvvikelse", "Analys text\\t\\t\\t"), one line per page a row stands
on, so every record keeps its exact pages.

Where rows cannot be told apart (two date pairs on one line), the table's lines are
passed on as printed and the parser's line rules apply, as before. Indicator tables are
read alike: a row is a name (one paragraph), its figures put with the name they stand by.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from index.parse.records import ACTIVITIES_LABEL, STATUS_LINE, Line
from index.read.cells import (
    DATE_IN_TEXT,
    PERIOD_RANGE,
    UNIT_YEAR,
    YEAR_ONLY,
    iso_date,
    marks_deviation,
    period_date,
    progress_word,
)
from index.read.hyphens import Hyphens
from index.read.layout import SECTION_BEFORE_LEVEL, join_lines
from index.read.pdfwords import Segment, VisualLine
from index.read.tablerows import CellLine, form_rows, join_cell
from index.read.tabtext import TextLine, tab_stops, untab

_HEADER_FIRST = re.compile(rf"^{ACTIVITIES_LABEL}\b", re.I)
_ACTIVITIES_ALONE = re.compile(rf"^\s*{ACTIVITIES_LABEL}\s*:?\s*$", re.I)
# A goal heading ends a table, also "Nämndmål 1.2.1 Titel" (capitalised: prose names goals so too).
_TABLE_END = re.compile(
    r"^(?:KF:s\s+inriktningsmål|KF:s\s+mål\s+för|Nämndmål\s*(?::|$)|(?-i:Nämndmål\s+\d+\.\d+\.\d+\.?:?\s+[A-ZÅÄÖ]))",
    re.I,
)
# An indicator table's header: its first word and a column name. A cell's wrapped line may
# start with "indikator, gemensam för …", and an activity with "Indikatorer ska …".
_INDICATOR_HEADER = re.compile(
    r"^(?:Indikator(?:er)?|KF:s\s+indikatorer|Nämndens\s+indikatorer)(?:$|\s.*\b(?:Period\w*|[Uu]tfall|Årsmål)\b)"
)
_ANALYS_ROW = re.compile(r"^Analys\b\s*:?\s*(.*)$")
_ANALYS_LABEL = re.compile(r"^Analys\s*:?\s*(.*)$")
_SLACK = 0.6  # font sizes a cell's text may start left of its column header


# A column's role: the activity's text, its start and end dates, the deviation flag, or both dates in
# one "Period" cell ("2021-01-01–2021-12-31"); the first four are the parser's tab-separated cells.
_TEXT, _START, _END, _FLAG, _PERIOD, _COMMENT = 0, 1, 2, 3, 4, 5
# The header's labels as Word-made reports word them ("Start", "Slut", "Avvikelse från plan",
# "Status"), in any order: a blind trial's layouts "Start | Slut | Aktivitet | Avvikelse från plan"
# and "Aktivitet | Period | Avvikelse" gave no activity at all.
# English headers too ("Activity | Start date | End date | Deviation | Analysis"), and "Avv" for the
# flag: a second blind trial's English-headed and abbreviated tables read no activity.
_HEADER_LABEL = re.compile(
    r"(?<![\w.])(?:(?P<text>Aktivitet(?:er)?|Activit(?:y|ies)|Benämning)"
    r"|(?P<flag>Avv(?:ik(?:else)?)?\.?(?:\s+från(?:\s+plan)?)?|Status|Deviation)"
    r"|(?P<start>Startdatum|Start(?:\s+date)?)|(?P<end>Slutdatum|Slut|End(?:\s+date)?)|(?P<period>\w*[Pp]eriod)"
    r"|(?P<comment>Kommentar(?:er)?|Analys|Analysis|Comments?))"
    r"(?![\w])",
    re.I,
)
# A column the reader has no role for ("Ansvarig", "Nr", "Mål"): its header cell a few words of
# its own, its cells kept with the row they stand in (`_Row.other`). A second blind trial's three
# tables with one such column read none of their 39 activities: the header was taken for a sentence.
_OTHER = 6
_OTHER_CELL = re.compile(r"^[A-ZÅÄÖ][\wåäöÅÄÖ:.'/-]*(?:\s+[\wåäöÅÄÖ:.'/-]+){0,2}$")
_ROLES = {"text": _TEXT, "start": _START, "end": _END, "flag": _FLAG, "period": _PERIOD, "comment": _COMMENT}
# A column's name of a few letters with no label of its own: "Nr", "ID", "#".
_SHORT_NAME = re.compile(r"(?<!\S)(?:[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ]{0,2}\.?|#)(?!\S)")
# Between a column's labels in two languages ("Activity / Aktivitet", "Deviation / Avvikelse"): no words.
_LABEL_SEPARATORS = " /|"
_HEADER_OWNER = re.compile(r"\b(?:KF:s|Nämndens)\s+", re.I)  # "KF:s aktiviteter", "Nämndens aktiviteter"


@dataclass(frozen=True, slots=True)
class _Columns:
    bounds: tuple[tuple[float, int], ...]  # each column's left edge and role, left to right
    left: float  # the table's left edge
    names: tuple[tuple[int, str], ...] = ()  # the header's words of each column with no role (`_OTHER`)

    def column(self, segment: Segment) -> int:
        """The role of the column a segment begins in."""
        role = self.bounds[0][1]
        for x, k in self.bounds:
            if segment.x0 >= x:
                role = k
        return role

    def boundaries(self) -> list[float]:
        return [x for x, _role in self.bounds[1:]]

    def dated(self) -> list[tuple[float, float]]:
        """The (left, right) of each date column: prose that spans one is no table row."""
        edges = [*self.boundaries(), float("inf")]
        return [(x, edges[k]) for k, (x, role) in enumerate(self.bounds) if role in (_START, _END, _PERIOD)]


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
    comment: list[str] = field(default_factory=list)  # a Kommentar column's lines: the row's Analys
    other: dict[str, list[str]] = field(default_factory=dict)  # the lines of columns with no role, by name
    deviation: bool = False  # a deviation row under it says so (`_deviation_row`)

    def column(self, k: int) -> str:
        return join_cell([text for piece in self.pieces for text in piece.dates[k]])

    @property
    def head(self) -> str:
        return next((t for p in self.pieces for t in p.text), "")

    def dated(self) -> bool:
        return iso_date(self.column(0)) is not None and iso_date(self.column(1)) is not None

    def analys(self) -> bool:
        return bool(_ANALYS_ROW.match(self.head)) and not self.column(0)


def to_lines(pages: Sequence[Sequence[VisualLine]]) -> list[Line]:
    """Number the lines of all pages, reading activity tables row by row."""
    visual = _join_wrapped_headers([line for page in pages for line in page])
    steps = _line_steps(visual)
    right_edge = max((line.x1 for line in visual), default=0.0)
    hyphens = Hyphens.of(segment.text for line in visual for segment in line.segments)
    out: list[tuple[str, int]] = []
    index = 0
    # A status printed beside a goal's level label ("KF:s mål för verksamhetsområdet:" | "Uppfylls
    # helt" in a box at the right, the heading on the lines below) is the goal's: it is put after
    # the heading (its lines: one font size, a line's step apart), as a status beside the heading is.
    deferred: tuple[str, int] | None = None
    heading: VisualLine | None = None  # the heading's last line so far
    while index < len(visual):
        line = visual[index]
        if deferred is not None:
            if heading is not None and (
                abs(line.size - heading.size) > 0.05
                or (line.page == heading.page and line.top - heading.top > _LINE_STEP * line.size)
            ):
                out.append(deferred)  # the heading ended at a new size or a paragraph's gap
                deferred, heading = None, None
            else:
                heading = line
        if (beside := _status_beside_label(line)) is not None:
            label, deferred = beside
            out.append(label)
            index += 1
            continue
        if _is_header(line):
            emitted, index = _tables(visual, index, steps, hyphens)
            out.extend(emitted)
            continue
        if _is_beside_header(line):
            emitted, index = _beside_table(visual, index, hyphens)
            out.extend(emitted)
            continue
        above = _labels_above(visual, index)
        if above or _INDICATOR_FIRST.match(line.text):
            emitted, index = _indicator_table(visual, index + above, above, right_edge, hyphens)
            out.extend(emitted)
            continue
        out.extend(_plain(line, visual[index + 1] if index + 1 < len(visual) else None))
        index += 1
    if deferred is not None:
        out.append(deferred)
    return [Line(text=text, number=n, page=page) for n, (text, page) in enumerate(out, start=1)]


# A goal's level label with nothing after it: its number and title stand on the lines below.
_LEVEL_LABEL = re.compile(
    r"^(?:KF:s\s+inriktningsmål(?:\s*\d)?|KF:s\s+mål\s+för\s+verksamhetsområdet|Nämndmål)\s*:?$", re.I
)


def _status_beside_label(line: VisualLine) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """(the label line, the status) where a status stands right of a bare level label; else None."""
    segments = list(line.segments)
    if len(segments) < 2 or not STATUS_LINE.match(segments[-1].text):
        return None
    label = "  ".join(s.text for s in segments[:-1])
    if not _LEVEL_LABEL.match(label.strip()):
        return None
    indent = " " * round(line.x0 / (0.5 * line.size))
    return (indent + label, line.page), (segments[-1].text, line.page)


_INDICATOR_FIRST = re.compile(r"^(?:Indikator(?:er)?|Indicators?|KF:s\s+indikatorer|Nämndens\s+indikatorer)(?:\s|$)")
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
    pieces = [piece for line in lines for segment in line.segments for piece in segment.pieces()]
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
    # Labels only: a word over two columns ("Tidsplan" over Start and Slut) is no column of its own.
    cells = _header_cells(line) or []
    return line if _is_header(line) and all(role < _OTHER for _x, role, _n in cells) else None


def _labels_above(visual: Sequence[VisualLine], start: int) -> int:
    """How many lines from `start` on are an indicator header's labels set above its "Indikator"
    line (cells aligned to the bottom: "Periodens" / "Indikator utfall Årsmål …"); 0 if none."""
    for count in range(1, _HEADER_MAX_LINES):
        at = start + count
        if at >= len(visual) or not _INDICATOR_FIRST.match(visual[at].text):
            continue
        head = visual[at]
        lines = visual[start:at]
        if any(line.page != head.page or re.search(r"\d", line.text) for line in lines):
            return 0
        if any(line.x0 < head.x0 + 2 * head.size for line in lines):
            return 0  # text in the name column: no label of a value column
        steps = [b.top - a.top for a, b in itertools.pairwise([*lines, head])]
        if any(step <= 0 or step > 1.6 * head.size for step in steps):
            return 0
        return count if _indicator_header(visual, at, count) is not None else 0
    return 0


def _indicator_header(
    visual: Sequence[VisualLine], start: int, above: int = 0
) -> tuple[list[tuple[float, str]], int] | None:
    """The columns (left x, label) of an indicator header whose cells may wrap over lines, and the
    index after it; None where the lines are no such header (a sentence that starts "Indikator").
    `above`: lines of labels set above the "Indikator" line (`_labels_above`)."""
    block = list(visual[start - above : start])
    for index in range(start, min(start + _HEADER_MAX_LINES, len(visual))):
        line = visual[index]
        if line.page != visual[start].page:
            break
        block.append(line)
        if _PERIOD_WORD.search(line.text) or (index == start and _valued(line)):
            break
    else:
        return None
    ends = _PERIOD_WORD.search(block[-1].text) or _valued(block[-1])
    if not ends or len(visual[start].segments) < 2:
        return None
    # Labels wrapped below the line with "Period" ("Periodens" / "utfall"): close under it,
    # nothing in the name column, no figures.
    # The value columns begin at the leftmost label right of the name column (a label centred
    # or set low in its cell may stand on another line than "Indikator").
    name_x = visual[start].x0 + 2 * visual[start].size
    second = min(s.x0 for line in block for s in line.segments if s.x0 > name_x)
    following = start + len(block) - above
    while following < len(visual) and len(block) < _HEADER_MAX_LINES:
        line = visual[following]
        close = line.page == block[-1].page and line.top - block[-1].top < 1.6 * line.size
        # No figures, but a year may end a label ("Periodens utfall VB" / "2019").
        # Years and words ("2021  2020  årsmål" under "Utfall  Utfall  KF:s"), no figure.
        figures = re.search(r"\d", re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", "", line.text))
        if not close or line.x0 < second - 1 or figures or "%" in line.text:
            break
        block.append(line)
        following += 1
    starts: list[list[Segment]] = []
    # Each label as drawn: labels set close together join into one segment on reading.
    labels = [piece for line in block for s in line.segments for piece in s.pieces()]
    for segment in sorted(labels, key=lambda s: (s.x0, s.top)):
        if starts and abs(segment.x0 - starts[-1][0].x0) < 0.5 * segment.size:
            starts[-1].append(segment)
        else:
            starts.append([segment])
    columns = [(group[0].x0, " ".join(s.text for s in sorted(group, key=lambda s: s.top))) for group in starts]
    return columns, start + len(block) - above


# A value column's label: a header with two of them beside "Indikator" is an indicator table's, with
# or without a Period column. Two of the fourth and fifth blind trials' tables had none, and their
# 29 indicators were read with no value right.
_VALUE_LABEL = re.compile(r"\b(?:Utfall|Årsmål|KF:s|Målvärde|Prognos|Trend|Outcome|Target)\b", re.I)


def _valued(line: VisualLine) -> bool:
    """Whether a header line labels at least two value columns, each in a cell of its own."""
    return sum(1 for segment in line.segments[1:] if _VALUE_LABEL.search(segment.text)) >= 2


def _indicator_table(
    visual: Sequence[VisualLine],
    start: int,
    above: int = 0,
    right_edge: float = float("inf"),
    hyphens: Hyphens | None = None,
) -> tuple[list[tuple[str, int]], int]:
    """An indicator table read by its columns, handed on as tab-separated rows; or, where its
    header cannot be read as columns, the header line as printed. A tab-separated text printed
    as it is (its cells on tab stops, not in columns) gets its tabs back (`tabtext`)."""
    found = _indicator_header(visual, start, above)
    if found is None:
        return [item for line in visual[start - above : start + 1] for item in _plain(line, None)], start + 1
    columns, index = found
    stops = tab_stops(visual[start], visual[start + 1], right_edge) if not above and start + 1 < len(visual) else None
    if stops is not None:
        text, used = untab(visual[start:], stops, right_edge, _ends_tab_table)
        return [(line.text, line.page) for line in _padded(text)], start + used
    lefts = [x - _SLACK * visual[start].size for x, _label in columns]
    table: list[VisualLine] = []
    # An indicator's Analys in a row merged across the columns ("Analys Med anledning av …" over
    # the figures' columns) is the row's, not prose after the table: each such run of lines is
    # kept, in order, to be handed on as the "Analys …" line the text extractions have.
    analyses: dict[int, list[VisualLine]] = {}  # position in `table` → the Analys lines before it
    in_analysis = False
    previous = visual[index - 1]
    while index < len(visual):
        line = visual[index]
        if line.page != previous.page:
            again_above = _labels_above(visual, index)
            head = index + again_above
            again = (
                _indicator_header(visual, head, again_above)
                if head < len(visual) and _INDICATOR_FIRST.match(visual[head].text)
                else None
            )
            if again is None:
                break
            index = again[1]  # the header repeated on a new page: the table goes on
            previous = visual[index - 1]
            continue
        if _TABLE_END.match(line.text) or _is_header(line) or _INDICATOR_FIRST.match(line.text):
            break
        if _is_beside_header(line) or _ACTIVITIES_ALONE.match(line.text) or DATE_IN_TEXT.search(line.text):
            break  # the activities below the indicators: their label, or a row's day (as `parser` ends it)
        segments = _cut(line.segments, lefts[1:])
        cells = [_column_of(segment, lefts) for segment in segments]
        crossing = any(
            k + 1 < len(lefts) and segment.x1 > lefts[k + 1] + 2 for segment, k in zip(segments, cells, strict=True)
        )
        opens = bool(_ANALYS_ROW.match(line.text)) and line.x0 < lefts[1]
        goes_on = in_analysis and line.page == previous.page and line.top - previous.top <= _MERGED_GAP * line.size
        if opens or (goes_on and (crossing or abs(line.x0 - previous.x0) <= 2) and not _has_figures(line, lefts)):
            in_analysis = True
            analyses.setdefault(len(table), []).append(line)
            previous = line
            index += 1
            continue
        in_analysis = False
        if crossing or line.x0 < lefts[0] - 2:
            break  # prose across the columns: the table is over
        table.append(line)
        previous = line
        index += 1
    if not table:
        return [item for line in visual[start - above : start + 1] for item in _plain(line, None)], start + 1
    lines = [("\t".join(label for _x, label in columns), visual[start].page)]
    cuts = sorted(analyses)
    for k, (first, last) in enumerate(itertools.pairwise([0, *cuts, len(table)])):
        for page, cells in _indicator_rows(table[first:last], lefts, visual[start].size) if last > first else []:
            texts = [_join(cell, hyphens) if c == 0 else " ".join(cell) for c, cell in enumerate(cells)]
            lines.append(("\t".join(texts), page))
        if k < len(cuts):
            analysis = analyses[cuts[k]]
            text = _join([" ".join(seg.text for seg in line.segments) for line in analysis], hyphens)
            lines.append((text + "\t" * (len(columns) - 1), analysis[0].page))
    return lines, index


def _has_figures(line: VisualLine, lefts: Sequence[float]) -> bool:
    """Whether a line has a cell of its own in a value column: a row's figures, no Analys."""
    return any(_column_of(segment, lefts) > 0 and segment.x0 >= lefts[1] for segment in line.segments)


def _ends_tab_table(line: VisualLine) -> bool:
    return bool(_TABLE_END.match(line.text) or _is_header(line) or _INDICATOR_FIRST.match(line.text))


def _padded(lines: Sequence[TextLine]) -> list[TextLine]:
    """An indicator's "Analys …" line as the text has it: its empty cells' tabs, invisible in
    print, keep it in the table (the parser ends a tab-separated table at a line without one)."""
    columns = lines[0].text.count("\t") if lines else 0
    out = []
    for line in lines:
        bare = bool(_ANALYS_ROW.match(line.text)) and "\t" not in line.text
        out.append(TextLine(line.text + "\t" * columns, line.page) if bare else line)
    return out


def _indicator_rows(
    lines: Sequence[VisualLine], lefts: Sequence[float], size: float
) -> list[tuple[int, list[list[str]]]]:
    """An indicator table's rows (page, cells per column), formed from the name column.

    Every row has a name, one paragraph: its lines stand one leading apart, and a wider step
    starts the next row. The figures are put with the name they stand beside (on its first,
    middle or last line, or between two of its lines, as the cells are aligned), else with the
    nearest on the page.
    """
    named: list[tuple[VisualLine, list[Segment], list[Segment]]] = []
    for line in lines:
        segments = _cut(line.segments, lefts[1:])
        name = [s for s in segments if _column_of(s, lefts) == 0]
        named.append((line, name, [s for s in segments if _column_of(s, lefts) > 0]))
    tops = [(line.page, min(s.top for s in name)) for line, name, _v in named if name]
    steps = [b[1] - a[1] for a, b in itertools.pairwise(tops) if a[0] == b[0] and b[1] - a[1] > 0.5 * size]
    leading = min(min(steps, default=1.2 * size), 1.6 * size)
    rows: list[tuple[int, list[tuple[int, float]], list[list[Segment]]]] = []  # page, name lines, cells
    figured: set[int] = set()  # rows with figures beside one of their name lines
    for line, name, values in named:
        if not name:
            continue
        top = min(s.top for s in name)
        row = rows[-1] if rows else None
        # A name that goes on in lower case at the top of the next page is the rest of a row cut
        # by the break (a name starts with a capital).
        cut = row is not None and row[1][-1][0] != line.page and name[0].text[:1].islower()
        apart = row is None or row[1][-1][0] != line.page or top - row[1][-1][1] > leading + _PARAGRAPH_SPACE * size
        # A Word table without cell margins sets its rows no farther apart than a name's lines:
        # a second line with figures beside it (a number, not in the period column), capitalised,
        # starts the next row.
        figures = any(re.search(r"\d", v.text) and _column_of(v, lefts) < len(lefts) - 1 for v in values)
        again = row is not None and len(rows) - 1 in figured and figures and name[0].text[:1].isupper()
        if (apart and not cut) or again:
            row = (line.page, [], [[] for _ in lefts])
            rows.append(row)
        if figures:
            figured.add(len(rows) - 1)
        assert row is not None
        row[1].append((line.page, top))
        row[2][0].append(Segment(" ".join(s.text for s in name), name[0].x0, name[-1].x1, top + line.page * 1e4, size))
    for line, _name, values in named:
        for segment in values:
            on_page = [row for row in rows if any(page == line.page for page, _top in row[1])]
            if not on_page:
                on_page = [(line.page, [(line.page, segment.top)], [[] for _ in lefts])]
                rows.append(on_page[0])

            def distance(row: tuple[int, list[tuple[int, float]], list[list[Segment]]]) -> float:
                tops = [top for page, top in row[1] if page == line.page]  # noqa: B023
                return max(tops[0] - segment.top, segment.top - tops[-1], 0.0)  # noqa: B023

            moved = Segment(segment.text, segment.x0, segment.x1, segment.top + line.page * 1e4, segment.size)
            min(on_page, key=distance)[2][_column_of(segment, lefts)].append(moved)
    # Cells in reading order: by page (its number folded into `top` above), then down the page.
    return [
        (page, [[s.text for s in sorted(cell, key=lambda s: (s.top, s.x0))] for cell in cells])
        for page, _tops, cells in rows
    ]


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
    """An activity table's header: the text column's label and the dates' (start and end, or a
    period), each label a cell of its own; in any order, with other columns beside them."""
    cells = _header_cells(line)
    if cells is None:
        return False
    roles = [role for _x, role, _name in cells if role < _OTHER]
    if roles.count(_TEXT) != 1 or len(roles) != len(set(roles)):
        return False
    return (_START in roles and _END in roles) or _PERIOD in roles


# "1.1.2 Nyanlända …": a goal's heading; "2.1.2Nämndmål 1.2.1: …", a section's number run into it.
_NUMBERED_HEADING = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s*[A-ZÅÄÖ]")


def _is_beside_header(line: VisualLine) -> bool:
    """The header of a table of two columns, the activity and its Analys ("Aktivitet | Analys"), whose
    dates stand in the activity's cell, under its text."""
    cells = _header_cells(line)
    return cells is not None and [role for _x, role, _name in cells] == [_TEXT, _COMMENT]


def _beside_table(visual: Sequence[VisualLine], start: int, hyphens: Hyphens) -> tuple[list[tuple[str, int]], int]:
    """The rows under an "Aktivitet | Analys" header as the activity's lines, its dates' line, then
    its Analys as a labelled field (`index/parse/fields.py` reads them): each Analys line goes with
    the activity it stands beside. A fourth blind trial's such tables read their text and its
    Analys line by line into one, and 2 of 9 activities were lost in them."""
    columns = _columns(visual[start])
    rows: list[tuple[list[tuple[str, int]], list[str]]] = []  # per activity: its lines, its Analys lines
    starts: list[tuple[int, float]] = []  # where each activity's first line stands
    comments: list[tuple[int, float, str]] = []
    open_row = False  # the last row has no dates yet: lines go on with it
    index = start + 1
    while index < len(visual):
        line = visual[index]
        if line.page != visual[index - 1].page and line.x0 < columns.left - 2:
            # A page's x is from its leftmost text: the table going on at the top of the next page
            # may be that text, the columns shifted with it.
            shift = line.x0 - columns.left
            columns = replace(
                columns, bounds=tuple((x + shift, role) for x, role in columns.bounds), left=columns.left + shift
            )
        if (
            _is_header(line)
            or _is_beside_header(line)
            or _TABLE_END.match(line.text)
            or _INDICATOR_HEADER.match(line.text)
            or _NUMBERED_HEADING.match(line.text)
            or line.x0 < columns.left - 2
        ):
            break
        left = " ".join(s.text for s in _cells(line, columns) if columns.column(s) == _TEXT)
        right = " ".join(s.text for s in _cells(line, columns) if columns.column(s) == _COMMENT)
        if right:
            comments.append((line.page, line.top, right))
        if left:
            if not open_row:
                rows.append(([], []))
                starts.append((line.page, line.top))
            rows[-1][0].append((left, line.page))
            open_row = not DATE_IN_TEXT.match(left)
        index += 1
    if not any(DATE_IN_TEXT.match(lines[-1][0]) for lines, _analysis in rows):
        return _plain(visual[start], None), start + 1
    for page, top, text in comments:
        before = [k for k, first in enumerate(starts) if first <= (page, top + 0.5)]
        rows[before[-1] if before else 0][1].append(text)
    out = [("Aktiviteter", visual[start].page)]
    for lines, analysis in rows:
        out += lines
        if analysis:
            out.append((f"Analys: {_join(analysis, hyphens)}", lines[-1][1]))
    return out, index


def _header_cells(line: VisualLine) -> list[tuple[float, int, str]] | None:
    """Each cell of a header line as (where it begins, its role, its words), left to right; None
    where a cell is neither labels nor a short name of its own (a sentence that names an
    activity's start, not a header)."""
    found: list[tuple[float, int, str]] = []
    other = _OTHER
    for segment in line.segments:
        labels = list(_HEADER_LABEL.finditer(segment.text))
        if not labels:
            text = segment.text.strip()
            if not _OTHER_CELL.match(text) or _HEADER_OWNER.sub("", text) != text:
                return None
            found.append((segment.x0, other, text))
            other += 1
            continue
        rest = _HEADER_LABEL.sub(lambda m: " " * len(m.group(0)), _HEADER_OWNER.sub("", segment.text))
        if _HEADER_OWNER.search(segment.text) is None:
            # A column's short name run into the next label by a narrow gap ("Nr Aktivitet", a
            # LaTeX table's): a cell of its own where it stands. A longer word is a sentence's.
            for short in _SHORT_NAME.finditer(rest):
                found.append((segment.x_of(short.start()), other, short.group(0)))
                other += 1
            rest = _SHORT_NAME.sub("", rest)
        if rest.strip(_LABEL_SEPARATORS):
            return None  # words besides the labels in one cell: a sentence
        roles_here: set[int] = set()
        for match in labels:
            role = next(_ROLES[name] for name, value in match.groupdict().items() if value)
            if role in roles_here:
                continue  # one column named in two languages: "Activity / Aktivitet"
            roles_here.add(role)
            found.append((segment.x_of(match.start()), role, match.group(0)))
    if other - _OTHER > sum(1 for _x, role, _n in found if role < _OTHER):
        return None  # more cells of no role than labels: some other table, or no header
    return sorted(found)


def _columns(header: VisualLine) -> _Columns:
    slack = _SLACK * header.size
    cells = _header_cells(header) or []
    bounds = [(x - slack, role) for x, role, _name in cells]
    if bounds and bounds[0][1] == _TEXT:
        bounds[0] = (float("-inf"), _TEXT)  # the text column reaches the table's edge and indents
    names = tuple((role, name) for _x, role, name in cells if role >= _OTHER)
    return _Columns(tuple(bounds), left=header.x0, names=names)


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


def _line_steps(visual: Sequence[VisualLine]) -> dict[float, float]:
    """The document's usual step between the lines of a paragraph, per font size: the commonest
    step between consecutive lines of one size on one page (to 0.1 pt)."""
    counts: dict[float, Counter[float]] = {}
    for a, b in itertools.pairwise(visual):
        if a.page == b.page and abs(a.size - b.size) < 0.05 and 0.8 * a.size < b.top - a.top < 2.0 * a.size:
            counts.setdefault(round(a.size, 1), Counter())[round(b.top - a.top, 1)] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in counts.items()}


def _tables(
    visual: Sequence[VisualLine], start: int, steps: dict[float, float], hyphens: Hyphens
) -> tuple[list[tuple[str, int]], int]:
    """The activity table headed at `visual[start]`, and its parts under group rows: a row across
    the table that names what the rows below it belong to ("3.2.4 Stockholm är en smart …"), given
    as a line of its own, the table going on below it. A second blind trial's table ended at its
    first group row, and the 9 of 13 activities under the others were read as text."""
    out, index = _table(visual, start, steps, hyphens)
    columns = _columns(visual[start])
    while index + 1 < len(visual):
        if _typed_goal(visual[index], columns):
            goal, index = _goal_row(visual, index, columns, hyphens)
            more, index = _table(visual, index, steps, hyphens, columns=columns)
            out += goal + more
            continue
        group = _group_row(visual, index, columns) if out else 0
        if not group:
            break
        more, after = _table(visual, index + group, steps, hyphens, columns=columns)
        if not more:
            break
        out += _group_lines(visual[index : index + group], hyphens) + more
        index = after
    return out, index


def _group_lines(lines: Sequence[VisualLine], hyphens: Hyphens) -> list[tuple[str, int]]:
    """A group row as its title's line and, where one is printed in it, its status's line after it."""
    if len(lines) == 1:
        return _plain(lines[0], None)
    segments = [segment for line in lines for segment in line.segments]
    status = next((s.text.strip() for s in segments if STATUS_LINE.match(s.text.strip())), None)
    title = _join([s.text for s in segments if not STATUS_LINE.match(s.text.strip())], hyphens)
    return [(title, lines[0].page)] + ([(status, lines[0].page)] if status else [])


# A register's rows of every kind in one table, a "Typ" column naming each ("KF-mål", "Nämndmål",
# "Aktivitet"), as Stratsys-like exports list them: a goal's row heads the activities below it. A
# fifth blind trial's such list read none of its 14 activities, all in the goals' text.
_TYPE_COLUMN = re.compile(r"^(?:Typ|Nivå|Objekttyp|Typ av post)$", re.I)
_GOAL_TYPE = re.compile(
    r"^(?:KF-mål|KF:s\s+mål|Nämndmål|Inriktningsmål|Verksamhetsområdesmål|Mål(?:\s+för\s+verksamhetsområdet)?)$", re.I
)


def _type_cell(line: VisualLine, columns: _Columns) -> str | None:
    """The text of a line's cell in the register's "Typ" column; None where it has none."""
    kinds = {role for role, name in columns.names if _TYPE_COLUMN.match(name)}
    cell = " ".join(s.text for s in _cells(line, columns) if columns.column(s) in kinds)
    return cell.strip() or None


def _typed_goal(line: VisualLine, columns: _Columns) -> bool:
    cell = _type_cell(line, columns)
    return cell is not None and bool(_GOAL_TYPE.match(cell))


def _goal_row(
    visual: Sequence[VisualLine], start: int, columns: _Columns, hyphens: Hyphens
) -> tuple[list[tuple[str, int]], int]:
    """A register's goal row as its heading ("3.2.2 Titel") and its status on the line below, as a
    report prints a goal; and the index after it (the next row with a type, or a dated line)."""
    title: list[str] = []
    number = status = ""
    index = start
    while index < len(visual):
        line = visual[index]
        if index > start and (
            line.page != visual[start].page or _type_cell(line, columns) is not None or DATE_IN_TEXT.search(line.text)
        ):
            break
        for segment in _cells(line, columns):
            column = columns.column(segment)
            if STATUS_LINE.match(segment.text.strip()):
                status = segment.text.strip()
            elif column == _TEXT:
                title.append(segment.text)
            elif _GOAL_NUMBER.match(segment.text.strip()) or re.fullmatch(r"\d+\.?", segment.text.strip()):
                number = number or segment.text.strip().rstrip(".")
        index += 1
    heading = " ".join(part for part in (number, _join(title, hyphens)) if part)
    page = visual[start].page
    return [(heading, page)] + ([(status, page)] if status else []), index


_GROUP_LINES = 4  # a group row's lines at most: a goal's title wrapped, and its status set beside it


def _group_row(visual: Sequence[VisualLine], index: int, columns: _Columns) -> int:
    """How many lines from `index` are a group row: a line across the table's columns with no date,
    with the lines close under it that go on with it (its title's wrapped end, its status printed
    lower in its cell, as the fifth trial's Word table has "1.1 I Stockholm … är" / "Uppfylls helt" /
    "kort"), right above a dated row; 0 where there is none."""
    line = visual[index]
    if DATE_IN_TEXT.search(line.text) or _TABLE_END.match(line.text) or _ANALYS_ROW.match(line.text):
        return 0
    if _DEVIATION_LABEL.match(line.segments[0].text.strip()):
        return 0  # a deviation row (`_deviation_row`)
    crosses = _crosses(line, columns)
    if not (crosses or _spans(line, columns)):
        return 0
    for count in range(1, _GROUP_LINES + 1):
        if index + count >= len(visual):
            return 0
        following, previous = visual[index + count], visual[index + count - 1]
        if following.page != line.page or following.top - previous.top > _MERGED_GAP * line.size:
            return 0
        if any(columns.column(s) != _TEXT and DATE_IN_TEXT.search(s.text) for s in _cells(following, columns)):
            if _crosses(following, columns):
                return 0
            # One line across the columns is a group row; more lines, or a cell merged over only
            # some columns, are a goal's row only with its number or its status: a wrapped
            # activity's text, printed as prose over the columns, is neither.
            lines = visual[index : index + count]
            named = _NUMBERED_HEADING.match(line.text.lstrip("●◐○■◆• ")) is not None
            judged = any(STATUS_LINE.match(s.text.strip()) for row in lines for s in row.segments)
            return count if (crosses and count == 1) or named or judged else 0
        if DATE_IN_TEXT.search(following.text):
            return 0
    return 0


def _table(
    visual: Sequence[VisualLine],
    start: int,
    steps: dict[float, float] | None = None,
    hyphens: Hyphens | None = None,
    columns: _Columns | None = None,
) -> tuple[list[tuple[str, int]], int]:
    """Read the activity table whose header is `visual[start]`; return its lines and where to go on.
    With `columns` (a table going on under a group row, `_tables`), its rows begin at `start`."""
    header = visual[start]
    if columns is None:
        columns = _columns(header)
        index = _past_wrapped_labels(visual, start, columns)
    else:
        index = start
    continued = index == start  # a part under a group row: no header line of its own
    previous: VisualLine = visual[index - 1]
    # The table's parts, one per page (a repeated header starts one): columns, lines, whether headed.
    parts: list[tuple[_Columns, list[tuple[int, VisualLine]], bool]] = [(columns, [], False)]
    # An activity's Analys in a row merged across all columns (Word: "Analys" and its text below
    # the activity, spanning the date columns): its lines run across the columns like prose after
    # the table, and ended it there, losing every row below (a blind trial: 13 of 82 activities).
    # They are the Analys's from its label down to the next row with dates, while no wider gap
    # than a paragraph's parts them; each stays whole, in the text column.
    spanning: set[int] = set()
    # A deviation row: the flag's word in the text column, the activity's analysis across the others
    # ("Avvikelse | Arbetet pågår och …", Word's merged cells), under the activity it flags. A
    # fourth blind trial's such table read 1 of its 10 activities: the row ended the table.
    deviation_rows: set[int] = set()
    hang: float | None = None  # where a deviation row's analysis begins: its wrapped lines start there
    in_analysis = False
    while index < len(visual):
        line = visual[index]
        if _is_header(line):
            if line.page == previous.page:
                break  # a new table on the same page: the parser starts it afresh
            columns = _columns(line)  # the header repeated on a new page: same table
            previous = line
            parts.append((columns, [], True))
            index += 1
            continue
        ended = _TABLE_END.match(SECTION_BEFORE_LEVEL.sub("", line.text))  # "2.1.2Nämndmål 1.2.1: …" too
        if ended or _INDICATOR_HEADER.match(line.text) or line.x0 < columns.left - 2:
            break
        if _typed_goal(line, columns):
            break  # a goal's row in a register (`_tables` reads it)
        if (rest := _deviation_row(line, columns)) is not None:
            in_analysis, hang = True, rest
            spanning.add(index)
            deviation_rows.add(index)
            parts[-1][1].append((index, line))
            previous = line
            index += 1
            continue
        if _ANALYS_ROW.match(line.text):
            in_analysis, hang = True, None
        elif DATE_IN_TEXT.search(line.text):
            in_analysis, hang = False, None
        if not in_analysis and _spans(line, columns) and _group_row(visual, index, columns):
            break  # a group row set inside the columns (`_tables` reads it)
        if _crosses(line, columns):
            close = line.page != previous.page or line.top - previous.top <= _MERGED_GAP * line.size
            if not (in_analysis and close):
                break
            spanning.add(index)
        elif (
            in_analysis
            and index - 1 in spanning
            and line.page == previous.page
            and line.top - previous.top <= _LINE_STEP * line.size
            and (abs(line.x0 - previous.x0) <= 2 or (hang is not None and abs(line.x0 - hang) <= 2))
        ):
            # A paragraph's lines run the full width but its last: the short line right under a
            # spanning one, where it began, ends the merged cell's paragraph.
            spanning.add(index)
        if line.page != previous.page:
            parts.append((columns, [], False))
        parts[-1][1].append((index, line))
        previous = line
        index += 1
    parts = [part for part in parts if part[1]]
    cells = [_cell_lines(lines, part_columns, spanning, deviation_rows) for part_columns, lines, _headed in parts]
    # A Kommentar column holds the row's Analys: its lines are no anchor of the rows, and go with the
    # row they stand beside once the rows are formed.
    comments = [line for part in cells for line in part if line.column == _COMMENT]
    # So do the cells of the columns with no role: kept with their row, each under its header's name.
    others = [line for part in cells for line in part if line.column >= _OTHER]
    cells = [[line for line in part if line.column != _COMMENT and line.column < _OTHER] for part in cells]
    leading = _text_leading(cells, header.size)
    # A table whose rows are all one line shows no leading of its own: the document's says it.
    leading = min(leading, (steps or {}).get(round(header.size, 1), leading))
    formed = form_rows(cells, leading, leading + _PARAGRAPH_SPACE * header.size)
    if not formed:
        return _unread(header, start, continued)
    pages = {i: line.page for _c, lines, _h in parts for i, line in lines}
    headed = {lines[0][0] for _c, lines, was_headed in parts if was_headed}
    rows = [_row(row, pages) for row in formed]
    rows = [replace(row, after_header=row.first_index in headed) for row in rows]
    for row, row_cells in zip(rows, formed, strict=True):
        # A deviation row set close under its activity is formed into the activity's row.
        row.deviation = row.dated() and any(c.index in deviation_rows for c in row_cells)
    _put_comments(rows, formed, comments, pages)
    _put_others(rows, formed, others, pages, dict(n for _c, _l, _h in parts for n in _c.names))
    if any(len(DATE_IN_TEXT.findall(row.column(0))) > 1 for row in rows):
        # Rows could not be told apart by position: pass the lines on as printed.
        return _unread(header, start, continued)
    merged, resume = _merge_page_splits(rows)
    for above, row in itertools.pairwise(merged):
        if row.first_index in deviation_rows:
            above.deviation = True
    rest = range(resume if resume is not None else index, index)
    if not merged or any(DATE_IN_TEXT.search(visual[i].text) for i in rest):
        # No row read by position, or dated rows left after the text that ended the table (rows
        # printed as paragraphs, dates under their text): the parser's line rules read it instead.
        return _unread(header, start, continued)
    end = resume if resume is not None else index
    lines = [("Aktivitet\tStartdatum\tSlutdatum\tAvvikelse", header.page)]
    for row in merged:
        lines.extend(_emit(row, hyphens))
    return lines, end


def _unread(header: VisualLine, start: int, continued: bool) -> tuple[list[tuple[str, int]], int]:
    """No rows read: the header as printed, for the parser's line rules; nothing, for a part that
    would have gone on under a group row (its lines are read as any others)."""
    return ([], start) if continued else (_plain(header, None), start + 1)


# The widest step, in font sizes, between two lines of one merged Analys cell: a paragraph break
# inside it (blind trial: 1.8 sizes at 9 pt); prose after the table stands further off (3.7).
_MERGED_GAP = 2.5
# The step from a line to the next inside a paragraph, at most, in font sizes (1.2 is usual).
_LINE_STEP = 1.5
# A paragraph inside a cell or a row is set apart by more than this many font sizes beyond the
# leading (LibreOffice: 3 pt of paragraph space at 9-10 pt, 0.3 size; jitter of baselines: 0.01).
_PARAGRAPH_SPACE = 0.15


def _cell_lines(
    lines: Sequence[tuple[int, VisualLine]],
    columns: _Columns,
    spanning: set[int] | frozenset[int] = frozenset(),
    deviation_rows: set[int] | frozenset[int] = frozenset(),
) -> list[CellLine]:
    """Each line's text per column (a column's segments on one line joined), with its baseline;
    a line of a cell merged across the columns (`spanning`) whole, in the text column; a deviation
    row's first line as an Analys row's (its flag goes to the row above, `_table`)."""
    out: list[CellLine] = []
    previous = -1
    opened = False  # a period cell's line ended on its start date and a dash: its end date follows
    held: _Held | None = None  # a period of months still waiting for its year (`_month_lines`)
    merged: CellLine | None = None  # the merged Analys cell's text so far, held right under its label
    for index, line in lines:
        if index in spanning:
            text = " ".join(s.text for s in line.segments)
            if index in deviation_rows:
                text = "Analys: " + " ".join(s.text for s in line.segments[1:])
            last = out[-1] if out else None
            if merged is not None and last is merged and previous == index - 1:
                merged = out[-1] = replace(merged, text=join_lines([merged.text, text]))
            elif last is not None and last.column == 0 and previous == index - 1 and last.text.strip() == "Analys":
                # The cell's text as one line standing right under its label, so that the row
                # former keeps both with the activity above them: as lines of their own, set a
                # paragraph below the label, they could go with the next row's dates.
                merged = CellLine(0, last.top + 0.01, text, index)
                out.append(merged)
            else:
                merged = None
                out.append(CellLine(0, line.top, text, index))
            previous = index
            continue
        previous = index
        merged = None
        if len(line.segments) == 1 and _ANALYS_ROW.match(line.text.strip()) and not DATE_IN_TEXT.search(line.text):
            # The Analys label (or "Analys …") alone on its line is the text column's, wherever a
            # merged row sets it: at the table's left edge, it stood in a date column that is not
            # the first.
            out.append(CellLine(_TEXT, line.top, " ".join(s.text for s in line.segments), index))
            continue
        by_column: dict[int, list[Segment]] = {}
        for segment in _cells(line, columns):
            k = columns.column(segment)
            if k and segment.text.lower() == "avvikelse":
                k = 3  # the flag by its word, wherever a narrow column put it
            by_column.setdefault(k, []).append(segment)
        for k, segments in by_column.items():
            text = " ".join(s.text for s in segments)
            top = min(s.top for s in segments)
            if k == _PERIOD:
                months, held = _month_lines(text, top, index, held)
                if months is not None:
                    out.extend(months)
                    continue
                out.extend(_period_lines(text, top, index, opened))
                opened = text.rstrip().endswith(("-", "–", "—")) and len(DATE_IN_TEXT.findall(text)) == 1
                continue
            out.append(CellLine(k, top, text, index))
    return out


def _past_wrapped_labels(visual: Sequence[VisualLine], start: int, columns: _Columns) -> int:
    """The index after a header and the rest of its labels wrapped below it ("Avvikelse från" /
    "plan"): close lines with nothing in the text column, no date, and only a label's few words (a
    goal's row under the header, starting in a "Nr" column, is no label: it was read as one, and lost)."""
    index = start + 1
    while index < len(visual):
        line = visual[index]
        close = line.page == visual[index - 1].page and line.top - visual[index - 1].top <= 1.6 * line.size
        if not close or DATE_IN_TEXT.search(line.text) or any(columns.column(s) == _TEXT for s in line.segments):
            break
        if _spans(line, columns) or any(len(s.text.split()) > _LABEL_WORDS for s in line.segments):
            break
        index += 1
    return index


_LABEL_WORDS = 3  # a header label's words at most ("Avvikelse från plan")


@dataclass(frozen=True, slots=True)
class _Held:
    """A period of months read so far: its months and years as printed, and its first line's place."""

    first: str
    first_year: str | None
    last: str | None
    top: float
    index: int


def _month_lines(text: str, top: float, index: int, held: _Held | None) -> tuple[list[CellLine] | None, _Held | None]:
    """A period cell's line in months ("januari–december 2021"; wrapped: "januari–december" / "2021",
    "januari 2021–" / "december 2022") as start and end date cells at its first line; None where the
    line says no such period (days are read by `_period_lines`). A blind trial's Google Docs table
    printed every period so, and none of its 12 activities was read."""
    cell = " ".join(text.split())
    if held is not None and YEAR_ONLY.match(cell) and held.last is not None:
        start = period_date(f"{held.first} {held.first_year or cell}")
        end = period_date(f"{held.last} {cell}", end=True)
        return _month_cells(start, end, held.top, held.index), None
    if held is not None and held.last is None and UNIT_YEAR.match(cell) and held.first_year:
        start = period_date(f"{held.first} {held.first_year}")
        return _month_cells(start, period_date(cell, end=True), held.top, held.index), None
    if held is None and UNIT_YEAR.match(cell):  # one unit: "Q1 2021", "T2 2021", "helår 2021"
        return _month_cells(period_date(cell), period_date(cell, end=True), top, index), None
    match = PERIOD_RANGE.match(cell)
    if match is None:
        return None, held
    first, first_year, last, last_year = match.group("first", "first_year", "last", "last_year")
    if last and last_year:
        start = period_date(f"{first} {first_year or last_year}")
        return _month_cells(start, period_date(f"{last} {last_year}", end=True), top, index), None
    return [], _Held(first, first_year, last, top, index)


def _month_cells(start: str | None, end: str | None, top: float, index: int) -> list[CellLine]:
    if start is None or end is None:
        return []
    return [CellLine(_START, top, start, index), CellLine(_END, top, end, index)]


def _period_lines(text: str, top: float, index: int, opened: bool) -> list[CellLine]:
    """A period cell's line as start and end date cells ("2021-01-01–2021-12-31"; wrapped after
    the dash, the end date on the next line)."""
    dates = DATE_IN_TEXT.findall(text)
    if len(dates) >= 2:
        return [CellLine(_START, top, dates[0], index), CellLine(_END, top, dates[1], index)]
    if len(dates) == 1:
        return [CellLine(_END if opened else _START, top, dates[0], index)]
    return []


def _text_leading(parts: Sequence[Sequence[CellLine]], size: float) -> float:
    """The step between lines inside a cell: the smallest between consecutive lines of the text
    column on one page, or the font's usual leading where every row is one line."""
    steps = []
    for part in parts:
        tops = sorted(line.top for line in part if line.column == 0)
        steps += [b - a for a, b in itertools.pairwise(tops) if b - a > 0.5 * size]
    return min(min(steps, default=1.2 * size), 1.6 * size)


def _spans(line: VisualLine, columns: _Columns) -> bool:
    """A cell merged over two columns or more, with no date: a goal's row over the activities' (a
    Word table whose "Nr" column comes first: "1.2 Stockholm är en trygg …" from "Nr" into
    "Aktivitet"). A cell's text ends before the next column's label, which stands at its left edge
    or right of it, centred."""
    return any(
        s.x0 < left and s.x1 > left + 2 * line.size and not DATE_IN_TEXT.search(s.text)
        for s in _cells(line, columns)
        for left in columns.boundaries()
    )


def _crosses(line: VisualLine, columns: _Columns) -> bool:
    """Prose that runs across a date column is not a table row."""
    return any(s.x0 < left and s.x1 > right for s in _cells(line, columns) for left, right in columns.dated())


_DEVIATION_LABEL = re.compile(r"^Avvikelse(?:r|\s+från\s+plan)?\s*:?$", re.I)


def _deviation_row(line: VisualLine, columns: _Columns) -> float | None:
    """Where the analysis of a deviation row begins ("Avvikelse" alone in the text column, words
    right of it, no date in the date columns); None for any other line."""
    first, *rest = line.segments
    if not rest or not _DEVIATION_LABEL.match(first.text.strip()) or columns.column(first) != _TEXT:
        return None
    if any(columns.column(s) != _TEXT and DATE_IN_TEXT.match(s.text) for s in rest):
        return None
    return rest[0].x0


def _cells(line: VisualLine, columns: _Columns) -> list[Segment]:
    """The line's segments, cut where a piece begins in another column."""
    out: list[Segment] = []
    for segment in line.segments:
        parts: tuple[Segment, ...] = (segment,)
        for boundary in columns.boundaries():
            parts = tuple(cut for part in parts for cut in part.cut(boundary))
        out.extend(parts)
    return out


def _put_comments(
    rows: list[_Row], formed: Sequence[Sequence[CellLine]], comments: Sequence[CellLine], pages: dict[int, int]
) -> None:
    """Each comment line to the row it stands beside: the last row that begins at or above it (the
    first row, for a line above every row: no comment is dropped)."""
    for row, line in _beside(rows, formed, comments, pages):
        row.comment.append(_BULLET.sub("", line.text))


_GOAL_COLUMN = re.compile(r"^(?:Nämnd)?[Mm]ål(?:nummer|nr)?\.?$")
_GOAL_NUMBER = re.compile(r"^\d+(?:\.\d+){1,2}\.?$")


def _goal_number(name: str, texts: Sequence[str]) -> str | None:
    """The goal number a goal column's cell holds ("Mål" | "2.3.1"), or None."""
    cell = " ".join(" ".join(texts).split())
    return cell.rstrip(".") if _GOAL_COLUMN.match(name) and _GOAL_NUMBER.match(cell) else None


def _put_others(
    rows: list[_Row],
    formed: Sequence[Sequence[CellLine]],
    others: Sequence[CellLine],
    pages: dict[int, int],
    names: dict[int, str],
) -> None:
    """Each line of a column with no role to the row it stands beside, under the column's name."""
    for row, line in _beside(rows, formed, others, pages):
        row.other.setdefault(names.get(line.column, ""), []).append(line.text)


def _beside(
    rows: list[_Row], formed: Sequence[Sequence[CellLine]], lines: Sequence[CellLine], pages: dict[int, int]
) -> list[tuple[_Row, CellLine]]:
    """Each line, top to bottom, with the row it stands beside: the last row that begins at or above
    it (the first row, for a line above every row: no line is dropped)."""
    starts = [min((pages[c.index], c.top) for c in cells) for cells in formed]
    out = []
    for line in sorted(lines, key=lambda c: (pages[c.index], c.top)):
        at = (pages[line.index], line.top + 0.5)
        before = [k for k, first in enumerate(starts) if first <= at]
        out.append((rows[before[-1] if before else 0], line))
    return out


_BULLET = re.compile(r"^[\s•●▪■◦\uf0b7\-–]+")


def _row(cells: Sequence[CellLine], pages: dict[int, int]) -> _Row:
    """A row from its cell lines, top to bottom, one piece per page."""
    pieces: list[_Piece] = []
    for cell in sorted(cells, key=lambda c: (pages[c.index], c.top, c.column)):
        page = pages[cell.index]
        if not pieces or pieces[-1].page != page:
            pieces.append(_Piece(page))
        if cell.column == 0:
            pieces[-1].text.append(cell.text)
        else:
            pieces[-1].dates[cell.column - 1].append(cell.text)
    return _Row(pieces, min(cell.index for cell in cells))


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
                rows[index + 1] = _Row(
                    row.pieces + following.pieces,
                    row.first_index,
                    comment=row.comment + following.comment,
                    deviation=row.deviation or following.deviation,
                )
                index += 1
                continue
            # The rest of a row cut by the break stands under the repeated header, or among
            # rows; a heading after a table that ended at a page's foot does neither.
            among_rows = following is not None and following.pieces[0].page == row.pieces[0].page
            among_rows = among_rows and following is not None and (following.dated() or following.analys())
            if merged and row.pieces[0].page > merged[-1].pieces[-1].page and (row.after_header or among_rows):
                merged[-1] = _Row(
                    merged[-1].pieces + row.pieces,
                    merged[-1].first_index,
                    comment=merged[-1].comment + row.comment,
                    deviation=merged[-1].deviation or row.deviation,
                )
                index += 1
                continue
            return merged, row.first_index  # text after the table that fits its column
        merged.append(row)
        index += 1
    return merged, None


def _join(texts: Sequence[str], hyphens: Hyphens | None) -> str:
    """A cell's lines as running text, each line-end hyphen as the document has the word."""
    return join_lines(hyphens.join(texts) if hyphens else texts)


def _emit(row: _Row, hyphens: Hyphens | None = None) -> list[tuple[str, int]]:
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
            # The dates in ISO and the flag as the word, whatever the table printed (`cells`).
            start, end = iso_date(row.column(0)), iso_date(row.column(1))
            flag = "Avvikelse" if marks_deviation(row.column(2)) or row.deviation else ""
            # A Status column's other words ("Pågående", "Avslutad") in a fifth cell: a blind trial's
            # 41 of 41 were dropped, and "vilka aktiviteter är avslutade" could not be answered.
            progress = progress_word(row.column(2))
            # The other columns in a sixth cell, each with its header's name: "Ansvarig: Kommunstyrelsen";
            # and in a seventh, the goal a goal column names ("Mål" | "2.3.1"): a register's rows are
            # not under their goal's heading (a second blind trial's: 10 of 14 under the wrong goal).
            other = "; ".join(f"{name}: {_join(texts, hyphens)}" for name, texts in row.other.items() if any(texts))
            goal = next((number for name, texts in row.other.items() if (number := _goal_number(name, texts))), "")
            cells = f"{_join(text, hyphens)}\t{start}\t{end}\t{flag}"
            if other:
                cells += f"\t{progress or ''}\t{other}" + (f"\t{goal}" if goal else "")
            elif progress:
                cells += f"\t{progress}"
            lines.append((cells, piece.page))
        elif text:
            lines.append((f"{_join(text, hyphens)}\t\t\t", piece.page))
        if analysis or labelled:
            prefix = "Analys " if labelled else ""
            lines.append((f"{prefix}{_join(analysis, hyphens)}\t\t\t", piece.page))
        first = False
    if row.comment:
        lines.append((f"Analys {_join(row.comment, hyphens)}\t\t\t", row.pieces[-1].page))
    return lines
