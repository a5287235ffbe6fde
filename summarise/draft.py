"""A summary draft: sections of sentences, each citing the passage it was taken from.

Every sentence keeps the exact words it quotes (`quote`) beside what it shows (`text`,
which may add a lead such as a goal's number), so that a test, or a reader, can check that
the quote stands in the cited passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.parse.records import Citation


@dataclass(frozen=True, slots=True)
class DraftSource:
    """One cited passage; `n` is its marker in the draft ([n])."""

    n: int
    passage_id: str
    citation: Citation
    text: str  # the passage's text, for checking quotes and for the reader


@dataclass(frozen=True, slots=True)
class DraftSentence:
    text: str  # as shown; ends with its marker when rendered
    quote: str  # the words taken from the passage, verbatim (whitespace normalised)
    source: int  # DraftSource.n


@dataclass(frozen=True, slots=True)
class DraftSection:
    heading: str
    sentences: tuple[DraftSentence, ...]
    note: str | None = None  # a plain line under the heading (counts), citing nothing itself


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    sections: tuple[DraftSection, ...]
    sources: tuple[DraftSource, ...]
    warnings: tuple[str, ...] = field(default=())
    backend: str = "extractive"

    def sentences(self) -> list[DraftSentence]:
        return [s for section in self.sections for s in section.sentences]


class SourceBook:
    """Collects the passages a draft cites and numbers them in order of first use."""

    def __init__(self) -> None:
        self._by_id: dict[str, DraftSource] = {}

    def cite(self, passage_id: str, citation: Citation, text: str) -> int:
        if passage_id not in self._by_id:
            self._by_id[passage_id] = DraftSource(len(self._by_id) + 1, passage_id, citation, text)
        return self._by_id[passage_id].n

    def sources(self) -> tuple[DraftSource, ...]:
        return tuple(self._by_id.values())


def swedish_number(value: float) -> str:
    """A number as the reports print it: decimal comma, thousands apart ("9 000", "2,5")."""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",")


def where(c: Citation) -> str:
    """A citation as a reader finds it: report, nämnd, page or line."""
    page = f"s. {c.page}" if c.page else (f"s. ~{c.page_approx}" if c.page_approx else None)
    lines = f"rad {c.line_start}–{c.line_end}" if c.line_end != c.line_start else f"rad {c.line_start}"
    return ", ".join(p for p in (c.report, c.namnd, page, lines, c.file) if p)


def to_markdown(draft: Draft) -> str:
    """The draft as Swedish Markdown, with a numbered source list at the end."""
    out = [f"# {draft.title}", ""]
    if draft.backend != "extractive":
        out += [f"*Formulerat av språkmodell ({draft.backend}); varje mening hänvisar till en källa.*", ""]
    for warning in draft.warnings:
        out += [f"> Obs: {warning}", ""]
    for section in draft.sections:
        out += [f"## {section.heading}", ""]
        if section.note:
            out += [section.note, ""]
        out += [f"- {s.text} [{s.source}]" for s in section.sentences]
        if not section.sentences and not section.note:
            out.append("- (inget att rapportera)")
        out.append("")
    out += ["## Källor", ""]
    out += [f"{s.n}. {where(s.citation)} (passage {s.passage_id})" for s in draft.sources]
    return "\n".join(out).rstrip() + "\n"
