"""Uploaded reports: staged, checked and prepared beside the index, then committed in one write.

An upload never touches what is indexed until its write commits: it is streamed to
`uploads/.incoming/<random>/<name>`, parsed, analysed and embedded there, and only then moved
to `uploads/<sha256 prefix>/<name>` and written. A file that cannot be read leaves the indexed
version whole (file, passages, vectors), and two versions of one name never share a path.
`uploads/` holds exactly the files the index names: `tidy` removes the rest (a deleted or
replaced report, a crash's leftovers), so indexing the folder cannot bring a deleted report back.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from index.embed.embedder import Embedder
from index.parse.metadata import ManifestEntry
from index.read.errors import EmptyFileError, ReportError
from index.store import Document, NewDocument, Store
from index.store.sync import prepare_files

UPLOADS = "uploads"  # under the data directory
INCOMING = ".incoming"
# A staged upload is parsed and embedded within minutes; one this old was left by a crash.
STALE_SECONDS = 3600
BLOCK = 1 << 20


class UploadTooLargeError(ValueError):
    """The upload is over the size limit (the message names the file and the limit)."""


class UploadConflictError(ValueError):
    """The upload repeats an indexed report, or would replace one without being asked to.

    The message names files by name only, never by path.
    """


@dataclass(frozen=True, slots=True)
class Staged:
    """An upload on disk beside the index, not yet indexed."""

    path: Path  # uploads/.incoming/<random>/<name>
    name: str
    sha256: str
    size: int


def stage(stream: BinaryIO, uploads: Path, name: str, max_bytes: int) -> Staged:
    """Stream an upload into the incoming folder, hashing it; refuse it past `max_bytes`.

    Raises:
        UploadTooLargeError, EmptyFileError; OSError when the disk refuses (nothing is left behind).
    """
    folder = uploads / INCOMING / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / name
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "wb") as out:
            while block := stream.read(BLOCK):
                size += len(block)
                if size > max_bytes:
                    raise UploadTooLargeError(f"{name}: filen är över gränsen på {max_bytes / 1e6:g} MB")
                digest.update(block)
                out.write(block)
        if size == 0:
            raise EmptyFileError(name, "filen är tom (0 byte)")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Staged(path=path, name=name, sha256=digest.hexdigest(), size=size)


def discard(staged: Staged) -> None:
    """Remove a staged upload that will not be indexed."""
    shutil.rmtree(staged.path.parent, ignore_errors=True)


def check_conflict(store: Store, name: str, sha256: str, *, replace_existing: bool) -> None:
    """Refuse an upload whose content is indexed already (under any name), or whose name is, unless
    it is meant to replace that report.

    Raises:
        UploadConflictError.
    """
    twin = store.file_with_content(sha256)
    if twin is not None:
        raise UploadConflictError(f"{name}: samma innehåll som {twin}, som redan är indexerad")
    if not replace_existing and store.document(name) is not None:
        raise UploadConflictError(
            f"{name}: en rapport med det namnet är redan indexerad; skicka replace=true för att ersätta den"
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A staged upload parsed, analysed and embedded, ready to be committed."""

    document: NewDocument
    warnings: tuple[str, ...]  # by file name, never a path
    chunks_embedded: int  # the rest reused the vectors of unchanged passages


def prepare(
    staged: Staged, store: Store, embedder: Embedder, manifest: Mapping[str, ManifestEntry], *, max_bytes: int
) -> Prepared:
    """Parse, analyse and embed a staged upload; nothing is written.

    Raises:
        ReportError: the file cannot be read; the message names the file, never its path.
    """
    documents, report = prepare_files([(staged.path, staged.sha256)], store, embedder, manifest, max_bytes=max_bytes)
    folder = str(staged.path.parent)
    if report.errors:  # an OSError's text may hold the staged path: the reason is told by name only
        raise ReportError(staged.name, report.errors[0].reason.replace(folder + "/", ""))
    warnings = tuple(w.replace(folder, "").lstrip("/") for w in report.warnings)
    return Prepared(documents[0], warnings, report.chunks_embedded)


def commit(store: Store, staged: Staged, prepared: Prepared, uploads: Path, *, replace_existing: bool) -> Document:
    """Move the staged file to its place and write the document; the replaced version's file goes.

    The caller holds the store's write lock. The conflict check is repeated: another upload may
    have committed since this one was checked.
    """
    check_conflict(store, staged.name, staged.sha256, replace_existing=replace_existing)
    previous = store.document(staged.name)
    final = uploads / staged.sha256[:16] / staged.name
    final.parent.mkdir(parents=True, exist_ok=True)
    staged.path.replace(final)
    try:
        store.write(add=[replace(prepared.document, path=final.resolve())])
    except BaseException:
        final.unlink(missing_ok=True)
        _remove_empty(final.parent, uploads)
        raise
    finally:
        discard(staged)
    if previous is not None:
        _forget(Path(previous.path), uploads)
    indexed = store.document(staged.name)
    assert indexed is not None  # just written, under the write lock
    return indexed


def tidy(uploads: Path, store: Store, *, incoming: bool = False) -> list[Path]:
    """Remove files in `uploads/` that the index does not name; with `incoming`, also staged uploads
    older than `STALE_SECONDS` (a crash's leftovers: another worker may be preparing a newer one).
    Returns what was removed."""
    if not uploads.is_dir():
        return []
    named = {Path(d.path) for d in store.documents()}
    gone = []
    for path in sorted(uploads.rglob("*")):
        if path.relative_to(uploads).parts[0] == INCOMING:
            continue
        if (path.is_file() or path.is_symlink()) and path.resolve() not in named:
            path.unlink(missing_ok=True)
            gone.append(path)
    for folder in sorted((p for p in uploads.iterdir() if p.is_dir() and p.name != INCOMING), reverse=True):
        _remove_empty(folder, uploads)
    if incoming and (uploads / INCOMING).is_dir():
        for folder in (uploads / INCOMING).iterdir():
            if time.time() - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                gone.append(folder)
    return gone


def _forget(path: Path, uploads: Path) -> None:
    """Remove an upload's file once the index no longer names it (never a file outside `uploads/`)."""
    if uploads.resolve() in path.resolve().parents:
        path.unlink(missing_ok=True)
        _remove_empty(path.parent, uploads)


def _remove_empty(folder: Path, uploads: Path) -> None:
    if folder.resolve() != uploads.resolve() and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
