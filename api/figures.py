"""Routes for figures: indicator rows with met / not met (GET /indicators), a goal's or indicator's
timeline (GET /timeline), the charts (SVG).

Thin: the rows, the rule and the filters are `search.indicators`; this module reads the query
string (with Swedish errors, 422, naming the parameter and the values it takes) and builds the
response models.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from api.limits import parse_met, parse_period
from api.models import (
    ErrorResponse,
    IndicatorsResponse,
    TimelineResponse,
)
from api.service import Svc
from search.indicators import IndicatorFilter, indicator_rows, same_indicator
from search.names import UnknownNamndError, resolve_namnd
from summarise.charts import goal_status_chart, indicator_chart, timeline_chart
from summarise.timeline import timeline

router = APIRouter()
MAX_NAME_CHARS = 300


def parse_year(raw: str) -> int:
    if not raw.strip().isdigit() or not 1900 <= int(raw) <= 2100:
        raise ValueError(f"year: {raw!r} är inget år (1900–2100)")
    return int(raw)


@router.get(
    "/indicators",
    response_model=IndicatorsResponse,
    responses={422: {"model": ErrorResponse}},
    summary="Indikatorer med utfall, årsmål och om målet nås",
)
def indicators(
    svc: Svc,
    name: Annotated[str | None, Query(description="Ord ur indikatorns namn, t.ex. sjukfrånvaro")] = None,
    namnd: Annotated[str | None, Query(description="Nämnd, t.ex. Norrmalm eller KS")] = None,
    year: Annotated[str | None, Query(description="År, t.ex. 2021")] = None,
    period: Annotated[str | None, Query(description="T1, T2, T3 eller helår")] = None,
    met: Annotated[str | None, Query(description="ja: målet nås; nej: målet nås inte")] = None,
) -> IndicatorsResponse:
    """Every indicator row the filters admit, with whether its target is met (direction-aware) and its source."""
    if name is not None and len(name) > MAX_NAME_CHARS:
        raise HTTPException(422, f"name: högst {MAX_NAME_CHARS} tecken")
    with svc.read() as reader:
        try:
            where = IndicatorFilter(
                name=name.strip() or None if name else None,
                namnd=resolve_namnd(namnd, reader.searcher.namnder) if namnd else None,
                years=(parse_year(year),) if year else None,
                periods=(_period(period),) if period else None,
                met=parse_met(met) if met else None,
            )
        except (UnknownNamndError, ValueError) as error:
            raise HTTPException(422, str(error)) from None
        rows = indicator_rows(reader.store, where)
    return IndicatorsResponse.of(rows)


def _period(raw: str) -> str:
    try:
        return parse_period(raw)
    except ValueError as error:
        raise ValueError(f"period: {error}") from None


@router.get("/timeline", response_model=TimelineResponse)
def goal_timeline(
    svc: Svc, name: Annotated[str, Query(min_length=1, max_length=300, description="Goal or indicator")]
) -> TimelineResponse:
    if not name.strip():  # blank matched every title alike, and one indicator's timeline came back
        raise HTTPException(422, "name: ange ett mål eller en indikator, dess nummer eller ord ur rubriken")
    with svc.read() as reader:
        found = timeline(reader.store, reader.searcher.embedder, name)
    return TimelineResponse.of(found)


SVG = "image/svg+xml"


@router.get("/charts/indicator.svg", response_class=Response, responses={404: {"model": ErrorResponse}})
def indicator_chart_svg(
    svc: Svc,
    name: Annotated[str, Query(description="Indikatorns namn, t.ex. Sjukfrånvaro")],
    namnd: Annotated[str | None, Query(description="Endast den här nämnden")] = None,
) -> Response:
    """One indicator over periods and nämnder, with its årsmål; each point links to its cited passage."""
    if not name.strip() or len(name) > MAX_NAME_CHARS:
        raise HTTPException(422, f"name: ange indikatorns namn (högst {MAX_NAME_CHARS} tecken)")
    with svc.read() as reader:
        try:
            resolved = resolve_namnd(namnd, reader.searcher.namnder) if namnd else None
        except UnknownNamndError as error:
            raise HTTPException(422, str(error)) from None
        rows = same_indicator(indicator_rows(reader.store, IndicatorFilter(name=name.strip(), namnd=resolved)), name)
    if not rows:
        raise HTTPException(404, f"ingen indikator heter {name!r}")
    return Response(indicator_chart(rows), media_type=SVG)


@router.get("/charts/goal-status.svg", response_class=Response, responses={404: {"model": ErrorResponse}})
def goal_status_svg(
    svc: Svc, namnd: Annotated[str | None, Query(description="Endast den här nämnden")] = None
) -> Response:
    """How many goals each report assesses as met fully, partly or not."""
    with svc.read() as reader:
        try:
            resolved = resolve_namnd(namnd, reader.searcher.namnder) if namnd else None
            return Response(goal_status_chart(reader.store, resolved), media_type=SVG)
        except UnknownNamndError as error:
            raise HTTPException(422, str(error)) from None
        except ValueError:
            raise HTTPException(404, "inga bedömda mål i indexet") from None


@router.get("/charts/timeline.svg", response_class=Response, responses={404: {"model": ErrorResponse}})
def timeline_svg(
    svc: Svc, name: Annotated[str, Query(description="Ett mål eller en indikator: nummer eller rubrik")]
) -> Response:
    """A goal's status (or an indicator's values) report by report, matched by title."""
    if not name.strip() or len(name) > MAX_NAME_CHARS:
        raise HTTPException(422, f"name: ange målet (högst {MAX_NAME_CHARS} tecken)")
    with svc.read() as reader:
        found = timeline(reader.store, reader.searcher.embedder, name)
    if not found.entries:
        raise HTTPException(404, f"inget mål eller någon indikator matchar {name!r}")
    return Response(timeline_chart(found), media_type=SVG)
