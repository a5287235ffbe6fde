"""Encodings and bad text input: read right, or a clear error naming the file."""

from __future__ import annotations

import codecs

import pytest

from index.parse.ingest import parse_batch, parse_file
from index.read.errors import EmptyFileError, EncodingError, FileTooLargeError, NotTextError, UnsupportedFileError
from index.read.readers import decode_text, read_lines
from tests.conftest import CORPUS, T1_2020

SWEDISH = "Nämndmål: 1.2.1 Tryggt stadsdelsområde för äldre\n Uppfylls delvis\n"


@pytest.mark.parametrize(
    ("encoded"),
    [
        SWEDISH.encode("utf-8"),
        b"\xef\xbb\xbf" + SWEDISH.encode("utf-8"),
        SWEDISH.encode("cp1252"),
        SWEDISH.encode("latin-1"),
        SWEDISH.encode("utf-16"),  # with its BOM, as Notepad's "Unicode"
        codecs.BOM_UTF16_BE + SWEDISH.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "latin-1", "utf-16", "utf-16-be"],
)
def test_encodings_keep_swedish_letters(tmp_path, encoded: bytes) -> None:
    path = tmp_path / "rapport.txt"
    path.write_bytes(encoded)
    lines = read_lines(path)
    assert lines[0].text == "Nämndmål: 1.2.1 Tryggt stadsdelsområde för äldre"
    report = parse_file(path)
    assert report.goals[0].title == "Tryggt stadsdelsområde för äldre"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_real_report_in_another_encoding(tmp_path, encoding: str) -> None:
    path = tmp_path / T1_2020
    path.write_bytes((CORPUS / T1_2020).read_text(encoding="utf-8").encode(encoding, errors="replace"))
    report = parse_file(path)
    assert len(report.deviations) == 4
    assert len(report.activities) == len(parse_file(CORPUS / T1_2020).activities)


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b"", EmptyFileError, "filen är tom"),
        (b"  \n\t\n", EmptyFileError, "bara blanktecken"),
        (b"Rapport\x00\x01\x02", NotTextError, "NUL-byte vid position 7"),
        (bytes(range(1, 32)) * 40, NotTextError, "styrtecken"),
    ],
    ids=["empty", "whitespace", "nul", "binary"],
)
def test_bad_text_gives_named_error(tmp_path, content: bytes, error: type, reason: str) -> None:
    path = tmp_path / "trasig.txt"
    path.write_bytes(content)
    with pytest.raises(error, match=reason) as caught:
        read_lines(path)
    assert str(path) in str(caught.value)


def test_utf16_without_its_bom_is_not_text(tmp_path) -> None:
    # No BOM, no claim: UTF-16's NUL bytes are read as binary, not guessed at.
    path = tmp_path / "utan-bom.txt"
    path.write_bytes(SWEDISH.encode("utf-16-le"))
    with pytest.raises(NotTextError, match="utan-bom.txt: inte en textfil: NUL-byte"):
        read_lines(path)


def test_undecodable_text_is_named() -> None:
    # Bytes that cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d) after invalid UTF-8.
    with pytest.raises(EncodingError, match="x.txt: varken UTF-8"):
        decode_text(b"abc \x81\x8d\x8f\x90\x9d", "x.txt")


def test_oversized_and_unsupported(tmp_path) -> None:
    big = tmp_path / "stor.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(FileTooLargeError, match="stor.txt: filen är 0.0 MB, över gränsen"):
        read_lines(big, max_bytes=1024)
    doc = tmp_path / "rapport.docx"
    doc.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFileError, match="filtypen '.docx' kan inte läsas"):
        read_lines(doc)


def test_batch_goes_on_past_bad_files(tmp_path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    garbage = tmp_path / "skrap.pdf"
    garbage.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    batch = parse_batch([empty, CORPUS / T1_2020, garbage])
    assert [r.meta.file for r in batch.reports] == [T1_2020]
    assert len(batch.reports[0].deviations) == 4
    assert sorted(type(e).__name__ for e in batch.errors) == ["CorruptPdfError", "EmptyFileError"]
    assert all(e.file.endswith(("tom.txt", "skrap.pdf")) for e in batch.errors)


def test_swedish_text_without_its_letters_is_warned_of(tmp_path) -> None:
    # Trial 32: a PDF with a damaged stream lost every å, ä and ö ("Idrottsnmnden") without a word.
    text = (CORPUS / T1_2020).read_text(encoding="utf-8")
    path = tmp_path / "utan-bokstaver.txt"
    path.write_text("".join(c for c in text if c not in "åäöÅÄÖ"), encoding="utf-8")
    assert any("saknar å, ä och ö" in w for w in parse_file(path).warnings)
    assert not any("saknar å" in w for w in parse_file(CORPUS / T1_2020).warnings)
