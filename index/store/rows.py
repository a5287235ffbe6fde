"""Records ↔ rows: what a document and a passage look like in SQLite, and back.

The column order of `document_row` and `chunk_row` is that of the INSERTs in `facade.py`;
`document_of` and `stored_chunk_of` read the rows that its SELECTs return.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.nlp.analysis import Analysis
from index.nlp.entities import Entity
from index.parse.records import (
    Chunk,
    ChunkKind,
    Citation,
    GoalLevel,
    GoalStatus,
    IndicatorValues,
    ReportMeta,
    ReportType,
    parent_numbers,
    section_label,
)


@dataclass(frozen=True, slots=True)
class Document:
    """An indexed report file."""

    id: int
    file: str
    path: str
    sha256: str
    size: int
    meta: ReportMeta
    line_count: int
    warnings: tuple[str, ...]
    indexed_at: float
    chunks: int = 0


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A parsed, analysed and embedded report, ready to be written."""

    path: Path
    sha256: str
    size: int
    meta: ReportMeta
    line_count: int
    warnings: tuple[str, ...]
    chunks: Sequence[Chunk]
    analyses: Sequence[Analysis]
    vectors: np.ndarray  # (len(chunks), dim), normalised


@dataclass(frozen=True, slots=True)
class StoredChunk:
    """A chunk as read back from the store, with its NLP metadata."""

    rowid: int
    chunk: Chunk
    lemmas: tuple[str, ...]
    compounds: tuple[str, ...]
    entities_json: str  # `entities`, as stored
    amounts: tuple[float, ...]
    dates: tuple[str, ...]
    document_id: int

    @property
    def entities(self) -> tuple[Entity, ...]:
        """The passage's named entities. Decoded when asked for: a list answer reads hundreds of
        passages and shows none of their entities, and decoding them was 30 % of reading a
        passage (pyinstrument, a 400-passage list at 100× the corpus)."""
        return entities_of_json(self.entities_json)


def entities_json(entities: Sequence[Entity]) -> str:
    """A passage's entities as stored: label, words, normalised value and span, as JSON."""
    return json.dumps(
        [{"label": e.label, "text": e.text, "norm": e.norm, "start": e.start, "end": e.end} for e in entities],
        ensure_ascii=False,
    )


def entities_of_json(stored: str) -> tuple[Entity, ...]:
    """The stored entities as records; a store written before spans were kept reads them as 0, 0."""
    rows = json.loads(stored)
    return tuple(Entity(e["label"], e["text"], e["norm"], e.get("start", 0), e.get("end", 0)) for e in rows)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def document_row(document: NewDocument, indexed_at: float) -> tuple:
    """The `documents` row of a new document: file, path, sha256, size, namnd, report_type, year,
    period, title, dnr, line_count, warnings, indexed_at."""
    meta = document.meta
    return (
        meta.file,
        str(document.path),
        document.sha256,
        document.size,
        meta.namnd,
        meta.report_type.value,
        meta.year,
        meta.period,
        meta.title,
        meta.dnr,
        document.line_count,
        json.dumps(list(document.warnings), ensure_ascii=False),
        indexed_at,
    )


def chunk_row(document_id: int, chunk: Chunk, analysis: Analysis) -> tuple:
    """The `chunks` row of a passage: id, document_id, kind, text, text_hash, goal_path, goal, deviation,
    status, report_type, namnd, year, period, page, page_approx, line_start, line_end, extra, lemmas,
    compounds, entities, amounts, dates."""
    c = chunk.citation
    return (
        chunk.id,
        document_id,
        chunk.kind.value,
        chunk.text,
        text_hash(chunk.text),
        json.dumps(list(chunk.goal_path), ensure_ascii=False),
        c.goal,
        int(chunk.deviation),
        chunk.status.value if chunk.status else None,
        chunk.report_type.value,
        c.namnd,
        c.year,
        c.period,
        c.page,
        c.page_approx,
        c.line_start,
        c.line_end,
        chunk_fields(chunk),
        " ".join(analysis.lemmas),
        " ".join(analysis.compounds),
        entities_json(analysis.entities),
        json.dumps(list(analysis.amounts)),
        json.dumps(list(analysis.dates), ensure_ascii=False),
    )


_ANALYS = "\nAnalys: "  # where the chunker's text of an activity or an indicator puts its Analys
# An indicator's figures, stored as the text `f"{v:g}"` gives (six significant digits, as since the
# first index), so that a store written before these were fields reads back the same.
_FIGURES = ("outcome", "outcome_men", "outcome_women", "previous", "forecast", "target", "kf_target")


def chunk_fields(chunk: Chunk) -> str:
    """The `extra` column of a passage: its typed fields beyond the filter columns, as JSON (keys
    only where a value is, but for `level`: its key marks the format that holds the goal's number)."""
    fields: dict[str, str | None] = {"title": chunk.title, "level": chunk.level.value if chunk.level else None}
    if chunk.number:
        fields["number"] = chunk.number
    if chunk.parent_numbers:
        fields["parents"] = list(chunk.parent_numbers)
    fields.update(
        (k, v)
        for k, v in (
            ("start", chunk.start),
            ("end", chunk.end),
            ("analysis", chunk.analysis),
            ("expected", chunk.expected),
        )
        if v
    )
    if chunk.values is not None:
        v = chunk.values
        fields.update((k, f"{getattr(v, k):g}") for k in _FIGURES if getattr(v, k) is not None)
        notes = (("target_note", v.target_note), ("kf_target_note", v.kf_target_note))
        notes += (("previous_label", v.previous_label),)
        fields.update((k, x) for k, x in (("period", v.period), ("unit", v.unit), *notes) if x)
        if v.lower_is_better:
            fields["lower_is_better"] = "1"
        if v.band:
            fields["band"] = "1"
    return json.dumps(fields, ensure_ascii=False)


def fields_of(extra: str, text: str, kind: ChunkKind, goal_path: Sequence[str], goal: str | None) -> dict[str, Any]:
    """The typed fields of `Chunk` from its `extra` column (`chunk_fields`); `goal_path` and `goal`
    (the citation's) only for a row stored before the goal's number and level were fields."""
    stored = json.loads(extra)
    if "title" not in stored:
        # A row stored before the title and an indicator's Analys were fields (the first index
        # format): the chunker wrote them into the text, as its first line and after "Analys: ".
        legacy = {"title": text.split("\n", 1)[0]}
        if kind in (ChunkKind.ACTIVITY, ChunkKind.INDICATOR) and _ANALYS in text:
            legacy["analysis"] = text.split(_ANALYS, 1)[1]
        stored = legacy | stored
    values = None
    if kind is ChunkKind.INDICATOR:
        values = IndicatorValues(
            **{k: float(stored[k]) for k in _FIGURES if k in stored},
            period=stored.get("period"),
            unit=stored.get("unit"),
            target_note=stored.get("target_note"),
            kf_target_note=stored.get("kf_target_note"),
            previous_label=stored.get("previous_label"),
            lower_is_better=stored.get("lower_is_better") == "1",
            band=stored.get("band") == "1",
        )
    if "level" not in stored:
        stored = stored | _goal_of_legacy(stored["title"], kind, goal_path, goal)
    return {
        "title": stored["title"],
        "analysis": stored.get("analysis", ""),
        "start": stored.get("start"),
        "end": stored.get("end"),
        "values": values,
        "number": stored.get("number"),
        "level": GoalLevel(stored["level"]) if stored["level"] else None,
        "parent_numbers": tuple(stored.get("parents", ())),
        "expected": stored.get("expected", ""),
    }


def _goal_of_legacy(title: str, kind: ChunkKind, goal_path: Sequence[str], goal: str | None) -> dict[str, Any]:
    """The goal's number, level and parents of a row stored before they were fields (schema 4 and
    older), from what such a row holds: its goal path ends in the goal's number, or its title where
    the report numbers none; its goal is the goal's label, "1.2.1 Tryggt …"; a goal's title was that
    label. An indicator's path held its goal alone: under an unnumbered goal, its level and parents
    are not known (None, ()) until the report is indexed again."""
    last = goal_path[-1] if goal_path else None
    number = last if last and goal and goal.startswith(f"{last} ") else None
    if number:
        depth = len(parent_numbers(number)) + 1
    elif goal and kind in (ChunkKind.GOAL, ChunkKind.ANALYSIS, ChunkKind.ACTIVITY):
        depth = len(goal_path)  # the path of an unnumbered goal and of what it holds names each level
    else:
        depth = 0
    level = next((v for v in GoalLevel if v.depth == depth), None)
    if kind is ChunkKind.GOAL and number:
        title = title.removeprefix(f"{number} ")
    # An indicator's path is its goal alone; the others' name each goal above theirs.
    parents = parent_numbers(number) if kind is ChunkKind.INDICATOR and number else tuple(goal_path[:-1])
    return {
        "title": title,
        "number": number,
        "level": level.value if level else None,
        "parents": parents if goal else (),
    }


def document_of(row: Mapping[str, Any]) -> Document:
    """A document row (SQLite's, or another backend's mapped to the same keys) as its record."""
    meta = ReportMeta(
        file=row["file"],
        namnd=row["namnd"],
        report_type=ReportType(row["report_type"]),
        year=row["year"],
        period=row["period"],
        title=row["title"],
        dnr=row["dnr"],
    )
    return Document(
        id=row["id"],
        file=row["file"],
        path=row["path"],
        sha256=row["sha256"],
        size=row["size"],
        meta=meta,
        line_count=row["line_count"],
        warnings=tuple(json.loads(row["warnings"])),
        indexed_at=row["indexed_at"],
        chunks=row["n"],
    )


def parser_record(stored: str | None, version: str) -> frozenset[str]:
    """The files parser `version` read, from the store's record of them (JSON: version and files).
    A record of another version, or none (a store from before versions were kept), names none."""
    if not stored or not stored.startswith("{"):
        return frozenset()
    record = json.loads(stored)
    return frozenset(record["files"]) if record.get("version") == version else frozenset()


def parser_record_with(stored: str | None, version: str, files: Iterable[str]) -> str:
    """The record with `files` added as read by `version` (an older version's files are dropped)."""
    known = parser_record(stored, version)
    return json.dumps({"version": version, "files": sorted(known | set(files))}, ensure_ascii=False)


def stored_chunk_of(row: Mapping[str, Any]) -> StoredChunk:
    """A passage row (SQLite's, or another backend's mapped to the same keys) as its record."""
    kind = ChunkKind(row["kind"])
    goal_path = tuple(json.loads(row["goal_path"]))
    citation = Citation(
        file=row["file"],
        report=row["title"],
        namnd=row["namnd"],
        year=row["year"],
        period=row["period"],
        goal=row["goal"],
        page=row["page"],
        line_start=row["line_start"],
        line_end=row["line_end"],
        page_approx=row["page_approx"],
        # A narrative passage's goal path is its heading path (the chunker's `section_label`).
        section=section_label(goal_path) if kind is ChunkKind.SECTION else None,
    )
    chunk = Chunk(
        id=row["id"],
        kind=kind,
        text=row["text"],
        goal_path=goal_path,
        deviation=bool(row["deviation"]),
        status=GoalStatus(row["status"]) if row["status"] else None,
        citation=citation,
        report_type=ReportType(row["report_type"]),
        **fields_of(row["extra"], row["text"], kind, goal_path, row["goal"]),
    )
    return StoredChunk(
        rowid=row["rowid"],
        chunk=chunk,
        lemmas=tuple(row["lemmas"].split()),
        compounds=tuple(row["compounds"].split()),
        entities_json=row["entities"],
        amounts=tuple(json.loads(row["amounts"])),
        dates=tuple(json.loads(row["dates"])),
        document_id=row["document_id"],
    )
