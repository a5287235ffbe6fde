"""Shared fixtures: the real sample corpus, parsed once per session, indexed with a fake or the real model.

Tests that measure what the model does (quality, faithfulness, ranking by meaning) use `embedder`
and `corpus_index`, the real model; every test whose fixtures reach the real model is marked
`model` here, and broad sweeps `slow`, so `make test-fast` (`-m "not model and not slow"`) waits
for neither. Every other test uses `fake_embedder` and `fake_index` (tests/fakes.py): the same
corpus, vectors from hashed words.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from index.embed.embedder import Embedder, SentenceTransformerEmbedder, ensure_model, load_embedder
from index.parse.ingest import parse_file
from index.parse.metadata import ManifestEntry, load_manifest
from index.parse.records import ParsedReport
from index.settings import Settings
from index.store import Store
from index.store.sync import SyncReport, sync
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

T1_2020 = "ks-tertialrapport-1-2020.txt"
T2_2021 = "ks-tertialrapport-2-2021.txt"
VP_2013 = "ks-verksamhetsplan-2013.txt"
AVST_2024 = "ks-avstamning-mal-och-budget-2024.txt"
NORRMALM_2021 = "norrmalm-verksamhetsberattelse-2021.txt"
ALL_REPORTS = (T1_2020, T2_2021, VP_2013, AVST_2024, NORRMALM_2021)
# Fixtures that build or load the real model: a test that reaches one of them is marked `model`.
MODEL_FIXTURES = frozenset({"model_dir", "embedder", "torch_embedder", "corpus_index"})
# Broad sweeps, marked `slow`: twelve generated PDF layouts read word for word, the API fuzzed from
# its schema, fifty concurrent clients, a killed index run's worker processes. Together about 60 %
# of the CPU time of the tests that need no model (measured with --durations on 2 cores).
SLOW_MODULES = frozenset({"test_pdf_layouts.py", "test_schema.py", "test_load.py"})
SLOW_TESTS = frozenset({"test_a_run_killed_during_the_nlp_stage_leaves_no_worker_holding_the_lock"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
        if item.path.name in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def manifest() -> dict[str, ManifestEntry]:
    return load_manifest(CORPUS / "manifest.toml")


@pytest.fixture(scope="session")
def parsed(manifest: dict[str, ManifestEntry]) -> dict[str, ParsedReport]:
    """Every corpus report, parsed once."""
    return {name: parse_file(CORPUS / name, manifest) for name in ALL_REPORTS}


@pytest.fixture(scope="session")
def model_dir() -> Path:
    # The same cache `make run` fills; converting takes about 20 s the first time.
    return ensure_model(Settings.from_env().cache_dir)


@pytest.fixture(scope="session")
def embedder(model_dir: Path) -> Embedder:
    """The default backend, as `make run` uses it: int8 ONNX Runtime (its file built the first time)."""
    return load_embedder(model_dir, Settings.from_env().backend)


@pytest.fixture(scope="session")
def torch_embedder(model_dir: Path) -> SentenceTransformerEmbedder:
    """The fp32 sentence-transformers model: the reference the other backends are held to."""
    return SentenceTransformerEmbedder(model_dir)


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.model_dir = inner.model_dir
        self.passages = 0

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder, manifest) -> tuple[Path, SyncReport]:
    """The whole corpus indexed once per session with the real model (about 70 s on 2 cores).

    Tests that change the index copy this data directory first (`copy_index`).
    """
    data = tmp_path_factory.mktemp("index")
    with Store.open(data, verify=False) as store:
        report = sync([CORPUS], store, embedder, manifest, model_name=embedder.model_dir.name)
    return data, report


def copy_corpus_and_index(index_dir: Path, corpus: Path, data: Path) -> None:
    """A private copy of the corpus and of an index of it, whose documents lie in the copy: a file
    there is the indexed one, not another file of its name (which `index` refuses while the indexed
    one still lies where it was: `index.store.sync._another_file`)."""
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(index_dir, data)
    with Store.open(data, verify=False) as store:
        follow_corpus(store, corpus)


def follow_corpus(store, corpus: Path) -> None:
    """Record that every indexed document now lies in `corpus` (any backend's store)."""
    for document in store.documents():
        store.move(document.file, (corpus / document.file).resolve())


@pytest.fixture(scope="session")
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory: pytest.TempPathFactory, fake_embedder, manifest) -> tuple[Path, SyncReport]:
    """The whole corpus indexed once per session with the fake embedder (the NLP stage is real).

    Tests that change the index copy this data directory first.
    """
    data = tmp_path_factory.mktemp("fake-index")
    with Store.open(data, verify=False) as store:
        report = sync([CORPUS], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
    return data, report


@pytest.fixture()
def fake_model(monkeypatch: pytest.MonkeyPatch, fake_embedder: HashEmbedder) -> HashEmbedder:
    """The CLI and the API load the fake embedder instead of the configured model."""
    import api.service
    import index.embed.embedder

    monkeypatch.setattr(index.embed.embedder, "embedder_from", lambda settings, **_: fake_embedder)
    monkeypatch.setattr(api.service, "embedder_from", lambda settings, **_: fake_embedder)
    return fake_embedder


@contextmanager
def serving(app) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free port of 127.0.0.1; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class ReusingEmbedder:
    """The real embedder, answering passages whose text the session's SQLite index holds with its stored
    vectors (the same model's, the same bytes) so that a second backend is built without embedding again."""

    def __init__(self, inner: Embedder, data: Path) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.model_dir = inner.model_dir
        with Store.open(data) as store:
            ids, vectors = store.all_vectors()
            by_rowid = dict(zip(ids.tolist(), vectors, strict=True))
            self.known = {s.chunk.text: by_rowid[s.rowid] for s in store.chunks(ids.tolist())}

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        fresh = [t for t in texts if t not in self.known]
        if fresh:
            self.known.update(zip(fresh, self.inner.embed_passages(fresh), strict=True))
        return np.vstack([self.known[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


@contextmanager
def milvus_lite(location: str) -> Iterator:
    """A Milvus Lite store opened in this process and released after: Lite holds a lock on its folder,
    which another process (`rapportsok index`) or a copy must not find taken."""
    from milvus_lite import server_manager_instance

    from index.milvus import MilvusStore, client_uri

    store = MilvusStore.open(location)
    try:
        yield store
    finally:
        store.close()
        server_manager_instance.release_server(client_uri(location))


@pytest.fixture(scope="session")
def milvus_index(tmp_path_factory: pytest.TempPathFactory, corpus_index, embedder, manifest) -> tuple[str, SyncReport]:
    """The corpus in Milvus Lite, synced as `rapportsok index` does, with the vectors of `corpus_index`.

    Returns its location (milvus:///…/index.db); tests that change it copy the folder first.
    """
    location = f"milvus://{tmp_path_factory.mktemp('milvus') / 'index.db'}"
    reusing = ReusingEmbedder(embedder, corpus_index[0])
    with milvus_lite(location) as store:
        report = sync([CORPUS], store, reusing, manifest, model_name=embedder.model_dir.name)
    return location, report
