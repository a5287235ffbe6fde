"""The store and the model behind the routes, and what every route takes from a request.

Reads and writes: see `Service`. Writes (upload, delete) need the bearer token from configuration
(`RAPPORTSOK_TOKEN`); without one they are disabled, not open (`require_token`).
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
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from api.gate import token_refusal
from api.models import ErrorResponse
from index.backend import StoreBackend, open_store
from index.embed.embedder import Embedder, embedder_from
from index.embed.onnx_embedder import OnnxEmbedder
from index.lock import IndexLockedError, index_lock
from index.nlp.frequencies import use_frequency_cache
from index.nlp.lemmas import use_dictionary_cache
from index.parse.metadata import ManifestEntry
from index.settings import Settings
from index.store import SharedVectors, Store, Version
from index.uploads import UPLOADS, Prepared, Staged, prepare, tidy
from search.engine import Searcher

# A file name: any letters, digits and punctuation ("Uppföljning Östermalm – Gärdet (2).pdf"), but no
# path separator, control character or leading dot; a blind trial's names with a dash, brackets or a
# comma were refused, and a file the CLI had indexed under one could not be opened or removed.
DOCUMENT_ID = r"^(?!\.)[^/\\\x00-\x1f\x7f]{1,255}$"
PASSAGE_ID = r"^[0-9a-f]{16}$"
ERRORS = {400: {"model": ErrorResponse}, 401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}}
NOT_FOUND = {404: {"model": ErrorResponse}}


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
            reader.searcher.warm()  # and what questions read once per generation (goal titles, indicator rows)
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
        # Learns the generation through the writer's connection, which sees the write, and builds what
        # its questions read (`Searcher.warm`).
        Searcher(store, None).warm()
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


def _service(request: Request) -> Service:
    return request.app.state.service


def _document_id(document_id: str) -> str:
    return valid(document_id, DOCUMENT_ID, "dokument-id")


def _passage_id(passage_id: str) -> str:
    return valid(passage_id, PASSAGE_ID, "passage-id")


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """A write's dependency: the configured bearer token, or the refusal (401, 403; 403 without one)."""
    refusal = token_refusal(_service(request).settings.api_token, authorization)
    if refusal is not None:
        raise refusal


Svc = Annotated[Service, Depends(_service)]
DocId = Annotated[str, Depends(_document_id)]
PassageId = Annotated[str, Depends(_passage_id)]


def valid(value: str, pattern: str, what: str) -> str:
    if not re.fullmatch(pattern, value):  # no separator, no leading dot: ".." cannot climb
        shown = value[:80] + ("…" if len(value) > 80 else "")
        raise HTTPException(400, f"{shown!r}: ogiltigt {what} ({_RULES.get(what, 'ogiltiga tecken')})")
    return value


_RULES = {
    "filnamn": "högst 255 tecken, inget / eller \\, inga styrtecken och ingen inledande punkt",
    "dokument-id": "ett indexerat filnamn: inget / eller \\, inga styrtecken och ingen inledande punkt",
}


def without_paths(message: str, settings: Settings) -> str:
    return message.replace(str(settings.data_dir), "datakatalogen")
