"""The FastAPI service: search, documents, passages in context, uploads; and the web page.

Thin: every answer comes from `search/` and `index/`. Writes (upload, delete) need the
bearer token from configuration (`RAPPORTSOK_TOKEN`); without one they are disabled, not
open. Reads and writes: see `Service`.
"""

from __future__ import annotations

import errno
import os
import queue
import re
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from api import figures
from api.filters import filters_from
from api.gate import UploadGate, token_refusal
from api.limits import MAX_FACET_HITS, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, PERIODS
from api.models import (
    DocumentModel,
    ErrorResponse,
    FacetsResponse,
    FiltersResponse,
    HealthResponse,
    MemberModel,
    PassageResponse,
    RelatedGroupModel,
    RelatedResponse,
    SearchResponse,
    SummaryRequest,
    SummaryResponse,
    SummarySectionModel,
    SummarySentenceModel,
    SummarySourceModel,
    TimelineResponse,
    UploadResponse,
    citation_model,
)
from index.backend import StoreBackend, open_store
from index.embed.embedder import Embedder, embedder_from
from index.embed.onnx_embedder import OnnxEmbedder
from index.lock import IndexLockedError, index_lock
from index.nlp.frequencies import use_frequency_cache
from index.nlp.lemmas import use_dictionary_cache
from index.parse.metadata import ManifestEntry, load_manifest
from index.parse.records import ChunkKind, ReportType
from index.read.errors import ReportError
from index.settings import Settings
from index.store import SharedVectors, Store, Version
from index.store.sync import remove_files
from index.uploads import (
    UPLOADS,
    Prepared,
    Staged,
    UploadConflictError,
    UploadTooLargeError,
    check_conflict,
    commit,
    discard,
    prepare,
    stage,
    tidy,
)
from search.context import passage_context
from search.engine import Searcher
from search.facets import count_facets
from search.names import UnknownNamndError
from search.order import Order, newest_first
from search.query import Filters
from summarise.docx_export import DOCX_MEDIA, to_docx
from summarise.draft import Draft, to_markdown
from summarise.related import Member, related
from summarise.service import draft_for
from summarise.timeline import timeline

STATIC = Path(__file__).resolve().parent / "static"
DOCUMENT_ID = r"^[A-Za-z0-9ÅÄÖåäö][A-Za-z0-9ÅÄÖåäö._ -]{0,200}$"  # a file name: no slashes, no leading dot
PASSAGE_ID = r"^[0-9a-f]{16}$"
UPLOAD_TYPES = {".pdf": {"application/pdf"}, ".txt": {"text/plain"}}
ERRORS = {400: {"model": ErrorResponse}, 401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}}


def _service(request: Request) -> Service:
    return request.app.state.service


def _document_id(document_id: str) -> str:
    return _valid(document_id, DOCUMENT_ID, "dokument-id")


def _passage_id(passage_id: str) -> str:
    return _valid(passage_id, PASSAGE_ID, "passage-id")


Svc = Annotated["Service", Depends(_service)]
DocId = Annotated[str, Depends(_document_id)]
PassageId = Annotated[str, Depends(_passage_id)]


READERS = max(4, 2 * (os.cpu_count() or 1))  # readers in the pool: both cores, and an upload's preparation


@dataclass(frozen=True, slots=True)
class Reader:
    """One thread's read connection to the store, and a searcher over it."""

    store: StoreBackend
    searcher: Searcher


class Service:
    """The store and the model behind the routes.

    Reads never wait for writes: each request borrows a reader of a small pool, with its own SQLite
    connection (WAL: a snapshot of the last commit) and the FAISS generation that snapshot names,
    loaded once for all readers. Writes go through one writing store, one at a time (a thread lock
    here, the index lock between processes), and only their commit is exclusive: an upload is
    parsed, analysed and embedded beside the index first.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder = embedder_from(settings)
        # The model loads on a thread of its own while the store opens and a first reader is made
        # (ONNX Runtime releases the GIL while it loads), and lemmas and word frequencies are read
        # from disk word by word instead of decoded whole: start to first answer 4.6 s → README.
        if isinstance(self.embedder, OnnxEmbedder):
            self.embedder.warm_up()
        use_dictionary_cache(settings.cache_dir / "lexicon")
        use_frequency_cache(settings.cache_dir / "lexicon")
        self.model_name = self.embedder.model_dir.name
        self.uploads = settings.data_dir / UPLOADS
        self.writer = open_store(settings)  # verifies that SQLite and FAISS agree (the SQLite store)
        self._published: Version | None = None
        if isinstance(self.writer, Store):  # the SQLite store hands each new generation to its readers
            self.writer.before_commit, self.writer.after_rollback = self._publish, self._take_back
        self._write_lock = threading.Lock()
        self._vectors = SharedVectors()
        # Readers are pooled, not one per thread: each holds a connection, the filter columns and a
        # searcher (its speller, its vocabulary), which at 126,800 passages cost seconds and hundreds
        # of MB apiece; the server's 40 request threads each building one ran the service out of
        # time and memory under 50 clients (make bench, 100×). A few readers keep both cores busy.
        self._readers: queue.LifoQueue[Reader] = queue.LifoQueue()
        self._made = 0
        self._made_lock = threading.Lock()
        with self.read() as reader:  # a first reader (its connection, speller, lexicon) while the model loads
            reader.searcher.understand("uppstart")
        self.embedder.embed_query("uppstart")  # loaded once here, not by the first requests at once
        # Uploads are prepared (parsed, analysed, embedded) one at a time, on a thread of low CPU
        # priority with a one-thread model session: on a small machine the searches keep the cores.
        self.upload_embedder = _one_thread(self.embedder)
        self._preparer = ThreadPoolExecutor(1, thread_name_prefix="upload", initializer=_lower_priority)
        with suppress(OSError), suppress(IndexLockedError), self.write():
            tidy(self.uploads, self.writer, incoming=True)  # a crash's leftovers; not on a read-only disk

    def _publish(self, store: Store) -> None:
        """Inside a write's transaction, once its vectors are written: the new generation's vectors (a
        copy) and what readers derive from it (filter columns, vocabulary, speller), made here by the
        writer, so that no search after the commit waits to load or build them."""
        Searcher(store, None)  # learns the generation through the writer's connection, which sees the write
        self._vectors.publish(store)
        self._published = store.version

    def _take_back(self, store: Store) -> None:
        """After a failed write: what it published is no generation anyone will see."""
        if self._published is not None and self._published != store.version:
            self._vectors.discard(self._published)
            self._published = None

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A reader of the pool, inside one snapshot of the newest committed generation."""
        try:
            reader = self._readers.get_nowait()
        except queue.Empty:
            with self._made_lock:
                make = self._made < READERS
                self._made += int(make)
            if make:
                store = open_store(self.settings, verify=False, shared=self._vectors)
                reader = Reader(store, Searcher(store, self.embedder))
            else:
                reader = self._readers.get()  # wait for one: requests queue here, not in memory
        try:
            with reader.store.snapshot():
                yield reader
        finally:
            self._readers.put(reader)

    def prepare(self, staged: Staged, manifest: dict[str, ManifestEntry]) -> Prepared:
        """Parse, analyse and embed a staged upload on the upload thread; nothing is written."""

        def run() -> Prepared:
            with self.read() as reader:
                return prepare(
                    staged, reader.store, self.upload_embedder, manifest, max_bytes=self.settings.max_file_bytes
                )

        return self._preparer.submit(run).result()

    @contextmanager
    def write(self) -> Iterator[StoreBackend]:
        """The writing store, held by this thread alone and by no other process."""
        with self._write_lock, index_lock(self.settings.data_dir):
            yield self.writer


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


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="rapportsok",
        description="Sök i Stockholms stads uppföljningsrapporter; varje svar med källa.",
        version="0.1.0",
    )
    app.state.service = Service(settings)
    app.add_middleware(UploadGate, token=settings.api_token, max_bytes=settings.max_upload_bytes)
    app.include_router(figures.router)  # GET /indicators, the charts

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        refusal = token_refusal(settings.api_token, authorization)
        if refusal is not None:
            raise refusal

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # Never a stack trace or a path to the client; the log has the details.
        return JSONResponse({"detail": "internt fel"}, status_code=500)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": "; ".join(_problem(e) for e in exc.errors())}, status_code=422)

    @app.get("/health", response_model=HealthResponse)
    def health(svc: Svc) -> HealthResponse:
        with svc.read() as r:  # the generation now committed, whoever wrote it
            counts = r.store.count_chunks()
            return HealthResponse(
                status="ok",
                documents=len(r.store.documents()),
                chunks=sum(counts.values()),
                generation=r.store.generation,
                model=r.store.model,
            )

    @app.get("/search", response_model=SearchResponse, responses=ERRORS)
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

    @app.get("/search/facets", response_model=FacetsResponse, responses=ERRORS)
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

    @app.get("/filters", response_model=FiltersResponse)
    def filters(svc: Svc) -> FiltersResponse:
        with svc.read() as r:
            documents = r.store.documents()
        return FiltersResponse(
            namnder=sorted({d.meta.namnd for d in documents}),
            years=sorted({d.meta.year for d in documents if d.meta.year}, reverse=True),
            report_types=sorted({d.meta.report_type.value for d in documents}),
            periods=[p for p in PERIODS if any(d.meta.period == p for d in documents)],
            kinds=[k.value for k in ChunkKind],
        )

    @app.get("/documents", response_model=list[DocumentModel])
    def documents(svc: Svc) -> list[DocumentModel]:
        with svc.read() as r:
            return [DocumentModel.of(d) for d in r.store.documents()]

    def _document(svc: Service, document_id: str):
        with svc.read() as r:
            document = r.store.document(document_id)
        if document is None:
            raise HTTPException(404, f"dokumentet {document_id!r} finns inte i indexet")
        return document

    @app.get("/documents/{document_id}", response_model=DocumentModel, responses={404: {"model": ErrorResponse}})
    def document(svc: Svc, document_id: DocId) -> DocumentModel:
        return DocumentModel.of(_document(svc, document_id))

    @app.get("/documents/{document_id}/source", responses={404: {"model": ErrorResponse}})
    def source(svc: Svc, document_id: DocId) -> FileResponse:
        # The path comes from the index (written by `rapportsok index`), never from the request,
        # and is served only from inside a folder that was indexed (or the uploads).
        path = Path(_document(svc, document_id).path)
        with svc.read() as r:
            # The configured corpus too: a store indexed before folders were recorded names none.
            roots = [*r.store.roots(), svc.uploads.resolve(), settings.corpus_dir.resolve()]
        if not source_servable(path, roots):
            raise HTTPException(404, f"källfilen till {document_id!r} finns inte längre där den indexerades")
        media = "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain; charset=utf-8"
        # Inline: the browser shows the PDF and honours the page's #page=N; an attachment would be
        # saved to disk, and the cited page lost.
        return FileResponse(path, media_type=media, filename=path.name, content_disposition_type="inline")

    @app.get("/passages/{passage_id}", response_model=PassageResponse, responses={404: {"model": ErrorResponse}})
    def passage(svc: Svc, passage_id: PassageId) -> PassageResponse:
        with svc.read() as r:
            context = passage_context(r.store, passage_id)
        if context is None:
            raise HTTPException(404, f"passagen {passage_id!r} finns inte i indexet")
        return PassageResponse.of(context)

    @app.get(
        "/passages/{passage_id}/related", response_model=RelatedResponse, responses={404: {"model": ErrorResponse}}
    )
    def passage_related(svc: Svc, passage_id: PassageId) -> RelatedResponse:
        with svc.read() as r:
            found = related(r.store, r.searcher.embedder, passage_id)
        if found is None:
            raise HTTPException(404, f"passagen {passage_id!r} finns inte i indexet")
        return RelatedResponse(
            passage=_member(found.passage),
            assignment=found.assignment,
            groups=[
                RelatedGroupModel(relation=g.relation, same=g.same, members=[_member(m) for m in g.members])
                for g in found.groups
            ],
        )

    @app.get("/timeline", response_model=TimelineResponse)
    def goal_timeline(
        svc: Svc, name: Annotated[str, Query(min_length=1, max_length=300, description="Goal or indicator")]
    ) -> TimelineResponse:
        with svc.read() as r:
            found = timeline(r.store, r.searcher.embedder, name)
        return figures.timeline_response(found)

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

    @app.post("/summaries", response_model=SummaryResponse, responses={400: {"model": ErrorResponse}})
    def summaries(svc: Svc, request: SummaryRequest) -> SummaryResponse:
        draft = summary_draft(svc, request)
        return SummaryResponse(
            title=draft.title,
            markdown=to_markdown(draft),
            backend=draft.backend,
            sentences=[
                SummarySentenceModel(section=section.heading, text=s.text, source=s.source)
                for section in draft.sections
                for s in section.sentences
            ],
            sources=[
                SummarySourceModel(n=s.n, passage_id=s.passage_id, citation=citation_model(s.citation))
                for s in draft.sources
            ],
            warnings=list(draft.warnings),
            sections=[SummarySectionModel(heading=section.heading, note=section.note) for section in draft.sections],
        )

    @app.post(
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

    @app.post(
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
        name = Path(file.filename or "").name
        _valid(name, DOCUMENT_ID, "filnamn")
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_TYPES:
            raise HTTPException(415, f"{name}: bara PDF- och textfiler kan indexeras")
        declared = (file.content_type or "").split(";")[0].strip()
        if declared and declared not in UPLOAD_TYPES[suffix] | {"application/octet-stream"}:
            raise HTTPException(415, f"{name}: innehållstypen {declared} stämmer inte med en {suffix}-fil")
        manifest = load_manifest(settings.manifest)
        if namnd and report_type:
            try:
                kind = ReportType.parse(report_type)
            except ValueError as error:
                raise HTTPException(400, str(error)) from None
            manifest[name] = ManifestEntry(name, namnd, kind, year, period, title or name, None, "upload")
        try:
            staged = stage(file.file, svc.uploads, name, settings.max_upload_bytes)
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
            raise HTTPException(422, str(error)) from None
        except IndexLockedError as error:
            raise HTTPException(409, _without_paths(str(error), settings)) from None
        except (OSError, sqlite3.OperationalError) as error:
            raise disk_refusal(error) or error from None
        finally:
            discard(staged)
        return UploadResponse(
            document=DocumentModel.of(indexed),
            chunks_embedded=prepared.chunks_embedded,
            warnings=list(prepared.warnings),
        )

    @app.delete(
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
            raise HTTPException(409, _without_paths(str(error), settings)) from None
        except (OSError, sqlite3.OperationalError) as error:
            raise disk_refusal(error) or error from None
        if not gone:
            raise HTTPException(404, f"dokumentet {document_id!r} finns inte i indexet")
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _one_thread(embedder: Embedder) -> Embedder:
    """The same model in a session of one thread (ONNX); a torch model is shared as it is (its
    thread count is process-wide)."""
    if isinstance(embedder, OnnxEmbedder):
        return OnnxEmbedder(embedder.model_dir, threads=1)
    return embedder


def _lower_priority() -> None:
    # On Linux a thread has its own nice value, and PRIO_PROCESS with 0 sets the calling
    # thread's; threads it starts inherit it.
    with suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, 0, 10)


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def disk_refusal(error: OSError | sqlite3.OperationalError) -> HTTPException | None:
    """A write the disk refused, as the client should see it (507 full, 503 read-only), or None
    for any other error. Nothing was written: each write is one transaction, and its files are
    removed when it fails."""
    text = str(error).lower()
    if getattr(error, "errno", None) in DISK_FULL or "disk is full" in text:
        return HTTPException(507, "disken för datakatalogen är full: inget skrevs; sökningar fungerar som vanligt")
    if getattr(error, "errno", None) in READ_ONLY or "readonly" in text or "read-only" in text:
        return HTTPException(
            503, "datakatalogen är skrivskyddad (read-only): inga ändringar görs; sökningar fungerar som vanligt"
        )
    return None


def source_servable(path: Path, roots: list[Path]) -> bool:
    """A regular file, not a link, inside one of `roots` (resolved paths)."""
    if path.is_symlink() or not path.is_file():
        return False
    real = path.resolve()
    return any(real == root or root in real.parents for root in roots)


def _member(m: Member) -> MemberModel:
    return MemberModel(
        passage_id=m.passage_id, kind=m.kind, title=m.title, citation=citation_model(m.citation),
        status=m.status, deviation=m.deviation, relation=m.relation, basis=m.basis,
        shared_terms=list(m.shared_terms), shared_partners=list(m.shared_partners), cosine=m.cosine, overlap=m.overlap,
    )  # fmt: skip


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


def _valid(value: str, pattern: str, what: str) -> str:
    if not re.fullmatch(pattern, value) or ".." in value:
        raise HTTPException(400, f"ogiltigt värde: {what}")
    return value


def _without_paths(message: str, settings: Settings) -> str:
    return message.replace(str(settings.data_dir), "datakatalogen")
