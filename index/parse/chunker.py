"""ParsedReport → Chunks, by the report's own structure (never blind token windows).

One chunk per goal (heading, status and the start of its text), per activity (text,
dates, flag, analysis), per indicator; a goal's long text continues in analysis
chunks, and narrative sections are cut at sentence ends to a bounded length.
"""

from __future__ import annotations

from dataclasses import replace

from index.nlp.sentences import bounded_pieces
from index.parse.records import (
    Activity,
    Chunk,
    ChunkKind,
    Citation,
    Goal,
    GoalStatus,
    Indicator,
    IndicatorValues,
    ParsedReport,
    ReportMeta,
    Section,
    Source,
    section_label,
)
from index.read.layout import join_lines

MAX_CHARS = 1200  # about 300 e5 tokens of Swedish: well inside the model's 512


def chunk_report(report: ParsedReport, *, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """All chunks of a report, in document order."""
    meta = report.meta
    # An activity or indicator names its goal by number, or by title where the report numbers none.
    goals = {g.number or g.title: g for g in report.goals}
    chunks: list[Chunk] = []
    for goal in report.goals:
        chunks.extend(_goal_chunks(meta, goal, max_chars))
    for activity in report.activities:
        chunks.append(_activity_chunk(meta, activity, goals.get(activity.goal or "")))
    for indicator in report.indicators:
        chunks.append(_indicator_chunk(meta, indicator, goals.get(indicator.goal or "")))
    for section in report.sections:
        chunks.extend(_section_chunks(meta, section, max_chars))
    chunks.sort(key=lambda c: (c.citation.line_start, c.kind != ChunkKind.GOAL))
    return _unique_ids(chunks)


def _unique_ids(chunks: list[Chunk]) -> list[Chunk]:
    """Each chunk's id once: the same text cut twice from one line (a line of repeated words with no
    sentence end) had one id, and the write failed on the index's unique key. The second and later
    take their ordinal into the id, so the first keeps the id it always had."""
    seen: dict[str, int] = {}
    out = []
    for chunk in chunks:
        n = seen.get(chunk.id, 0)
        seen[chunk.id] = n + 1
        out.append(chunk if n == 0 else replace(chunk, id=Chunk.make_id(chunk.id, chunk.kind, n, n, chunk.text)))
    return out


def _citation(meta: ReportMeta, source: Source, goal: str | None, section: str | None = None) -> Citation:
    return Citation(
        file=meta.file,
        report=meta.title,
        namnd=meta.namnd,
        year=meta.year,
        period=meta.period,
        goal=goal,
        page=source.page,
        line_start=source.line_start,
        line_end=source.line_end,
        page_approx=source.page_approx,
        section=section,
    )


def _make(
    meta: ReportMeta,
    kind: ChunkKind,
    text: str,
    source: Source,
    goal_path: tuple[str, ...],
    goal: str | None,
    *,
    deviation: bool = False,
    status: GoalStatus | None = None,
    title: str | None = None,
    analysis: str = "",
    start: str | None = None,
    end: str | None = None,
    values: IndicatorValues | None = None,
    of: Goal | None = None,
) -> Chunk:
    return Chunk(
        id=Chunk.make_id(meta.file, kind, source.line_start, source.line_end, text),
        kind=kind,
        text=text,
        goal_path=goal_path,
        deviation=deviation,
        status=status,
        citation=_citation(meta, source, goal, section_label(goal_path) if kind is ChunkKind.SECTION else None),
        report_type=meta.report_type,
        title=text.split("\n", 1)[0] if title is None else title,  # a piece of text: its first line
        analysis=analysis,
        start=start,
        end=end,
        values=values,
        expected=of.expected_result if of and kind in (ChunkKind.GOAL, ChunkKind.ANALYSIS) else "",
        number=of.number if of else None,
        level=of.level if of else None,
        parent_numbers=of.parent_numbers if of else (),
    )


def _goal_chunks(meta: ReportMeta, goal: Goal, max_chars: int) -> list[Chunk]:
    path = (*goal.parent_numbers, goal.number or goal.title)
    # The status as the report wrote it, unless the goal's text says it (a judgement in prose).
    stated = goal.raw_status and goal.raw_status not in join_lines([line.text for line in goal.body])
    head = goal.label + (f"\n{goal.raw_status}" if stated else "")
    pieces = bounded_pieces(goal.body, max(200, max_chars - len(head)), goal.subheadings) if goal.body else []
    first_text = f"{head}\n{pieces[0].text}" if pieces else head
    first_source = goal.source
    if pieces:
        # The goal chunk runs from the heading to the last line of its first piece.
        end = max(line.number for line in pieces[0].lines)
        first_source = replace(goal.source, line_end=max(end, goal.source.line_start))
    chunks = [
        _make(
            meta,
            ChunkKind.GOAL,
            first_text,
            first_source,
            path,
            goal.label,
            status=goal.status,
            title=goal.title,
            of=goal,
        )
    ]
    for piece in pieces[1:]:
        chunks.append(
            _make(
                meta,
                ChunkKind.ANALYSIS,
                piece.text,
                Source.of_lines(meta.file, piece.lines),
                path,
                goal.label,
                status=goal.status,
                of=goal,
            )
        )
    return chunks


def _activity_chunk(meta: ReportMeta, activity: Activity, goal: Goal | None) -> Chunk:
    dates = " ".join(d for d in (activity.start, activity.end) if d)
    text = activity.text + (f"\n{dates}" if dates else "") + (" Avvikelse" if activity.deviation else "")
    if activity.progress:  # the row's status word as printed after its dates ("Avslutad")
        text += (" " if dates else "\n") + activity.progress
    if activity.other:  # the table's other columns ("Ansvarig: Kommunstyrelsen"), as printed
        text += f"\n{activity.other}"
    if activity.analysis:
        text += f"\nAnalys: {activity.analysis}"
    return _make(
        meta,
        ChunkKind.ACTIVITY,
        text,
        activity.source,
        activity.goal_path,
        goal.label if goal else activity.goal,
        deviation=activity.deviation,
        title=activity.text,
        analysis=activity.analysis,
        start=activity.start,
        end=activity.end,
        of=goal,
    )


def _indicator_chunk(meta: ReportMeta, indicator: Indicator, goal: Goal | None) -> Chunk:
    text = indicator.name + (f"\n{indicator.raw_values}" if indicator.raw_values else "")
    if indicator.analysis:
        text += f"\nAnalys: {indicator.analysis}"
    label = goal.label if goal else indicator.goal
    path = tuple(p for p in (label and indicator.goal,) if p)
    return _make(
        meta,
        ChunkKind.INDICATOR,
        text,
        indicator.source,
        path,
        label,
        title=indicator.name,
        analysis=indicator.analysis,
        values=indicator.values,
        of=goal,
    )


def _section_chunks(meta: ReportMeta, section: Section, max_chars: int) -> list[Chunk]:
    chunks = []
    for piece in bounded_pieces(section.body, max_chars):
        chunks.append(
            _make(
                meta, ChunkKind.SECTION, piece.text, Source.of_lines(meta.file, piece.lines), section.heading_path, None
            )
        )
    return chunks
