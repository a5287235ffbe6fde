"""The layout matrix printed by LibreOffice itself: the reports as Word documents, converted to PDF.

`tests/pdflayouts.py` imitates word processors with reportlab; here the real one sets the
pages. Each report's records (parsed from its .txt) are written as a .docx with python-docx
(activities and indicators as Word tables, cells aligned top, middle or bottom; the status in
a borderless cell right of the heading; the Analys as a row or inside the activity cell; a
running header "Title <tab> Sida N (M)" with page fields; narrative in two columns), or the
.txt is opened as it is, and `soffice --headless --convert-to pdf` prints it.

LibreOffice decides where pages break, so the truth about pages comes from the PDF itself,
read by another engine (pdfium's plain text per page): each record is found, in document
order, by its first and last characters.

PDFs are cached under `tests/artifacts/office/` (git-ignored), keyed by the file LibreOffice
is given and its version: a conversion costs about 2 s a report.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from index.parse.records import Activity, Goal, Indicator, ParsedReport, Section
from tests.pdflayouts import _LEVEL_LABEL, Expected, _blocks, _number, printed_status

CACHE = Path(__file__).resolve().parent / "artifacts" / "office"


@dataclass(frozen=True, slots=True)
class OfficeLayout:
    """A report as a word processor user would set it. Every field is one thing they vary."""

    name: str
    source: str = "docx"  # docx: records as Word tables | text: the .txt opened as it is
    align: str = "top"  # vertical alignment of table cells: top | middle | bottom
    grid: bool = True  # table borders
    header: bool = True  # running header "Title <tab> Sida N (M)"
    status_beside: bool = False  # the goal's status in a cell right of its heading
    analys: str = "row"  # row: an "Analys …" row under the activity | cell: a label line in its cell
    font: str = "Liberation Sans"
    size: float = 10.0
    text_cm: float = 10.5  # width of the activity column; the three others share the rest
    narrative_columns: int = 1  # 2: narrative sections in a two-column section of their own


OFFICE_TUNING = (
    OfficeLayout("lo-text", source="text"),
    OfficeLayout("lo-docx-top-grid", align="top", grid=True),
    OfficeLayout("lo-docx-bottom-cell", align="bottom", grid=False, analys="cell", font="DejaVu Sans", size=9.0),
    # The class of the held-out lo-docx-middle-beside (cells centred, ruled, a narrow text column)
    # at another size and width: added to tune on while the held-out layout stays unseen.
    OfficeLayout("lo-docx-middle-narrow", align="middle", grid=True, text_cm=8.0, size=9.0),
)
OFFICE_HELD_OUT = (
    OfficeLayout("lo-docx-middle-beside", align="middle", grid=True, status_beside=True, text_cm=9.0),
    OfficeLayout("lo-docx-top-beside-twocolumn", status_beside=True, analys="cell", narrative_columns=2, size=9.0),
)


def soffice() -> str | None:
    """The LibreOffice binary, or None where it is not installed (`make office` installs it)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _version(binary: str) -> str:
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60, check=False)
    return done.stdout.strip()


def office_pdf(report: ParsedReport, text_file: Path, layout: OfficeLayout) -> Path:
    """The report printed by LibreOffice in `layout` (from the cache when it is there)."""
    binary = soffice()
    assert binary, "LibreOffice is not installed"
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = folder / f"{text_file.stem}.txt"
        if layout.source == "text":
            shutil.copyfile(text_file, source)
        else:
            source = folder / f"{text_file.stem}.docx"
            write_docx(report, layout, source)
        # Keyed by what LibreOffice is given (a .docx by its parts: the zip's own dates vary).
        key = hashlib.sha1(_version(binary).encode())
        if source.suffix == ".docx":
            with zipfile.ZipFile(source) as package:
                for member in sorted(package.namelist()):
                    key.update(member.encode() + package.read(member))
        else:
            key.update(source.read_bytes())
        out = CACHE / f"{text_file.stem}--{layout.name}-{key.hexdigest()[:12]}.pdf"
        if out.exists():
            return out
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"{text_file.stem}--{layout.name}-*.pdf"):
            stale.unlink()
        # A private profile: concurrent runs (other test sessions) must not share one.
        profile = (folder / "profile").as_uri()
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run([*command, "--outdir", str(folder), str(source)], capture_output=True, timeout=300, check=True)
        temporary = out.with_suffix(".tmp")
        shutil.move(folder / f"{text_file.stem}.pdf", temporary)
        temporary.rename(out)
    return out


# --- the .docx ---------------------------------------------------------------------------


def write_docx(report: ParsedReport, layout: OfficeLayout, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = layout.font
    style.font.size = Pt(layout.size)
    style.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    # A4 with 2 cm margins: 17 cm of text width, which the tables' widths add up to.
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    if layout.header:
        _running_header(section, report.meta.title)
    document.add_paragraph(report.meta.title)
    last_goal = max((g.source.line_start for g in report.goals), default=None)
    previous: tuple[str, ...] | None = None
    in_columns = False
    for line, kind, record in _blocks(report):
        narrative = kind == "section"
        if layout.narrative_columns == 2 and narrative != in_columns:
            # A section break (continuous) starts or ends the two-column part.
            new = document.add_section(WD_SECTION.NEW_PAGE)
            _columns(new, 2 if narrative else 1)
            in_columns = narrative
        if kind == "goal":
            _goal(document, layout, record)  # type: ignore[arg-type]
        elif kind == "section":
            section_record: Section = record  # type: ignore[assignment]
            if last_goal is not None and line > last_goal:
                last_goal = None
                document.add_paragraph("Uppföljning av ekonomi")
            if section_record.heading_path != previous:
                document.add_paragraph(section_record.heading_path[-1]).paragraph_format.keep_with_next = True
            document.add_paragraph(section_record.text)
            previous = section_record.heading_path
        elif kind == "activity":
            _activities(document, layout, record)  # type: ignore[arg-type]
        else:
            _indicators(document, layout, record)  # type: ignore[arg-type]
    document.save(str(path))


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as fldChar runs, which LibreOffice imports as its own."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _running_header(section, title: str) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm

    paragraph = section.header.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{title}\tSida ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" (")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(")")


def _columns(section, count: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    for old in sect.findall(qn("w:cols")):
        sect.remove(old)
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), str(count))
    cols.set(qn("w:space"), "425")
    sect.append(cols)


def _cell_style(table, layout: OfficeLayout, widths_cm: list[float]) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Cm

    align = {
        "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
        "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
        "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
    }[layout.align]
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the table grid: what LibreOffice lays the columns out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
            cell.vertical_alignment = align


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _table(document, layout: OfficeLayout, rows: int, columns: int):
    table = document.add_table(rows=rows, cols=columns)
    if layout.grid:
        table.style = "Table Grid"
    return table


def _goal(document, layout: OfficeLayout, goal: Goal) -> None:
    document.add_paragraph(_LEVEL_LABEL[goal.level]).paragraph_format.keep_with_next = True
    status = printed_status(goal)
    if status and layout.status_beside:
        table = _table(document, layout, 1, 2)
        table.style = None  # a layout table: no borders whatever the grid
        table.rows[0].cells[0].text = goal.label
        table.rows[0].cells[1].text = status
        _cell_style(table, OfficeLayout("", align="top"), [13.0, 4.0])
    else:
        document.add_paragraph(goal.label).paragraph_format.keep_with_next = True
        if status:
            document.add_paragraph(status)
    for label, value in (
        ("Förväntat resultat", goal.expected_result),
        ("Analys", goal.analysis),
        ("Beskrivning", goal.description),
    ):
        if value:
            document.add_paragraph(label).paragraph_format.keep_with_next = True
            document.add_paragraph(value)


def _activities(document, layout: OfficeLayout, activities: list[tuple[int, Activity]]) -> None:
    rest = (17.0 - layout.text_cm) / 3
    widths = [layout.text_cm, rest, rest, rest]
    rows: list[list[str]] = []
    for _index, activity in activities:
        flag = "Avvikelse" if activity.deviation else ""
        text = activity.text
        if activity.analysis and layout.analys == "cell":
            text = f"{text}\nAnalys\n{activity.analysis}"
        rows.append([text, activity.start or "", activity.end or "", flag])
        if activity.analysis and layout.analys == "row":
            rows.append([f"Analys {activity.analysis}", "", "", ""])
    table = _table(document, layout, len(rows) + 1, 4)
    for cell, label in zip(table.rows[0].cells, ("Aktivitet", "Startdatum", "Slutdatum", "Avvikelse"), strict=True):
        cell.text = label
    _repeat_header(table.rows[0])
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            _set_lines(cell, value)
    _cell_style(table, layout, widths)
    document.add_paragraph()


def _set_lines(cell, text: str) -> None:
    """A cell's text, one paragraph per line (the Analys label on a line of its own)."""
    first, *rest = text.split("\n")
    cell.text = first
    for line in rest:
        cell.add_paragraph(line)


def _indicators(document, layout: OfficeLayout, indicators: list[Indicator]) -> None:
    table = _table(document, layout, len(indicators) + 1, 5)
    labels = ("Indikator", "Periodens utfall", "Årsmål", "KF:s årsmål", "Period")
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.text = label
    _repeat_header(table.rows[0])
    for row, indicator in zip(table.rows[1:], indicators, strict=True):
        values = [
            indicator.name,
            _number(indicator.values.outcome, indicator.values.unit),
            _number(indicator.values.target, indicator.values.unit),
            _number(indicator.values.kf_target, indicator.values.unit),
            indicator.values.period or "",
        ]
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    _cell_style(table, layout, [7.0, 2.5, 2.5, 2.5, 2.5])
    document.add_paragraph()


# --- where LibreOffice put each record -----------------------------------------------------


def _squeeze(text: str) -> str:
    return "".join(text.split())


class _PdfText:
    """A PDF's plain text as pdfium reads it, whitespace removed, with each page's offset."""

    def __init__(self, path: Path) -> None:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        self.text = ""
        self.starts: list[int] = []
        for page in document:
            self.starts.append(len(self.text))
            self.text += _squeeze(page.get_textpage().get_text_range()).replace(
                "\ufffe", "-"
            )  # pdfium: a hyphen that ends a line
        self.pages = len(self.starts)
        document.close()

    def page(self, offset: int) -> int:
        return max(k for k, start in enumerate(self.starts, start=1) if start <= offset)

    def find(self, text: str, after: int, *, span: int = 40) -> int:
        """Offset of the first `span` characters of `text` at or after `after`."""
        squeezed = _squeeze(text)
        while True:
            probe = squeezed[:span]
            found = self.text.find(probe, after)
            # A row split over a page has its dates, the header and the repeated table header
            # inside its text: it is then looked for by a shorter run of its first characters.
            if found >= 0 or span <= 12:
                break
            span //= 2
        assert found >= 0, f"not printed: {probe!r}"
        return found

    def end(self, text: str, start: int) -> int:
        """Offset of the last character of `text`, printed from `start` on: its characters are
        followed in order, passing over what a page break put between them (dates, the header)."""
        at = start - 1
        for char in _squeeze(text):
            at = self.text.find(char, at + 1)
            assert at >= 0, f"not printed: {text[:40]!r}"
        return at


def office_expected(report: ParsedReport, pdf: Path) -> Expected:
    """The pages LibreOffice printed each goal, activity and indicator row on."""
    printed = _PdfText(pdf)
    expected = Expected(activity_pages=[], goal_pages=[])
    cursor = 0
    goal_pages: dict[int, int] = {}
    for _line, kind, record in _blocks(report):
        if kind == "goal":
            goal: Goal = record  # type: ignore[assignment]
            cursor = printed.find(_LEVEL_LABEL[goal.level] + goal.label, cursor)
            goal_pages[id(goal)] = printed.page(cursor)
            # Past the goal's own texts, printed under its heading: an activity's words may be in
            # them ("Utbildningar i ekonomiadministration hålls …" above that activity's row).
            for text in (goal.expected_result, goal.analysis, goal.description):
                if text:
                    cursor = printed.end(text, printed.find(text, cursor)) + 1
        elif kind == "activity":
            for _index, activity in record:  # type: ignore[union-attr]
                cursor = printed.find(activity.text, cursor)
                first = printed.page(cursor)
                end = printed.end(activity.text, cursor)
                if activity.analysis:
                    # Its label first: an analysis as short as "." is else found in the text before. A
                    # longer one by its own words: a page break may stand between the label and it.
                    probe = activity.analysis if len(activity.analysis) >= 40 else "Analys" + activity.analysis
                    end = printed.end(probe, printed.find(probe, end))
                expected.activity_pages.append((first, printed.page(end)))
                cursor = end + 1  # the next row may begin with the same words
        elif kind == "indicator":
            for indicator in record:  # type: ignore[union-attr]
                # Names share long beginnings ("Stockholmarnas nöjdhet med …"): the whole name.
                cursor = printed.find(indicator.name, cursor, span=len(indicator.name))
                expected.indicator_pages.append(printed.page(cursor))
                cursor += 1
    expected.goal_pages = [goal_pages[id(g)] for g in report.goals]
    expected.pages = printed.pages
    return expected


def text_pages(text_file: Path, pdf: Path) -> dict[int, int]:
    """The page each line of the .txt was printed on (blank lines: the page before)."""
    printed = _PdfText(pdf)
    cursor = 0
    pages: dict[int, int] = {}
    for number, raw in enumerate(text_file.read_text(encoding="utf-8").splitlines(), start=1):
        if _squeeze(raw):
            cursor = printed.find(raw, cursor, span=30)
        pages[number] = printed.page(cursor)
    return pages


def text_expected(report: ParsedReport, pdf: Path, text_file: Path) -> Expected:
    """The pages of a .txt printed as it is: goals and indicator rows by their first line's page;
    an activity from its text's first to its analysis's (or text's) last character, as in a table."""
    pages = text_pages(text_file, pdf)
    printed = _PdfText(pdf)
    activity_pages = []
    cursor = 0
    for activity in report.activities:
        cursor = printed.find(activity.text, cursor)
        end = printed.end(activity.text + activity.analysis, cursor)
        activity_pages.append((printed.page(cursor), printed.page(end)))
        cursor = end + 1
    return Expected(
        activity_pages=activity_pages,
        goal_pages=[pages[g.source.line_start] for g in report.goals],
        indicator_pages=[pages[i.source.line_start] for i in report.indicators],
        pages=printed.pages,
    )
