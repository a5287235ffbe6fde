"""Routes for one passage: GET /passages/{id} (in its context) and GET /passages/{id}/related.

Thin: the context is `search.context`'s, the related activities `summarise.related`'s.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from api.models import PassageResponse, RelatedResponse
from api.service import NOT_FOUND, PassageId, Svc
from search.context import passage_context
from summarise.related import related

router = APIRouter()


@router.get("/passages/{passage_id}", response_model=PassageResponse, responses=NOT_FOUND)
def passage(svc: Svc, passage_id: PassageId) -> PassageResponse:
    with svc.read() as r:
        context = passage_context(r.store, passage_id)
    if context is None:
        raise HTTPException(404, f"passagen {passage_id!r} finns inte i indexet")
    return PassageResponse.of(context)


@router.get("/passages/{passage_id}/related", response_model=RelatedResponse, responses=NOT_FOUND)
def passage_related(svc: Svc, passage_id: PassageId) -> RelatedResponse:
    with svc.read() as r:
        found = related(r.store, r.searcher.embedder, passage_id)
    if found is None:
        raise HTTPException(404, f"passagen {passage_id!r} finns inte i indexet")
    return RelatedResponse.of(found)
