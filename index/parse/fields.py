"""Activities and indicators written as labelled fields, put in the tab form the parser reads tables in.

Not every report sets its activities in a table. Word-made reports write each as a bullet with its
dates and status on labelled lines under it ("Tid: 2021-01-01 – 2021-12-31 · Status: Pågående",
"Analys: …"), or as a card of label and value rows ("Aktivitet", "Startdatum", "Slutdatum",
"Status", "Kommentar"). A blind trial's three such layouts gave 0 of their 33 activities: they were
read as sections, their dates and deviations lost to search and drafts.

An activity is found by its dates, as in a table: every activity of the city's reports has a start
and an end, and a dated field names them ("Tid:", "Period:", "Startdatum" …). Its text is the
labelled "Aktivitet" value, else the paragraph just above its dates (back to its bullet, the
table's header or the record before); its other fields are the ones next to the dates. An indicator
is found by its "Indikator:" label, followed by its values' labels ("Utfall:", "Årsmål:" …). Reports
without such fields (all five of the corpus) read as before, line for line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from index.parse.records import ACTIVITIES_LABEL, Line
from index.read.cells import DATE_IN_TEXT, MONTH_OR_QUARTER, marks_deviation, period_date, progress_word

# A field's label, by what it holds. "Tid"/"Period" hold both dates; "Avvikelse" the flag, "Status"
# the flag or how far the work has come ("Pågående"); "Nämndmål" repeats the goal the heading names.
_LABELS: dict[str, str] = {
    "tid": "period",
    "tidsperiod": "period",
    "period": "period",
    "tidsplan": "period",
    "tidsram": "period",
    "start": "start",
    "startdatum": "start",
    "slut": "end",
    "slutdatum": "end",
    "status": "status",
    "avvikelse": "status",
    "avvikelse från plan": "status",
    "kommentar": "comment",
    "analys": "comment",
    "aktivitet": "text",
    "nämndmål": "goal",
}
_LABEL = "|".join(sorted((re.escape(label) for label in _LABELS), key=len, reverse=True))
_MARKER_CHARS = " \t\u2022\u25cf\u25aa\u25a0\u25e6\uf0b7-–*·"
_MARKER = r"[\s\u2022\u25cf\u25aa\u25a0\u25e6\uf0b7\-–*·]*"  # bullets as fonts draw them, Word's Symbol one too
# A field at a line's start, with or without its colon ("Startdatum  2021-01-01" in a card's row).
_FIELD_START = re.compile(rf"^{_MARKER}(?P<label>{_LABEL})(?:\s*:\s*|\s+|$)(?P<value>.*)$", re.I)
# A field further on in a line, only with its colon: two fields set on one line ("… · Status: X").
_FIELD_INNER = re.compile(rf"(?<![\w:])(?P<label>{_LABEL})\s*:\s*", re.I)
_DATE = rf"(?:{DATE_IN_TEXT.pattern}|{MONTH_OR_QUARTER.pattern})"  # a day, or a month or quarter
_DATE_RANGE = re.compile(rf"^({_DATE})\s*(?:-{{1,2}}|[–—]|till|t\.o\.m\.?)\s*({_DATE})", re.I)
_ONE_DATE = re.compile(_DATE, re.I)
_BULLET_START = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u25e6\uf0b7*–-]|\d+(?:\.\d+)*\.?\s)\s*")
_SEPARATORS = " ·|;,"
_TEXT_LINES = 8  # lines back from the dates an activity's text may start: longer is prose, not a bullet
_CARD_LINES = 24  # a card's rows above its dates, each a label's or set right of the labels


@dataclass(slots=True)
class _Record:
    first: int  # index of the record's first line
    last: int  # index of its last line
    text: list[Line] = field(default_factory=list)
    comment: list[Line] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    deviation: bool = False
    progress: str | None = None


def activity_fields(lines: Sequence[Line], stops: Callable[[str], bool]) -> list[Line]:
    """`lines` with every activity written as labelled fields put as a table's tab-separated rows.

    `stops(text)`: whether a line can be no part of an activity's text (a goal's heading, a table's
    header, a status line), so that the text looked for above the dates never runs into it.
    """
    records: list[_Record] = []
    index = 0
    while index < len(lines):
        record = _record_at(lines, index, records[-1].last if records else -1, stops)
        if record is None:
            index += 1
            continue
        records.append(record)
        index = record.last + 1
    if not records:
        return list(lines)
    out: list[Line] = []
    at = 0
    for number, record in enumerate(records):
        out += lines[at : record.first]
        in_run = number > 0 and records[number - 1].last == record.first - 1
        if not in_run:
            out.append(_header(out.pop() if out and _is_header(out[-1].text) else lines[record.first]))
        out += _rows(record)
        at = record.last + 1
    return out + list(lines[at:])


def _record_at(lines: Sequence[Line], index: int, previous_end: int, stops: Callable[[str], bool]) -> _Record | None:
    """The record whose dates stand on line `index`, or None where no dated field does."""
    if "\t" in lines[index].text:
        return None  # a table's row, read by its columns
    lead, fields = _line_fields(lines[index].text)
    if not any(
        (k == "period" and _DATE_RANGE.match(v.strip(_SEPARATORS))) or (k == "start" and _ONE_DATE.search(v))
        for k, v in fields
    ):
        return None  # a record starts with its dates: both, or the start (a card's "Startdatum" row)
    # Fields above the dates: a card's "Aktivitet" and "Nämndmål" rows, or a "Status" set first,
    # with the lines that continue them; up to the card's "Aktivitet" row.
    above = index
    labelled = False
    while not lead and not labelled and above - 1 > previous_end and above - 1 >= index - _CARD_LINES:
        candidate = lines[above - 1]
        kinds = [k for k, _ in _fields(candidate.text)]
        if kinds:
            above -= 1
            labelled = "text" in kinds
        elif above - 2 > previous_end and (_indent(candidate) > _indent(lines[index]) or _continues(candidate, None)):
            above -= 1  # a value's wrapped line: set right of the labels, or going on in lower case
        else:
            break
    if not labelled:
        start = _paragraph_start(lines, above if not lead else index, previous_end, stops, has_lead=bool(lead))
        if start is None and above == index:
            return None  # dates with no text above them: not an activity of this form
        above = start if start is not None else above
    # Fields below the dates, and the lines that continue them.
    below = index
    labelled_line = lines[index]  # the last line with a label: a value's wrapped lines stand right of it
    # A label with its value on the lines below it ("Analys:" / "I syfte att …"): they stand at least as
    # far in as the first of them.
    value_indent = _value_indent(lines, index)
    while below + 1 < len(lines) and not _starts_record(lines[below + 1].text):
        following = lines[below + 1]
        if _fields(following.text):
            labelled_line = following
            value_indent = _value_indent(lines, below + 1)
        elif (
            value_indent is not None and _indent(following) >= value_indent and not _BULLET_START.match(following.text)
        ):
            pass
        elif not _continues(following, labelled_line):
            break
        below += 1
    record = _Record(first=above, last=below)
    _fill(record, lines, index, lead)
    return record if record.text else None


def _paragraph_start(
    lines: Sequence[Line], index: int, previous_end: int, stops: Callable[[str], bool], *, has_lead: bool
) -> int | None:
    """The first line of the activity's text above line `index`: back to its bullet (or number),
    the line after the record before, or after a line that can be no text of it."""
    start = index if has_lead else None
    for i in range(index - 1, max(previous_end, index - 1 - _TEXT_LINES), -1):
        text = lines[i].text
        if stops(text.strip()) or _is_header(text) or "\t" in text or _fields(text):
            break
        start = i
        if _BULLET_START.match(text):
            break
    return start


def _starts_record(text: str) -> bool:
    """A line that begins the next activity: its text's bullet, or a card's "Aktivitet" row."""
    fields = _fields(text)
    if fields:
        return fields[0][0] == "text"
    return bool(_BULLET_START.match(text))


def _continues(line: Line, labelled: Line | None) -> bool:
    """A line that goes on with a field's value: set deeper than the line with its label, or a
    sentence going on in lower case."""
    text = line.text.strip()
    if not text or _fields(line.text) or _BULLET_START.match(line.text):
        return False
    return (labelled is not None and _indent(line) > _indent(labelled)) or text[0].islower()


def _value_indent(lines: Sequence[Line], index: int) -> int | None:
    """Where the value of line `index`'s last label stands when the label ends its line empty: the
    indent of the next line; None where the label holds its value on its own line."""
    fields = _fields(lines[index].text)
    if not fields or fields[-1][1].strip(_SEPARATORS) or index + 1 >= len(lines):
        return None
    following = lines[index + 1]
    return None if _fields(following.text) else _indent(following)


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _fill(record: _Record, lines: Sequence[Line], index: int, lead: str) -> None:
    """Read the record's lines into its text, dates, flag, progress and comment."""
    target: list[Line] = record.text  # where a line of no field goes: the field it continues
    for i in range(record.first, record.last + 1):
        line = lines[i]
        lead_here, fields = _line_fields(line.text) if i == index else ("", _fields(line.text))
        if lead_here:
            record.text.append(replace(line, text=lead_here))
        if not fields:
            target.append(replace(line, text=line.text.strip()))
            continue
        for kind, value in fields:
            value = value.strip(_SEPARATORS)
            target = record.text  # a line after a field of dates or status: the text's, never lost
            if kind == "period" and (match := _DATE_RANGE.match(value)):
                record.start, record.end = period_date(match.group(1)), period_date(match.group(2), end=True)
                # A flag printed after the period ("2020-01-01 – 2021-12-31 ● AVVIKELSE", a fourth
                # blind trial's): the word of deviation, whatever mark stands before it.
                record.deviation = record.deviation or "avvik" in value[match.end() :].lower()
            elif kind == "start" and (found := _ONE_DATE.search(value)):
                record.start = period_date(found.group(0))
            elif kind == "end" and (found := _ONE_DATE.search(value)):
                record.end = period_date(found.group(0), end=True)
            elif kind == "status":
                record.deviation = record.deviation or marks_deviation(value) or "avvik" in value.lower()
                record.progress = record.progress or progress_word(value)
            elif kind in ("comment", "text"):
                target = record.comment if kind == "comment" else record.text
                if value:
                    target.append(replace(line, text=value))


def _line_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A line's text before a dated field set inside it, and its fields: "… genomförs Tid:
    2021-01-01 – …" is a wrapped paragraph read into one line with its dates."""
    fields = _fields(text) or _bare_period(text)
    if fields:
        return "", fields
    for match in _FIELD_INNER.finditer(text):
        if not match.group("label")[0].isupper():
            continue
        kind = _LABELS[_label(match.group("label"))]
        if match.start() > 0 and kind in ("period", "start") and _ONE_DATE.match(text[match.end() :]):
            return text[: match.start()].strip(), _split(kind, text[match.end() :])
    return "", []


def _bare_period(text: str) -> list[tuple[str, str]]:
    """A line that is an activity's period with no label, alone or with its flag and fields after it
    ("2020-01-01 – 2020-12-31 | Avvikelse: Ja", "2021-01-01 till 2021-12-31 ⚑ Avvikelse"), as its
    fields; [] for any other line. Stratsys-like exports print the dates so under the activity's
    text: a fourth blind trial's two such layouts read none of their 19 activities. A period
    followed by words of a sentence is prose, not a field."""
    stripped = text.lstrip(_MARKER_CHARS)
    match = _DATE_RANGE.match(stripped)
    if match is None:
        return []
    rest = stripped[match.end() :]
    inner = next((m for m in _FIELD_INNER.finditer(rest) if m.group("label")[0].isupper()), None)
    flag = " ".join(re.sub(r"[^\w\s]", " ", rest[: inner.start() if inner else None]).split())
    if flag and not (marks_deviation(flag) or "avvik" in flag.lower() or (flag[0].isupper() and progress_word(flag))):
        return []
    return _split("period", stripped)


def _fields(text: str) -> list[tuple[str, str]]:
    """The labelled fields a line starting with one holds, as (kind, value), in order; [] for a
    line of text."""
    match = _FIELD_START.match(text)
    if match is None or not match.group("label")[0].isupper():
        return []  # a label is capitalised: "… får slut-/datum 2013-06-30." is a sentence wrapped
    kind = _LABELS[_label(match.group("label"))]
    value = match.group("value")
    colon = ":" in text[match.start("label") : match.start("value")]
    if (not colon or kind == "goal") and not _fits(kind, value):
        return []  # "Status för arbetet …", "Nämndmål: 1.1.1 Titel": a sentence or a heading
    return _split(kind, value)


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _split(kind: str, value: str) -> list[tuple[str, str]]:
    """A field's value cut where another labelled field (with its colon) starts in it."""
    out: list[tuple[str, str]] = []
    start = 0
    for match in _FIELD_INNER.finditer(value):
        if not match.group("label")[0].isupper():
            continue
        out.append((kind, value[start : match.start()]))
        kind = _LABELS[_label(match.group("label"))]
        start = match.end()
    out.append((kind, value[start:]))
    return out


def _fits(kind: str, value: str) -> bool:
    """Whether a value after a label without its colon is what the label holds."""
    value = value.strip(_SEPARATORS)
    if kind in ("period", "start", "end"):
        return bool(_ONE_DATE.match(value))
    if kind == "status":
        return bool(value) and (marks_deviation(value) or progress_word(value) is not None)
    if kind == "goal":
        return bool(re.fullmatch(r"\d+(?:\.\d+)*\.?", value))
    return kind in ("text", "comment") and (not value or value[:1].isupper())


def _is_header(text: str) -> bool:
    return bool(_HEADING.fullmatch(text))


_HEADING = re.compile(rf"\s*{ACTIVITIES_LABEL}\s*:?\s*", re.I)  # "Aktiviteter", a card's "Aktivitet:" label


def _header(line: Line) -> Line:
    """The activity table's header the parser knows, on the line of the one printed (or the first
    record's, where none is)."""
    return replace(line, text="Aktivitet\tStartdatum\tSlutdatum\tAvvikelse")


def _rows(record: _Record) -> list[Line]:
    """The record as the table rows `pdflines` gives: its text with the cells, then its comment
    as the Analys, each line on its own source line."""
    first, *more = record.text
    flag = "Avvikelse" if record.deviation else ""
    cells = [first.text, record.start or "", record.end or "", flag, record.progress or ""]
    rows = [replace(first, text="\t".join(cells))]
    rows += [replace(line, text=f"{line.text}\t\t\t") for line in more]
    if record.comment:
        head, *rest = record.comment
        rows.append(replace(head, text=f"Analys {head.text}\t\t\t"))
        rows += [replace(line, text=f"{line.text}\t\t\t") for line in rest]
    return rows


# An indicator written as labelled fields: "Indikator:" and its name (on the line or the next), then
# "Utfall:", "Årsmål:", "KF:s årsmål:", "Period:" and "Analys:" lines. A third blind trial's
# definition list lost an indicator's name to a table header it was taken for.
_INDICATOR_LABEL = re.compile(r"^\s*(?:Indikator|Indicator)\s*:\s*(.*)$")
_INDICATOR_FIELDS: dict[str, int] = {
    "utfall": 1,
    "periodens utfall": 1,
    "årsmål": 2,
    "kf:s årsmål": 3,
    "period": 4,
    "analys": 5,
    "kommentar": 5,
}
_INDICATOR_FIELD = re.compile(
    r"^\s*(" + "|".join(sorted((re.escape(k) for k in _INDICATOR_FIELDS), key=len, reverse=True)) + r")\s*:\s*(.*)$",
    re.I,
)
_INDICATOR_HEADER = "Indikator\tPeriodens utfall\tÅrsmål\tKF:s årsmål\tPeriod"
_NAME_LINES = 4


def indicator_fields(lines: Sequence[Line]) -> list[Line]:
    """`lines` with every indicator written as labelled fields put as an indicator table's rows."""
    out: list[Line] = []
    index = 0
    in_table = False
    while index < len(lines):
        line = lines[index]
        label = _INDICATOR_LABEL.match(line.text)
        if label is None:
            out.append(line)
            in_table = False
            index += 1
            continue
        name_lines = [replace(line, text=label.group(1).strip())] if label.group(1).strip() else []
        at = index + 1
        # Its name: on the label's line, or on the lines under it; a name is a few lines (a longer run
        # before any value is prose, and the label no indicator of this form).
        while at < len(lines) and len(name_lines) < _NAME_LINES and not _INDICATOR_FIELD.match(lines[at].text):
            if name_lines and (
                _indent(lines[at]) == 0 or _INDICATOR_LABEL.match(lines[at].text) or _fields(lines[at].text)
            ):
                break
            name_lines.append(replace(lines[at], text=lines[at].text.strip()))
            at += 1
        cells = ["", "", "", "", ""]
        analysis: list[Line] = []
        while at < len(lines) and (field_match := _INDICATOR_FIELD.match(lines[at].text)):
            column = _INDICATOR_FIELDS[" ".join(field_match.group(1).lower().split())]
            if column == 5:
                analysis.append(replace(lines[at], text=field_match.group(2).strip()))
            elif value := field_match.group(2).strip():
                cells[column] = "" if value in ("–", "-", "—") else value  # a dash: no value
            at += 1
        if not name_lines or not any(cells[1:]):
            out.append(line)  # a label with no values: not an indicator of this form
            index += 1
            in_table = False
            continue
        if not in_table:
            heading = out.pop() if out and re.fullmatch(r"\s*Indikatorer\s*:?\s*", out[-1].text) else line
            out.append(replace(heading, text=_INDICATOR_HEADER))
            in_table = True
        first, *more = name_lines
        out.append(replace(first, text="\t".join([first.text, *cells[1:]])))
        out += [replace(extra, text=f"{extra.text}\t\t\t\t") for extra in more]
        if analysis:
            head, *rest = analysis
            out.append(replace(head, text=f"Analys {head.text}\t\t\t\t"))
            out += [replace(extra, text=f"{extra.text}\t\t\t\t") for extra in rest]
        index = at
    return out
