"""Rows of an activity table from its cell lines, whichever line of a row the dates stand on."""

from __future__ import annotations

import pytest

from index.read.tablerows import CellLine, form_rows

LEADING = 12.0
PARAGRAPH = 15.0  # a Word table without cell margins: a row is as far from the next as a paragraph

# Three rows as a word processor sets them: each cell's paragraphs (lines), the dates one cell.
ROWS = [
    [["Kommunstyrelsen ska utreda", "formerna för uppsikten"]],
    [["Socialnämnden ska i samråd", "med stadsdelsnämnderna", "införa en modell"], ["Analys"], ["Arbetet pågår."]],
    [["Utreda miljösmart system."], ["Analys"], ["Utredningen har startat", "under året."]],
]
DATES = ["2021-01-01", "2021-12-31"]


def _set(align: str, first_top: float = 100.0) -> list[CellLine]:
    """The rows' cell lines, dates aligned `align` in each row (no space between rows)."""
    lines: list[CellLine] = []
    top = first_top
    for row in ROWS:
        tops = []
        for k, paragraph in enumerate(row):
            for n, text in enumerate(paragraph):
                if k or n:
                    top += LEADING if n else PARAGRAPH
                tops.append(top)
                lines.append(CellLine(0, top, text, len(lines)))
        date_top = {"top": tops[0], "bottom": tops[-1], "middle": (tops[0] + tops[-1]) / 2}[align]
        lines.append(CellLine(1, date_top, DATES[0], len(lines)))
        lines.append(CellLine(2, date_top, DATES[1], len(lines)))
        top += PARAGRAPH
    return lines


def _texts(rows: list[list[CellLine]]) -> list[list[str]]:
    return [[line.text for line in sorted(row, key=lambda line: line.top) if line.column == 0] for row in rows]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_rows_are_the_same_however_the_cells_are_aligned(align: str) -> None:
    rows = form_rows([_set(align)], LEADING, LEADING + 1.35)
    assert rows is not None
    assert _texts(rows) == [[text for paragraph in row for text in paragraph] for row in ROWS]
    assert all(sum(1 for line in row if line.column == 1) == 1 for row in rows)


def test_text_without_dates_at_a_page_top_in_lower_case_is_the_rest_of_a_cut_row() -> None:
    """Bottom-aligned: the next row's text would take it, were it not the middle of a sentence."""
    page_two = [CellLine(0, 80.0, "under året.", 0), *_set("bottom", first_top=95.0)]
    rows = form_rows([_set("bottom"), page_two], LEADING, LEADING + 1.35)
    assert rows is not None
    assert _texts(rows)[3] == ["under året."]
    assert _texts(rows)[4] == ["Kommunstyrelsen ska utreda", "formerna för uppsikten"]


def test_two_rows_dates_in_one_line_cannot_be_told_apart() -> None:
    lines = [CellLine(0, 100.0, "Två aktiviteter", 0), CellLine(1, 100.0, "2021-01-01", 0)]
    lines.append(CellLine(1, 100.0 + 0.1, "2021-02-01", 1))
    assert form_rows([lines], LEADING, LEADING + 1.35) is None
