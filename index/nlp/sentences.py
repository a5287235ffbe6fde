"""Swedish sentence boundaries, and bounded pieces of running text that keep their lines."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from index.parse.records import Line
from index.read.layout import join_with_offsets

# Abbreviations that end in a period without ending a sentence.
_ABBREVIATIONS = (
    "bl.a.",
    "t.ex.",
    "m.m.",
    "s.k.",
    "d.v.s.",
    "dvs.",
    "ca.",
    "kap.",
    "nr.",
    "jfr.",
    "resp.",
    "inkl.",
    "exkl.",
    "t.o.m.",
    "fr.o.m.",
    "o.s.v.",
    "osv.",
    "etc.",
    "st.",
)
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”(])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        if before.lower().endswith(_ABBREVIATIONS) or re.search(r"\b\d{1,2}\.$", before):
            continue  # "bl.a. Staden", "punkt 2. Nämnden"
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass(frozen=True, slots=True)
class Piece:
    """A bounded run of whole sentences and the lines it came from."""

    text: str
    lines: tuple[Line, ...]


def bounded_pieces(lines: Sequence[Line], max_chars: int, breaks: Collection[int] = ()) -> list[Piece]:
    """Join `lines` into text and cut it at sentence ends into pieces of at most `max_chars`, and
    before each line of `breaks` (line numbers: a subheading) where a sentence starts with it.

    A single sentence longer than `max_chars` stays whole: a passage is never cut mid-sentence. A run
    of more than `RUN_ON` × `max_chars` without a sentence end is no sentence (a table's dump, a file
    of one line) and is cut at spaces into pieces of `max_chars` (`_cut_run_on`).
    """
    text, offsets = join_with_offsets([line.text for line in lines])
    if not text:
        return []
    starts = {offsets[i] for i, line in enumerate(lines) if line.number in breaks}
    pieces: list[Piece] = []
    current: list[tuple[int, int]] = []
    for span in (cut for whole in split_sentences(text) for cut in _cut_run_on(text, whole, max_chars)):
        if current and (span[1] - current[0][0] > max_chars or _starts_at(text, span[0], starts)):
            pieces.append(_piece(text, offsets, lines, current))
            current = []
        current.append(span)
    if current:
        pieces.append(_piece(text, offsets, lines, current))
    return pieces


# The longest sentence of the corpus's reports is under 3,000 characters (a table's rows read as one);
# a passage of five million (a file of one line, trial 31) stopped the Swedish analysis, whose limit
# is a million, with a traceback.
RUN_ON = 8


def _cut_run_on(text: str, span: tuple[int, int], max_chars: int) -> list[tuple[int, int]]:
    """`span`, or where it runs on past `RUN_ON` × `max_chars` characters, pieces of at most `max_chars`
    cut at the last space before the bound (at the bound where there is none)."""
    start, end = span
    if end - start <= RUN_ON * max_chars:
        return [span]
    cuts = []
    while end - start > max_chars:
        space = text.rfind(" ", start + 1, start + max_chars)
        stop = space if space > start else start + max_chars
        cuts.append((start, stop))
        start = stop + 1 if space > start else stop
    if text[start:end].strip():
        cuts.append((start, end))
    return cuts


def _starts_at(text: str, start: int, offsets: set[int]) -> bool:
    """Whether the sentence at `start` begins at one of the `offsets` (the joined text may hold the
    line's leading whitespace before it)."""
    return any(offset <= start and not text[offset:start].strip() for offset in offsets)


def _piece(text: str, offsets: list[int], lines: Sequence[Line], spans: list[tuple[int, int]]) -> Piece:
    start, end = spans[0][0], spans[-1][1]
    covered = tuple(
        line
        for index, line in enumerate(lines)
        if offsets[index] < end and (index + 1 == len(lines) or offsets[index + 1] > start)
    )
    return Piece(text=text[start:end].strip(), lines=covered or (lines[0],))
