"""Sentences of a passage, and which of them carry its point.

Only prose is quoted: a table row ("Kostnader 714,3 226,0 714,3 0,0") or a piece cut off by a
page or a column ("vilket är betydligt större än vad som") is never offered as a sentence.
"""

from __future__ import annotations

import re

from index.sentences import _ABBREVIATIONS, split_sentences

# Words that give a reason or a consequence: the sentences an official looks for in an Analys.
REASON_CUES = re.compile(
    r"\b(på grund av|till följd av|med anledning av|beror på|eftersom|därför|försen\w*|pausa\w*|vilande|"
    r"skjut\w* upp|inte (har )?kunnat|förväntas|planeras|pågår)\b",
    re.IGNORECASE,
)
# Lines of an activity chunk that are not prose: its dates and flag.
_DATES = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{4}-\d{2}-\d{2})?( Avvikelse)?$")
_TOKEN = re.compile(r"\S+")
_NUMERIC = re.compile(r"^[-−–+]?[\d.,%:/()]+$")
# A sentence starts as Swedish prose does: a capital letter, a digit (a year, "30 ansökningar"),
# or a quote; it ends with a full stop, a question or an exclamation mark (a closing quote or
# bracket may follow).
_STARTS = re.compile(r"^[\"”'(«]?[A-ZÅÄÖÉ0-9]")
_ENDS = re.compile(r"[.!?][\"”')»]?$")
# Table rows are mostly numbers: the corpus's budget rows ("Netto 573,5 181,4 610,5 -37,0") are
# 80 % numeric, its prose with the most figures ("... 50,7 mnkr före resultatöverföringar och
# 47,3 mnkr efter ...") under 20 %. A third is well between the two.
MAX_NUMERIC_SHARE = 1 / 3
MIN_WORDS = 5  # "Analys saknas." and headings are not a point


def is_prose(sentence: str) -> bool:
    """A whole sentence of running text: starts and ends as one, has words, and is not a table row."""
    tokens = _TOKEN.findall(sentence)
    if len(tokens) < MIN_WORDS or not _STARTS.match(sentence) or not _ENDS.search(sentence):
        return False
    numeric = sum(1 for t in tokens if _NUMERIC.match(t))
    return numeric / len(tokens) <= MAX_NUMERIC_SHARE


def sentences(text: str) -> list[str]:
    """The prose sentences of a passage's text, whitespace-normalised, in order."""
    out = []
    # A report's text wraps lines mid-sentence: the sentences are read over the joined lines
    # of a paragraph (a blank line, or a line that is a table row, ends a paragraph).
    for block in _paragraphs(text):
        for start, end in split_sentences(block):
            for sentence in _resplit(" ".join(block[start:end].split())):
                if is_prose(sentence):
                    out.append(sentence)
    return out


# index/sentences.py keeps "hemtjänst. Därmed" together: "hemtjänst." ends like the abbreviation
# "st.". An abbreviation is a whole word; a longer word ending in a full stop ends a sentence.
_INNER = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def _resplit(sentence: str) -> list[str]:
    out, start = [], 0
    for match in _INNER.finditer(sentence):
        word = sentence[start : match.start()].split()[-1].lower()
        if word in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}\.", word) or re.fullmatch(r"(\w\.)+", word):
            continue
        out.append(sentence[start : match.start()])
        start = match.end()
    out.append(sentence[start:])
    return out


def _paragraphs(text: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = line.removeprefix("Analys: ").strip()
        if not line or _DATES.match(line):
            if current:
                blocks.append(" ".join(current))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(" ".join(current))
    return blocks


def key_sentences(text: str, n: int, *, lead: bool = True) -> list[str]:
    """Up to `n` sentences: with `lead`, the first sentence and then those that give reasons."""
    found = sentences(text)
    if not lead:
        return found[:n]
    chosen = found[:1] + [s for s in found[1:] if REASON_CUES.search(s)]
    return chosen[:n]


def sentence_with(text: str, pattern: str) -> str | None:
    """The first sentence of `text` that matches `pattern`."""
    compiled = re.compile(pattern, re.IGNORECASE)
    return next((s for s in sentences(text) if compiled.search(s)), None)
