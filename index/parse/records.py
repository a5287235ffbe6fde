"""The typed records that travel from the parser to search and summarise.

Every record is frozen: later steps change a record by copy (`dataclasses.replace`),
never in place. Every record carries a `Source`, so no passage can be shown without
where it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class GoalLevel(StrEnum):
    """The three levels of the city's goal hierarchy."""

    INRIKTNINGSMAL = "inriktningsmal"  # KF:s inriktningsmål, "1"
    KF_MAL = "kf_mal"  # KF:s mål för verksamhetsområdet, "1.2"
    NAMNDMAL = "namndmal"  # nämndmål, "1.2.1"

    @property
    def depth(self) -> int:
        """1, 2 or 3: the parts of a number at this level ("1.2.1" is a nämndmål's), printed or not."""
        return _DEPTHS[self]


_DEPTHS = {GoalLevel.INRIKTNINGSMAL: 1, GoalLevel.KF_MAL: 2, GoalLevel.NAMNDMAL: 3}


def parent_numbers(number: str) -> tuple[str, ...]:
    """The numbers a goal's number sits under: "1.2.1" → ("1", "1.2").

    The city numbers its goals by level in every nämnd's report, so a number says its parents even
    where a level's heading was not printed.
    """
    pieces = number.split(".")
    return tuple(".".join(pieces[: i + 1]) for i in range(len(pieces) - 1))


class GoalStatus(StrEnum):
    """A goal's assessed fulfilment, normalised; the raw wording is kept beside it."""

    HELT = "uppfylls helt"
    DELVIS = "uppfylls delvis"
    INTE = "uppfylls inte"
    EJ_BEDOMD = "ej bedömd"

    @classmethod
    def parse(cls, raw: str) -> GoalStatus:
        """Map a report's wording ("● Uppfylls helt", "Bedöms uppfyllas delvis") to a status.

        Raises:
            ValueError: the text names no known status; the value is shown.
        """
        text = " ".join(raw.lower().replace("●", " ").split())
        reached = r"(uppfyll|uppn[åa])\w*"
        if re.search(rf"\b(ej|inte)\b.*\b{reached}", text) or re.search(rf"{reached} (inte|ej)\b", text):
            return cls.INTE
        if re.search(rf"{reached} delvis|delvis {reached}", text):
            return cls.DELVIS
        if re.search(rf"{reached} helt|helt {reached}", text):
            return cls.HELT
        if re.search(r"ej (bedömd|aktuell)", text):
            return cls.EJ_BEDOMD
        if re.fullmatch(r"(?:\W+\s*)?(?:uppfyllt|uppnått)\.?", text):
            return cls.HELT  # "Uppfyllt" alone: reached, as "Delvis uppfyllt" is in part
        raise ValueError(f"{raw!r}: förväntade en status som {[s.value for s in cls]}")


# The label an activity table or list is headed by, in Swedish or English (the parser's, the field
# reader's and the PDF reader's rule; each anchors it as it reads).
ACTIVITIES_LABEL = r"(?:Aktivitet(?:er)?|Activit(?:y|ies)|KF:s\s+aktiviteter|Nämndens\s+aktiviteter)"

# A line that states a goal's status, as the reports print it (the parser's and the PDF reader's rule).
# A label may lead it ("Bedömning: Uppfylls helt", "Status: …", "Måluppfyllelse: …"): a blind trial's
# Word layout wrote it so, and the status was lost.
STATUS_LINE = re.compile(
    r"^(?:(?:Bedömning|Status|Måluppfyllelse)\s*:\s*)?"
    r"(?:(?:Bedöms\s+)?(?:Uppfylls|Uppfyllas|Uppfylldes|Uppfyllt)\s+(?:helt|delvis|inte|ej)\b.{0,30}$|"
    r"Bedöms\s+(?:inte|ej)\s+uppfyllas\b.{0,30}$|Ej\s+bedömd\b.{0,30}$|"
    # The participle alone on its line ("Uppfyllt", "Delvis uppfyllt", "Ej uppnått"), as dashboards
    # and web-made reports print a goal's status: a fifth blind trial's three goals had no status read.
    r"(?:(?:Helt|Delvis|Ej|Inte)\s+)?(?:uppfyllt|uppnått)\.?$)",
    re.I,
)


class ReportType(StrEnum):
    """The kinds of follow-up report the city publishes."""

    TERTIALRAPPORT_1 = "Tertialrapport 1"
    TERTIALRAPPORT_2 = "Tertialrapport 2"
    VERKSAMHETSBERATTELSE = "Verksamhetsberättelse"
    VERKSAMHETSPLAN = "Verksamhetsplan"
    AVSTAMNING = "Avstämning av mål och budget"
    OKAND = "Okänd"

    @classmethod
    def parse(cls, raw: str) -> ReportType:
        """Accept the enum value or its name, case- and accent-insensitively."""
        wanted = " ".join(raw.lower().split())
        for member in cls:
            if wanted in (member.value.lower(), member.name.lower()):
                return member
        # "Okänd" is what the parser sets where a report names no type; no one asks for it.
        raise ValueError(f"{raw!r}: förväntade en av {', '.join(m.value for m in cls if m is not cls.OKAND)}")


class ChunkKind(StrEnum):
    """What a chunk holds; search filters on it."""

    GOAL = "goal"
    ACTIVITY = "activity"
    INDICATOR = "indicator"
    ANALYSIS = "analysis"  # a goal's long Analys, continued past the goal chunk
    SECTION = "section"  # narrative text outside the goal tables


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a source after cleaning, with where it stands in the source."""

    text: str
    number: int  # 1-based line number in the extracted text of the file
    page: int | None = None  # exact page, when the source says it
    page_approx: int | None = None  # estimated page, when only markers elsewhere say it


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record stands: file, first and last line, page when known."""

    file: str
    line_start: int
    line_end: int
    page: int | None = None
    page_end: int | None = None
    page_approx: int | None = None

    def __post_init__(self) -> None:
        if self.line_start < 1 or self.line_end < self.line_start:
            raise ValueError(f"{self.file}: bad line span {self.line_start}-{self.line_end}")

    @classmethod
    def of_lines(cls, file: str, lines: Sequence[Line], last: int | None = None) -> Source:
        """The span of `lines` (and of line `last`, where a record ends on a line it did not keep)."""
        numbers = [line.number for line in lines] + ([last] if last else [])
        pages = [line.page for line in lines if line.page is not None]
        approx = [line.page_approx for line in lines if line.page_approx is not None]
        return cls(
            file=file,
            line_start=min(numbers),
            line_end=max(numbers),
            page=min(pages) if pages else None,
            page_end=max(pages) if pages else None,
            page_approx=min(approx) if approx else None,
        )


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What a report is: from the manifest, or inferred from its text."""

    file: str
    namnd: str
    report_type: ReportType
    year: int | None
    period: str | None  # "T1", "T2", "helår"
    title: str
    dnr: str | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    level: GoalLevel
    number: str | None  # "1.2.1"; None where the report numbers none (Verksamhetsplan 2013)
    title: str
    status: GoalStatus | None
    raw_status: str | None
    expected_result: str
    analysis: str
    description: str
    # ("1", "1.2") for nämndmål 1.2.1; the goals' titles where the report numbers none (`assessed`)
    parent_numbers: tuple[str, ...]
    source: Source
    # The lines of its text fields in document order, so that chunks can cite exact lines.
    body: tuple[Line, ...] = field(default=(), repr=False, compare=False)
    # The line numbers of the subheadings in its text ("Hemlöshet och vräkningsförebyggande arbete"):
    # where one subject of its analysis ends and the next begins, so a passage is cut there.
    subheadings: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def label(self) -> str:
        """ "1.2.1 Tryggt stadsdelsområde", or the title alone."""
        return goal_label(self.number, self.title)


def goal_label(number: str | None, title: str) -> str:
    """How a report heads a goal: its number and title, or the title where it has no number."""
    return f"{number} {title}" if number else title


@dataclass(frozen=True, slots=True)
class IndicatorValues:
    """An indicator row's figures as the parser read its cells: nothing downstream reads them from text."""

    outcome: float | None = None  # periodens utfall
    outcome_men: float | None = None
    outcome_women: float | None = None
    previous: float | None = None  # the previous outcome column ("Periodens utfall VB 2019")
    forecast: float | None = None  # "Prognos helår": the report's forecast for the year (tertial reports)
    target: float | None = None  # årsmål
    kf_target: float | None = None  # KF:s årsmål
    # A target cell that is words, not a number ("Tas fram av nämnd/styrelse", "öka"): shown as the
    # report prints it, not as "–", which a new user read as a target missing from the report.
    target_note: str | None = None
    kf_target_note: str | None = None
    period: str | None = None  # the row's own period cell
    unit: str | None = None
    lower_is_better: bool = False  # sjukfrånvaro, vräkningar … (index/data/indicator_direction.txt)
    # The target (årsmål, else KF:s) is a tolerance either side of zero, "+/- 1 %": its figure is the
    # width, met by an outcome within it of either sign (the city's prognossäkerhet). Read as "1 %,
    # higher is better", a forecast off by −2 % was judged against 1 % by an assumed direction.
    band: bool = False
    # What the previous outcome is, as its column names it ("VB 2019": last year's annual report). A
    # new user read "föregående period 2,1 %" on a T1 2020 row as the previous tertial.
    previous_label: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    values: IndicatorValues  # the row's figures, as its chunk carries them on to search and summarise
    raw_values: str  # the row's cells as printed, for what the columns could not say
    analysis: str
    goal: str | None  # goal number or title the indicator sits under
    source: Source


@dataclass(frozen=True, slots=True)
class Activity:
    text: str
    start: str | None  # ISO date
    end: str | None
    deviation: bool  # "Avvikelse" in the flag column after the dates
    analysis: str
    goal: str | None
    goal_path: tuple[str, ...]
    source: Source
    progress: str | None = None  # a Status column's other word, as printed: "Pågående", "Avslutad"
    other: str | None = None  # a table's columns with no role, each with its name: "Ansvarig: Kommunstyrelsen"


@dataclass(frozen=True, slots=True)
class Section:
    heading_path: tuple[str, ...]
    text: str
    source: Source
    body: tuple[Line, ...] = field(default=(), repr=False, compare=False)
    heading: Line | None = field(default=None, repr=False, compare=False)  # its heading's first line


@dataclass(frozen=True, slots=True)
class ParsedReport:
    meta: ReportMeta
    goals: tuple[Goal, ...]
    indicators: tuple[Indicator, ...]
    activities: tuple[Activity, ...]
    sections: tuple[Section, ...]
    line_count: int
    warnings: tuple[str, ...] = ()

    @property
    def deviations(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.deviation)


def section_label(heading_path: Sequence[str]) -> str:
    """A narrative passage's headings as cited: "Reservation av … (MP) › Demokrati"."""
    return " › ".join(heading_path)


@dataclass(frozen=True, slots=True)
class Citation:
    """Everything a reader needs to find a passage in the original report."""

    file: str
    report: str
    namnd: str
    year: int | None
    period: str | None
    goal: str | None
    page: int | None
    line_start: int
    line_end: int
    page_approx: int | None = None
    # The heading a narrative passage stands under, outermost first ("Reservation av … (MP) ›
    # Demokrati"): where a passage has no goal, what a reader looks for in the report.
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Chunk:
    """The unit of retrieval: one goal, activity, indicator or bounded narrative piece.

    `text` is for showing and embedding; what a later step needs of the structure is a field.
    """

    id: str
    kind: ChunkKind
    text: str
    goal_path: tuple[str, ...]
    deviation: bool
    status: GoalStatus | None
    citation: Citation
    report_type: ReportType
    # What a reader knows it by, without a goal's number (`label` adds it): a goal's title, an
    # activity's text, an indicator's name; a piece of a longer text (analysis, section), its first line.
    title: str = ""
    analysis: str = ""  # an activity's or an indicator's Analys
    start: str | None = None  # an activity's ISO dates
    end: str | None = None
    values: IndicatorValues | None = None  # an indicator's figures
    # The goal the passage is (goal, analysis) or sits under (activity, indicator), as the parser
    # read it: its number ("1.2.1"; None where the report numbers none), level and the numbers above
    # it ("1", "1.2"). None and () for sections.
    number: str | None = None
    level: GoalLevel | None = None
    parent_numbers: tuple[str, ...] = ()
    # The goal's "Förväntat resultat", where the passage is a goal's text (goal, analysis): what the
    # goal is to bring about, a target and no outcome, though its text holds it among the others.
    expected: str = ""

    @property
    def label(self) -> str:
        """The passage's heading as the report prints it: a goal's number and title, otherwise `title`."""
        return goal_label(self.number, self.title) if self.kind is ChunkKind.GOAL else self.title

    @staticmethod
    def make_id(file: str, kind: ChunkKind, line_start: int, line_end: int, text: str) -> str:
        """Stable id: same file, span and text give the same id on every run."""
        digest = hashlib.sha1(f"{file}\0{kind}\0{line_start}\0{line_end}\0{text}".encode())
        return digest.hexdigest()[:16]
