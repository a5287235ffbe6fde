"""Whether a hyphen at a PDF line's end is the word's own or the renderer's, from the document.

`layout.join_lines` decides by the word's shape alone (a lower-case word goes on: the hyphen
was the renderer's), which is right for the city's hyphenated PDFs ("finansie-" / "rad") and
wrong where a word processor broke a line at a real hyphen ("Freda-" / "kortfrågor",
"hbtq-" / "personer", "tak över huvudet-" / "garantin": LibreOffice does not hyphenate, so
it breaks only there). The document itself tells which:

- the word's either form written inside a line elsewhere ("kommunstyrelsen", "HBTQ-personer")
  decides for that word;
- a document none of whose attested line-end hyphens was the renderer's does not hyphenate:
  all its line-end hyphens are kept;
- otherwise the shape rule of `join_lines` stands.

Measured on the LibreOffice layouts (tuning half), activities word for word: lo-docx-top-grid
379 → 381, lo-docx-bottom-cell 378 → 381, lo-docx-middle-narrow 379 → 381 of 381; lo-text
(whose line ends are the .txt's own) and the reportlab layouts unchanged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.nlp.frequencies import zipf_frequency
from index.read.layout import ELLIPSIS_NEXT

_WORD = re.compile(r"[\w]+(?:-[\w]+)*", re.UNICODE)
_BROKEN = re.compile(r"([\w]+(?:-[\w]+)*)-$")
_FIRST = re.compile(r"^([\w]+(?:-[\w]+)*)")
_LAST = re.compile(r"([^\W\d_]+)$")


@dataclass(frozen=True, slots=True)
class Hyphens:
    """A document's words written inside lines, and whether it hyphenates at all."""

    words: frozenset[str]
    hyphenates: bool
    inner: frozenset[str] = frozenset()  # the words written before a line's last: never cut by its end

    @classmethod
    def of(cls, lines: Iterable[str]) -> Hyphens:
        texts = [" ".join(line.split()) for line in lines]
        words: set[str] = set()
        inner: set[str] = set()
        for text in texts:
            found = _WORD.findall(text)
            if text.endswith("-") and found:
                found = found[:-1]  # the word broken at the end is not written whole here
            if found and text[:1].islower():
                found = found[1:]  # nor, perhaps, the one it goes on with
            words.update(word.lower() for word in found)
            inner.update(word.lower() for word in found[:-1])
        document = cls(frozenset(words), hyphenates=True)
        verdicts = [document.attested(a, b) for a, b in _breaks(texts)]
        hyphenates = not verdicts.count(True) or any(v is False for v in verdicts)
        return cls(frozenset(words), hyphenates=hyphenates, inner=frozenset(inner))

    def attested(self, stem: str, tail: str) -> bool | None:
        """True where the document writes "stem-tail" with its hyphen, False where it writes
        it closed ("stemtail"), None where it writes neither (or both)."""
        open_form = f"{stem}-{tail}".lower() in self.words
        closed = f"{stem}{tail}".lower() in self.words
        return open_form if open_form != closed else None

    def keep(self, stem: str, tail: str) -> bool | None:
        """Whether the hyphen between a line ending "stem-" and one starting "tail" is real;
        None where the document does not say (the shape rule decides)."""
        verdict = self.attested(stem, tail)
        if verdict is None and not self.hyphenates:
            return True
        return verdict

    def join(self, texts: Sequence[str]) -> list[str]:
        """The lines with each line-end hyphen the document decides joined to the next line
        (hyphen kept or dropped); the others are left to `join_lines`."""
        out: list[str] = []
        for text in texts:
            previous = out[-1].rstrip() if out else ""
            broken = _BROKEN.search(previous)
            first = _FIRST.match(text.strip())
            if broken and first and first.group(1).lower() not in ELLIPSIS_NEXT:
                verdict = self.keep(broken.group(1), first.group(1))
                if verdict is not None:
                    out[-1] = previous[: -1 if not verdict else len(previous)] + text.strip()
                    continue
            last = _LAST.search(previous) if not broken else None
            if last and first and first.group(1)[:1].islower() and self.cut(last.group(1), first.group(1)):
                out[-1] = previous + text.strip()
                continue
            out.append(text)
        return out

    def cut(self, head: str, tail: str) -> bool:
        """Whether a line ending "head" and one starting "tail" are one word cut without a hyphen:
        a cell too narrow for a word is broken anywhere ("utbildningsnämnde" / "n", LibreOffice's
        Word tables in a blind trial). Where the document writes the whole word elsewhere and never
        the head alone inside a line; or where the head is no Swedish word and the whole is (wordfreq): two words
        of their own are never joined."""
        whole, head = (head + tail).lower(), head.lower()
        if head in self.inner:
            return False
        return whole in self.words or (zipf_frequency(head) == 0 and zipf_frequency(whole) > 0)


def _breaks(texts: Sequence[str]) -> list[tuple[str, str]]:
    pairs = []
    for a, b in itertools.pairwise(texts):
        broken = _BROKEN.search(a)
        first = _FIRST.match(b)
        if broken and first and first.group(1).lower() not in ELLIPSIS_NEXT:
            pairs.append((broken.group(1), first.group(1)))
    return pairs
