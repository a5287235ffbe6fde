"""Routes for the index's documents: GET /health, list, one, its source file; upload and delete.

Thin: writes go through `index.uploads` and `index.store.sync`; this module checks what a request
may ask (names, types, the token: `api.service.require_token`) and says a refusal in Swedish.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse, Response

from api.models import DocumentModel, ErrorResponse, HealthResponse, UploadResponse
from api.service import (
    DOCUMENT_ID,
    ERRORS,
    NOT_FOUND,
    DocId,
    Service,
    Svc,
    disk_refusal,
    require_token,
    valid,
    without_paths,
)
from index.lock import IndexLockedError
from index.parse.metadata import ManifestEntry, canonical_namnd, load_manifest, report_title
from index.parse.records import ReportType
from index.read.errors import ReportError
from index.store import Document
from index.store.sync import remove_files
from index.uploads import UploadConflictError, UploadTooLargeError, check_conflict, commit, discard, stage, tidy

router = APIRouter()
UPLOAD_TYPES = {".pdf": {"application/pdf"}, ".txt": {"text/plain"}}


@router.get("/health", response_model=HealthResponse)
def health(svc: Svc) -> HealthResponse:
    with svc.read() as r:  # the generation now committed, whoever wrote it
        counts = r.store.count_chunks()
        return HealthResponse(
            status="ok",
            documents=len(r.store.documents()),
            chunks=sum(counts.values()),
            generation=r.store.generation,
            model=r.store.model,
            lexical_in_memory=r.store.lexical_ready(),
        )


@router.get("/documents", response_model=list[DocumentModel])
def documents(svc: Svc) -> list[DocumentModel]:
    with svc.read() as r:
        return [DocumentModel.of(d) for d in r.store.documents()]


def _document(svc: Service, document_id: str) -> Document:
    with svc.read() as r:
        document = r.store.document(document_id)
    if document is None:
        raise HTTPException(404, f"dokumentet {document_id!r} finns inte i indexet")
    return document


@router.get("/documents/{document_id}", response_model=DocumentModel, responses=NOT_FOUND)
def document(svc: Svc, document_id: DocId) -> DocumentModel:
    return DocumentModel.of(_document(svc, document_id))


@router.get("/documents/{document_id}/source", responses=NOT_FOUND)
def source(svc: Svc, document_id: DocId) -> FileResponse:
    # The path comes from the index (written by `rapportsok index`), never from the request,
    # and is served only from inside a folder that was indexed (or the uploads).
    path = Path(_document(svc, document_id).path)
    with svc.read() as r:
        # The configured corpus too: a store indexed before folders were recorded names none.
        roots = [*r.store.roots(), svc.uploads.resolve(), svc.settings.corpus_dir.resolve()]
    if not source_servable(path, roots):
        raise HTTPException(404, f"källfilen till {document_id!r} finns inte längre där den indexerades")
    media = "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain; charset=utf-8"
    # Inline: the browser shows the PDF and honours the page's #page=N; an attachment would be
    # saved to disk, and the cited page lost.
    return FileResponse(path, media_type=media, filename=path.name, content_disposition_type="inline")


@router.post(
    "/documents",
    response_model=UploadResponse,
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={**ERRORS, 409: {"model": ErrorResponse}, 413: {"model": ErrorResponse}},
)
def upload(
    svc: Svc,
    file: Annotated[UploadFile, File(description="A report: PDF or UTF-8/cp1252 text")],
    namnd: Annotated[str | None, Form(max_length=200)] = None,
    report_type: Annotated[str | None, Form(max_length=100)] = None,
    year: Annotated[int | None, Form(ge=1900, le=2100)] = None,
    period: Annotated[str | None, Form(max_length=20)] = None,
    title: Annotated[str | None, Form(max_length=300)] = None,
    replace: Annotated[
        bool, Form(description="Replace the indexed report of this name; without it an upload never replaces one")
    ] = False,
) -> UploadResponse:
    # Composed letters, as a name is typed (macOS sends "å" as "a" and a ring): one name, one document.
    name = unicodedata.normalize("NFC", Path((file.filename or "").replace("\\", "/")).name)
    valid(name, DOCUMENT_ID, "filnamn")
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise HTTPException(415, f"{name}: bara PDF- och textfiler kan indexeras")
    declared = (file.content_type or "").split(";")[0].strip()
    if declared and declared not in UPLOAD_TYPES[suffix] | {"application/octet-stream"}:
        raise HTTPException(415, f"{name}: innehållstypen {declared} stämmer inte med en {suffix}-fil")
    manifest = load_manifest(svc.settings.manifest)
    given = {"year": year, "period": period, "title": title}
    if (namnd or report_type or any(v is not None for v in given.values())) and not (namnd and report_type):
        # A report is described whole or read from its text: a nämnd sent without its report type was
        # dropped without a word, and the report filed under "Okänd nämnd" (trial 31, namnd=Atlantis).
        missing = " och ".join(f for f, v in (("namnd", namnd), ("report_type", report_type)) if not v)
        raise HTTPException(
            422,
            f"{name}: {missing} saknas; namnd och report_type anges tillsammans (year, period och title bara med dem)",
        )
    if namnd and report_type:
        namnd = canonical_namnd(namnd)  # as a report's own text names it: one nämnd, one name
        try:
            kind = ReportType.parse(report_type)
        except ValueError as error:
            raise HTTPException(400, str(error)) from None
        # Without a title, the one the city would give it, not the file's name (trial 32: "skarholmen.txt").
        title = title or report_title(kind, year, namnd)
        manifest[name] = ManifestEntry(name, namnd, kind, year, period, title, None, "upload")
    try:
        staged = stage(file.file, svc.uploads, name, svc.settings.max_upload_bytes)
    except UploadTooLargeError as error:
        raise HTTPException(413, str(error)) from None
    except ReportError as error:
        raise HTTPException(422, str(error)) from None
    except OSError as error:
        raise disk_refusal(error) or error from None
    try:
        # Checked and prepared beside the index: searches go on meanwhile.
        with svc.read() as r:
            check_conflict(r.store, name, staged.sha256, replace_existing=replace)
        prepared = svc.prepare(staged, manifest)
        with svc.write() as store:
            indexed = commit(store, staged, prepared, svc.uploads, replace_existing=replace)
    except UploadConflictError as error:
        raise HTTPException(409, str(error)) from None
    except ReportError as error:
        with svc.read() as r:  # a replacement refused leaves the indexed version as it was: said
            kept = replace and r.store.document(name) is not None
        raise HTTPException(
            422, str(error) + ("; den tidigare indexerade versionen finns kvar" if kept else "")
        ) from None
    except IndexLockedError as error:
        raise HTTPException(409, without_paths(str(error), svc.settings)) from None
    except (OSError, sqlite3.OperationalError) as error:
        raise disk_refusal(error) or error from None
    finally:
        discard(staged)
    return UploadResponse.of(indexed, prepared)


@router.delete(
    "/documents/{document_id}",
    status_code=204,
    dependencies=[Depends(require_token)],
    responses={**ERRORS, 404: {"model": ErrorResponse}},
)
def delete(svc: Svc, document_id: DocId) -> Response:
    try:
        with svc.write() as store:
            gone = remove_files(store, [document_id])
            tidy(svc.uploads, store)  # its uploaded file goes with it
    except IndexLockedError as error:
        raise HTTPException(409, without_paths(str(error), svc.settings)) from None
    except (OSError, sqlite3.OperationalError) as error:
        raise disk_refusal(error) or error from None
    if not gone:
        raise HTTPException(404, f"dokumentet {document_id!r} finns inte i indexet")
    return Response(status_code=204)


def source_servable(path: Path, roots: list[Path]) -> bool:
    """A regular file, not a link, inside one of `roots` (resolved paths)."""
    if path.is_symlink() or not path.is_file():
        return False
    real = path.resolve()
    return any(real == root or root in real.parents for root in roots)
