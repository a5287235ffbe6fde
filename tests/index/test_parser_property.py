"""Property tests: the parser never raises, and every record points at real input lines."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.parse.chunker import chunk_report
from index.parse.parser import parse_lines
from index.parse.records import Line, ParsedReport, ReportMeta, ReportType
from index.read.layout import clean_lines
from tests.conftest import ALL_REPORTS, CORPUS

META = ReportMeta(file="x.txt", namnd="Testnämnd", report_type=ReportType.OKAND, year=None, period=None, title="x")
_REAL_LINES = [line for name in ALL_REPORTS for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()]
_STRUCTURE = [
    "KF:s inriktningsmål:",
    "KF:s mål för verksamhetsområdet: 1.2 Trygg stad",
    "Nämndmål: 1.2.1 Tryggt",
    "Uppfylls delvis",
    "Analys",
    "Förväntat resultat",
    "Aktivitet\tStartdatum\tSlutdatum\tAvvikelse",
    "   Aktivitet Startdatum Slutdatum Avvikelse",
    "2021-01-01 2021-12-31 Avvikelse",
    "Indikator\tPeriodens utfall\tPeriod",
    "   Indikator Periodens",
    "Sid 3 (9)",
    "Analys Text\t\t\t",
    "  Rad\t2020-01-01\t2020-12-31\tAvvikelse",
    "",
]
line_text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(_STRUCTURE),
    st.sampled_from(_REAL_LINES),
)


def _check_points_at_input(report: ParsedReport, numbers: set[int]) -> None:
    sources = [g.source for g in report.goals] + [a.source for a in report.activities]
    sources += [i.source for i in report.indicators] + [s.source for s in report.sections]
    for source in sources:
        assert source.line_start in numbers and source.line_end in numbers
        assert source.line_start <= source.line_end
    for chunk in chunk_report(report):
        assert chunk.citation.line_start in numbers and chunk.citation.line_end in numbers
        assert chunk.text.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_text, max_size=60))
def test_parser_never_raises_and_points_at_real_lines(texts: list[str]) -> None:
    raw = [Line(text=t.replace("\n", " ").replace("\r", " "), number=i) for i, t in enumerate(texts, start=1)]
    report = parse_lines(META, clean_lines(raw))
    _check_points_at_input(report, {line.number for line in raw})


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=20, max_value=400))
def test_mutated_real_reports(seed: int, size: int) -> None:
    """Slices of real reports with lines dropped, repeated and swapped still parse."""
    rng = random.Random(seed)
    start = rng.randrange(0, len(_REAL_LINES) - size)
    texts = _REAL_LINES[start : start + size]
    for _ in range(size // 10):
        i, j = rng.randrange(len(texts)), rng.randrange(len(texts))
        texts[i], texts[j] = texts[j], texts[i]
        del texts[rng.randrange(len(texts))]
    raw = [Line(text=t, number=i) for i, t in enumerate(texts, start=1)]
    report = parse_lines(META, clean_lines(raw))
    _check_points_at_input(report, {line.number for line in raw})
