"""The FastAPI service, assembled: one router per area, the error handlers, the upload gate, the page.

Thin: every answer comes from `search/`, `summarise/` and `index/`. The routes are in `search.py`,
`passages.py`, `summaries.py`, `documents.py` and `figures.py`; the store and the model behind them,
and what a route takes from a request, in `service.py`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import documents, figures, passages, search, summaries
from api.gate import UploadGate
from api.service import Service
from index.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"
# The English details Starlette gives its own refusals (routing, methods).
_STARLETTE_DETAILS = frozenset({"Not Found", "Method Not Allowed"})
ROUTERS = (search.router, passages.router, summaries.router, figures.router, documents.router)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="rapportsok",
        description="Sök i Stockholms stads uppföljningsrapporter; varje svar med källa.",
        version="0.1.0",
    )
    app.state.service = Service(settings)
    app.add_middleware(UploadGate, token=settings.api_token, max_bytes=settings.max_upload_bytes)
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # Never a stack trace or a path to the client; the log has the details.
        return JSONResponse({"detail": "internt fel"}, status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Starlette's own refusals are English ("Not Found" for a path no route has: an id with a "/"
        # in it); ours are already Swedish and pass as they are.
        said = {404: "ingen sådan adress i API:t", 405: "metoden finns inte för den här adressen"}
        detail = said.get(exc.status_code, exc.detail) if exc.detail in _STARLETTE_DETAILS else exc.detail
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": "; ".join(_problem(e) for e in exc.errors())}, status_code=422)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _problem(error: dict) -> str:
    """One invalid parameter, in Swedish: pydantic's messages are English ("String should have at most 500
    characters"); the kinds a client meets at the limits are said here, any other keeps pydantic's text."""
    where = ".".join(str(p) for p in error["loc"][1:]) or "förfrågan"
    ctx = error.get("ctx") or {}
    said = {
        "missing": "saknas",
        "string_too_long": f"högst {ctx.get('max_length')} tecken",
        "string_too_short": f"minst {ctx.get('min_length')} tecken",
        "less_than_equal": f"högst {ctx.get('le')}",
        "greater_than_equal": f"minst {ctx.get('ge')}",
        "int_parsing": "ska vara ett heltal",
        "bool_parsing": "ska vara true eller false",
        "enum": f"ska vara en av {str(ctx.get('expected', '')).replace(' or ', ' eller ')}",
    }
    return f"{where}: {said.get(error['type'], error['msg'])}"
