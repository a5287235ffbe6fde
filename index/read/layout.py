"""Undo the PDF layout: page headers out, pages known, broken words joined.

Input is the reader's numbered lines; output is the content lines the parser reads
(blank lines and page furniture dropped, original line numbers kept), plus the
`join_lines` rule for turning wrapped lines back into running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.parse.records import Line

PAGE_MARKER = re.compile(r"^\s*Sida?\s+(\d{1,4})\s*\(\s*(\d{1,4})\s*\)\s*$")
# Furniture printed at the top of every page of the city's reports.
_FURNITURE = re.compile(
    r"^\s*(?:Tjänsteutlåtande|start\.stockholm|Bilaga\s+\d+|Dnr\s+[\w .:/-]{1,40}|"
    r"[\wåäöÅÄÖ .-]{1,40}gatan\s+\d+[A-Z]?|\d{6,12}|Sida?\s+\d+)\s*$"
)
_FURNITURE_WINDOW = 4  # content lines around a page marker that may be furniture

# Words that follow a hanging hyphen in a shared-compound ellipsis: "stads- och landsting".
ELLIPSIS_NEXT = frozenset({"och", "eller", "samt", "respektive", "resp.", "som", "till", "&", "både"})
_HYPHEN_END = re.compile(r"(\w+)-\s*$")
# Lower-case abbreviations written with a hyphen ("it-området", "tv-sändning"): a whole word, never
# a syllable broken by the line (LibreOffice breaks "it-" / "området" at the hyphen).
_HYPHEN_ABBREVIATIONS = frozenset({"it", "tv", "sms", "gis"})


def clean_lines(lines: Sequence[Line]) -> list[Line]:
    """Drop blank lines and page furniture, and give every line its page where known.

    A text extraction says its page only through markers like "Sid 19 (48)" at the top
    of some pages. A line between markers of pages p and p+1 is on page p for certain;
    elsewhere the page is estimated from the markers (`page_approx`), never guessed
    into `page`.
    """
    content = [
        replace(line, text=SECTION_BEFORE_LEVEL.sub("", line.text.replace("\u00a0", " ").rstrip(" \r\n")))
        for line in lines
    ]
    content = _mend_wrapped_dates([line for line in content if line.text.strip()])
    marker_at: dict[int, tuple[int, int]] = {}
    for index, line in enumerate(content):
        match = PAGE_MARKER.match(line.text)
        if match:
            marker_at[index] = (int(match.group(1)), int(match.group(2)))
    drop = set(marker_at)
    for index in marker_at:
        for other in range(max(0, index - _FURNITURE_WINDOW), min(len(content), index + _FURNITURE_WINDOW + 1)):
            if _FURNITURE.match(content[other].text):
                drop.add(other)
    drop |= _table_of_contents(content)
    drop |= _page_numbers_in_sentences(content)
    kept = [(i, line) for i, line in enumerate(content) if i not in drop]
    if all(line.page is not None for _, line in kept) or not marker_at:
        return [line for _, line in kept]
    return _assign_pages(kept, marker_at)


# A table of contents: its title, then entries that end in a page number after a gap or leader dots.
# Its entries repeat the report's headings ("Nämndmål: 1.1.1. Invånare … . . . 3"), which read as
# goals of their own: a blind trial's cover-and-contents layout gained four goals without a status.
_TOC_TITLE = re.compile(r"^\s*(?:Innehållsförteckning|Innehåll)\s*$", re.I)
_TOC_ENTRY_END = re.compile(r"(?:\s{2,}|\.\s?\.|…)\s*\d{1,4}\s*$")


def _table_of_contents(lines: Sequence[Line]) -> set[int]:
    """The indexes of a table of contents' lines in a PDF's text: the title, and the rest of its page
    where at least half the lines end in a page number (an entry may wrap over two lines)."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        if line.page is None or not _TOC_TITLE.match(line.text):
            continue
        page = [i for i in range(index + 1, len(lines)) if lines[i].page == line.page]
        numbered = sum(bool(_TOC_ENTRY_END.search(lines[i].text)) for i in page)
        if numbered >= 2 and numbered * 2 >= len(page):
            found |= {index, *page}
    return found


_DATE_HEAD = re.compile(r"\b(\d{4}-(?:\d{2}-?)?)$")
_DATE_TAIL = re.compile(r"^\s*(\d{2}(?:-\d{2})?)\b(.*)$")
_DATE_END = re.compile(r"(?<!\d{4}-\d{2}-\d{2} )\b\d{4}-\d{2}-\d{2}$")
_DATE_ALONE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:\s+Avvikelse)?\s*$")


def _mend_wrapped_dates(lines: list[Line]) -> list[Line]:
    """Join a date broken at a line end ("… 2021-01-01 2021-" / "12-31 Avvikelse"): the parser
    finds an activity row by its two dates on one line."""
    out: list[Line] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following and _DATE_END.search(line.text.rstrip()) and _DATE_ALONE.match(following.text):
            # "… behov. 2020-01-01" / "2020-12-31": the end date wrapped onto a line of its own.
            out.append(replace(line, text=f"{line.text.rstrip()} {following.text.strip()}"))
            skip = True
            continue
        head = _DATE_HEAD.search(line.text.rstrip())
        tail = _DATE_TAIL.match(following.text) if head and following else None
        if head and tail and re.fullmatch(r"\d{4}-\d{2}-\d{2}", head.group(1) + tail.group(1)):
            out.append(replace(line, text=line.text.rstrip() + tail.group(1) + tail.group(2)))
            skip = True
            continue
        out.append(line)
    return out


# The document's own section number before a goal's level and number ("2.1.1Nämndmål 1.1.1: …",
# " 2.1  Inriktningsmål 1: …", a LaTeX report's, its number run into the title): the goal is
# numbered by its label, and the section's number is no goal's (the parser read "2.1.1" as one).
SECTION_BEFORE_LEVEL = re.compile(
    r"^\s*\d+(?:\.\d+)*\.?\s*(?=(?:Nämndmål|KF:s\s+mål|Inriktningsmål|Verksamhetsområdesmål)\b)"
)


# A page's number alone on a line, between two lines of one running sentence: the text layer put
# the footer where the page broke ("… lägenheter som ska vara klimatsmarta och kunna" / "6" /
# "efterfrågas av alla."). Running text on both sides: the line before has words enough and ends
# no sentence, the line after starts in lower case ("för 2013 ."); a table's lone cell ("0",
# "8" / "st") has neither.
_LONE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_RUNNING_WORDS = 4


def _page_numbers_in_sentences(lines: Sequence[Line]) -> set[int]:
    found = set()
    for index in range(1, len(lines) - 1):
        if not _LONE_NUMBER.match(lines[index].text):
            continue
        before, after = lines[index - 1].text.strip(), lines[index + 1].text.strip()
        running_before = len(before.split()) >= _RUNNING_WORDS and not before.endswith((".", "!", "?", ":"))
        running_after = len(after.split()) >= 2 and after[:1].islower()
        if running_before and running_after:
            found.add(index)
    return found


def _assign_pages(kept: list[tuple[int, Line]], marker_at: dict[int, tuple[int, int]]) -> list[Line]:
    markers = sorted((index, page) for index, (page, _total) in marker_at.items())
    total_pages = max(total for _page, total in marker_at.values())
    if len(markers) >= 2:
        span_lines = markers[-1][0] - markers[0][0]
        span_pages = markers[-1][1] - markers[0][1]
        per_page = span_lines / span_pages if span_pages > 0 else 0.0
    else:
        per_page = 0.0
    if per_page <= 0:
        last_index = kept[-1][0] if kept else 0
        per_page = max(1.0, (last_index + 1) / max(1, total_pages))
    result: list[Line] = []
    for index, line in kept:
        before = [(i, p) for i, p in markers if i <= index]
        after = [(i, p) for i, p in markers if i > index]
        exact: int | None = None
        if before and after and after[0][1] == before[-1][1] + 1:
            exact = before[-1][1]
        if before and after and after[0][1] > before[-1][1]:
            (i0, p0), (i1, p1) = before[-1], after[0]
            estimate = p0 + (index - i0) * (p1 - p0) / (i1 - i0)
        elif before:
            i0, p0 = before[-1]
            estimate = p0 + (index - i0) / per_page
        else:
            i1, p1 = after[0]
            estimate = p1 - (i1 - index) / per_page
        approx = min(total_pages, max(1, int(estimate)))
        result.append(replace(line, page=exact, page_approx=approx))
    return result


def join_lines(texts: Sequence[str]) -> str:
    """Join wrapped lines into running text, mending words broken at line ends.

    "finansie-" + "rad" → "finansierad"; "stads-" + "och" keeps "stads- och";
    "covid-" + "19" and "IT-" + "stöd" keep their hyphen.
    """
    return join_with_offsets(texts)[0]


def join_with_offsets(texts: Sequence[str]) -> tuple[str, list[int]]:
    """`join_lines`, plus where each input line's text begins in the result.

    The offsets let a sentence cut from the joined text be traced back to its lines.
    """
    out = ""
    offsets: list[int] = []
    for raw in texts:
        text = " ".join(raw.replace("\t", " ").split())
        if not text:
            offsets.append(len(out))
            continue
        if not out:
            offsets.append(0)
            out = text
            continue
        # Only the tail can end in a hyphen: searching all of `out` would be quadratic.
        tail_start = max(0, len(out) - 64)
        match = _HYPHEN_END.search(out, tail_start)
        first_word = text.split(" ", 1)[0]
        if match and first_word.lower() not in ELLIPSIS_NEXT:
            stem = match.group(1)
            cut = match.end(1)
            offsets.append(cut)
            broken = text[0].islower() and not stem.isupper() and not stem.isdigit() and len(stem) > 1
            # A word broken by the line loses its hyphen; a real hyphen at the line end stays.
            out = out[:cut] + ("" if broken and stem.lower() not in _HYPHEN_ABBREVIATIONS else "-") + text
            continue
        offsets.append(len(out) + 1)
        out = f"{out} {text}"
    return out, offsets
