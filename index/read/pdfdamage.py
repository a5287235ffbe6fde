"""Why a PDF cannot be read, in Swedish: from the file's own bytes first, then from pypdf's error.

pypdf words its errors in English and for developers ("Stream has ended unexpectedly" is what a
truncated file, a web page saved as .pdf and a ZIP archive all give). What an official can act on
is the cause: not a PDF at all, cut short in a download, a damaged cross-reference table, a
damaged compressed stream, a password. pypdf's own words stay on the chained exception
(`raise … from error`) for whoever debugs it; they are not shown.
"""

from __future__ import annotations

import re
import zlib

# The header must start within the first 1,024 bytes and %%EOF end within the last 1,024 (PDF 1.7,
# ISO 32000-1, 7.5.2 and 7.5.5; Acrobat's own tolerance, which pypdf's strict=False follows).
_HEADER = b"%PDF-"
_SLACK = 1024

TRUNCATED = "filen är avkortad: den tar slut innan PDF:ens slutmarkering (%%EOF), t.ex. efter en avbruten nedladdning"
XREF = "PDF:ens register över objekten (xref-tabellen) är skadat, så innehållet går inte att hitta"
PAGES = "PDF:ens förteckning över sidorna är skadad eller saknas"
STREAM = "en komprimerad del av PDF:en är skadad och går inte att packa upp"
LOOP = "PDF:ens objekt hänvisar till varandra i en slinga"
LIMIT = "en del av PDF:en packas upp till mer än vad som tillåts (skydd mot s.k. dekomprimeringsbomber)"
NEEDS_PACKAGE = "PDF:en använder en funktion som kräver ett programpaket som inte är installerat"
STRUCTURE = "PDF-strukturen är skadad"

# pypdf's PdfReadError messages (6.x) by the part of the file they are about; the class alone does
# not tell, one class covers them all. Matched on words, lower case.
_PAGE_WORDS = re.compile(r"root object|/pages|/kids|page tree|page not found|cyclic page")
_XREF_WORDS = re.compile(r"xref|trailer|null object|object .* not found")
_STREAM_WORDS = re.compile(r"decod|ascii85|asciihex|flate|lzw|predictor|filter|jbig2|stream length|ei stream")
_END_WORDS = re.compile(r"ended unexpectedly|unexpected end|end of (stream|file)|unexpected eof|eof marker")


def not_a_pdf(head: bytes) -> str | None:
    """Why bytes that do not start like a PDF are no PDF, naming what they look like; None for a PDF."""
    if _HEADER in head[:_SLACK]:
        return None
    return f"filen är ingen PDF (en PDF börjar med %PDF-): {_looks_like(head)}"


def _looks_like(head: bytes) -> str:
    import puremagic

    try:
        guess = puremagic.magic_string(head)[0].extension
    except Exception:  # only a guess for the message: no guess must hide the file's real error
        guess = ""
    if guess:
        return f"innehållet liknar en {guess}-fil (har den fått fel filändelse?)"
    if head and not re.search(rb"[\x00-\x08\x0e-\x1f]", head):
        return "den innehåller vanlig text"
    return "innehållet är av okänt slag"


def is_truncated(data: bytes) -> bool:
    """True where a PDF's end-of-file marker is missing from its last 1,024 bytes."""
    return b"%%EOF" not in data[-_SLACK:]


def damage(error: BaseException, data: bytes | None = None) -> str:
    """The cause, in Swedish, of a pypdf error on a file with these bytes (None: a page's error)."""
    from pypdf.errors import DependencyError, LimitReachedError

    if data is not None:
        reason = not_a_pdf(data[:_SLACK])
        if reason:
            return reason
        if is_truncated(data):
            return TRUNCATED
    message = str(error).lower()
    if isinstance(error, LimitReachedError):
        return LIMIT
    if isinstance(error, DependencyError):
        return NEEDS_PACKAGE
    if isinstance(error, RecursionError) or "recursion" in message:
        return LOOP
    if isinstance(error, zlib.error) or _STREAM_WORDS.search(message):
        return STREAM
    if _PAGE_WORDS.search(message):
        return PAGES
    if _XREF_WORDS.search(message):
        return XREF
    if _END_WORDS.search(message):
        # The file ends where it should, so a part inside it is cut short (a stream's length is wrong).
        return f"{STREAM} (en del tar slut för tidigt)"
    return STRUCTURE
