"""Read a report file (PDF or extracted text) into numbered lines.

Text files keep their own line numbers; PDFs are numbered across the whole document,
and every PDF line knows its page. Nothing is cleaned here: see `layout.py`.
"""

from __future__ import annotations

import codecs
import logging
import re
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from index.parse.records import Line
from index.read.errors import (
    CorruptPdfError,
    EmptyFileError,
    EncodingError,
    EncryptedPdfError,
    FileTooLargeError,
    NoTextLayerError,
    NotTextError,
    UnsupportedFileError,
)
from index.read.ocr import OcrEngine, find_engine, is_scanned, ocr_page
from index.read.pdfdamage import damage
from index.read.pdflines import to_lines
from index.read.pdfwords import Segment, VisualLine, column_order, drop_furniture, page_segments, visual_lines
from index.settings import DEFAULT_MAX_BYTES

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})

# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


def read_lines(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, notes: list[str] | None = None) -> list[Line]:
    """Read `path` into lines, choosing the reader by suffix (or by a PDF's magic bytes). What the
    user should know of how it was read (pages read by OCR) is added to `notes`, in Swedish.

    Raises:
        ReportError: a subclass naming the file and what is wrong with it.
    """
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(name, f"filen är {size / 1e6:.1f} MB, över gränsen på {max_bytes / 1e6:g} MB")
    if size == 0:
        raise EmptyFileError(name, "filen är tom (0 byte)")
    with path.open("rb") as handle:
        head = handle.read(5)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or head.startswith(b"%PDF"):
        return read_pdf(path, notes)
    if suffix in TEXT_SUFFIXES or suffix == "":
        return read_text(path)
    raise UnsupportedFileError(name, f"filtypen {suffix!r} kan inte läsas: bara .pdf och .txt")


def decode_text(data: bytes, name: str) -> str:
    """Decode report text: UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252.

    Raises:
        NotTextError: NUL bytes or many control characters.
        EncodingError: neither encoding gives plausible Swedish text.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows' Notepad saves "Unicode" so (trial 31: refused as "NUL-byte vid position 3"); the
        # BOM says the encoding, so no guess is made. Its text is then checked as any other's.
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            raise EncodingError(name, f"ogiltig UTF-16 (byte vid position {error.start})") from None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise NotTextError(name, f"inte en textfil: NUL-byte vid position {offset}")
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL)
    if controls > max(8, len(sample) // 100):
        raise NotTextError(name, f"inte en textfil: {controls} styrtecken bland de första {len(sample)} byten")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise EncodingError(
                name, f"varken UTF-8 (ogiltig byte vid position {utf8_error.start}) eller Windows-1252"
            ) from None
        logging.getLogger(__name__).info("%s: not UTF-8, read as Windows-1252", name)
        return text


def read_text(path: Path) -> list[Line]:
    """Lines of a text extraction, numbered from 1 as an editor shows them."""
    name = str(path)
    text = decode_text(path.read_bytes(), name)
    if not text.strip():
        raise EmptyFileError(name, "filen innehåller bara blanktecken")
    # Form feeds, where an extractor kept them, are page breaks.
    lines: list[Line] = []
    page = 1
    has_form_feeds = "\f" in text
    for number, raw in enumerate(text.splitlines(), start=1):
        if has_form_feeds and "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        lines.append(Line(text=raw, number=number, page=page if has_form_feeds else None))
    return lines


def read_pdf(path: Path, notes: list[str] | None = None) -> list[Line]:
    """Lines of a PDF's text layer, numbered across pages, each with its page.

    Text is read with its positions (`pdfwords`): page furniture is removed by where it
    stands and activity tables are read row by row (`pdflines`). A scanned page (an image,
    no text) is read by OCR where tesseract with Swedish is installed (`ocr`).

    Raises:
        CorruptPdfError, EncryptedPdfError, NoTextLayerError: named, with the reason.
    """
    # pypdf is imported here so that reading text files never pays for it.
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    name = str(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted only against editing, with an empty user password.
            try:
                if not reader.decrypt(""):
                    raise EncryptedPdfError(name, "PDF:en är krypterad och kräver ett lösenord")
            except (FileNotDecryptedError, NotImplementedError) as error:
                # pypdf's words name the algorithm it lacks (AES without cryptography): kept on the chain.
                raise EncryptedPdfError(name, "PDF:en är krypterad och kräver ett lösenord") from error
        pages = list(reader.pages)
        if any(int(page.get("/Rotate", 0) or 0) % 360 for page in pages):
            # A rotated page is turned upright on a writer's copy (`transfer_rotation_to_content` needs one).
            from pypdf import PdfWriter

            pages = list(PdfWriter(clone_from=reader).pages)
    except EncryptedPdfError:
        raise
    except Exception as error:
        # pypdf meets damaged files with any exception (AttributeError, IndexError, RecursionError
        # …, found by fuzzing); the cause is told from the file's bytes and the error, in Swedish.
        raise CorruptPdfError(name, f"PDF:en kan inte läsas: {damage(error, path.read_bytes())}") from error
    if not pages:
        raise CorruptPdfError(name, "PDF:en har inga sidor")
    positioned: list[list[VisualLine]] = []
    scans: list[int] = []  # pages with an image and no text
    engine = None
    unplaced: list[int] = []  # pages read as plain text: their positions lost words
    for page_number, page in enumerate(pages, start=1):
        try:
            if int(page.get("/Rotate", 0) or 0) % 360:
                # A landscape page stored portrait (/Rotate 90): pypdf's positioned reading skips rotated
                # text, and a blind trial's three landscape pages of activity tables read as empty, every
                # word lost without a warning. Turned upright first, they read as any page.
                page.transfer_rotation_to_content()
            incomplete: list[int] = []
            pieces = page_segments(page, page_number, incomplete)
        except Exception:  # the positioned reading is the stricter one; plain extraction may still work
            pieces = _plain_page(name, page, page_number)
        else:
            if incomplete and _loses_words(pieces, page):
                pieces = _plain_page(name, page, page_number)
                unplaced.append(page_number)
        if not pieces and is_scanned(page):
            scans.append(page_number)
            engine = engine or find_engine()
            if engine is not None:
                pieces = _ocr(path, page_number, engine)
        pieces = [replace(piece, text=piece.text.translate(_LIGATURES)) for piece in pieces]
        positioned.append(visual_lines(pieces, page_number))
    lines = to_lines([column_order(page) for page in drop_furniture(positioned)])
    if not any(line.text.strip() for line in lines):
        raise NoTextLayerError(name, _no_text(len(pages), scans, engine is not None))
    if scans and engine is None:
        logging.getLogger(__name__).warning(
            "%s: sidorna %s är inskannade utan textlager och lästes inte: OCR saknas", name, scans
        )
    if unplaced and notes is not None:
        notes.append(
            f"{path.name}: {_pages(unplaced)} lästes som löptext utan tabellernas kolumner "
            "(texten kunde inte läsas med sina positioner): kontrollera aktiviteter och indikatorer"
        )
    if scans and notes is not None:
        # OCR misreads figures and tables ("%" as "2" in a blind trial): the user is told which pages.
        read = "lästes med OCR (text ur bild): kontrollera siffror och tabeller mot originalet"
        unread = "lästes inte: OCR saknas (tesseract-ocr-swe, `make ocr`)"
        scanned = "är inskannad" if len(scans) == 1 else "är inskannade"
        notes.append(f"{path.name}: {_pages(scans)} {scanned} och {read if engine else unread}")
    return lines


# Typographic ligatures (Unicode's Latin block U+FB00–FB06) as the letters they join, by Unicode's own
# compatibility mapping: Chromium's PDFs draw "ﬁ", "ﬀ", "ﬂ" as one character, and a fifth blind
# trial's text read "eﬀektiva", "ﬁnanser", words no search or lemma finds.
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})


def _pages(numbers: list[int]) -> str:
    return f"sidan {numbers[0]}" if len(numbers) == 1 else f"sidorna {', '.join(map(str, numbers))}"


def _ocr(path: Path, page_number: int, engine: OcrEngine) -> list[Segment]:
    try:
        return ocr_page(path, page_number - 1, engine)
    except (OSError, subprocess.SubprocessError) as error:
        raise NoTextLayerError(
            str(path), f"sidan {page_number} är inskannad och OCR misslyckades: {_ocr_failure(error)}"
        ) from error


def _ocr_failure(error: Exception) -> str:
    """Why tesseract failed, in Swedish (its own words, and Python's, stay on the chained error)."""
    if isinstance(error, subprocess.TimeoutExpired):
        return f"tesseract blev inte klar på {error.timeout:.0f} s"
    if isinstance(error, subprocess.CalledProcessError):
        return f"tesseract avslutades med felkod {error.returncode}"
    if isinstance(error, FileNotFoundError):
        return "tesseract eller PDF:en finns inte längre där den fanns"
    return "sidan kunde inte renderas eller skickas till tesseract"


def _no_text(pages: int, scans: list[int], ocr: bool) -> str:
    """Why a PDF gave no text, in Swedish (shown to the user as it is)."""
    if scans and not ocr:
        return (
            f"PDF:en har {pages} sida/sidor utan textlager (inskannad?) och OCR finns inte här: "
            "installera tesseract med svenska (tesseract-ocr-swe, `make ocr`) eller kör OCR på filen först"
        )
    if scans:
        return f"PDF:en har {pages} sida/sidor utan textlager och OCR fann ingen text på dem"
    return f"PDF:en har {pages} sida/sidor men inget textlager och inga bilder att läsa med OCR"


# A page whose positioned reading holds fewer of its plain extraction's letters than this share has
# text the positions missed (rotated or otherwise transformed text): it is read as plain text. Letters
# a to z only: the plain reading may garble å/ä/ö where the positioned one reads them (a blind trial's
# rotated pages: "ber\x02rda" for "berörda").
_PLACED_SHARE = 0.9
_ASCII_LETTER = re.compile(r"[a-z]")


def _loses_words(pieces: Sequence[Segment], page) -> bool:
    """Whether the positioned reading of a page lost text that its plain extraction has."""
    try:
        plain = len(_ASCII_LETTER.findall((page.extract_text() or "").lower()))
    except Exception:
        return False  # the plain reading fails where the positioned one did not: keep the positions
    if plain < 100:
        return False  # too little text to tell
    placed = len(_ASCII_LETTER.findall(" ".join(piece.text for piece in pieces).lower()))
    return placed < _PLACED_SHARE * plain


def _plain_page(name: str, page, page_number: int) -> list[Segment]:
    """A page whose positions cannot be read: its plain text, one line under the other."""
    try:
        text = page.extract_text() or ""
    except Exception as error:  # see above: a damaged page is a damaged page
        raise CorruptPdfError(name, f"sidan {page_number} kan inte läsas: {damage(error)}") from error
    return [Segment(raw.strip(), 0.0, 5.0 * len(raw), 12.0 * k, 10.0) for k, raw in enumerate(text.splitlines())]
