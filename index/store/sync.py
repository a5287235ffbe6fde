"""Bring the store in line with files on disk, by content hash.

New files are added, changed files replace exactly their own chunks (and only chunks whose
text changed are embedded again), files gone from a synced folder are removed, unchanged
files cost one hash each. Work is written in batches, each one atomic (`Store.write`), so a
run that is killed keeps what it finished and the next run does the rest. One run at a time:
a second is refused by a lock file, not let in to corrupt the first.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embed.embedder import Embedder
from index.nlp.analysis import analyze_documents
from index.parse.chunker import chunk_report
from index.parse.ingest import link_warning, parse_or_error, report_files, skipped_warning
from index.parse.metadata import ManifestEntry
from index.parse.parser import PARSER_VERSION
from index.parse.records import Chunk, ReportMeta, ReportType
from index.read.errors import ReportError
from index.read.readers import DEFAULT_MAX_BYTES
from index.store import Agreement, Document, NewDocument, Store, text_hash

BATCH_CHUNKS = 4000  # chunks per atomic write: bounded work lost to a crash, few FAISS rewrites

# progress(stage, advance, total): stage is "files", "nlp" or "embedding".
Progress = Callable[[str, int, int], None]


@dataclass
class SyncReport:
    """What one sync did."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reread: list[str] = field(default_factory=list)  # unchanged files an older parser had read
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the indexed file it repeats)
    errors: list[ReportError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks_written: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    repaired: Agreement | None = None
    seconds: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "nlp": 0.0, "embed": 0.0, "write": 0.0})


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sync(
    paths: Sequence[Path],
    store: Store,
    embedder: Embedder,
    manifest: Mapping[str, ManifestEntry],
    *,
    model_name: str,
    prune: bool = True,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_chunks: int = BATCH_CHUNKS,
    progress: Progress | None = None,
    replace: bool = False,
) -> SyncReport:
    """Index `paths` (files or folders) into `store`; see the module's docstring.

    With `prune`, indexed files that lived under a given folder (or were a given file) and are
    gone now are removed. With `replace`, a file replaces an indexed one of its name that still
    lies elsewhere; without it, it is refused (`_another_file`).
    """
    report = SyncReport()
    tick = progress or (lambda stage, advance, total: None)
    store.refresh()  # another process may have written since this store was opened
    agreement = store.check()
    if not agreement.ok:
        report.repaired = store.repair(embedder.embed_passages)
    previous_model = store.model
    if store.use_model(model_name, embedder.dim, embedder.embed_passages):
        report.warnings.append(
            f"indexet byggdes med {previous_model}: varje passage har bäddats in på nytt med {model_name}"
        )

    links: list[Path] = []
    skipped: list[Path] = []
    files = report_files(paths, links, skipped)
    for link in links:
        report.warnings.append(link_warning(link))
    if skipped:
        report.warnings.append(skipped_warning(skipped))
    # Files an older parser read are read again, though unchanged (`PARSER_VERSION`).
    current = store.read_by(PARSER_VERSION)
    todo = _classify(files, store, report, tick, current=current)
    removed = _removed(paths, files, store) if prune else []
    report.removed = removed

    pending: list[NewDocument] = []
    pending_chunks = 0
    for group in _groups(todo, batch_chunks):
        documents = _prepare(group, store, embedder, manifest, report, tick, max_bytes, workers, replaces=replace)
        pending += documents
        pending_chunks += sum(len(d.chunks) for d in documents)
        if pending_chunks >= batch_chunks:
            _write(store, pending, removed, report)
            removed, pending, pending_chunks = [], [], 0
    if pending or removed:
        _write(store, pending, removed, report)
    store.add_roots(p.resolve() for p in paths if not (p.is_symlink() and not p.is_dir()))  # a link's target is none
    read_now = {*report.added, *report.changed}  # a file read again is written as a changed one
    report.changed = [f for f in report.changed if f not in set(report.reread)]
    if read_now - current:
        store.mark_read_by(PARSER_VERSION, read_now)
    return report


def prepare_files(
    files: Sequence[tuple[Path, str]],
    store: Store,
    embedder: Embedder,
    manifest: Mapping[str, ManifestEntry],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[NewDocument], SyncReport]:
    """Parse, analyse and embed (path, sha256) files without writing them: an upload is prepared
    beside the index while searches go on, and only its write holds the store.

    Files that cannot be read are in the report's errors; stored vectors of unchanged passages
    are reused.
    """
    report = SyncReport()
    group = [(path, sha, store.document(path.name) is None) for path, sha in files]
    documents = _prepare(group, store, embedder, manifest, report, lambda *_: None, max_bytes, workers=1, replaces=True)
    return documents, report


def _classify(
    files: list[Path], store: Store, report: SyncReport, tick: Progress, *, current: frozenset[str] | None = None
) -> list[tuple[Path, str, bool]]:
    """(path, sha256, is_new) of the files to (re)index; records unchanged, duplicates and errors.
    An unchanged file is read again unless it is among `current`, the files this parser read
    (None: no file is read again)."""
    indexed = {d.file: d for d in store.documents()}
    by_hash = {d.sha256: d.file for d in indexed.values()}
    todo: list[tuple[Path, str, bool]] = []
    seen: dict[str, str] = {}
    names: dict[str, tuple[Path, str]] = {}  # file name → (path, sha256) read under it in this run
    for path in files:
        tick("files", 1, len(files))
        try:
            sha = file_sha256(path)
        except OSError as error:
            report.errors.append(ReportError(str(path), f"kan inte läsas: {error.strerror or error}"))
            continue
        name = path.name
        known = indexed.get(name)
        earlier = names.get(name)
        if earlier is not None and earlier[1] != sha and earlier[0] != path.resolve():
            # A document is known by its file name (its citations say it): of two files of one name and
            # other contents in one run, the second would replace the first.
            report.errors.append(ReportError(str(path), _same_name(earlier[0], "läses också i den här körningen")))
            continue
        names.setdefault(name, (path.resolve(), sha))
        if known is not None and known.sha256 == sha:
            source = path
            if known.path != str(path.resolve()):
                if not Path(known.path).is_file():
                    store.move(name, path.resolve())  # the same file, moved: follow it
                else:
                    # A copy, while the indexed file still lies where it was: the index goes on citing that
                    # one. Followed, the copy's folder owned the report, and removing the copy removed the
                    # report from the index though its file was where it had always been (trial 32).
                    report.warnings.append(
                        f"{path}: samma fil som {known.path}, som redan är indexerad; indexet hänvisar dit"
                    )
                    source = Path(known.path)
            if current is not None and name not in current:
                report.reread.append(name)
                todo.append((source, sha, False))
            else:
                report.unchanged.append(name)
            continue
        if path.stat().st_size == 0:  # empty files are all alike: each gets its own error, not "duplicate"
            todo.append((path, sha, known is None))
            continue
        twin = seen.get(sha) or (by_hash.get(sha) if by_hash.get(sha) != name else None)
        if twin is not None:
            report.duplicates.append((name, twin))
            report.warnings.append(f"{path}: samma innehåll som {twin}, som redan är indexerad; hoppades över")
            continue
        seen[sha] = name
        todo.append((path, sha, known is None))
    return todo


def _same_name(other: Path | str, where: str, *, replaceable: bool = False) -> str:
    return (
        f"en annan fil med samma filnamn {where} från {other}; byt namn på filen, "
        "eller ta bort den andra ur indexet först (rapportsok remove)"
        + (", eller ersätt den med rapportsok index --replace" if replaceable else "")
    )


def _another_file(path: Path, known: Document | None) -> bool:
    """Whether `path` is another file than the indexed `known` of the same name, which still lies where
    it was indexed from. A document is known by its file name, and a new user's second
    "verksamhetsberattelse-2021.txt" from another folder replaced a Södermalm report so ("Ändrade: 1").
    Comparing the two reports' nämnd, year and period was not enough (trial 31): a three-line file
    named "ks-tertialrapport-1-2020.txt" takes them from its name, and replaced a 204-passage report.
    A file changed where it lies, or moved, is an update; one from elsewhere replaces only when asked
    (`replace`, as an upload's replace=true)."""
    return bool(known is not None and known.path and Path(known.path) != path.resolve() and Path(known.path).is_file())


def _removed(paths: Sequence[Path], files: list[Path], store: Store) -> list[str]:
    """Indexed files that lived under a synced folder (or were a given file) and are gone."""
    present = {p.name for p in files}
    roots = [p.resolve() for p in paths]
    gone = []
    for document in store.documents():
        if document.file in present:
            continue
        where = Path(document.path)
        if any(where == root or root in where.parents for root in roots) and not where.exists():
            gone.append(document.file)
    return gone


def _groups(todo: list[tuple[Path, str, bool]], batch_chunks: int) -> Iterator[list[tuple[Path, str, bool]]]:
    """Files in groups of roughly `batch_chunks` chunks (by size: a report is ~1 chunk per 1 kB)."""
    group: list[tuple[Path, str, bool]] = []
    size = 0
    for item in todo:
        group.append(item)
        size += item[0].stat().st_size
        if size >= batch_chunks * 1000:
            yield group
            group, size = [], 0
    if group:
        yield group


def _prepare(
    group: list[tuple[Path, str, bool]],
    store: Store,
    embedder: Embedder,
    manifest: Mapping[str, ManifestEntry],
    report: SyncReport,
    tick: Progress,
    max_bytes: int,
    workers: int | None,
    *,
    replaces: bool = False,
) -> list[NewDocument]:
    """Parse, chunk, analyse and embed one group of files. `replaces`: a file may replace an indexed one
    of its name that lies elsewhere (an upload sent with replace=true, `index --replace`)."""
    started = time.perf_counter()
    parsed = []
    for path, sha, is_new in group:
        known = None if is_new or replaces else store.document(path.name)
        if known is not None and _another_file(path, known):
            report.errors.append(ReportError(str(path), _same_name(known.path, "är redan indexerad", replaceable=True)))
            continue
        result = parse_or_error(path, manifest, max_bytes=max_bytes)
        if isinstance(result, ReportError):
            report.errors.append(result)
            continue
        twin = _same_report(result.meta, [d.meta for d in store.documents()] + [p[3].meta for p in parsed])
        if twin is not None:
            report.warnings.append(twin)
        chunks = chunk_report(result)
        if not chunks:
            report.warnings.append(f"{path}: ingen rapportstruktur eller text hittades; indexerad utan passager")
        else:
            report.warnings.extend(result.warnings)  # how it was read (OCR), statuses not understood
        parsed.append((path, sha, is_new, result, chunks))
    report.seconds["parse"] += time.perf_counter() - started

    started = time.perf_counter()
    total_chunks = sum(len(p[4]) for p in parsed)
    analyses = analyze_documents(
        [[c.text for c in p[4]] for p in parsed], workers=workers, progress=lambda n: tick("nlp", n, total_chunks)
    )
    report.seconds["nlp"] += time.perf_counter() - started

    started = time.perf_counter()
    all_vectors = _vectors([(p[3].meta.file, p[4]) for p in parsed], store, embedder, report, tick)
    documents = []
    for (path, sha, is_new, result, chunks), analysis, vectors in zip(parsed, analyses, all_vectors, strict=True):
        (report.added if is_new else report.changed).append(result.meta.file)
        documents.append(
            NewDocument(
                path=path.resolve(),
                sha256=sha,
                size=path.stat().st_size,
                meta=result.meta,
                line_count=result.line_count,
                warnings=tuple(result.warnings),
                chunks=chunks,
                analyses=analysis,
                vectors=vectors,
            )
        )
    report.seconds["embed"] += time.perf_counter() - started
    return documents


def _same_report(meta: ReportMeta, others: Sequence[ReportMeta]) -> str | None:
    """A warning where another indexed file is a report of the same nämnd, type, year and period: a
    second copy (an excerpt, an older draft) is searched as well, and its passages shown twice (trial 31
    indexed 200 lines of T1 2020 as a report of their own, without a word). Not refused: a report may
    be re-issued under a new name, and only the user knows which to keep. A report that says no type
    or year is not compared: "Okänd" matches anything."""
    if meta.report_type is ReportType.OKAND or meta.year is None:
        return None
    key = (meta.namnd, meta.report_type, meta.year, meta.period)
    for other in others:
        if (
            Path(other.file).name != Path(meta.file).name
            and (other.namnd, other.report_type, other.year, other.period) == key
        ):
            what = f"{meta.namnd} · {meta.report_type.value} · {meta.year}"
            return (
                f"{meta.file}: samma rapport ({what}) som {Path(other.file).name}, som redan är indexerad;"
                " båda söks och visas, ta bort den ena om de är samma rapport (rapportsok remove)"
            )
    return None


def _vectors(
    documents: list[tuple[str, Sequence[Chunk]]], store: Store, embedder: Embedder, report: SyncReport, tick: Progress
) -> list[np.ndarray]:
    """Vectors for each document's chunks: stored ones where the text is unchanged, the rest embedded.

    The texts to embed are sorted by length across all documents of the group, so that each
    batch pads little (the model's cost grows with the longest text of a batch).
    """
    out = [np.zeros((len(chunks), embedder.dim), dtype=np.float32) for _, chunks in documents]
    fresh: list[tuple[int, int, str]] = []
    for d, (file, chunks) in enumerate(documents):
        old = store.vectors_by_text(file)
        for i, chunk in enumerate(chunks):
            vector = old.get(text_hash(chunk.text))
            if vector is None:
                fresh.append((d, i, chunk.text))
            else:
                out[d][i] = vector
    total = sum(len(chunks) for _, chunks in documents)
    tick("embedding", total - len(fresh), total)
    fresh.sort(key=lambda item: len(item[2]))
    step = 256
    for start in range(0, len(fresh), step):
        part = fresh[start : start + step]
        vectors = embedder.embed_passages([text for _, _, text in part])
        for (d, i, _), vector in zip(part, vectors, strict=True):
            out[d][i] = vector
        tick("embedding", len(part), total)
    report.chunks_embedded += len(fresh)
    report.chunks_reused += total - len(fresh)
    return out


def _write(store: Store, documents: list[NewDocument], removed: list[str], report: SyncReport) -> None:
    started = time.perf_counter()
    store.write(add=documents, delete=removed)
    report.chunks_written += sum(len(d.chunks) for d in documents)
    report.seconds["write"] += time.perf_counter() - started


def remove_files(store: Store, files: Sequence[str]) -> list[str]:
    """Remove indexed files by name (or path); returns the names that were indexed and are gone now."""
    found = (store.document(Path(f).name) for f in files)
    known = list(dict.fromkeys(document.file for document in found if document is not None))  # as stored
    if known:
        store.write(delete=known)
    return known
