"""A report or nämnd draft: goal status overview, deviations with their reasons, themes, indicators.

Extractive and structured: every sentence is taken from a passage of the index and cites it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from index.errors import ReportError
from index.ingest import parse_file
from index.lemmas import lemma
from index.records import ChunkKind, GoalStatus, Indicator
from index.store import ChunkFilter, Document, Store, StoredChunk
from summarise.draft import Draft, DraftSection, DraftSentence, SourceBook
from summarise.sentences import key_sentences, sentence_with

STATUS_ORDER = (GoalStatus.INTE, GoalStatus.DELVIS, GoalStatus.HELT, GoalStatus.EJ_BEDOMD)
# Lemmas too general to be a theme of a city report.
GENERIC = frozenset(
    "kommunstyrelse nämnd nämnden stad staden stadens arbete år verksamhet mål målet aktivitet arbeta "
    "genomföra fortsätta under period tertial utveckla utveckling bidra bidragit ska samt enligt öka "
    "stockholm stockholms kommunfullmäktige ny del bland annan olik flera många via inom även också "
    "helt delvis uppfylla uppfylls bedöma bedömning förvaltning förvaltningen redovisa mnkr tkr kr "
    "procent st andel antal totalt per jämfört gälla göra ge ta få finnas kunna vilja behöva vara ha bli "
    "resultat erbjuda skapa genomförd stadsdelsnämnd stadsdelsnämnden stadsdelsförvaltning nämndens".split()
)
THEMES = 6


def matching_documents(store: Store, namnd: str, year: int | None, period: str | None) -> list[Document]:
    """The indexed reports of a nämnd (name matched loosely: "Norrmalm" finds Norrmalms stadsdelsnämnd)."""
    wanted = namnd.lower().strip()
    found = []
    for d in store.documents():
        name = d.meta.namnd.lower()
        if not (name == wanted or name.startswith(wanted) or wanted in name):
            continue
        if year is not None and d.meta.year != year:
            continue
        if period is not None and (d.meta.period or "").lower() != period.lower():
            continue
        found.append(d)
    return found


def report_draft(store: Store, namnd: str, year: int | None = None, period: str | None = None) -> Draft:
    """A draft for one nämnd's reports (one report when year and period pick one out).

    Raises:
        ValueError: no indexed report matches; the message says what was asked.
    """
    documents = matching_documents(store, namnd, year, period)
    if not documents:
        asked = " ".join(str(p) for p in (namnd, year, period) if p)
        raise ValueError(f"no indexed report matches {asked!r}")
    book = SourceBook()
    chunks = store.chunks(store.filter_rowids(ChunkFilter(files=tuple(d.file for d in documents))))
    chunks.sort(key=lambda c: (c.chunk.citation.year or 0, c.chunk.citation.file, c.chunk.citation.line_start))
    title_docs = ", ".join(d.meta.title for d in documents)
    sections = (
        _goal_section(chunks, book),
        _deviation_section(chunks, book),
        _theme_section(chunks, book, store.lemma_frequencies()),
        _indicator_section(documents, chunks, book),
    )
    return Draft(title=f"Sammanfattning: {title_docs}", sections=sections, sources=book.sources())


def _cite(book: SourceBook, stored: StoredChunk) -> int:
    return book.cite(stored.chunk.id, stored.chunk.citation, stored.chunk.text)


def _goal_section(chunks: Sequence[StoredChunk], book: SourceBook) -> DraftSection:
    goals = [c for c in chunks if c.chunk.kind is ChunkKind.GOAL and c.chunk.status is not None]
    counts = Counter(c.chunk.status for c in goals)
    if not goals:
        return DraftSection("Måluppfyllelse", (), note="Rapporterna bedömer inga mål.")
    note = (
        f"{len(goals)} mål med bedömning: "
        + ", ".join(f"{counts[s]} {s.value}" for s in STATUS_ORDER if counts[s])
        + "."
    )
    sentences = []
    for status in STATUS_ORDER:
        for c in (g for g in goals if g.chunk.status is status):
            label = c.chunk.text.split("\n", 1)[0]
            sentences.append(DraftSentence(f"{label} – {status.value}", label, _cite(book, c)))
    return DraftSection("Måluppfyllelse", tuple(sentences), note=note)


def _deviation_section(chunks: Sequence[StoredChunk], book: SourceBook) -> DraftSection:
    sentences = []
    for c in chunks:
        if not (c.chunk.kind is ChunkKind.ACTIVITY and c.chunk.deviation):
            continue
        n = _cite(book, c)
        activity = c.chunk.text.split("\n", 1)[0]
        sentences.append(DraftSentence(f"Avvikelse: {activity}", activity, n))
        analysis = c.chunk.text.split("\nAnalys: ", 1)[1] if "\nAnalys: " in c.chunk.text else ""
        for sentence in key_sentences(analysis, 2):
            sentences.append(DraftSentence(f"Skäl: {sentence}", sentence, n))
    note = None if sentences else "Inga aktiviteter är markerade med avvikelse."
    return DraftSection("Avvikelser och deras skäl", tuple(sentences), note=note)


def _theme_section(
    chunks: Sequence[StoredChunk], book: SourceBook, background: tuple[Counter[str], int]
) -> DraftSection:
    """Recurring subjects: lemmas in many of these passages and rarer elsewhere (tf-idf), each
    shown by a sentence that names it."""
    frequency = Counter(lemma for c in chunks for lemma in set(c.lemmas) if lemma not in GENERIC and len(lemma) > 3)
    everywhere, total = background
    weight = {t: n * math.log((total + 1) / (everywhere[t] + 1)) for t, n in frequency.items() if n >= 3}
    sentences = []
    for theme, _ in sorted(weight.items(), key=lambda item: -item[1])[: THEMES * 3]:
        count = frequency[theme]
        if len(sentences) >= THEMES:
            break
        found = _sentence_about(chunks, theme)
        if found is None:
            continue
        c, sentence = found
        if any(sentence == s.quote for s in sentences):
            continue  # one sentence shows one theme
        sentences.append(DraftSentence(f"**{theme}** ({count} passager): {sentence}", sentence, _cite(book, c)))
    amounts = sorted(
        ((abs(a), c) for c in chunks for a in c.amounts if c.chunk.kind in (ChunkKind.SECTION, ChunkKind.ANALYSIS)),
        key=lambda pair: -pair[0],
    )
    shown = 0
    for _, c in amounts:
        if shown >= 3:
            break
        sentence = sentence_with(c.chunk.text, r"\d[\d  ]*(,\d+)?\s*(mnkr|mdkr|tkr|miljoner kronor|miljarder kronor)")
        if sentence and all(sentence != s.quote for s in sentences):
            sentences.append(DraftSentence(f"Belopp: {sentence}", sentence, _cite(book, c)))
            shown += 1
    entities = Counter(
        e["norm"] for c in chunks for e in c.entities if e["label"] in ("NAMND", "FORVALTNING", "BOLAG", "PLACE")
    )
    note = "Vanligast nämnda aktörer och platser: " + ", ".join(f"{name} ({n})" for name, n in entities.most_common(6))
    return DraftSection("Teman", tuple(sentences), note=note if entities else None)


def _sentence_about(chunks: Sequence[StoredChunk], theme: str) -> tuple[StoredChunk, str] | None:
    """The first sentence of a goal, analysis or section passage that contains the theme's lemma."""
    for c in chunks:
        if c.chunk.kind not in (ChunkKind.GOAL, ChunkKind.ANALYSIS, ChunkKind.SECTION) or theme not in c.lemmas:
            continue
        for sentence in key_sentences(c.chunk.text, 20, lead=False):
            if any(lemma(w) == theme for w in re.findall(r"[\wåäöÅÄÖ-]+", sentence)) and 40 <= len(sentence) <= 300:
                return c, sentence
    return None


def _indicator_section(documents: Sequence[Document], chunks: Sequence[StoredChunk], book: SourceBook) -> DraftSection:
    """Indicators whose outcome and årsmål are both numbers, those furthest from the target first."""
    by_line = {
        (c.chunk.citation.file, c.chunk.citation.line_start): c for c in chunks if c.chunk.kind is ChunkKind.INDICATOR
    }
    measured: list[tuple[float, Indicator, StoredChunk]] = []
    for document in documents:
        try:
            report = parse_file(Path(document.path))
        except (ReportError, OSError):
            continue  # the file moved: its indicators are still searchable, only not compared here
        for indicator in report.indicators:
            stored = by_line.get((document.file, indicator.source.line_start))
            if stored is None or indicator.outcome is None or not indicator.target:
                continue
            measured.append((abs(indicator.outcome - indicator.target) / abs(indicator.target), indicator, stored))
    measured.sort(key=lambda item: -item[0])
    sentences = []
    for gap, indicator, stored in measured[:8]:
        unit = f" {indicator.unit}" if indicator.unit else ""
        verdict = (
            "över"
            if indicator.outcome > indicator.target
            else ("under" if indicator.outcome < indicator.target else "på")
        )
        text = (
            f"{indicator.name}: utfall {_sv(indicator.outcome)}{unit} mot årsmål {_sv(indicator.target)}{unit} "
            f"({verdict} målet{f', {gap:.0%} ifrån' if verdict != 'på' else ''})"
        )
        sentences.append(DraftSentence(text, indicator.name, _cite(book, stored)))
    note = None if sentences else "Inga indikatorer med både utfall och årsmål som tal."
    return DraftSection("Indikatorer mot årsmål", tuple(sentences), note=note)


def _sv(value: float) -> str:
    """A number as Swedish text writes it: decimal comma."""
    return f"{value:g}".replace(".", ",")
