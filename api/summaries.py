"""Routes for summary drafts: POST /summaries (JSON with Markdown) and POST /summaries/docx (Word).

Thin: the draft is `summarise.service.draft_for`'s; this module reads the request and says in
Swedish (400) why a draft cannot be made.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from api.filters import filters_from
from api.models import ErrorResponse, SummaryRequest, SummaryResponse
from api.service import Svc
from index.parse.records import ChunkKind
from summarise.docx_export import DOCX_MEDIA, to_docx
from summarise.draft import Draft
from summarise.service import draft_for

router = APIRouter()


def summary_draft(svc: Svc, request: SummaryRequest) -> Draft:
    """The draft a summary request asks for (JSON and Word alike); HTTP 400 in Swedish when it cannot be made."""
    if not (request.namnd or (request.query and request.query.strip())):
        raise HTTPException(400, "ange en nämnd (med år och period) eller en fråga")
    try:
        kind = ChunkKind(request.kind) if request.kind else None
    except ValueError:
        raise HTTPException(400, f"okänd typ {request.kind!r}") from None
    filters = None
    if request.query and (kind or request.deviation is not None):
        filters = filters_from(kind=kind, deviation=request.deviation, namnd=request.namnd, year=request.year)
    try:
        with svc.read() as r:
            return draft_for(
                r.searcher, namnd=request.namnd, year=request.year, period=request.period,
                query=request.query, filters=filters,
            )  # fmt: skip
    except ValueError as error:
        raise HTTPException(400, str(error)) from None


@router.post("/summaries", response_model=SummaryResponse, responses={400: {"model": ErrorResponse}})
def summaries(svc: Svc, request: SummaryRequest) -> SummaryResponse:
    draft = summary_draft(svc, request)
    return SummaryResponse.of(draft)


@router.post(
    "/summaries/docx",
    response_class=Response,
    responses={
        200: {"content": {DOCX_MEDIA: {}}, "description": "The draft as a Word document"},
        400: {"model": ErrorResponse},
    },
)
def summaries_docx(svc: Svc, request: SummaryRequest) -> Response:
    """The same draft as POST /summaries, as a .docx file with its sources as a numbered list."""
    draft = summary_draft(svc, request)
    return Response(
        to_docx(draft),
        media_type=DOCX_MEDIA,
        headers={"Content-Disposition": 'attachment; filename="sammanfattning.docx"'},
    )
