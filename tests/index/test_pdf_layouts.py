"""The layout matrix: each corpus report, printed to PDF in each layout, reads back as its .txt.

Truth is the .txt's own parse (activities, deviations, statuses) and the renderer's record
of where it put each record (pages). Tuning and held-out layouts are asserted alike; the
held-out half was not looked at while the reader was written (tests/pdflayouts.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from index.parse.ingest import parse_file
from index.parse.metadata import ManifestEntry
from index.parse.records import ParsedReport
from tests.conftest import ALL_REPORTS, CORPUS, NORRMALM_2021, T1_2020
from tests.officelayouts import (
    OFFICE_HELD_OUT,
    OFFICE_TUNING,
    OfficeLayout,
    office_expected,
    office_pdf,
    soffice,
    text_expected,
)
from tests.pdflayouts import HELD_OUT, TUNING, Expected, Layout, render, render_text

Reading = tuple[ParsedReport, ParsedReport, Expected]  # truth, PDF parse, printed pages


@pytest.fixture(scope="session")
def read_layout(
    tmp_path_factory: pytest.TempPathFactory, parsed: dict[str, ParsedReport], manifest: dict[str, ManifestEntry]
) -> Callable[[Layout], dict[str, Reading]]:
    """Print every report in a layout and parse the PDFs back; once per layout and session."""
    cache: dict[str, dict[str, Reading]] = {}
    folder = tmp_path_factory.mktemp("layouts")

    def read(layout: Layout | OfficeLayout) -> dict[str, Reading]:
        if layout.name not in cache:
            readings = {}
            for name in ALL_REPORTS:
                if isinstance(layout, OfficeLayout):
                    if not soffice():
                        pytest.skip("LibreOffice (soffice) is not installed: `make office` installs it")
                    path = office_pdf(parsed[name], CORPUS / name, layout)
                    if layout.source == "text":
                        expected = text_expected(parsed[name], path, CORPUS / name)
                    else:
                        expected = office_expected(parsed[name], path)
                else:
                    path = folder / f"{Path(name).stem}--{layout.name}.pdf"
                    expected = render(parsed[name], layout, path)
                entries = {path.name: replace(manifest[name], file=path.name)}
                readings[name] = (parsed[name], parse_file(path, entries), expected)
            cache[layout.name] = readings
        return cache[layout.name]

    return read


def _activity(a) -> tuple:
    return (" ".join(a.text.split()), a.start, a.end, a.deviation, " ".join(a.analysis.split()), a.goal)


MATRIX = [pytest.param(layout, id=f"tuning-{layout.name}") for layout in (*TUNING, *OFFICE_TUNING)] + [
    pytest.param(layout, id=f"heldout-{layout.name}") for layout in (*HELD_OUT, *OFFICE_HELD_OUT)
]

# What a layout still breaks, as measured: (layout, test) → reason; strict, so a fix shows.
# None at present (lo-text's indicator rows, read by tab stops since 2026-11-29: 135 of 136).
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


@pytest.fixture(autouse=True)
def _known_failure(request: pytest.FixtureRequest) -> None:
    callspec = getattr(request.node, "callspec", None)
    layout = callspec.params.get("layout") if callspec else None
    reason = KNOWN_FAILURES.get((getattr(layout, "name", ""), request.node.originalname))
    if reason:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("layout", MATRIX)
def test_activities_word_for_word(read_layout, layout: Layout | OfficeLayout) -> None:
    found = total = 0
    for truth, pdf, _expected in read_layout(layout).values():
        wanted = [_activity(a) for a in truth.activities]
        got = [_activity(a) for a in pdf.activities]
        total += len(wanted)
        found += sum(1 for a in wanted if a in got)
        assert len(got) == len(wanted), truth.meta.file
    assert found / total >= 0.98, f"{found} of {total} activities word for word"


@pytest.mark.parametrize("layout", MATRIX)
def test_deviations_and_statuses_exact(read_layout, layout: Layout | OfficeLayout) -> None:
    for truth, pdf, _expected in read_layout(layout).values():
        assert [_activity(a) for a in pdf.deviations] == [_activity(a) for a in truth.deviations], truth.meta.file
        statuses = [(g.level, g.number, g.title, g.status) for g in truth.goals]
        assert [(g.level, g.number, g.title, g.status) for g in pdf.goals] == statuses, truth.meta.file


@pytest.mark.parametrize("layout", MATRIX)
def test_pages_exact(read_layout, layout: Layout | OfficeLayout) -> None:
    for truth, pdf, expected in read_layout(layout).values():
        pages = {_activity(a): (a.source.page, a.source.page_end) for a in pdf.activities}
        for activity, printed in zip(truth.activities, expected.activity_pages, strict=True):
            if _activity(activity) in pages:
                assert pages[_activity(activity)] == printed, activity.text[:60]
        assert [g.source.page for g in pdf.goals] == expected.goal_pages, truth.meta.file


@pytest.mark.parametrize("layout", MATRIX)
def test_running_header_removed(read_layout, layout: Layout | OfficeLayout) -> None:
    marker = re.compile(r"\bSid(?:a)? \d+ \(\d+\)")
    for truth, pdf, _expected in read_layout(layout).values():
        texts = [a.text + a.analysis for a in pdf.activities] + [g.title + g.analysis for g in pdf.goals]
        texts += [s.text for s in pdf.sections]
        assert not [t for t in texts if marker.search(t)], truth.meta.file


def test_a_row_split_across_pages_is_one_activity(read_layout) -> None:
    """The matrix does split rows over pages: one is read back whole, citing both pages."""
    truth, pdf, expected = read_layout(TUNING[1])[NORRMALM_2021]  # bottom-aligned cells
    split = [i for i, (first, last) in enumerate(expected.activity_pages) if first != last]
    assert split, "the renderer split no row"
    for index in split:
        (got,) = [a for a in pdf.activities if _activity(a) == _activity(truth.activities[index])]
        assert (got.source.page, got.source.page_end) == expected.activity_pages[index]


def test_status_beside_heading_and_wrapped_dates(read_layout) -> None:
    """Status right of the heading; date columns too narrow, so "2020-" / "01-01" wraps."""
    layout = TUNING[2]
    assert layout.status_beside and layout.date_width < 40
    truth, pdf, _expected = read_layout(layout)[T1_2020]
    assert [g.status for g in pdf.goals] == [g.status for g in truth.goals]
    assert sum(1 for g in pdf.goals if g.status) == 34
    assert [(a.start, a.end) for a in pdf.activities] == [(a.start, a.end) for a in truth.activities]


def test_hyphen_at_a_line_break_kept_where_the_word_has_one(read_layout) -> None:
    """LibreOffice breaks a line only at a real hyphen ("Freda-" / "kortfrågor", "hbtq-" /
    "personer", "huvudet-" / "garantin"): every activity with a hyphen inside a word reads
    back word for word."""
    for layout in OFFICE_TUNING[1:]:
        for truth, pdf, _expected in read_layout(layout).values():
            got = {_activity(a) for a in pdf.activities}
            hyphenated = [a for a in truth.activities if re.search(r"\w-\w", a.text)]
            assert [a.text for a in hyphenated if _activity(a) not in got] == [], (layout.name, truth.meta.file)


def _indicator(i) -> tuple:
    return (" ".join(i.name.split()), i.values.outcome, i.values.target, i.values.kf_target, i.values.period)


@pytest.mark.parametrize("layout", MATRIX)
def test_indicator_values_and_pages(read_layout, layout: Layout | OfficeLayout) -> None:
    """Each indicator row's name, outcome, årsmål, KF:s årsmål and period, on its page."""
    found = total = 0
    for truth, pdf, expected in read_layout(layout).values():
        got = [(_indicator(i), i.source.page) for i in pdf.indicators]
        total += len(truth.indicators)
        for indicator, page in zip(truth.indicators, expected.indicator_pages, strict=True):
            # In document order: a report may hold the same row twice (under two goals).
            match = next((g for g in got if g[0] == _indicator(indicator)), None)
            if match is not None:
                got.remove(match)
                found += 1
                assert match[1] == page, indicator.name
    assert found / total >= 0.98, f"{found} of {total} indicator rows"


@pytest.mark.parametrize("layout", MATRIX)
def test_narrative_sections_whole(read_layout, layout: Layout | OfficeLayout) -> None:
    """Every narrative section of some length comes back whole, in reading order (also where
    the layout sets the narrative in two columns)."""
    found, total = _sections_whole(read_layout(layout))
    assert found / total >= 0.85, f"{found} of {total} sections whole"


@pytest.fixture(scope="session")
def text_flow(tmp_path_factory, parsed, manifest) -> dict[str, tuple[ParsedReport, ParsedReport, dict[int, int]]]:
    """Each .txt printed as a word processor opens a text file (tests/pdflayouts.render_text)."""
    folder = tmp_path_factory.mktemp("textflow")
    out = {}
    for name in ALL_REPORTS:
        path = folder / f"{Path(name).stem}--textflow.pdf"
        pages = render_text(CORPUS / name, path)
        out[name] = (parsed[name], parse_file(path, {path.name: replace(manifest[name], file=path.name)}), pages)
    return out


def test_text_printed_as_paragraphs(text_flow) -> None:
    """Rows as wrapped paragraphs: dates wrapped under the text ("… behov. 2020-01-01" /
    "2020-12-31"), the flag on a line of its own, "Analys Med anledning …" on one line."""
    found = total = 0
    for name, (truth, pdf, pages) in text_flow.items():
        assert [_activity(a) for a in pdf.deviations] == [_activity(a) for a in truth.deviations], name
        assert [(g.number, g.status) for g in pdf.goals] == [(g.number, g.status) for g in truth.goals], name
        got = {_activity(a): a.source.page for a in pdf.activities}
        for activity in truth.activities:
            total += 1
            if _activity(activity) in got:
                found += 1
                assert got[_activity(activity)] == pages[activity.source.line_start], activity.text[:60]
    assert found / total >= 0.98, f"{found} of {total} activities word for word"


def test_two_column_sections_whole(read_layout) -> None:
    """Narrative in two columns: wrapped lines of a narrow column are not read as headings
    (200 of 223 sections came back whole before lines were joined by the wrapping rule, 214 after).
    Counted as sections missed: a list's items under its lead-in are text since 2026-12-01, which
    left 213 sections, 205 whole (the same 8 missed as before, and one fewer). Since headings in two
    lines are read (2026-12-04) the truth has 218 sections, 208 whole: 10 missed, among them a table
    header of Norrmalm's that the .txt now reads as a heading in two lines ("NEJ" / "Resultatöverförin
    g till 2022 …")."""
    layout = next(layout for layout in TUNING if layout.narrative_columns == 2)
    found, total = _sections_whole(read_layout(layout))
    assert total - found <= 10, f"{found} of {total} sections whole"


def _sections_whole(read: dict) -> tuple[int, int]:
    """(sections of over 30 characters found whole in the PDF's sections, all such sections)."""
    found = total = 0
    for truth, pdf, _expected in read.values():
        text = " ".join(" ".join(s.text for s in pdf.sections).split())
        wanted = [" ".join(s.text.split()) for s in truth.sections if len(s.text) > 30]
        total += len(wanted)
        found += sum(1 for section in wanted if section in text)
    return found, total
