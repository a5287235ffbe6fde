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
)

MAX_CHARS = 1200  # about 300 e5 tokens of Swedish: well inside the model's 512


def chunk_report(report: ParsedReport, *, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """All chunks of a report, in document order."""
    meta = report.meta
    goal_labels = {g.number: g.label for g in report.goals if g.number}
    chunks: list[Chunk] = []
    for goal in report.goals:
        chunks.extend(_goal_chunks(meta, goal, max_chars))
    for activity in report.activities:
        chunks.append(_activity_chunk(meta, activity, goal_labels))
    for indicator in report.indicators:
        chunks.append(_indicator_chunk(meta, indicator, goal_labels))
    for section in report.sections:
        chunks.extend(_section_chunks(meta, section, max_chars))
    chunks.sort(key=lambda c: (c.citation.line_start, c.kind != ChunkKind.GOAL))
    return chunks


def _citation(meta: ReportMeta, source: Source, goal: str | None) -> Citation:
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
) -> Chunk:
    return Chunk(
        id=Chunk.make_id(meta.file, kind, source.line_start, source.line_end, text),
        kind=kind,
        text=text,
        goal_path=goal_path,
        deviation=deviation,
        status=status,
        citation=_citation(meta, source, goal),
        report_type=meta.report_type,
        title=text.split("\n", 1)[0] if title is None else title,  # a piece of text: its first line
        analysis=analysis,
        start=start,
        end=end,
        values=values,
    )


def _goal_chunks(meta: ReportMeta, goal: Goal, max_chars: int) -> list[Chunk]:
    path = (*goal.parent_numbers, goal.number or goal.title)
    head = goal.label + (f"\n{goal.raw_status}" if goal.raw_status else "")
    pieces = bounded_pieces(goal.body, max(200, max_chars - len(head))) if goal.body else []
    first_text = f"{head}\n{pieces[0].text}" if pieces else head
    first_source = goal.source
    if pieces:
        # The goal chunk runs from the heading to the last line of its first piece.
        end = max(line.number for line in pieces[0].lines)
        first_source = replace(goal.source, line_end=max(end, goal.source.line_start))
    chunks = [
        _make(meta, ChunkKind.GOAL, first_text, first_source, path, goal.label, status=goal.status, title=goal.label)
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
            )
        )
    return chunks


def _activity_chunk(meta: ReportMeta, activity: Activity, goal_labels: dict[str, str]) -> Chunk:
    dates = " ".join(d for d in (activity.start, activity.end) if d)
    text = activity.text + (f"\n{dates}" if dates else "") + (" Avvikelse" if activity.deviation else "")
    if activity.analysis:
        text += f"\nAnalys: {activity.analysis}"
    goal = goal_labels.get(activity.goal or "", activity.goal)
    return _make(
        meta,
        ChunkKind.ACTIVITY,
        text,
        activity.source,
        activity.goal_path,
        goal,
        deviation=activity.deviation,
        title=activity.text,
        analysis=activity.analysis,
        start=activity.start,
        end=activity.end,
    )


def _indicator_chunk(meta: ReportMeta, indicator: Indicator, goal_labels: dict[str, str]) -> Chunk:
    text = indicator.name + (f"\n{indicator.raw_values}" if indicator.raw_values else "")
    if indicator.analysis:
        text += f"\nAnalys: {indicator.analysis}"
    goal = goal_labels.get(indicator.goal or "", indicator.goal)
    path = tuple(p for p in (goal and indicator.goal,) if p)
    return _make(
        meta,
        ChunkKind.INDICATOR,
        text,
        indicator.source,
        path,
        goal,
        title=indicator.name,
        analysis=indicator.analysis,
        values=indicator.values,
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
