"""Sentences of a passage, and which of them carry its point."""

from __future__ import annotations

import re

from index.sentences import split_sentences

# Words that give a reason or a consequence: the sentences an official looks for in an Analys.
REASON_CUES = re.compile(
    r"\b(på grund av|till följd av|med anledning av|beror på|eftersom|därför|försen\w*|pausa\w*|vilande|"
    r"skjut\w* upp|inte (har )?kunnat|förväntas|planeras|pågår)\b",
    re.IGNORECASE,
)
# Lines of an activity chunk that are not prose: its dates and flag.
_DATES = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{4}-\d{2}-\d{2})?( Avvikelse)?$")


def sentences(text: str) -> list[str]:
    """The prose sentences of a passage's text, whitespace-normalised, in order."""
    out = []
    for block in text.split("\n"):
        block = block.removeprefix("Analys: ").strip()
        if not block or _DATES.match(block):
            continue
        for start, end in split_sentences(block):
            sentence = " ".join(block[start:end].split())
            if len(sentence.split()) >= 3:
                out.append(sentence)
    return out


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
