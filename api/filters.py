"""Filters from what a person sets beside the question: CLI options and API parameters read alike."""

from __future__ import annotations

from api.limits import parse_period
from index.parse.records import ChunkKind, ReportType
from search.query import Filters


def filters_from(
    *,
    kind: ChunkKind | None = None,
    deviation: bool | None = None,
    namnd: str | None = None,
    year: int | None = None,
    period: str | None = None,
    report_type: str | None = None,
) -> Filters:
    """The explicit filters; None (or an empty name) leaves a field to the question's reading.

    `deviation=False` is a filter too: passages without a deviation only.

    Raises:
        ValueError: a period or report type that does not exist; the message says which do.
    """
    return Filters(
        kinds=(kind,) if kind else None,
        deviation=deviation,
        namnd=namnd or None,
        years=(year,) if year else None,
        periods=(parse_period(period),) if period else None,
        report_types=(ReportType.parse(report_type),) if report_type else None,
    )
