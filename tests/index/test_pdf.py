"""pypdf ingestion on generated PDFs: pages, a row across a page break, bad PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.parse.ingest import parse_batch, parse_file
from index.read.errors import CorruptPdfError, EncryptedPdfError, NoTextLayerError
from index.read.readers import read_lines
from tests.conftest import CORPUS, T2_2021
from tests.pdfgen import TWO_PAGE_REPORT, encryption, write_pdf, write_scanned_pdf


@pytest.fixture
def two_pages(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "norrmalm-t2-2021.pdf", TWO_PAGE_REPORT)


def test_lines_know_their_page(two_pages: Path) -> None:
    lines = read_lines(two_pages)
    pages = {line.text.strip(): line.page for line in lines if line.text.strip()}
    assert pages["Nämndmål: 1.2.1 Tryggt stadsdelsområde"] == 1
    assert pages["ramen för stadens krisberedskap"] == 2
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))


def test_pdf_parsed_with_pages_and_split_row(two_pages: Path) -> None:
    report = parse_file(two_pages)
    assert report.meta.namnd == "Norrmalms stadsdelsnämnd"
    assert (report.meta.year, report.meta.period) == (2021, "T2")
    (goal,) = report.goals
    assert (goal.number, goal.status.value, goal.source.page) == ("1.2.1", "uppfylls delvis", 1)
    first, split, last = report.activities
    assert (first.source.page, first.deviation) == (1, False)
    assert split.text == (
        "Stadsdelsnämnden ska utreda hur beredskapslager kan utgöra en del av en stärkt "
        "försörjningsförmåga av särskilt viktiga varor inom ramen för stadens krisberedskap"
    )
    assert split.deviation and (split.start, split.end) == ("2021-01-01", "2021-06-30")
    assert split.analysis == "Arbetet har försenats till följd av coronapandemin."
    assert (split.source.page, split.source.page_end) == (1, 2)
    assert (last.source.page, last.deviation, last.analysis) == (2, False, "")


def test_encrypted_pdf_without_password_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "hemlig.pdf", TWO_PAGE_REPORT, encrypt=encryption("lösen"))
    with pytest.raises(EncryptedPdfError, match="hemlig.pdf: PDF:en är krypterad och kräver ett lösenord"):
        read_lines(path)


def test_pdf_encrypted_only_against_editing_is_read(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "skyddad.pdf", TWO_PAGE_REPORT, encrypt=encryption(""))
    assert len(parse_file(path).activities) == 3


def test_scanned_pdf_is_named(tmp_path: Path) -> None:
    with pytest.raises(NoTextLayerError, match="skannad.pdf: PDF:en har 2 sida/sidor men inget textlager"):
        read_lines(write_scanned_pdf(tmp_path / "skannad.pdf"))


def test_truncated_and_garbage_pdfs(two_pages: Path, tmp_path: Path) -> None:
    data = two_pages.read_bytes()
    truncated = tmp_path / "avkortad.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptPdfError, match="avkortad.pdf: PDF:en kan inte läsas"):
        read_lines(truncated)
    zero = tmp_path / "noll.pdf"
    zero.write_bytes(b"")
    batch = parse_batch([zero, truncated, two_pages, CORPUS / T2_2021])
    assert [r.meta.file for r in batch.reports] == ["norrmalm-t2-2021.pdf", T2_2021]
    assert [type(e).__name__ for e in batch.errors] == ["EmptyFileError", "CorruptPdfError"]


def test_a_table_header_wrapped_in_narrow_columns_is_one_header() -> None:
    """LibreOffice, bottom-aligned: "Startdatu" above, "Aktivitet", "m", "Slutdatum" and
    "Avvikelse" on the line below; the header is joined and its columns stand where printed."""
    from index.read.pdflines import _is_header, _join_wrapped_headers
    from index.read.pdfwords import Segment, VisualLine

    above = VisualLine(1, 100.0, (Segment("Startdatu", 300.0, 345.0, 100.0, 9.0),))
    below = VisualLine(
        1,
        111.0,
        (
            Segment("Aktivitet", 50.0, 90.0, 111.0, 9.0),
            Segment("m", 300.0, 308.0, 111.0, 9.0),
            Segment("Slutdatum", 360.0, 405.0, 111.0, 9.0),
            Segment("Avvikelse", 420.0, 462.0, 111.0, 9.0),
        ),
    )
    prose = VisualLine(1, 140.0, (Segment("Kommunstyrelsen ska", 50.0, 150.0, 140.0, 9.0),))
    (header, after) = _join_wrapped_headers([above, below, prose])
    assert _is_header(header) and header.text == "Aktivitet Startdatum Slutdatum Avvikelse"
    assert [round(s.x0) for s in header.segments] == [50, 300, 360, 420]
    assert after is prose
    # A line that merely starts with "Aktivitet" above one with dates stays as it is.
    dated = VisualLine(1, 111.0, (Segment("2021-01-01", 300.0, 345.0, 111.0, 9.0),))
    assert len(_join_wrapped_headers([prose, dated])) == 2


def _damaged(good: bytes) -> dict[str, tuple[bytes, str]]:
    """A report PDF damaged as files are in practice: each name → its bytes and the cause shown."""
    xref = good.rindex(b"\nxref") + 1
    stream = good.index(b"stream\n") + len(b"stream\n")
    return {
        # A download cut short, at half and in its last bytes (the %%EOF marker lost).
        "avkortad.pdf": (good[: len(good) // 2], "filen är avkortad"),
        "nastan-hel.pdf": (good[:-40], "filen är avkortad"),
        # The cross-reference table unreadable: a subsection header with a third number.
        "xref.pdf": (good[:xref] + good[xref:].replace(b"xref\n0 ", b"xref\n0 x ", 1), "xref-tabellen"),
        # The catalogue's page tree pointing at an object that is not there.
        "sidtrad.pdf": (re.sub(rb"/Pages \d+ 0 R", b"/Pages 99 0 R", good), "förteckning över sidorna"),
        # A compressed content stream overwritten.
        "strom.pdf": (good[:stream] + b"\xff\xfe\x00" * 20 + good[stream + 60 :], "komprimerad del"),
        # Not PDFs: a web page's error page, a Word document (a ZIP) and plain text, each named .pdf.
        "webbsida.pdf": (b"<!DOCTYPE html><html><body>Sidan finns inte</body></html>\n", ".html-fil"),
        "dokument.pdf": (b"PK\x03\x04" + bytes(range(256)) * 4, "filen är ingen PDF"),
        "anteckning.pdf": ("Nämndens anteckningar om budgeten\n".encode() * 5, "vanlig text"),
    }


def test_damaged_pdfs_are_named_with_a_swedish_cause(two_pages: Path, tmp_path: Path) -> None:
    from tests.english import english_words

    causes = {write_pdf(tmp_path / "hemlig.pdf", TWO_PAGE_REPORT, encrypt=encryption("lösen")): "kräver ett lösenord"}
    for name, (data, cause) in _damaged(two_pages.read_bytes()).items():
        (tmp_path / name).write_bytes(data)
        causes[tmp_path / name] = cause
    for path, cause in causes.items():
        with pytest.raises((CorruptPdfError, EncryptedPdfError)) as raised:
            read_lines(path)
        message = str(raised.value)
        assert message.startswith(f"{path}: ") and cause in message, message
        assert english_words(message.replace(str(tmp_path), "")) == set(), message
        assert raised.value.__cause__ is not None or path.name == "hemlig.pdf"  # pypdf's words, for debugging
    # The same file with only its startxref offset wrong is repaired by pypdf, not refused.
    wrong_offset = tmp_path / "fel-offset.pdf"
    wrong_offset.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n999999", two_pages.read_bytes()))
    assert read_lines(wrong_offset)


def test_ocr_failures_are_told_in_swedish() -> None:
    import subprocess

    from index.read.readers import _ocr_failure
    from tests.english import english_words

    said = []
    for command, timeout in ((["false"], None), (["sleep", "5"], 0.05), (["/finns/inte/tesseract"], None)):
        with pytest.raises((OSError, subprocess.SubprocessError)) as raised:
            subprocess.run(command, check=True, timeout=timeout, capture_output=True)
        said.append(_ocr_failure(raised.value))
    assert said[0] == "tesseract avslutades med felkod 1" and "blev inte klar" in said[1] and "finns inte" in said[2]
    assert all(english_words(s) == set() for s in said), said
