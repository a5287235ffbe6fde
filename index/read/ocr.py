"""OCR for scanned PDF pages: tesseract's Swedish words with their boxes, as positioned segments.

A page that holds an image and no text is a scan. It is rendered (pdfium) and read by
tesseract (Debian's `tesseract-ocr-swe`, installed by `make ocr`); every word keeps its box,
so the page goes through the same positional reading as a page with a text layer (tables
by their columns, furniture by where it stands) and its records cite their page. Pages with
a text layer are never OCR'd.

Measured on this machine (2 cores shared, load about 10): 10-12 s a page at 300 dpi with one
tesseract thread; 200 dpi is hardly faster (10 s) and reads grid lines as "|" words.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from index.read.pdfwords import Segment

if TYPE_CHECKING:
    import numpy as np

OCR_DPI = 300
LANGUAGE = "swe"


@dataclass(frozen=True, slots=True)
class OcrEngine:
    """The tesseract binary and the language it reads."""

    binary: str
    language: str = LANGUAGE


@functools.cache
def find_engine() -> OcrEngine | None:
    """Tesseract with Swedish, or None where either is missing."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    languages = set((listed.stdout + listed.stderr).split())
    return OcrEngine(binary) if LANGUAGE in languages else None


def is_scanned(page) -> bool:
    """A pypdf page with an image on it (a page without text is a scan only where it has one)."""
    try:
        return len(page.images) > 0
    except Exception:  # pypdf meets odd image dictionaries with any exception: then no scan is known
        return False


def ocr_page(path: Path, page_index: int, engine: OcrEngine) -> list[Segment]:
    """The words of one page (0-based `page_index`) as segments in PDF points from the page's top.

    Raises:
        OSError, subprocess.CalledProcessError: tesseract could not run on the page.
    """
    import numpy as np
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[page_index].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    pixels = without_rules(np.asarray(image.convert("L")))
    png = io.BytesIO()
    Image.fromarray(pixels).save(png, format="PNG")
    # One thread: OpenMP's spinning threads made a page 4× slower on 2 busy cores (44 s against 11 s).
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [engine.binary, "stdin", "stdout", "-l", engine.language, "--psm", "3", "hocr"],
        input=png.getvalue(),
        capture_output=True,
        check=True,
        timeout=300,
        env=environment,
    )
    segments = hocr_segments(done.stdout.decode("utf-8", errors="replace"), OCR_DPI)
    # As for a text layer (pdfwords): x from the page's leftmost text.
    left = min((segment.x0 for segment in segments), default=0.0)
    return [replace(segment, x0=segment.x0 - left, x1=segment.x1 - left) for segment in segments]


# Dark runs this long (at 300 dpi: 15 mm) are ruling lines, not letters (a 12 pt capital is 4 mm).
_RULE_PIXELS = 180


def without_rules(pixels: np.ndarray) -> np.ndarray:
    """A grey page image with its table rules whitened: tesseract otherwise reads a rule beside a
    cell's text as part of a word ("1|2020-12-31", "[0]")."""
    dark = pixels < 160
    rules = _runs(dark, axis=0) | _runs(dark, axis=1)
    cleaned = pixels.copy()
    cleaned[rules] = 255
    return cleaned


def _runs(dark: np.ndarray, axis: int) -> np.ndarray:
    """Pixels on a straight dark run of at least `_RULE_PIXELS` along `axis` (an opening, by sums)."""
    import numpy as np

    length = _RULE_PIXELS
    padded = np.concatenate([np.zeros_like(dark.take([0], axis=axis)), dark], axis=axis).astype(np.int32)
    sums = np.cumsum(padded, axis=axis)
    count = dark.shape[axis]
    # Window ending at i (length `length`) all dark: erosion, marked at the window's end.
    ends = np.zeros(dark.shape, dtype=bool)
    full = sums.take(range(length, count + 1), axis=axis) - sums.take(range(0, count - length + 1), axis=axis)
    index = [slice(None)] * dark.ndim
    index[axis] = slice(length - 1, count)
    ends[tuple(index)] = full == length
    # Dilation back over the window: a pixel is on a run if a full window ends within `length` after it.
    marks = np.concatenate([np.zeros_like(ends.take([0], axis=axis)), ends], axis=axis).astype(np.int32)
    totals = np.cumsum(marks, axis=axis)
    upper = np.minimum(np.arange(count) + length, count)
    after = np.take(totals, upper, axis=axis) - np.take(totals, np.arange(count), axis=axis)
    return after > 0


class _Hocr(HTMLParser):
    """Tesseract's hOCR: each word with its box, and its line's baseline and x-size."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[tuple[str, tuple[float, ...], float, float]] = []  # text, box, baseline, size
        self._line: tuple[float, float] | None = None
        self._box: tuple[float, ...] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        kind, title = values.get("class") or "", values.get("title") or ""
        fields = dict(part.strip().split(" ", 1) for part in title.split(";") if " " in part.strip())
        if kind == "ocr_line" and "bbox" in fields:
            box = [float(v) for v in fields["bbox"].split()]
            _slope, offset = (float(v) for v in fields.get("baseline", "0 0").split())
            size = float(fields.get("x_size", box[3] - box[1]))
            self._line = (box[3] + offset, size)
        elif kind == "ocrx_word" and "bbox" in fields:
            self._box = tuple(float(v) for v in fields["bbox"].split())
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._box is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._box is not None:
            text = "".join(self._text).strip()
            if text and self._line is not None:
                self.words.append((text, self._box, *self._line))
            self._box = None


def hocr_segments(hocr: str, dpi: float) -> list[Segment]:
    """Tesseract's hOCR as one segment per word: the words of a line share its baseline and size,
    so they group into one visual line as drawn text does."""
    parser = _Hocr()
    parser.feed(hocr)
    scale = 72.0 / dpi
    segments = []
    for text, box, baseline, size in parser.words:
        if not any(c.isalnum() for c in text) and len(text) <= 2 and text not in ("-", "–"):
            continue  # specks and what is left of a rule
        segments.append(Segment(text, box[0] * scale, box[2] * scale, baseline * scale, size * scale))
    return segments
