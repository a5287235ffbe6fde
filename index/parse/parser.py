"""Parse a report's content lines into the city's goal hierarchy.

The reports print the same structure in several layouts (one paragraph per line
with tab-separated tables; PDF layout lines with table cells split over lines).
The parser is one pass over the lines with a small state: which goal is open,
which field of it text goes to, and whether an activity or indicator table is open.

Rules that are easy to get wrong, each with its reason:
- "Avvikelse" is a deviation flag only in an activity row, right after its two dates;
  the same word heads a budget column in the financial tables, which are not activities.
- An activity table repeated after a page break continues the table; a row cut by the
  break continues too (its text before and after the repeated header is one activity).
- An "Analys" under an activity belongs to that activity; it is not a deviation by itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from index.parse.assessed import assessed_goals
from index.parse.fields import activity_fields, indicator_fields
from index.parse.indicators import (
    PERIODICITY,
    Cells,
    PlanRow,
    header_columns,
    is_plan_table,
    lower_is_better,
    previous_label,
    read_cells,
    read_plan_row,
    split_name,
)
from index.parse.legend import legend_statuses
from index.parse.metadata import UNKNOWN_NAMND
from index.parse.numbers import cell_note, is_band, parse_number
from index.parse.records import (
    ACTIVITIES_LABEL,
    STATUS_LINE,
    Activity,
    Goal,
    GoalLevel,
    GoalStatus,
    Indicator,
    IndicatorValues,
    Line,
    ParsedReport,
    ReportMeta,
    ReportType,
    Section,
    Source,
    parent_numbers,
)
from index.read.cells import DATE_IN_TEXT, PERIOD_IN_TEXT, dates_like
from index.read.layout import join_lines

# Bullets as PDFs draw them; U+F0B7 is Word's Symbol-font bullet, as a PDF made from Word extracts it.
_BULLET = re.compile(r"^[\s●•▪■◦\uf0b7]+")
# A level's label, with its goal's number and title or alone; alone, its colon is optional (a Word
# layout's goal box set the label without one, and no goal was read), while prose that names a
# goal ("se även nämndmål 2.5.2. Som del i …") has none.
_INRIKTNING = re.compile(r"^KF:s\s+inriktningsmål\s*(\d)?\s*(?::\s*(?:(\d)\.?\s+(\S.*))?)?$", re.I)
_KF_MAL = re.compile(r"^KF:s\s+mål\s+för\s+verksamhetsområdet\s*(?::\s*(?:(\d+\.\d+)\.?\s+(\S.*))?)?$", re.I)
_NAMNDMAL = re.compile(r"^Nämndmål\s*(?::\s*(?:(\d+\.\d+\.\d+)\.?\s+(\S.*))?)?$", re.I)
# The same headings as Word-made reports also set them, number and title after the level's name
# without the colon, or with it after the number ("Nämndmål 1.2.1 Titel", "Nämndmål 1.5.1: Titel",
# "KF:s mål för verksamhetsområdet 1.5 Titel"): a blind trial's four such layouts read no goal at
# all. A title is required: "Nämndmål 3.2.1" alone is a card's cell, not a heading.
# The level's name capitalised and the title too, not ending a sentence: prose names goals so as
# well ("… se även nämndmål 2.5.2. Som del i arbetet …", "Nämndmål 1.2.1 uppfylls helt.").
_TITLE = r"([A-ZÅÄÖ].*[^.])"
_NUMBERED_HEADINGS = (
    (GoalLevel.INRIKTNINGSMAL, re.compile(rf"^KF:s\s+inriktningsmål\s+(\d)\.?:?\s+{_TITLE}$")),
    (GoalLevel.KF_MAL, re.compile(rf"^KF:s\s+mål\s+för\s+verksamhetsområdet\s+(\d+\.\d+)\.?:?\s+{_TITLE}$")),
    (GoalLevel.NAMNDMAL, re.compile(rf"^Nämndmål\s+(\d+\.\d+\.\d+)\.?:?\s+{_TITLE}$")),
    # "Mål 1.2.1: Titel", "Mål 1.2 Titel": the level named by the number's parts (a third blind trial).
    (GoalLevel.NAMNDMAL, re.compile(rf"^Mål\s+(\d+\.\d+\.\d+)\.?:?\s+{_TITLE}$")),
    (GoalLevel.KF_MAL, re.compile(rf"^Mål\s+(\d+\.\d+)\.?:?\s+{_TITLE}$")),
)
_NUMBERED_TITLE = re.compile(r"^(\d+(?:\.\d+){0,2})\.?\s+(\S.*)$")
_STATUS = STATUS_LINE
_SUBHEAD = {"förväntat resultat": "expected_result", "analys": "analysis", "beskrivning": "description"}
_ACTIVITY_HEADER = re.compile(
    r"^(?:Aktivitet(?:er)?|KF:s\s+aktiviteter|Nämndens\s+aktiviteter)\s+Startdatum\s+Slutdatum(?:\s+Avvikelse)?$",
    re.I,
)
# Case matters: a wrapped sentence may start with "indikatorer som …"; a table header never does.
# English too ("Indicator | Outcome | Target | City Council target | Period"), its columns read by
# their Swedish names (`_ENGLISH_COLUMNS`): a second blind trial's English-headed table read no row.
_INDICATOR_HEADER = re.compile(r"^(?:Indikator(?:er)?|Indicators?|KF:s\s+indikatorer|Nämndens\s+indikatorer)\b(?!,)")
_ENGLISH_COLUMNS = {
    "outcome": "periodens utfall",
    "result": "periodens utfall",
    "target": "årsmål",
    "annual target": "årsmål",
    "city council target": "kf:s årsmål",
    "council target": "kf:s årsmål",
    "analysis": "analys",
}
_INDICATOR_HEADER_END = re.compile(r"\bPeriod(?:icitet)?$", re.I)
_DATE = r"(\d{4}-\d{2}-\d{2})"
_ROW_DATES = re.compile(rf"^(.*?)\s*{_DATE}\s+{_DATE}\s*(Avvikelse)?$")
_TAB_ANALYS = re.compile(r"^Analys(?:\b|(?=[A-ZÅÄÖ]))\s*(.*)$")  # "AnalysMed …": label and text run together
# A figure as a table row holds it ("86", "1,9 %", "9 000 st"), never a header's label: a year ("VB 2019",
# "KF:s årsmål 2021") and a code ("T2") aside. A header read past its rows swallowed them: a Word
# table whose header ends "Målet nås", not "Period", lost every row it had.
_VALUE_CELL = re.compile(r"(?<![\w:/.,-])(?!(?:19|20)\d\d\b)[-−–]?\d+(?:[ ,.]\d+)*(?![\w/-])")
_GOAL_PART_END = re.compile(
    r"^(?:Uppföljning av ekonomi|Ekonomisk uppföljning|Uppföljning av driftbudget|Bilagor)$", re.I
)
_PERIOD_END = re.compile(
    r"(?:(?:VB|Tertial\s*\d|T\d|Bokslut|Helår)\s*)?(?:19|20)\d\d(?:\s*-\s*(?:19|20)?\d\d)?$|\b(?:År|Tertial|Halvår)$",
    re.I,
)
_HEADING_MAX_CHARS = 75
# A heading line of this many words whose next line ends a sentence within its first five is the
# start of that sentence: a heading is followed by a paragraph, whose first sentence is longer (the
# shortest after a heading in the five reports: 7 words, "Stockholm ska ta sitt … ansvar").
_CLAUSE_MIN_WORDS = 6
_SENTENCE_END_SOON = re.compile(r"^(?:\S+\s+){0,4}[^\s.]{2,}[.!?](?:\s|$)")
# Changed whenever a change to reading reports reads an unchanged file differently (a target of
# words kept as printed, a dissent as its own section, an indicator row a header cut, a plan's
# indicator table, a previous outcome's column label, a memo's form fields, a name's wrapped year
# and a figure's wrapped digits, a reduction's direction, a goal's expected result as a field, a
# district's nämnd without its genitive): `sync` reads again every file an older version indexed, and
# its unchanged passages keep their vectors. A store that records none was indexed before the version
# was kept.
PARSER_VERSION = "2026-12-11.1"
_TITLE_MAX_LINES = 4
# No row runs longer: Norrmalm's climate row runs 22 lines (a name in 3, four cells of "1,8 kg CO2 per kg
# livsmedel" in 4–5 each, the period); at 14 its last cells were lost.
_INDICATOR_MAX_LINES = 24
# A plan table's row is printed in short lines (the longest of the 2013 plan's 30 rows: 57
# characters); a line this long where a row would start is the prose after the table, as in the
# other tables' rows (the same bound as `_indicator_line`'s).
_PLAN_ROW_MAX_CHARS = 160
# An indicator's Analys is short: the longest in the five reports has 1,254 characters (13 lines
# of a text extraction). Counted in characters, not lines, so that a print's narrower lines
# (LibreOffice's 80-character lines of a .txt) do not cut it.
_INDICATOR_ANALYSIS_MAX_CHARS = 1700
_FUNCTION_WORDS = frozenset(
    [
        "och",
        "att",
        "ett",
        "en",
        "av",
        "för",
        "till",
        "med",
        "i",
        "på",
        "som",
        "om",
        "samt",
        "eller",
        "de",
        "den",
        "det",
        "från",
        "vid",
        "under",
        "mellan",
        "inom",
        "är",
        "har",
        "ska",
        "kan",
        "uppgår",
        "cirka",
        "ca",
    ]
)


def _clean(text: str) -> str:
    """Whitespace-normalised text without leading bullets; tabs become spaces."""
    return " ".join(_BULLET.sub("", text).replace("\t", " ").split())


def _indented(text: str) -> bool:
    """A row start in the PDF-layout tables: indented, or bulleted."""
    return bool(re.match(r"^(?:\s{2,}|\s*[●•▪])", text))


@dataclass
class _GoalBuilder:
    level: GoalLevel
    number: str | None
    first: Line
    title_lines: list[Line]
    parents: tuple[str, ...]
    status_line: Line | None = None
    fields: dict[str, list[Line]] = field(
        default_factory=lambda: {"expected_result": [], "analysis": [], "description": []}
    )
    target: str = "analysis"
    last_line: int = 0
    title_open: bool = True

    def key(self) -> str:
        return self.number or join_lines([line.text for line in self.title_lines])


@dataclass
class _ActivityBuilder:
    text_lines: list[Line]
    start: str | None
    end: str | None
    deviation: bool
    goal_path: tuple[str, ...]
    goal: str | None
    analysis_lines: list[Line] = field(default_factory=list)
    last_line: int = 0
    progress: str | None = None
    other: str | None = None


@dataclass
class _IndicatorBuilder:
    name_lines: list[Line]
    value_lines: list[Line]
    cells: dict[str, str]
    goal: str | None
    analysis_lines: list[Line] = field(default_factory=list)
    closed: bool = False
    name_open: bool = False  # the name goes on after the header repeated by a page break
    plan: PlanRow | None = None  # a plan table's row, read whole (`read_plan_row`)


@dataclass
class _State:
    meta: ReportMeta
    goals: list[Goal] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    open_goals: list[_GoalBuilder] = field(default_factory=list)
    mode: str = "text"  # text | activities | indicators | indicator_header
    tab_table: bool = False
    in_goal_part: bool = False
    pending: list[Line] = field(default_factory=list)  # activity text awaiting its dates
    activity: _ActivityBuilder | None = None
    activity_field: str = "text"  # text | analysis
    indicator: _IndicatorBuilder | None = None
    indicator_columns: list[str] = field(default_factory=list)
    indicator_header: list[str] = field(default_factory=list)  # a flattened header's lines
    header_repeated: bool = False  # the open indicator table's header came again (page break)
    # The lines of the open indicator table's header, and how many indicators there were before it:
    # a table that reads no row gives its header back as text (nothing read is ever dropped).
    header_lines: list[Line] = field(default_factory=list)
    indicators_before: int = 0
    heading_line: int | None = None  # the line of the section heading last read
    heading_source: Line | None = None  # that heading's line, where it stands (its page)
    line_before: int | None = None  # the content line read before the present one
    line_now: int | None = None
    cut_text: str = ""  # the last line of text a table header cut, given back before any row
    heading_path: list[str] = field(default_factory=list)
    section_lines: list[Line] = field(default_factory=list)
    previous_text: str = ""
    next_text: str = ""  # one line of lookahead, for headings
    after_next_text: str = ""  # and the line after it, for a heading in two lines (`_wrapped_heading`)
    ahead: tuple[str, ...] = ()  # the next few lines with text, for a row's name after an Analys
    heading_wraps: bool = False  # the heading just read goes on in the next line
    form_value: bool = False  # the line just read is a memo's form label: the next is its value
    memo_head: bool = False  # the text read so far is a memo's form fields: it goes with the first section
    list_open: bool = False  # a sentence ended in a colon: the short lines under it are its items
    numbered_goals: dict[int, GoalLevel] = field(default_factory=dict)  # `_numbered_goals`
    warnings: list[str] = field(default_factory=list)


def parse_lines(meta: ReportMeta, lines: Sequence[Line]) -> ParsedReport:
    """Parse cleaned content lines (see `layout.clean_lines`) into a ParsedReport.

    Never raises on odd text: what it cannot place becomes narrative section text.
    """
    state = _State(meta=meta)
    lines = activity_fields(indicator_fields(legend_statuses(lines)), stops=_no_activity_text)
    state.numbered_goals = _numbered_goals(lines)
    texts = [_clean(line.text) for line in lines]
    for index, line in enumerate(lines):
        state.next_text = texts[index + 1] if index + 1 < len(lines) else ""
        state.after_next_text = texts[index + 2] if index + 2 < len(lines) else ""
        state.ahead = tuple(t for t in texts[index + 1 : index + 1 + 2 * _ROW_NAME_LINES] if t)[:_ROW_NAME_LINES]
        _step(state, line)
    _close_table(state)
    _close_goals(state, depth=0)
    _flush_section(state)
    if not state.goals:  # a report that sets out its goals in prose, not in tables (`assessed_goals`)
        goals, sections = assessed_goals(meta.file, state.sections)
        state.goals, state.sections = list(goals), list(sections)
    if not (state.goals or state.activities or state.sections or state.indicators):
        state.warnings.append(f"{meta.file}: ingen igenkännbar rapportstruktur eller text")
    elif (
        not (state.goals or state.activities or state.indicators)
        and meta.report_type is ReportType.OKAND
        and meta.year is None
        and meta.namnd == UNKNOWN_NAMND
    ):
        # Text with nothing of a follow-up report: no nämnd, type, year, goal, activity or indicator (a
        # new user's shopping list was indexed as "Rapport" without a word).
        state.warnings.append(
            f"{meta.file}: liknar ingen uppföljningsrapport (ingen nämnd, rapporttyp, år, mål eller aktivitet); "
            "texten indexeras ändå"
        )
    # Lines with a start and an end date are activities' in the city's reports; where far fewer
    # activities were read, the layout was not understood, and the user is told so: a blind trial's
    # layouts gave 0 of 75 activities with no warning, and "Inga träffar" on their deviations.
    dated = _dated_rows(lines)
    if dated >= _DATED_MIN and len(state.activities) < _DATED_READ * dated:
        state.warnings.append(
            f"{meta.file}: {dated} rader har ett start- och slutdatum men {len(state.activities)} aktiviteter "
            "lästes: rapportens uppställning känns inte igen helt; kontrollera aktiviteterna mot originalet"
        )
    return ParsedReport(
        meta=meta,
        goals=tuple(sorted(_one_status_per_goal(state.goals), key=lambda g: g.source.line_start)),
        indicators=tuple(state.indicators),
        activities=tuple(state.activities),
        sections=tuple(state.sections),
        line_count=lines[-1].number if lines else 0,
        warnings=tuple(state.warnings),
    )


# A heading numbered as a goal is ("2.3.1 Titel", "1.2 Titel") with its status right under its title
# is that goal, its level named by its number's parts, where a report sets no level's name before it: a
# blind trial's cards layout read none of its goals. A numbered heading without a status is a section.
_BARE_NUMBERED = re.compile(rf"^(\d+\.\d+(?:\.\d+)?)\.?\s+{_TITLE}$")
_BARE_TITLE_LINES = 3


def _numbered_goals(lines: Sequence[Line]) -> dict[int, GoalLevel]:
    """The line numbers of goal headings without their level's name, and the level each names."""
    out: dict[int, GoalLevel] = {}
    for index, line in enumerate(lines):
        match = _BARE_NUMBERED.match(_clean(line.text))
        if match is None:
            continue
        # A line that names the goal's level and number again ("Nämndmål / Goal 3.2.1") is the
        # heading's, not its title's: it is passed over, uncounted.
        following = [
            after
            for after in lines[index + 1 : index + 1 + _BARE_TITLE_LINES + 1]
            if not _restates(_clean(after.text), match.group(1))
        ]
        for after in following[:_BARE_TITLE_LINES]:
            text = _clean(after.text)
            if _STATUS.match(text):
                level = GoalLevel.NAMNDMAL if match.group(1).count(".") == 2 else GoalLevel.KF_MAL
                out[line.number] = level
                break
            if "\t" in after.text or text.endswith(".") or _BARE_NUMBERED.match(text):
                break
    return out


def _one_status_per_goal(goals: Sequence[Goal]) -> list[Goal]:
    """A goal named in several places (its analysis, then as a group row of the indicator and the
    activity tables: a sixth blind trial's Word report) is judged once, where its status is printed:
    every place of it carries that status."""
    statuses: dict[tuple[GoalLevel, str], set[GoalStatus]] = {}
    for goal in goals:
        if goal.number and goal.status is not None:
            statuses.setdefault((goal.level, goal.number), set()).add(goal.status)
    out = []
    for goal in goals:
        found = statuses.get((goal.level, goal.number or ""), set())
        if goal.status is None and len(found) == 1:
            goal = replace(goal, status=next(iter(found)))
        out.append(goal)
    return out


def _restates(text: str, number: str) -> bool:
    """A short line that ends in the goal's number: its level named again, not its title."""
    words = text.split()
    return bool(words) and len(words) <= _RESTATED_WORDS and words[-1] == number


_RESTATED_WORDS = 5  # "Nämndmål / Goal 3.2.1"


_DATED_MIN = 3  # dated lines below this are dates in prose, not an activity table
_DATED_READ = 0.8  # the corpus reads 0.98 of them (VP 2013: 90 of 92; two are prose)


# An activity's dates or its table's header are no indicator row: a blind trial's indicator table ran
# on into the activities under it, and "2021-12-31" became the row's årsmål −12 and KF:s årsmål −31.
# (Indicators state their period as "2021", "VB 2021" or "Tertial 2 2021", never as a day.)
# Capitalised, as a label: a wrapped indicator name may end in "… till fysisk" / "aktivitet".
_ACTIVITIES_LABEL = re.compile(rf"^{ACTIVITIES_LABEL}(?:\s|$)")


def _ends_indicators(text: str) -> bool:
    return bool(DATE_IN_TEXT.search(text) or _ACTIVITIES_LABEL.match(text))


def _dated_rows(lines: Sequence[Line]) -> int:
    """Rows with a start and an end date, in any form a date is typed (`dates_like`, not only those
    the reader reads): a line with two, or two lines that are each a date alone (a table's cells
    printed one per line)."""
    # A period cell's range ("Q1–Q2 2021", "jan–jun 2021") is a start and an end.
    # Every form of a date has its year, bar a day and month alone ("1/1"), which no row's two dates are.
    counts = [
        0 if not _YEAR_IN.search(line.text) else 2 if PERIOD_IN_TEXT.search(line.text) else dates_like(line.text)
        for line in lines
    ]
    alone = [n == 1 and len(line.text.split()) <= _DATE_ALONE_WORDS for n, line in zip(counts, lines, strict=True)]
    rows, index = 0, 0
    while index < len(lines):
        if counts[index] >= 2:
            rows += 1
        elif alone[index] and index + 1 < len(lines) and alone[index + 1]:
            rows += 1
            index += 1
        index += 1
    return rows


_YEAR_IN = re.compile(r"(?:19|20)\d\d")
_DATE_ALONE_WORDS = 4  # "31 december 2020", "Jan 1, 2020": a cell holding a date and nothing else


def _no_activity_text(text: str) -> bool:
    """A line that can be no part of an activity's text: a goal's heading, a status, a table's header."""
    text = _clean(text)
    return bool(
        _INRIKTNING.match(text)
        or _KF_MAL.match(text)
        or _NAMNDMAL.match(text)
        or any(pattern.match(text) for _, pattern in _NUMBERED_HEADINGS)
        or _STATUS.match(text)
        or _INDICATOR_HEADER.match(text)
        or _GOAL_PART_END.match(text)
    )


def _step(state: _State, line: Line) -> None:
    text = _clean(line.text)
    if not text:
        return
    state.line_before, state.line_now = state.line_now, line.number
    if _goal_heading(state, line, text):
        state.previous_text = text
        return
    goal = state.open_goals[-1] if state.open_goals else None
    if goal is not None and goal.title_open:
        if _title_continues(goal, text, state.next_text):
            goal.title_lines.append(line)
            goal.last_line = line.number
            state.previous_text = text
            return
        goal.title_open = False
    if (
        goal is not None
        and goal.status_line is not None
        and goal.last_line == goal.status_line.number == state.line_before
        and _goal_is_fresh(goal)
        and text[0].islower()
        and len(goal.title_lines) < _TITLE_MAX_LINES
    ):
        # A status printed beside a heading stands before the heading's wrapped end.
        goal.title_lines.append(line)
        goal.last_line = line.number
        return
    if goal is not None and _STATUS.match(text) and goal.status_line is None and _goal_is_fresh(goal):
        goal.status_line = line
        goal.last_line = line.number
        return
    if _GOAL_PART_END.match(text) and state.open_goals:
        _close_table(state)
        _close_goals(state, depth=0)
        state.in_goal_part = False
        _section_text(state, line, text)
        return
    if _ACTIVITY_HEADER.match(text):
        if state.mode != "activities":
            _close_table(state)
            state.mode = "activities"
            state.tab_table = "\t" in line.text
        return  # a header repeated after a page break continues the open table
    if _INDICATOR_HEADER.match(text) and len(text) < 200:
        ends = bool(_INDICATOR_HEADER_END.search(text))
        if state.mode == "indicators" and not state.tab_table and "\t" not in line.text:
            # The header repeated after a page break: the table, and a row cut by the break, go on.
            state.mode = "indicators" if ends else "indicator_header"
            state.header_repeated = True
            return
        _close_table(state)
        state.tab_table = "\t" in line.text
        columns = [_clean(c).lower() for c in line.text.split("\t")] if state.tab_table else []
        state.indicator_columns = [_ENGLISH_COLUMNS.get(c, c) for c in columns]
        state.indicator_header = [text]
        state.header_lines, state.indicators_before = [line], len(state.indicators)
        state.mode = "indicators" if state.tab_table or ends else "indicator_header"
        return
    if state.mode == "indicator_header":
        if len(text) <= 60 and not _VALUE_CELL.search(text):
            if _INDICATOR_HEADER_END.search(text):
                state.mode = "indicators"
            if not state.header_repeated:
                state.indicator_header.append(text)
                state.header_lines.append(line)
            return
        state.mode = "indicators"  # a long line is no header cell: the header has ended, read it as a row
    if state.mode == "activities":
        if _activity_line(state, line, text):
            return
        _close_table(state)
    if state.mode == "indicators":
        if not _ends_indicators(text) and _indicator_line(state, line, text):
            return
        _close_table(state)
    if goal is not None and text.lower() in _SUBHEAD:
        goal.target = _SUBHEAD[text.lower()]
        goal.last_line = line.number
        return
    if goal is not None:
        goal.fields[goal.target].append(line)
        goal.last_line = line.number
        return
    _section_text(state, line, text)


# --- goals -----------------------------------------------------------------------------


def _goal_heading(state: _State, line: Line, text: str) -> bool:
    """Open a goal if `line` is a goal heading, or the numbered title line that follows one."""
    for level, pattern in (
        (GoalLevel.INRIKTNINGSMAL, _INRIKTNING),
        (GoalLevel.KF_MAL, _KF_MAL),
        (GoalLevel.NAMNDMAL, _NAMNDMAL),
    ):
        match = pattern.match(text)
        if not match:
            continue
        if level is GoalLevel.INRIKTNINGSMAL:
            number, title = match.group(2) or match.group(1), match.group(3)
        else:
            number, title = match.group(1), match.group(2)
        _open_goal(state, level, number, title, line)
        return True
    for level, pattern in _NUMBERED_HEADINGS:
        match = pattern.match(text)
        if match:
            _open_goal(state, level, match.group(1), match.group(2), line)
            return True
    goal = state.open_goals[-1] if state.open_goals else None
    if goal is not None and goal.title_open and not goal.title_lines:
        numbered = _NUMBERED_TITLE.match(text)
        if numbered and (goal.number is None or goal.number == numbered.group(1).rstrip(".")):
            goal.number = numbered.group(1).rstrip(".")
            goal.title_lines.append(Line(numbered.group(2), line.number, line.page, line.page_approx))
            goal.last_line = line.number
            return True
        if goal.number is None and len(text) <= 160:
            # Verksamhetsplan 2013: nämndmål without numbers; an avstämning's goals at any level.
            goal.title_lines.append(line)
            goal.last_line = line.number
            return True
    if (level := state.numbered_goals.get(line.number)) is not None and (numbered := _NUMBERED_TITLE.match(text)):
        _open_goal(state, level, numbered.group(1).rstrip("."), numbered.group(2), line)
        return True
    return False


def _open_goal(state: _State, level: GoalLevel, number: str | None, title: str | None, line: Line) -> None:
    depth = {GoalLevel.INRIKTNINGSMAL: 0, GoalLevel.KF_MAL: 1, GoalLevel.NAMNDMAL: 2}[level]
    _close_table(state)
    heading = state.heading_source
    right_above = state.heading_line == state.line_before  # its last line, where it wraps (`_wrapped_heading`)
    if state.heading_path and heading is not None and right_above and not state.section_lines:
        # A heading right above the goal, with no text of its own ("3 Stöd i tid präglat av hög
        # kvalitet …", a chapter over its goals): its words would be in no passage, so it is one,
        # cited at the heading's own line and page.
        state.section_lines = [replace(heading, text=state.heading_path[-1])]
    _flush_section(state)
    _close_goals(state, depth=depth)
    state.in_goal_part = True
    parents = tuple(g.key() for g in state.open_goals)
    if number and "." in number:
        parents = parent_numbers(number)
    title_lines = [Line(title, line.number, line.page, line.page_approx)] if title else []
    state.open_goals.append(
        _GoalBuilder(
            level=level, number=number, first=line, title_lines=title_lines, parents=parents, last_line=line.number
        )
    )


def _title_continues(goal: _GoalBuilder, text: str, following: str) -> bool:
    if not goal.title_lines or len(goal.title_lines) >= _TITLE_MAX_LINES:
        return False
    previous = goal.title_lines[-1].text.rstrip()
    if _STATUS.match(text) or text.lower() in _SUBHEAD or _ACTIVITY_HEADER.match(text):
        return False
    if _STATUS.match(following) and len(text) <= _HEADING_MAX_CHARS and not text.endswith("."):
        return True  # a status follows its heading: a wrapped title's end ("… i" / "Stockholms skolor")
    return text[0].islower() or previous.endswith(("-", ","))


def _goal_is_fresh(goal: _GoalBuilder) -> bool:
    return not any(goal.fields.values())


def _close_goals(state: _State, depth: int) -> None:
    """Finish the open goals at `depth` and below (0 closes all)."""
    while len(state.open_goals) > depth:
        builder = state.open_goals.pop()
        first = builder.first
        status: GoalStatus | None = None
        raw_status = _clean(builder.status_line.text) if builder.status_line else None
        if raw_status:
            try:
                status = GoalStatus.parse(raw_status)
            except ValueError:
                number = builder.status_line.number if builder.status_line else first.number
                state.warnings.append(f"{state.meta.file}:{number}: okänd status {raw_status!r}")
        title = join_lines([line.text for line in builder.title_lines]) or "(utan rubrik)"
        all_lines = [first, *builder.title_lines, *[line for lines in builder.fields.values() for line in lines]]
        body = tuple(sorted((line for lines in builder.fields.values() for line in lines), key=lambda x: x.number))
        if builder.status_line:
            all_lines.append(builder.status_line)
        state.goals.append(
            Goal(
                level=builder.level,
                number=builder.number,
                title=title,
                status=status,
                raw_status=raw_status,
                expected_result=join_lines([line.text for line in builder.fields["expected_result"]]),
                analysis=join_lines([line.text for line in builder.fields["analysis"]]),
                description=join_lines([line.text for line in builder.fields["description"]]),
                parent_numbers=builder.parents,
                source=Source.of_lines(state.meta.file, all_lines, last=builder.last_line),
                body=body,
                subheadings=subheadings(body),
            )
        )


def _read_goal(state: _State, number: str) -> tuple[tuple[str, ...], str] | None:
    """The goal path and key of the goal numbered `number`, among those read so far or open."""
    for goal in state.open_goals:
        if goal.number == number:
            return (*goal.parents, number), number
    for done in state.goals:
        if done.number == number:
            return (*done.parent_numbers, number), number
    return None


def _goal_context(state: _State) -> tuple[tuple[str, ...], str | None]:
    if not state.open_goals:
        return (), None
    goal = state.open_goals[-1]
    return (*goal.parents, goal.key()), goal.key()


# --- activity tables ---------------------------------------------------------------------


def _activity_line(state: _State, line: Line, text: str) -> bool:
    """Consume `line` as part of the open activity table; False ends the table."""
    if state.tab_table:
        return _activity_tab_line(state, line, text)
    if text == "Analys" and state.activity is not None and not state.pending:
        state.activity_field = "analysis"
        state.activity.last_line = line.number
        return True
    if text == "Avvikelse" and state.activity is not None and not state.pending and state.activity_field == "text":
        # The flag wrapped onto a line of its own after its row's dates.
        state.activity.deviation = True
        state.activity.last_line = line.number
        return True
    if state.activity is not None and not state.pending and state.activity_field == "text" and text[0].islower():
        # A row's text that went on after its dates: cut by a page break (and the repeated header).
        state.activity.text_lines.append(line)
        state.activity.last_line = line.number
        return True
    labelled = re.match(r"^Analys:?\s*([A-ZÅÄÖ].*)$", text)
    if labelled and state.activity is not None and not state.pending and not state.activity.analysis_lines:
        # "Analys Med anledning av …": the label and the first words on one line; or read as one
        # word where the label's cell and the text's stand close ("AnalysMed anledning …", a blind
        # trial's row spanning the table, whose reason went to the next activity).
        state.activity_field = "analysis"
        state.activity.analysis_lines.append(Line(labelled.group(1), line.number, line.page, line.page_approx))
        state.activity.last_line = line.number
        return True
    row = _ROW_DATES.match(text)
    if row:
        prefix = row.group(1).strip()
        text_lines = [*state.pending]
        if prefix:
            text_lines.append(Line(prefix, line.number, line.page, line.page_approx))
        state.pending = []
        if not text_lines and state.activity is not None:
            # Dates with no text of their own: the cells came out in another order; keep the row.
            text_lines = [line]
        _start_activity(state, text_lines or [line], row.group(2), row.group(3), bool(row.group(4)), line)
        return True
    if state.activity_field == "analysis" and state.activity is not None and not _indented(line.text):
        state.activity.analysis_lines.append(line)
        state.activity.last_line = line.number
        return True
    state.activity_field = "text"
    _finish_activity(state)
    state.pending.append(line)
    return True


def _activity_tab_line(state: _State, line: Line, text: str) -> bool:
    if "\t" not in line.text:
        return False
    cells = [c.strip() for c in line.text.split("\t")]
    first = _clean(cells[0])
    dates = [c for c in cells[1:] if re.fullmatch(_DATE, c)]
    flagged = any(c.lower() == "avvikelse" for c in cells[1:])
    analys = _TAB_ANALYS.match(first)
    if len(dates) >= 2 or (first and dates):
        _start_activity(
            state,
            [Line(first, line.number, line.page, line.page_approx)],
            dates[0],
            dates[1] if len(dates) > 1 else None,
            flagged,
            line,
        )
        # The reader's fifth cell: a Status column's word other than the flag (`cells.progress_word`).
        state.activity.progress = cells[4] if len(cells) > 4 and cells[4] else None  # type: ignore[union-attr]
        # The sixth: the table's other columns, each with its name ("Ansvarig: Kommunstyrelsen").
        state.activity.other = cells[5] if len(cells) > 5 and cells[5] else None  # type: ignore[union-attr]
        # The seventh: the goal a goal column names, where that goal was read (a register's rows).
        named = _read_goal(state, cells[6]) if len(cells) > 6 and cells[6] else None
        if named is not None:
            state.activity.goal_path, state.activity.goal = named  # type: ignore[union-attr]
        return True
    if analys and state.activity is not None:
        state.activity_field = "analysis"
        if analys.group(1):
            state.activity.analysis_lines.append(Line(analys.group(1), line.number, line.page, line.page_approx))
        state.activity.last_line = line.number
        return True
    if first and state.activity is not None:
        # A cell continued after a page break: it belongs to the field that was open.
        target = state.activity.analysis_lines if state.activity_field == "analysis" else state.activity.text_lines
        target.append(Line(first, line.number, line.page, line.page_approx))
        state.activity.last_line = line.number
        return True
    return not first  # an empty row (only tabs) belongs to the table; other text ends it


def _start_activity(
    state: _State, text_lines: list[Line], start: str | None, end: str | None, deviation: bool, row_line: Line
) -> None:
    _finish_activity(state)
    path, goal = _goal_context(state)
    state.activity = _ActivityBuilder(
        text_lines=text_lines,
        start=start,
        end=end,
        deviation=deviation,
        goal_path=path,
        goal=goal,
        last_line=row_line.number,
    )
    state.activity_field = "text"


def _finish_activity(state: _State) -> None:
    builder = state.activity
    if builder is None:
        return
    state.activity = None
    all_lines = [*builder.text_lines, *builder.analysis_lines]
    state.activities.append(
        Activity(
            text=_BULLET.sub("", join_lines([line.text for line in builder.text_lines])),
            start=builder.start,
            end=builder.end,
            deviation=builder.deviation,
            analysis=join_lines([line.text for line in builder.analysis_lines]),
            goal=builder.goal,
            goal_path=builder.goal_path,
            source=Source.of_lines(state.meta.file, all_lines, last=builder.last_line),
            progress=builder.progress,
            other=builder.other,
        )
    )


# --- indicator tables --------------------------------------------------------------------


def _indicator_line(state: _State, line: Line, text: str) -> bool:
    """Consume `line` as part of the open indicator table; False ends the table."""
    if state.tab_table:
        if "\t" not in line.text:
            return False
        cells = [c.strip() for c in line.text.split("\t")]
        first = _clean(cells[0])
        analys = _TAB_ANALYS.match(first)
        if analys and state.indicator is not None:
            state.indicator.analysis_lines.append(Line(analys.group(1), line.number, line.page, line.page_approx))
            return True
        if not first:
            return True
        if not any(cells[1:]) and state.indicator is not None and state.indicator.closed:
            # A row of a name and no value: the line of a name wrapped in its cell (a reader's tab
            # table, "Andel våldsutsatta boende inom Norrmalms" / "stadsdelsområde som …"); it had been
            # an indicator. (A heading after the table, "Aktiviteter", ended it: `_ends_indicators`.)
            state.indicator.name_lines.append(Line(first, line.number, line.page, line.page_approx))
            return True
        _finish_indicator(state)
        columns = state.indicator_columns
        named = {columns[i]: cells[i] for i in range(1, min(len(columns), len(cells)))}
        _, goal = _goal_context(state)
        state.indicator = _IndicatorBuilder(
            name_lines=[Line(first, line.number, line.page, line.page_approx)],
            value_lines=[line],
            cells=named,
            goal=goal,
            closed=True,
        )
        return True
    columns = header_columns(" ".join(state.indicator_header))
    if is_plan_table(columns):
        return _plan_indicator_line(state, line, text, columns)
    builder = state.indicator
    repeated, state.header_repeated = state.header_repeated, False
    if builder is not None:
        builder.name_open = (repeated or builder.name_open) and text[0].islower()
    if text == "Analys" and builder is not None and builder.closed:
        builder.analysis_lines.append(Line("", line.number, line.page, line.page_approx))
        return True
    name, values = split_name(_BULLET.sub("", line.text).replace("\t", " ").strip())
    if builder is not None and builder.name_open and builder.closed and not builder.analysis_lines:
        builder.name_lines.append(line)  # a name cut by the page break goes on under the repeated header
        return True
    if (
        builder is not None
        and builder.closed
        and not builder.analysis_lines
        and re.fullmatch(r"(?:VB|Tertial\s*\d|T\d)?\s*(?:19|20)\d\d", text)
    ):
        builder.value_lines.append(line)  # "Fastställs 2021" closed the row early; "VB 2021" is its period
        return True
    if (
        builder is not None
        and builder.closed
        and builder.analysis_lines
        and not _indented(line.text)
        and not values
        and not _starts_row(builder.analysis_lines[-1].text, text)
        and not _row_ahead(text, state.ahead)
    ):
        if sum(len(_clean(previous.text)) + 1 for previous in builder.analysis_lines) > _INDICATOR_ANALYSIS_MAX_CHARS:
            return False  # an indicator's comment is short: longer text is the goal's own
        builder.analysis_lines.append(line)
        return True
    # A values line starts with a figure, or with a piece of the cell "Tas fram av nämnd/styrelse"
    # wrapped in its column; not with any "av …": a name's wrapped last line ("Stockholmarnas nöjdhet
    # … städning" / "av park och grönområden") was read as values, and its outcome lost.
    starts_value = bool(re.match(r"^[-−–]?\d", text)) or bool(_CELL_PIECE.match(text)) or bool(_GOAL_LABEL.match(text))
    goes_on = text[0].islower() or (state.cut_text and not _starts_row(state.cut_text, text))
    if builder is None and goes_on and not _indented(line.text):
        # No row opens in lower case: the text the header cut in two goes on (a page break
        # in the extraction put the next page's table header inside a goal's Analys), up to
        # the first row.
        _give_back(state, [line])
        state.cut_text = text
        return True
    state.cut_text = ""
    if builder is None or builder.closed:
        if starts_value or len(text) > 160:
            return False  # prose or a stray number: the table is over
        _finish_indicator(state)
        _, goal = _goal_context(state)
        if values:
            # Name and cells on one line ("Sjukfrånvaro 9,4 % 6,8 % …"): a row of its own,
            # never the end of the previous row's Analys.
            state.indicator = _IndicatorBuilder(
                name_lines=[Line(name, line.number, line.page, line.page_approx)],
                value_lines=[Line(values, line.number, line.page, line.page_approx)],
                cells={},
                goal=goal,
                closed=_ends_period(state, values),
            )
            return True
        state.indicator = _IndicatorBuilder(name_lines=[line], value_lines=[], cells={}, goal=goal)
        return True
    if len(builder.name_lines) + len(builder.value_lines) >= _INDICATOR_MAX_LINES:
        return False  # no row runs this long: the table ended without a sign
    if not builder.value_lines and (not starts_value or _name_goes_on(builder.name_lines[-1].text, text)):
        builder.name_lines.append(line)
        return True
    if builder.value_lines and _GROUP_REST.fullmatch(text) and _GROUP_CUT.search(builder.value_lines[-1].text):
        # The rest of a figure its cell wrapped ("221 40" / "0": 221 400): a digit group after a
        # thousands space has three digits, so a shorter last group goes on in the next line.
        last = builder.value_lines[-1]
        builder.value_lines[-1] = Line(last.text.rstrip() + text, last.number, last.page, last.page_approx)
        return True
    builder.value_lines.append(line)
    if _ends_period(state, text):
        builder.closed = True
    return True


# A name's line that ends in a preposition goes on: a year after it is the name's ("Minskning av CO2e
# till" / "2023", Kommunstyrelsen T2 2021), not the row's period, which had closed the row before its
# figures and put the next row into the goal's text. Swedish prepositions that take a time, and "år"
# ("… per år" / "2023").
_TIME_PREPOSITIONS = frozenset({"till", "år", "före", "efter", "från", "under", "inom", "mot", "sedan", "per", "i"})


def _name_goes_on(name_line: str, text: str) -> bool:
    words = name_line.split()
    return bool(words) and words[-1].lower() in _TIME_PREPOSITIONS and bool(re.fullmatch(r"(?:19|20)\d\d", text))


_GROUP_CUT = re.compile(r"\d \d{1,2}$")  # a figure's last digit group, short: cut by the cell's edge
_GROUP_REST = re.compile(r"\d{1,2}")


def _plan_indicator_line(state: _State, line: Line, text: str, columns: tuple[str, ...]) -> bool:
    """A plan table's line (Verksamhetsplan 2013: "Årsmål KF:s årsmål Periodicitet", no outcome):
    a row's lines run until one ends in its periodicity. A row that cannot be read goes back to
    the goal's text, as does the text of a row never closed when the table ends."""
    state.header_repeated = False  # a header repeated by a page break only continues the table
    builder = state.indicator
    if builder is None:
        if len(text) > _PLAN_ROW_MAX_CHARS:
            return False  # prose: the table is over
        _, goal = _goal_context(state)
        builder = state.indicator = _IndicatorBuilder(name_lines=[], value_lines=[], cells={}, goal=goal)
    elif len(builder.name_lines) >= _INDICATOR_MAX_LINES:
        return False  # no row runs this long: the table ended without a sign
    builder.name_lines.append(line)
    if not PERIODICITY.search(line.text.rstrip()):
        return True
    builder.plan = read_plan_row([row.text for row in builder.name_lines], columns)
    if builder.plan is None:
        state.indicator = None
        _give_back(state, builder.name_lines)
        return True
    builder.closed = True
    _finish_indicator(state)
    return True


def _starts_row(previous: str, text: str) -> bool:
    """After an indicator's Analys, the next row's name: a short capitalised line that ends no
    sentence, after a line that did. (The blank lines that part the rows in print are gone.)"""
    ends = previous.rstrip().endswith((".", "!", "?", ")"))
    return ends and len(text) <= 35 and text[0].isupper() and not text.endswith((".", ":"))


# A row's name wraps over a few short lines before its cells (Norrmalm 2021: "Andel trygga" /
# "omsorgstagare i vård- och" / "omsorgsboende" / "86 % 88 % Tas fram").
_ROW_NAME_LINES = 4
_ROW_NAME_MAX_CHARS = 35


def _row_ahead(text: str, ahead: Sequence[str]) -> bool:
    """Whether `text` opens a row's name whose cells follow within a few short lines, whatever the
    Analys before it ended with: a comment cut off mid-sentence by a page break (Norrmalm 2021, line
    3386) had taken the next row's name into it, and the rows after it into the goal's text (four of
    the elderly care's indicators lost)."""
    if len(text) > _ROW_NAME_MAX_CHARS or not text[0].isupper() or text.endswith((".", ":")):
        return False
    for following in ahead:
        if re.match(r"^[-−–]?\d", following):
            return bool(_CELL_PIECE.search(following) or len(re.findall(r"\d[\d\s,]*\s*%", following)) >= 2)
        if len(following) > _ROW_NAME_MAX_CHARS or following.endswith((".", ":")):
            return False
    return False


# The period a row's outcome is for is the report's year or one near it; a year-like figure far
# from it is a value ("… 3,3 GWh 1945" / "GWh": KF's target for the city, 1945 GWh, had closed the row
# and its unit became an indicator of its own).
_PERIOD_YEARS = 10


def _ends_period(state: _State, text: str) -> bool:
    match = _PERIOD_END.search(text)
    if not match:
        return False
    year = re.search(r"(?:19|20)\d\d", match.group(0))
    return year is None or state.meta.year is None or abs(int(year.group(0)) - state.meta.year) <= _PERIOD_YEARS


# A card's goal label ("Nämndmål  3.2.1" above "Utfall  100 %"): no row's name, so the table is over.
_GOAL_LABEL = re.compile(r"^(?:nämndmål|kf-mål|inriktningsmål|verksamhetsområdesmål)\s*:?\s*\d+(?:\.\d+)*\s*$", re.I)
# "nämnd" as the cell's word, not a row's name that opens with it ("Nämndens budgetföljsamhet …",
# whose three rows had been read as values and the table as the goal's text).
_CELL_PIECE = re.compile(r"^(?:tas fram|fram av|av(?:\s+(?:nämnd|styrelse)\b|\s*$)|nämnd\b)", re.IGNORECASE)


def _finish_indicator(state: _State) -> None:
    builder = state.indicator
    if builder is None:
        return
    state.indicator = None
    if not builder.closed and not builder.value_lines:
        _give_back(state, builder.name_lines)  # prose after the table, not a row
        return
    name = join_lines([line.text for line in builder.name_lines])
    if not builder.cells and builder.plan is None and len(_VALUE_CELL.findall(name)) >= 2:
        # Figures inside the name: rows this reader could not part ("Aktivt index 86 → 86 82 Ja
        # Medskapand eindex Index Bra …", a table with columns it does not know). No indicator is
        # made of them (its values would be another row's); the text stays, as the goal's text.
        _give_back(state, [*builder.name_lines, *builder.value_lines, *builder.analysis_lines])
        return
    previous = None
    if builder.cells:
        raw_values = " | ".join(f"{k}: {v}" for k, v in builder.cells.items() if v)
        cell = _column_reader(builder.cells)
        outcome, unit = parse_number(cell("periodens utfall") or _outcome_cell(builder.cells))
        men, _ = parse_number(cell("utfall män"))
        women, _ = parse_number(cell("utfall kvinn"))
        target_cell, kf_cell = cell("årsmål", exclude="kf"), cell("kf:s årsmål")
        target, target_unit = parse_number(target_cell)
        kf_target, kf_unit = parse_number(kf_cell)
        target_note, kf_target_note = cell_note(target_cell), cell_note(kf_cell)
        band = is_band(target_cell if target is not None else kf_cell)
        previous, _ = parse_number(cell("periodens utfall vb"))
        forecast, _ = parse_number(cell("prognos"))
        period = cell("period", exclude="utfall") or None
        unit = unit or target_unit or kf_unit
    else:
        if builder.plan is not None:
            name, raw_values, cells = builder.plan.name, builder.plan.raw_values, builder.plan.cells
        else:
            cells = _flattened_cells(state, builder)
            raw_values = join_lines([line.text for line in builder.value_lines])
        outcome, unit = cells.number("outcome")
        men, _ = cells.number("men")
        women, _ = cells.number("women")
        previous, _ = cells.number("previous")
        forecast, _ = cells.number("forecast")
        target, target_unit = cells.number("target")
        kf_target, kf_unit = cells.number("kf_target")
        target_note, kf_target_note = cell_note(cells.target), cell_note(cells.kf_target)
        band = is_band(cells.target if target is not None else cells.kf_target)
        unit = unit or target_unit or kf_unit
        period = cells.period or None
    all_lines = [*builder.name_lines, *builder.value_lines, *[line for line in builder.analysis_lines if line.text]]
    state.indicators.append(
        Indicator(
            name=name,
            values=IndicatorValues(
                outcome=outcome,
                outcome_men=men,
                outcome_women=women,
                previous=previous,
                forecast=forecast,
                target=target,
                kf_target=kf_target,
                target_note=target_note,
                kf_target_note=kf_target_note,
                period=period,
                unit=unit,
                lower_is_better=lower_is_better(name),
                band=band,
                previous_label=previous_label(" ".join(state.indicator_header)) if previous is not None else None,
            ),
            raw_values=raw_values,
            analysis=join_lines([line.text for line in builder.analysis_lines]),
            goal=builder.goal,
            source=Source.of_lines(state.meta.file, all_lines),
        )
    )


def _flattened_cells(state: _State, builder: _IndicatorBuilder) -> Cells:
    """A text extraction's row: its values lines read into the header's columns."""
    first = builder.value_lines[0].text if builder.value_lines else ""
    return read_cells(
        " ".join(line.text.strip() for line in builder.value_lines),
        header_columns(" ".join(state.indicator_header)),
        # Cells left empty show only as spaces: before the first value, the outcome is empty;
        # a wide gap after it, men and women are. Three spaces suffice: Norrmalm 2021 prints
        # "   62 % 70 % Tas fram" (line 3213), whose Analys gives the outcome as 94,5 %: 62 % is
        # VB 2020's. No values line of the corpus starts with three spaces and an outcome.
        outcome_empty=bool(re.match(r"^\s{3,}\S", first))
        and builder.name_lines[0].number != builder.value_lines[0].number,
        sexes_empty=bool(re.match(r"^\s*\S+(?: ?(?:%|st|kr))?\s{3,}\S", first)),
    )


# A column of the period's outcome named otherwise than "Periodens utfall": "Utfall", "Utfall T1",
# "Utfall tertial 2". Not a split by sex, nor an earlier period's ("Utfall VB 2020", "Utfall helår
# 2019", "Föregående"). A second blind trial's "Utfall T1" column was read as no outcome (0 of 4).
_OTHER_OUTCOME = re.compile(r"^utfall\b(?!.*(?:män|kvinn|pojk|flick|vb|föregående|(?:19|20)\d\d))")


_YEAR_OUTCOME = re.compile(r"^utfall\s+(?:t[123]\s+)?((?:19|20)\d\d)$")  # "Utfall 2021", "Utfall T2 2021"


def _outcome_cell(cells: dict[str, str]) -> str:
    """The outcome's cell under a label other than "Periodens utfall": "Utfall", "Utfall T1"; where
    the columns are named by year ("Utfall 2021 | Utfall 2020"), the latest year's (blind trials 4
    and 5: the outcome was read from no column, and the indicators had targets only)."""
    plain = next((value for key, value in cells.items() if _OTHER_OUTCOME.match(" ".join(key.split()))), "")
    if plain:
        return plain
    by_year = [(m.group(1), value) for key, value in cells.items() if (m := _YEAR_OUTCOME.match(" ".join(key.split())))]
    return max(by_year)[1] if by_year else ""


def _column_reader(cells: dict[str, str]):
    # A label is matched with its spaces out: a narrow column may break it inside a word without a
    # hyphen ("Periode" / "ns utfall", LibreOffice's Word tables).
    squeezed = {key.replace(" ", ""): value for key, value in cells.items()}

    def cell(prefix: str, exclude: str | None = None) -> str:
        wanted = prefix.replace(" ", "")
        for key, value in squeezed.items():
            if key.startswith(wanted) and (exclude is None or exclude not in key):
                return value
        return ""

    return cell


def _close_table(state: _State) -> None:
    """End an open table; text that never met its dates goes back to the goal or section."""
    _finish_activity(state)
    _finish_indicator(state)
    pending, state.pending = state.pending, []
    if state.header_lines and len(state.indicators) == state.indicators_before:
        # A header with no row under it was no table's ("Indikator  Andel …" as a card's first line).
        pending = [*state.header_lines, *pending]
    state.header_lines = []
    _give_back(state, pending)
    state.mode = "text"
    state.tab_table = False
    state.activity_field = "text"


def _give_back(state: _State, lines: Sequence[Line]) -> None:
    """Lines a table took that were not table rows go to the open goal, or the narrative."""
    goal = state.open_goals[-1] if state.open_goals else None
    for line in lines:
        if not _clean(line.text):
            continue  # an empty Analys label's place-holder: no words to give back (a mutated report)
        if goal is not None:
            goal.fields[goal.target].append(line)
        else:
            _section_text(state, line, _clean(line.text))


# --- narrative sections ------------------------------------------------------------------


# A decision protocol's dissent: "Reservation anfördes av Karin Wanngård (S) enligt följande." Every
# nämnd's and the city council's protocols word it so (also "Särskilt uttalande gjordes av …",
# "Ersättaryttrande gjordes av …"). What follows is a party's proposal, not the nämnd's plan, so it
# is a section of its own, and headings inside it stay under it until the protocol's own next
# part (a heading in capitals, "ÄRENDET") or the next dissent.
_DISSENT = re.compile(
    r"^(?P<kind>Reservation anfördes|Särskilt uttalande gjordes|Ersättaryttrande gjordes)\s+av\s+"
    r"(?P<who>.+?)(?:\s+enligt följande|\s+med hänvis\w*|\s*[.:]|$)"
)
# How a dissent's section is headed (`_DISSENT_LABELS`); search reads it too, to rank dissents after
# the report's own words.
DISSENT_HEADING = re.compile(r"^(?:Reservation|Särskilt uttalande|Ersättaryttrande) av ")
_DISSENT_LABELS = {
    "Reservation anfördes": "Reservation",
    "Särskilt uttalande gjordes": "Särskilt uttalande",
    "Ersättaryttrande gjordes": "Ersättaryttrande",
}


def _section_text(state: _State, line: Line, text: str) -> None:
    # The form fields of a tjänsteutlåtande's head ("Handläggare" / "Kristin Strand", "Till" /
    # "Kommunstyrelsen") are the memo's, not the report's: read as headings, a case officer's name
    # stood in every citation of the first section ("Handläggare › Kristin Strand › …", trial 27).
    # They are kept as the first section's text: no word of a report is dropped.
    if state.form_value or (not state.sections and text.rstrip(":").lower() in _FORM_LABELS):
        state.form_value = not state.form_value
        state.memo_head = True
        state.section_lines.append(line)
        state.previous_text = text
        return
    if state.heading_wraps:  # the second line of a heading in two lines (`_wrapped_heading`)
        state.heading_wraps = False
        state.heading_path[-1] = join_lines([state.heading_path[-1], text])
        state.heading_line = line.number  # the heading ends here: a heading right under it is bodiless's
        state.previous_text = text
        return
    dissent = _DISSENT.match(text)
    if dissent:
        _flush_section(state)
        state.heading_path = [f"{_DISSENT_LABELS[dissent.group('kind')]} av {dissent.group('who').strip()}"]
        state.section_lines.append(line)  # who dissents is part of what the passage says
        state.previous_text = text
        return
    # The items of a list a sentence leads in ("De idrottsprojekt som pågår under 2024 är:" / "Ny
    # servicebyggnad på Vårbergs IP" / …) are its text, not headings: kept as headings, a new user
    # searched them in vain (heading words name a section in its citation, they are no text of it).
    in_list = state.list_open and len(text.split()) <= _LIST_ITEM_WORDS
    # A sentence's colon, not a label's ("Analys:", "Förväntat resultat:"): three words or more, or
    # the wrapped end of a sentence ("2024 är:").
    leads_in = text.endswith(":") and (len(text.split()) >= 3 or not text[0].isupper())
    state.list_open = leads_in or (in_list and not text.endswith((".", "!", "?")))
    wraps = not in_list and _wrapped_heading(text, state.previous_text, state.next_text, state.after_next_text)
    if not in_list and (wraps or _is_heading(text, state.previous_text, state.next_text)):
        fragment = _fragment(state.section_lines) or state.memo_head
        # The last heading has no passage of its own: nothing under it yet, or a fragment carried on.
        bodiless = state.heading_line is not None and (state.heading_line == state.line_before or fragment)
        if not fragment:
            _flush_section(state)
        if state.heading_path and _is_heading_continuation(state.heading_path[-1], text):
            state.heading_path[-1] = join_lines([state.heading_path[-1], text])
        elif state.heading_path and bodiless and state.heading_path[-1] == text:
            pass  # the same heading printed twice (a running title above its section's)
        elif state.heading_path and bodiless:
            # A heading right under another (a chapter's and its first part's), or over a fragment
            # carried on: both name what follows, and the first is kept, never dropped (a blind
            # trial's "Indikator Andel upphandlade avtal …" card lost its name so; a list of short
            # lines, "Ny servicebyggnad på Vårbergs IP" / "Konstgräs och …", kept all but its last).
            state.heading_path = [*state.heading_path, text]
        elif state.heading_path and DISSENT_HEADING.match(state.heading_path[0]) and not text.isupper():
            state.heading_path = [state.heading_path[0], text]  # a heading inside the dissent
        else:
            state.heading_path = [text]
        state.heading_line = line.number
        state.heading_source = line
        state.heading_wraps = wraps
    else:
        state.section_lines.append(line)
        state.memo_head = False
    state.previous_text = text


# The labels of the city's memo template (tjänsteutlåtande), each on a line above its value, before
# the report's first section.
_FORM_LABELS = frozenset({"handläggare", "till", "från", "datum", "dnr", "diarienummer", "ärende"})
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_LIST_ITEM_WORDS = 12  # as long as a heading may be (`_is_heading`): a longer line is a sentence


def _is_heading(
    text: str,
    previous: str,
    following: str,
    *,
    max_chars: int = _HEADING_MAX_CHARS,
    max_words: int = 12,
    open_end: bool = False,
) -> bool:
    """A short line that starts with a capital and ends no sentence, between finished
    sentences: the line before ends one, the line after starts one."""
    if not text or len(text) > max_chars or len(text.split()) > max_words:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or text.endswith((".", ",", ";", "-")):
        return False
    if re.search(r"\d[\d ,]*\s*(%|mnkr|tkr|kr)\b", text) or re.search(r"\s-?\d+,\d", text):
        return False  # a table row, not a heading
    if re.search(r"\s\d{1,3}(?: \d{3})+$", text):
        return False  # a name and an amount in thousands ("Norra innerstaden 3 726"): a table row
    words = _SECTION_NUMBER.sub("", text).split()  # "6. Internkontrollplan 2013" names its section
    if sum(any(ch.isalpha() for ch in word) for word in words) * 2 < len(words):
        return False  # mostly figures: a table row ("46 520 2 326 -3 214 -392 ja 3 606"), which names nothing
    if following and not (
        following[0].isupper() or following[0] in "•●-–" or (following[0].isdigit() and text[0].isdigit())
    ):
        return False  # the sentence goes on in the next line
    if text.split()[-1].lower() in _FUNCTION_WORDS and not open_end:
        return False  # "... uppgår till" / "1 076 mnkr": a wrapped sentence, not a heading
    if previous and previous.split()[-1].lower() in _FUNCTION_WORDS:
        return False  # "… utvecklingsarbetet i" / "Hagastaden successivt …": the sentence goes on
    if len(text.split()) >= _CLAUSE_MIN_WORDS and _SENTENCE_END_SOON.match(following):
        # "Ytterligare en del av arbetet mot välfärdsbrott är projektet" / "Samordnad Tillsyn. Syftet
        # …": a sentence the next line ends within a few words, not a heading above it (the 2024
        # avstämning had three such, Norrmalm one: each sentence lost its first line to a heading).
        return False
    return not previous or previous.endswith((".", ":", "!", "?", "”", '"')) or len(previous.split()) <= 8


# A heading in two lines: a goal's title as the city's prose reports print it ("Alla barn och
# ungdomar ska ges möjlighet till jämlika" / "uppväxtvillkor och trygghet samt en rik fritid"), a
# sentence's length but no sentence, between finished ones. The second line starts in lower case,
# is the short rest of a wrapped line, and has no sentence's end in it (a wrapped sentence of the
# text has one, or goes on in lower case); the line after it starts a sentence. The 2024
# avstämning printed all 19 of its goals' titles so, and none was read: its passages cited no goal.
_WRAP_REST_WORDS = 8
_WRAPPED_MAX_WORDS = 20
_WRAPPED_MAX_CHARS = 2 * _HEADING_MAX_CHARS


def subheadings(lines: Sequence[Line]) -> tuple[int, ...]:
    """The line numbers of the headings inside a goal's text, by the rule a section's heading is read
    by (`_is_heading`): Norrmalm's goals analyse several subjects each under its own heading
    ("Alkohol-, narkotika- och tobaksförebyggande arbete", "Hemlöshet och vräkningsförebyggande
    arbete"), and a passage cut across one mixed two subjects (a new user's homelessness question
    ranked the drug-prevention half of such a passage first). The first line is the text's start."""
    texts = [_clean(line.text) for line in lines]
    return tuple(
        line.number
        for i, line in enumerate(lines)
        if i and i + 1 < len(lines) and _is_heading(texts[i], texts[i - 1], texts[i + 1])
    )


def _wrapped_heading(text: str, previous: str, following: str, after: str) -> bool:
    """Whether `text` and the line `following` it are one heading (see `_WRAPPED_MAX_WORDS`)."""
    if not following or not following[0].islower() or text.endswith((".", "!", "?", ":", ";", ",")):
        return False
    if not after[:1].isupper():
        return False  # the paragraph under it starts with a sentence, not a number or a list's item
    rest = following.split()
    if len(rest) > _WRAP_REST_WORDS or re.search(r"[.!?:;]", following) or following.endswith((",", "-")):
        return False
    joined = f"{text} {following}"
    # A preposition alone on the second line ends the title ("… ett bra boende som de har råd" / "med"):
    # where a sentence went on, more than that one word would have wrapped.
    stranded = len(rest) == 1
    return _is_heading(
        joined, previous, after, max_chars=_WRAPPED_MAX_CHARS, max_words=_WRAPPED_MAX_WORDS, open_end=stranded
    )


# A section body this short with no sentence in it is no passage of its own: a table's header cell
# under its first cell taken for a heading ("Avvikelse jämfört med budget (mnkr) …" / "Bokslut
# 2021", eight times in Norrmalm's), or a heading's stray word. It goes with the section the next
# heading opens, whose table or text it heads; shown alone, "Bokslut 2021" filled lists as a hit.
# "Ej aktuellt." is a sentence and stays the answer of its heading.
_FRAGMENT_MAX_WORDS = 4


def _fragment(lines: Sequence[Line]) -> bool:
    text = " ".join(line.text for line in lines).strip()
    return bool(text) and len(text.split()) <= _FRAGMENT_MAX_WORDS and not text.endswith((".", "!", "?", ":"))


def _is_heading_continuation(heading: str, text: str) -> bool:
    return heading.endswith(("och", "samt", "för", "av", "-")) and text[:1].islower()


def _flush_section(state: _State) -> None:
    if not state.section_lines:
        return
    lines, state.section_lines = state.section_lines, []
    text = join_lines([line.text for line in lines])
    state.sections.append(
        Section(
            heading_path=tuple(state.heading_path) or ("Inledning",),
            text=text,
            source=Source.of_lines(state.meta.file, lines),
            body=tuple(lines),
            heading=state.heading_source if state.heading_path else None,
        )
    )
