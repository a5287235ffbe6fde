"""Routes for search: GET /search, GET /search/facets (counts per filter value), GET /filters.

Thin: the answer is `search.engine`'s; this module reads the question and its filters (one reader
of filters for the CLI and the API: `api.filters`) and builds the response models.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from api.filters import filters_from
from api.limits import MAX_FACET_HITS, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS
from api.models import FacetsResponse, FiltersResponse, SearchResponse
from api.service import ERRORS, Svc
from index.parse.records import ChunkKind
from search.facets import count_facets
from search.names import UnknownNamndError
from search.order import Order, newest_first
from search.query import Filters

router = APIRouter()


def _asked(
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Frågan, på svenska")],
    namnd: Annotated[str | None, Query(max_length=200)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    kind: ChunkKind | None = None,
    report_type: Annotated[str | None, Query(max_length=100)] = None,
    period: Annotated[str | None, Query(max_length=20, description="T1, T2, T3 eller helår")] = None,
    deviation: bool | None = None,
) -> tuple[str, Filters]:
    """The question and its filters, as GET /search and GET /search/facets both read them."""
    if not q.strip():
        raise HTTPException(400, "frågan är tom")
    try:
        filters = filters_from(
            kind=kind, deviation=deviation, namnd=namnd, year=year, period=period, report_type=report_type
        )
    except ValueError as error:
        raise HTTPException(400, str(error)) from None
    return q, filters


Asked = Annotated[tuple[str, Filters], Depends(_asked)]


@router.get("/search", response_model=SearchResponse, responses=ERRORS)
def search(
    svc: Svc,
    asked: Asked,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Träffar att hoppa över (sidor)")] = 0,
    sort: Annotated[Order, Query(description="relevans, eller datum: nyaste rapporten först")] = Order.RELEVANS,
) -> SearchResponse:
    q, filters = asked
    with svc.read() as r:
        try:
            # A page is the ranking's slice: the same ranked list as one long answer, cut at offset.
            if sort is Order.DATUM:  # by date, every answering passage is ordered, then cut
                result = r.searcher.search(q, filters, limit=MAX_FACET_HITS)
                result = replace(result, hits=tuple(newest_first(result.hits)))
            else:
                result = r.searcher.search(q, filters, limit=offset + limit)
            return SearchResponse.of(replace(result, hits=result.hits[offset : offset + limit]))
        except UnknownNamndError as error:
            raise HTTPException(422, str(error)) from None


@router.get("/search/facets", response_model=FacetsResponse, responses=ERRORS)
def search_facets(svc: Svc, asked: Asked) -> FacetsResponse:
    """Counts per nämnd, year, report type and kind of every passage that answers the question."""
    q, filters = asked
    with svc.read() as r:
        try:
            result = r.searcher.search(q, filters, limit=MAX_FACET_HITS)
        except UnknownNamndError as error:
            raise HTTPException(422, str(error)) from None
        types = {d.file: d.meta.report_type.value for d in r.store.documents()}
    return FacetsResponse(total=result.total, facets=count_facets(result.hits, types))


@router.get("/filters", response_model=FiltersResponse)
def filters(svc: Svc) -> FiltersResponse:
    with svc.read() as r:
        documents = r.store.documents()
    return FiltersResponse.of(documents)
