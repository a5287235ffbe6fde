"""Scanned pages: a real report page printed, rendered to an image and wrapped back into the PDF.

The scan is one page of Tertialrapport 1 2020 in the reportlab layout `grid-top-oneline`; the
other pages keep their text layer. OCR has errors, so text is compared fuzzily (rapidfuzz);
pages must be exact.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from rapidfuzz import fuzz

import index.read.readers
from index.parse.ingest import parse_file
from index.read.errors import NoTextLayerError
from index.read.ocr import find_engine, ocr_page
from index.read.readers import read_lines
from tests.conftest import T1_2020
from tests.pdfgen import scan_pages
from tests.pdflayouts import TUNING, Expected, render

needs_ocr = pytest.mark.skipif(find_engine() is None, reason="tesseract with Swedish is not installed (`make ocr`)")


def _scanned_page(expected: Expected) -> int:
    """The first page that holds a goal heading and at least two whole activities."""
    for page in range(2, expected.pages + 1):
        whole = sum(1 for first, last in expected.activity_pages if first == last == page)
        if page in expected.goal_pages and whole >= 2:
            return page
    raise AssertionError("no page with a goal and two activities")


@pytest.fixture(scope="module")
def scan(tmp_path_factory, parsed, manifest) -> tuple:
    folder = tmp_path_factory.mktemp("scan")
    truth = parsed[T1_2020]
    printed = folder / "t1-2020.pdf"
    expected = render(truth, TUNING[0], printed)
    page = _scanned_page(expected)
    path = scan_pages(printed, folder / "t1-2020-skannad.pdf", {page})
    return truth, expected, page, path, replace(manifest[T1_2020], file=path.name)


@needs_ocr
def test_only_the_scanned_page_is_read_by_ocr_and_its_records_cite_it(scan, monkeypatch) -> None:
    truth, expected, page, path, entry = scan
    calls: list[int] = []
    seconds: list[float] = []

    def counted(file: Path, index: int, engine) -> list:
        calls.append(index)
        started = time.perf_counter()
        try:
            return ocr_page(file, index, engine)
        finally:
            seconds.append(time.perf_counter() - started)

    monkeypatch.setattr(index.read.readers, "ocr_page", counted)
    report = parse_file(path, {path.name: entry})
    assert calls == [page - 1]
    print(f"OCR: {seconds[0]:.1f} s for one page")
    # The user is told which page was read from an image (a blind trial's OCR'd page went unremarked).
    assert any(w.startswith(f"{path.name}: sidan {page} är inskannad och lästes med OCR") for w in report.warnings)

    # Goals headed on the scanned page: number exact, title fuzzily, the page exact.
    goals = [g for g, printed in zip(truth.goals, expected.goal_pages, strict=True) if printed == page]
    got = [g for g in report.goals if g.source.page == page]
    assert goals
    for goal in goals:
        match = max(got, key=lambda g: fuzz.ratio(g.title, goal.title))
        assert fuzz.ratio(match.title, goal.title) >= 90, (goal.title, match.title)
        assert (match.number, match.status) == (goal.number, goal.status)

    # Activities wholly on the scanned page: text fuzzily, dates and deviation exact, the page exact.
    wanted = [
        a for a, (first, last) in zip(truth.activities, expected.activity_pages, strict=True) if first == last == page
    ]
    found = 0
    for activity in wanted:
        match = max(report.activities, key=lambda a: fuzz.ratio(a.text, activity.text))
        if fuzz.ratio(match.text, activity.text) >= 90:
            found += 1
            assert (match.source.page, match.source.page_end) == (page, page), activity.text[:60]
            assert (match.start, match.end, match.deviation) == (activity.start, activity.end, activity.deviation)
    assert found == len(wanted), f"{found} of {len(wanted)} activities of the scanned page"

    # The pages with a text layer read exactly as before.
    others = [
        a
        for a, (first, last) in zip(truth.activities, expected.activity_pages, strict=True)
        if page not in (first, last)
    ]
    texts = {a.text for a in report.activities}
    assert sum(1 for a in others if a.text in texts) >= 0.98 * len(others)


def test_a_scan_without_ocr_is_refused_in_swedish_naming_the_file(scan, monkeypatch) -> None:
    _truth, _expected, page, path, _entry = scan
    only_scan = path.with_name("bara-skannad.pdf")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(path).pages[page - 1])
    with only_scan.open("wb") as handle:
        writer.write(handle)
    monkeypatch.setattr(index.read.readers, "find_engine", lambda: None)
    with pytest.raises(
        NoTextLayerError, match=r"bara-skannad.pdf: PDF:en har 1 sida/sidor utan textlager .* OCR finns inte"
    ):
        read_lines(only_scan)
