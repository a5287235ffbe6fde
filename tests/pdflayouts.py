"""A layout matrix: the corpus reports' own records rendered to PDF in common table layouts.

Each layout prints the records parsed from a report's .txt (goals with their status,
activity tables, indicator tables, narrative sections) the way a word processor would:
cells aligned top, middle or bottom; with or without ruling lines; a running header with
the page number on one line; the status beside the goal heading; the Analys as its own
row or inside the activity cell; rows split across pages (and the table header repeated).
The renderer places every line itself, so it knows the page of every record: that is
the truth a parsed PDF is held to (`Expected`).

Layouts are split in two halves: `TUNING` is what the PDF reader was developed against;
`HELD_OUT` was generated and measured only, and reported separately. Three tuning layouts
(plain-top-split, plain-middle-vera-cell, grid-bottom-indent) were added after the first
held-out measurement, for axes the tuning half lacked; grid-top-twocolumn later still.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from index.parse.records import STATUS_LINE, Activity, Goal, GoalLevel, Indicator, ParsedReport, Section

PAGE_WIDTH, PAGE_HEIGHT = A4
_LEVEL_LABEL = {
    GoalLevel.INRIKTNINGSMAL: "KF:s inriktningsmål:",
    GoalLevel.KF_MAL: "KF:s mål för verksamhetsområdet:",
    GoalLevel.NAMNDMAL: "Nämndmål:",
}


@dataclass(frozen=True, slots=True)
class Layout:
    """How a report is printed. Every field is one thing word processors vary."""

    name: str
    align: str = "top"  # vertical alignment of table cells: top | middle | bottom
    grid: bool = True  # ruling lines around table cells
    header: str = "oneline"  # running header: oneline ("Title … Sida N (M)") | split (two lines) | none
    footer_number: bool = False  # a bare page number at the page foot
    status_beside: bool = False  # the goal's status printed right of its heading
    analys: str = "row"  # "row": an Analys row under the activity; "cell": a label line inside its cell
    indent: int = 0  # points the first line of an activity cell is indented
    font: str = "Helvetica"
    size: float = 9.0
    date_width: float = 58.0  # narrow date columns wrap "2021-12-31" as "2021-" / "12-31"
    text_width: float = 300.0
    pad: float = 4.0  # cell padding, top and bottom
    margin_top: float = 70.0
    margin_bottom: float = 60.0
    narrative_columns: int = 1  # 2: narrative sections set in two columns, on pages of their own
    # Axes a blind trial of Word layouts found (round nine): dates written out ("1 januari 2020"),
    # the flag cell as "Ja"/"X" (and "Nej" where there is none), the Analys in a row merged across
    # all columns ("merged": the label, then the text over the table's width), and the status in
    # a box right of the level label ("KF:s mål för verksamhetsområdet:"), the heading below.
    dates: str = "iso"  # iso | long
    flag: str = "Avvikelse"
    no_flag: str = ""
    status_by_label: bool = False
    # And a second blind trial's: the activity table's columns in another order or with a Period or a
    # Kommentar column (the Analys there), labels worded otherwise, the level label without its
    # colon, and a label before the status ("Bedömning: Uppfylls helt").
    columns: tuple[tuple[str, str], ...] = (
        ("text", "Aktivitet"),
        ("start", "Startdatum"),
        ("end", "Slutdatum"),
        ("flag", "Avvikelse"),
    )
    label_colon: bool = True
    status_prefix: str = ""
    # Indicator tables as a narrow Word table sets them: a label word too long for its column broken
    # inside, without a hyphen ("Periode" / "ns" / "utfall"), and the Analys in a row merged across
    # the columns under its indicator.
    indicator_word: bool = False


TUNING = (
    Layout("grid-top-oneline", align="top", grid=True, header="oneline", analys="row"),
    Layout("plain-bottom-cell", align="bottom", grid=False, header="split", analys="cell", footer_number=True),
    Layout(
        "grid-middle-beside", align="middle", grid=True, header="oneline", status_beside=True, date_width=36.0, size=9.5
    ),
    Layout("plain-top-split", align="top", grid=False, header="split", analys="row", size=9.5, text_width=320.0),
    Layout("plain-middle-vera-cell", align="middle", grid=False, header="oneline", analys="cell", font="Vera"),
    Layout("grid-bottom-indent", align="bottom", grid=True, header="split", indent=10, date_width=40.0, size=10.0),
    Layout("grid-top-twocolumn", align="top", grid=True, header="oneline", narrative_columns=2, size=9.0),
    Layout(
        "grid-top-merged-ja",
        align="top",
        grid=True,
        header="oneline",
        analys="merged",
        flag="Ja",
        no_flag="Nej",
        status_by_label=True,
        indicator_word=True,
    ),
    Layout("plain-top-longdates-x", align="top", grid=False, header="split", dates="long", flag="X", date_width=70.0),
    Layout(
        "grid-top-dates-first",
        align="top",
        grid=True,
        header="oneline",
        columns=(("start", "Start"), ("end", "Slut"), ("text", "Aktivitet"), ("flag", "Avvikelse från plan")),
        label_colon=False,
        status_prefix="Bedömning: ",
    ),
    Layout(
        "plain-top-period-comment",
        align="top",
        grid=False,
        header="oneline",
        text_width=190.0,
        columns=(("text", "Aktivitet"), ("period", "Period"), ("flag", "Status"), ("comment", "Kommentar")),
        flag="Avvikelse",
        no_flag="Enligt plan",
    ),
)
HELD_OUT = (
    Layout("plain-top-beside-vera", align="top", grid=False, header="oneline", status_beside=True, font="Vera"),
    Layout("grid-bottom-cell-narrow", align="bottom", grid=True, header="oneline", analys="cell", date_width=34.0),
    Layout("plain-middle-indent", align="middle", grid=False, header="split", indent=12, size=10.0, text_width=280.0),
)
LAYOUTS = {layout.name: layout for layout in (*TUNING, *HELD_OUT)}


@dataclass
class Expected:
    """What a parse of the PDF must give: pages of each activity and goal as printed."""

    activity_pages: list[tuple[int, int]] = field(default_factory=list)  # (first, last) page, per activity
    goal_pages: list[int] = field(default_factory=list)  # page of each goal's heading, per goal
    indicator_pages: list[int] = field(default_factory=list)  # page of each indicator row
    pages: int = 0


def _register(font: str) -> str:
    if font == "Vera" and "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # bundled with reportlab
    return font


def _printable(text: str) -> str:
    # Helvetica (WinAnsi) has no glyph for these; a word processor would substitute alike.
    return text.replace("\u2212", "-").replace("\u2192", "->")


class _Pages:
    """Places lines on pages, top to bottom, and records what went where."""

    def __init__(self, layout: Layout, title: str) -> None:
        self.layout = layout
        self.title = title
        self.pages: list[list[tuple[str, float, float, str, float]]] = [[]]  # (kind, x, y, text, size)
        self.rules: list[list[tuple[float, float, float, float]]] = [[]]
        self.y = layout.margin_top
        self.leading = layout.size * 1.3
        self.on_new_page: list = []  # callbacks that reprint a table header

    @property
    def page(self) -> int:
        return len(self.pages)

    def new_page(self) -> None:
        self.pages.append([])
        self.rules.append([])
        self.y = self.layout.margin_top
        for callback in list(self.on_new_page):
            callback()

    def room(self) -> float:
        return PAGE_HEIGHT - self.layout.margin_bottom - self.y

    def text(self, x: float, y: float, text: str, size: float | None = None) -> None:
        self.pages[-1].append(("text", x, y, _printable(text), size or self.layout.size))

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.rules[-1].append((x0, y0, x1, y1))

    def paragraph(self, text: str, x: float = 50.0, width: float = 495.0, gap: float = 4.0) -> tuple[int, int]:
        """Wrapped text; returns the first and last page it stands on."""
        first = last = self.page
        lines = simpleSplit(_printable(text), self.layout.font, self.layout.size, width) or [""]
        for index, line in enumerate(lines):
            if self.room() < self.leading:
                self.new_page()
            if index == 0:
                first = self.page
            self.text(x, self.y + self.layout.size, line)
            self.y += self.leading
            last = self.page
        self.y += gap
        return first, last


def _wrap(layout: Layout, text: str, width: float) -> list[str]:
    return simpleSplit(_printable(text), layout.font, layout.size, width) or [""]


def _wrap_date(layout: Layout, date: str, width: float) -> list[str]:
    """A date too wide for its column breaks after a hyphen, as word processors break it."""
    if not date or pdfmetrics.stringWidth(date, layout.font, layout.size) <= width:
        return [date] if date else []
    lines = [""]
    for part in date.replace("-", "-\n").split("\n"):
        if lines[-1] and pdfmetrics.stringWidth(lines[-1] + part, layout.font, layout.size) > width:
            lines.append("")
        lines[-1] += part
    return lines


def printed_status(goal: Goal) -> str | None:
    """The status line a table prints for a goal: as the report wrote it, or, for a goal judged in a
    sentence of prose (an avstämning's), its status in the city's words."""
    if goal.status is not None and (goal.raw_status is None or not STATUS_LINE.match(goal.raw_status)):
        return goal.status.value.capitalize()
    return goal.raw_status


def _goal(pages: _Pages, goal: Goal) -> int:
    layout = pages.layout
    if pages.room() < pages.leading * 6:
        pages.new_page()
    first = pages.page
    heading = goal.label
    status = printed_status(goal)
    label = _LEVEL_LABEL[goal.level] if layout.label_colon else _LEVEL_LABEL[goal.level].rstrip(":")
    status = f"{layout.status_prefix}{status}" if status else status
    if status and layout.status_by_label:
        # Word's two-column heading: the status in a box right of the level label, the heading below.
        pages.text(50, pages.y + layout.size, label)
        pages.text(450, pages.y + layout.size, status)
        pages.y += pages.leading + 2
        pages.paragraph(heading, width=380, gap=4)
    elif status and layout.status_beside:
        # The heading wraps short of the status column; the status sits on its first line.
        pages.paragraph(label, gap=2)
        lines = _wrap(layout, heading, 380)
        top = pages.y
        for line in lines:
            pages.text(50, pages.y + layout.size, line)
            pages.y += pages.leading
        pages.text(450, top + layout.size, status)
        pages.y += 4
    else:
        pages.paragraph(label, gap=2)
        pages.paragraph(heading, width=495, gap=2)
        if status:
            pages.paragraph(status)
    for label, value in (
        ("Förväntat resultat", goal.expected_result),
        ("Analys", goal.analysis),
        ("Beskrivning", goal.description),
    ):
        if value:
            pages.paragraph(label, gap=1)
            pages.paragraph(value)
    return first


@dataclass
class _Row:
    cells: list[list[str]]  # per column, in the layout's order (`Layout.columns`)
    kind: str  # activity | analys
    activity: int | None  # index of the activity whose text or analysis the row holds


def _activity_rows(layout: Layout, activity: Activity, index: int) -> list[_Row]:
    text_width = layout.text_width - 2 * layout.pad
    # The first line is shorter by the indent; the rest is wrapped again as one run.
    first, *rest = _wrap(layout, activity.text, text_width - layout.indent)
    text = [first, *_wrap(layout, " ".join(rest), text_width)] if rest else [first]
    date_width = layout.date_width - 2
    if layout.dates == "long":
        start = _wrap(layout, _long_date(activity.start), date_width) if activity.start else []
        end = _wrap(layout, _long_date(activity.end), date_width) if activity.end else []
    else:
        start = _wrap_date(layout, activity.start or "", date_width)
        end = _wrap_date(layout, activity.end or "", date_width)
    flag = [layout.flag] if activity.deviation else ([layout.no_flag] if layout.no_flag else [])
    roles = [role for role, _label in layout.columns]
    rows = []
    commented = "comment" in roles
    if activity.analysis and layout.analys == "cell" and not commented:
        text = [*text, "Analys", *_wrap(layout, activity.analysis, text_width)]
    period = _wrap(layout, f"{activity.start}–{activity.end}", 2 * layout.date_width - 2) if activity.start else []
    comment = _wrap(layout, activity.analysis, _COMMENT_WIDTH - 4) if commented and activity.analysis else []
    by_role = {"text": text, "start": start, "end": end, "flag": flag, "period": period, "comment": comment}
    rows.append(_Row([by_role[role] for role in roles], "activity", index))

    def alone(lines: list[str]) -> _Row:
        return _Row([lines if role == "text" else [] for role in roles], "analys", index)

    if activity.analysis and layout.analys == "row" and not commented:
        rows.append(alone(_wrap(layout, f"Analys {activity.analysis}", text_width)))
    if activity.analysis and layout.analys == "merged" and not commented:
        # A row merged across all four columns: the text runs over the date columns.
        width = layout.text_width + 2 * layout.date_width + 60 - 2 * layout.pad
        rows.append(alone(["Analys", *_wrap(layout, activity.analysis, width)]))
    return rows


_COMMENT_WIDTH = 150.0


def _column_widths(layout: Layout) -> dict[str, float]:
    return {
        "text": layout.text_width,
        "start": layout.date_width,
        "end": layout.date_width,
        "period": 2 * layout.date_width,
        "flag": 60.0,
        "comment": _COMMENT_WIDTH,
    }


_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober")
_MONTHS += ("november", "december")


def _long_date(date: str) -> str:
    """ "2020-01-01" as Swedish writes it out: "1 januari 2020"."""
    year, month, day = (int(part) for part in date.split("-"))
    return f"{day} {_MONTHS[month - 1]} {year}"


def _table(pages: _Pages, activities: list[tuple[int, Activity]], expected: Expected) -> None:
    layout = pages.layout
    widths = _column_widths(layout)
    columns: list[float] = []
    x = 50.0
    for role, _label in layout.columns:
        columns.append(x)
        x += widths[role]
    x_text = columns[0]
    x_right = x
    lead = pages.leading

    def header() -> None:
        top = pages.y
        for x, (role, label) in zip(columns, layout.columns, strict=True):
            # A label wider than its column is set smaller, as table styles do.
            width = widths[role] - 3
            size = min(layout.size, layout.size * width / pdfmetrics.stringWidth(label, layout.font, layout.size))
            pages.text(x + layout.pad / 2, top + layout.pad + layout.size, label, size if role != "text" else None)
        height = 2 * layout.pad + lead
        if layout.grid:
            pages.rule(x_text, top, x_right, top)
            pages.rule(x_text, top + height, x_right, top + height)
        pages.y = top + height

    if pages.room() < lead * 4:
        pages.new_page()
    header()
    pages.on_new_page.append(header)
    for index, activity in activities:
        first_page = last_page = None
        for row in _activity_rows(layout, activity, index):
            slots = max(len(c) for c in row.cells)
            placed: list[tuple[int, int, float, str]] = []  # (slot, column, x, text)
            for column, cell in enumerate(row.cells):
                offset = {"top": 0, "bottom": slots - len(cell), "middle": (slots - len(cell)) // 2}[layout.align]
                for k, line in enumerate(cell):
                    first = layout.columns[column][0] == "text" and k == 0
                    x = columns[column] + layout.pad / 2 + (layout.indent if first else 0)
                    placed.append((offset + k, column, x, line))
            top = pages.y
            pages.y += layout.pad
            for slot in range(slots):
                if pages.room() < lead + layout.pad:
                    # The row breaks across the page: Word's "allow row to break across pages".
                    if layout.grid:
                        pages.rule(x_text, pages.y + layout.pad, x_right, pages.y + layout.pad)
                    pages.new_page()
                    top = pages.y - 0.0
                    pages.y += layout.pad
                for _slot, column, x, line in (p for p in placed if p[0] == slot):
                    pages.text(x, pages.y + layout.size, line)
                    if layout.columns[column][0] == "text":
                        first_page = first_page or pages.page
                        last_page = pages.page
                pages.y += lead
            pages.y += layout.pad
            if layout.grid:
                pages.rule(x_text, pages.y, x_right, pages.y)
                for x in (*columns, x_right):
                    pages.rule(x, top, x, pages.y)
        expected.activity_pages.append((first_page or pages.page, last_page or pages.page))
    pages.on_new_page.remove(header)
    pages.y += lead


_INDICATOR_COLUMNS = ((50.0, "Indikator"), (300.0, "Periodens utfall"), (360.0, "Årsmål"), (420.0, "KF:s årsmål"))
_PERIOD_X = 480.0


def _indicators(pages: _Pages, indicators: list[Indicator], expected: Expected) -> None:
    """An indicator table; labels wrap in their columns; the header comes again on a new page."""
    layout = pages.layout
    lead = pages.leading

    def header() -> None:
        top = pages.y
        columns = (*_INDICATOR_COLUMNS, (_PERIOD_X, "Period"))
        for x, label in columns:
            lines = [label] if x == 50.0 else _wrap(layout, label, 56)
            if layout.indicator_word and x != 50.0:
                lines = _broken_label(label)
            for k, line in enumerate(lines):
                pages.text(x, top + layout.size + k * lead, line)
        pages.y = top + 2 * lead + 4

    if pages.room() < lead * 5:
        pages.new_page()
    header()
    pages.on_new_page.append(header)
    for indicator in indicators:
        name = _wrap(layout, indicator.name, 240)
        v = indicator.values
        values = [_number(v.outcome, v.unit), _number(v.target, v.unit), _number(v.kf_target, v.unit), v.period or ""]
        period = _wrap(layout, values[-1], 60)
        slots = max(len(name), len(period))
        if pages.room() < lead * slots + layout.pad:
            pages.new_page()
        expected.indicator_pages.append(pages.page)
        offset = {"top": 0, "bottom": slots - 1, "middle": (slots - 1) // 2}[layout.align]
        for k, line in enumerate(name):
            pages.text(50, pages.y + layout.size + k * lead, line)
        for (x, _label), value in zip(_INDICATOR_COLUMNS[1:], values, strict=False):
            pages.text(x, pages.y + layout.size + offset * lead, value)
        for k, line in enumerate(period):
            pages.text(_PERIOD_X, pages.y + layout.size + k * lead, line)
        pages.y += lead * slots + 2 * layout.pad
        if layout.indicator_word and indicator.analysis:
            for line in _wrap(layout, f"Analys {indicator.analysis}", 490):
                if pages.room() < lead:
                    pages.new_page()
                pages.text(50, pages.y + layout.size, line)
                pages.y += lead
            pages.y += 2 * layout.pad
    pages.on_new_page.remove(header)
    pages.y += lead


_LABEL_CHARS = 7  # what a narrow Word column holds of a label before it breaks a word


def _broken_label(label: str) -> list[str]:
    """A label as a narrow column sets it: words packed into lines of `_LABEL_CHARS`, a longer word
    broken inside ("Periodens utfall" → "Periode", "ns", "utfall")."""
    pieces = [w[k : k + _LABEL_CHARS] for w in label.split() for k in range(0, len(w), _LABEL_CHARS)]
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + 1 + len(piece) <= _LABEL_CHARS:
            lines[-1] += f" {piece}"
        else:
            lines.append(piece)
    return lines


def _number(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    return f"{text} {unit}" if unit and len(unit) <= 6 else text


def _section(pages: _Pages, section: Section, previous: tuple[str, ...] | None) -> None:
    if section.heading_path != previous:
        if pages.room() < pages.leading * 3:
            pages.new_page()
        pages.paragraph(section.heading_path[-1], gap=2)
    pages.paragraph(section.text, gap=6)


def _two_columns(pages: _Pages, paragraphs: list[tuple[str, bool]]) -> None:
    """Narrative in two columns (heading flag per paragraph), filling the left column first."""
    layout = pages.layout
    width, gutter = 237.0, 21.0
    if pages.pages[-1]:
        pages.new_page()
    column = 0
    for text, heading in paragraphs:
        lines = simpleSplit(_printable(text), layout.font, layout.size, width) or [""]
        for line in lines:
            if pages.room() < pages.leading:
                if column == 0:
                    column, pages.y = 1, layout.margin_top
                else:
                    pages.new_page()
                    column = 0
            pages.text(50 + column * (width + gutter), pages.y + layout.size, line)
            pages.y += pages.leading
        pages.y += 2 if heading else 6
    pages.new_page()


def _blocks(report: ParsedReport) -> Iterator[tuple[int, str, object]]:
    """Records in the order the report prints them; consecutive activities are one table."""
    items: list[tuple[int, str, object]] = [(g.source.line_start, "goal", g) for g in report.goals]
    items += [(s.source.line_start, "section", s) for s in report.sections]
    items += [(a.source.line_start, "activity", (i, a)) for i, a in enumerate(report.activities)]
    items += [(x.source.line_start, "indicator", x) for x in report.indicators]
    items.sort(key=lambda item: (item[0], item[1] != "goal"))
    run: list = []
    run_kind = ""
    for item in items:
        if item[1] in ("activity", "indicator") and item[1] == run_kind:
            run.append(item[2])
            continue
        if run:
            yield 0, run_kind, run
        run, run_kind = [], ""
        if item[1] in ("activity", "indicator"):
            run, run_kind = [item[2]], item[1]
        else:
            yield item
    if run:
        yield 0, run_kind, run


def render(report: ParsedReport, layout: Layout, path: Path) -> Expected:
    """Print `report` in `layout` to `path`; return the pages every record was printed on."""
    _register(layout.font)
    pages = _Pages(layout, report.meta.title)
    expected = Expected(activity_pages=[], goal_pages=[])
    pages.paragraph(report.meta.title, gap=12)
    goal_pages: dict[int, int] = {}
    previous_heading: tuple[str, ...] | None = None
    last_goal = max((g.source.line_start for g in report.goals), default=None)
    narrative: list[tuple[str, bool]] = []  # two-column layouts: the run of sections to set
    for line, kind, record in _blocks(report):
        if layout.narrative_columns == 2 and kind == "section":
            if last_goal is not None and line > last_goal:
                last_goal = None
                narrative.append(("Uppföljning av ekonomi", True))
            if record.heading_path != previous_heading:  # type: ignore[union-attr]
                narrative.append((record.heading_path[-1], True))  # type: ignore[union-attr]
            narrative.append((record.text, False))  # type: ignore[union-attr]
            previous_heading = record.heading_path  # type: ignore[union-attr]
            continue
        if narrative:
            _two_columns(pages, narrative)
            narrative = []
        if kind == "goal":
            goal_pages[id(record)] = _goal(pages, record)  # type: ignore[arg-type]
        elif kind == "section" and last_goal is not None and line > last_goal:
            # The reports close their goal part with this heading (the parser's sign that it ended).
            last_goal = None
            pages.paragraph("Uppföljning av ekonomi", gap=2)
            _section(pages, record, previous_heading)  # type: ignore[arg-type]
            previous_heading = record.heading_path  # type: ignore[union-attr]
        elif kind == "section":
            _section(pages, record, previous_heading)  # type: ignore[arg-type]
            previous_heading = record.heading_path  # type: ignore[union-attr]
        elif kind == "activity":
            _table(pages, record, expected)  # type: ignore[arg-type]
        else:
            _indicators(pages, record, expected)  # type: ignore[arg-type]
    if narrative:
        _two_columns(pages, narrative)
    expected.goal_pages = [goal_pages[id(g)] for g in report.goals]
    expected.pages = pages.page
    _draw(pages, path)
    return expected


def _draw(pages: _Pages, path: Path) -> None:
    layout = pages.layout
    pdf = canvas.Canvas(str(path), pagesize=A4)
    total = pages.page
    for number, (items, rules) in enumerate(zip(pages.pages, pages.rules, strict=True), start=1):
        size = layout.size
        if layout.header == "oneline":
            pdf.setFont(layout.font, size)
            pdf.drawString(50, PAGE_HEIGHT - 36, pages.title)
            pdf.drawRightString(545, PAGE_HEIGHT - 36, f"Sida {number} ({total})")
        elif layout.header == "split":
            pdf.setFont(layout.font, size)
            pdf.drawRightString(545, PAGE_HEIGHT - 30, f"Sid {number} ({total})")
            pdf.drawString(50, PAGE_HEIGHT - 44, pages.title)
        if layout.footer_number:
            pdf.drawCentredString(PAGE_WIDTH / 2, 30, str(number))
        for _kind, x, y, text, text_size in items:
            pdf.setFont(layout.font, text_size)
            pdf.drawString(x, PAGE_HEIGHT - y, text)
        pdf.setLineWidth(0.5)
        for x0, y0, x1, y1 in rules:
            pdf.line(x0, PAGE_HEIGHT - y0, x1, PAGE_HEIGHT - y1)
        pdf.showPage()
    pdf.save()


TEXT_FLOW = Layout("textflow-courier", font="Courier", size=9.0, header="none")


def render_text(path: Path, out: Path, layout: Layout = TEXT_FLOW) -> dict[int, int]:
    """The .txt itself printed as a word processor opens a text file (LibreOffice: a monospace
    font, tab stops every 1.25 cm, long lines wrapped at the margin). Returns each text line's
    page (by its line number in the file)."""
    tab = 35.43
    left, right = 50.0, 545.0
    char = pdfmetrics.stringWidth("x", layout.font, layout.size)
    lead = layout.size * 1.25
    pdf = canvas.Canvas(str(out), pagesize=A4)
    pdf.setFont(layout.font, layout.size)
    y = layout.margin_top
    page = 1
    pages: dict[int, int] = {}

    def newline() -> None:
        nonlocal y, page
        y += lead
        if y > PAGE_HEIGHT - layout.margin_bottom:
            pdf.showPage()
            pdf.setFont(layout.font, layout.size)
            y, page = layout.margin_top, page + 1

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        pages[number] = page
        x = left
        for k, cell in enumerate(_printable(raw.replace("\f", "")).split("\t")):
            if k:
                x = left + (int((x - left) / tab) + 1) * tab
                if x > right:
                    newline()
                    x = left
            for word in re.findall(r"\s*\S+", cell):
                width = char * len(word)
                if x + width > right and x > left:
                    newline()
                    x, word = left, word.lstrip()
                    width = char * len(word)
                pdf.drawString(x, PAGE_HEIGHT - y, word)
                x += width
        newline()
    pdf.showPage()
    pdf.save()
    return pages
