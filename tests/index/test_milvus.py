"""The Milvus backend (Milvus Lite) against the SQLite + FAISS store on the real corpus: the same
passages, filters, frequencies and vocabulary; incremental sync; a write killed at each point."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.backend import StoreBackend, open_store
from index.milvus import MilvusStore, client_uri
from index.nlp.analysis import terms
from index.parse.records import ChunkKind, GoalStatus, ReportType
from index.settings import Settings, SettingsError
from index.store import CRASH_ENV, ChunkFilter, Store
from index.store.sync import remove_files, sync
from tests.conftest import (
    ALL_REPORTS,
    AVST_2024,
    CORPUS,
    NORRMALM_2021,
    T1_2020,
    CountingEmbedder,
    follow_corpus,
    milvus_lite,
)

FILTERS = [
    ChunkFilter(kinds=(ChunkKind.ACTIVITY,)),
    ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True),
    ChunkFilter(deviation=False, years=(2021,)),
    ChunkFilter(statuses=(GoalStatus.DELVIS, GoalStatus.HELT)),
    ChunkFilter(namnd="NORRMALMS STADSDELSNÄMND"),
    ChunkFilter(years=(2020, 2024)),
    ChunkFilter(periods=("T2",)),
    ChunkFilter(report_types=(ReportType.VERKSAMHETSBERATTELSE,)),
    ChunkFilter(files=(T1_2020, AVST_2024)),
    ChunkFilter(kinds=(ChunkKind.GOAL, ChunkKind.INDICATOR), namnd="Kommunstyrelsen", years=(2021,)),
]


@pytest.fixture(scope="module")
def both(corpus_index, milvus_index):
    with Store.open(corpus_index[0]) as sqlite, milvus_lite(milvus_index[0]) as milvus:
        yield sqlite, milvus


def _ids(store, rowids) -> set[str]:
    return {s.chunk.id for s in store.chunks([int(r) for r in rowids])}


def test_both_backends_meet_the_protocol(both) -> None:
    assert all(isinstance(store, StoreBackend) for store in both)


def test_milvus_holds_the_same_documents_and_passages(both) -> None:
    sqlite, milvus = both
    assert milvus.count_chunks() == sqlite.count_chunks()
    assert milvus.passage_count() == sqlite.passage_count() > 1000
    shape = [(d.file, d.sha256, d.chunks, d.meta) for d in sqlite.documents()]
    assert [(d.file, d.sha256, d.chunks, d.meta) for d in milvus.documents()] == shape
    some = sqlite.chunks(sqlite.filter_rowids(ChunkFilter(files=(T1_2020,))))
    again = {s.chunk.id: s for s in milvus.chunks(milvus.filter_rowids(ChunkFilter(files=(T1_2020,))))}
    assert len(again) == len(some)
    for stored in some:  # every field, citation and NLP metadata, read back alike
        other = again[stored.chunk.id]
        assert (other.chunk, other.lemmas, other.compounds, other.entities, other.amounts, other.dates) == (
            stored.chunk,
            stored.lemmas,
            stored.compounds,
            stored.entities,
            stored.amounts,
            stored.dates,
        )
    assert milvus.chunk_by_id(some[0].chunk.id).chunk == some[0].chunk


def test_frequencies_and_vocabulary_agree(both) -> None:
    sqlite, milvus = both
    assert milvus.vocabulary() == sqlite.vocabulary()
    fts = [r[0] for r in sqlite._conn.execute("SELECT term FROM chunks_vocab").fetchall()]  # every FTS5 term
    assert len(fts) > 3000
    assert milvus.doc_freqs(fts) == sqlite.doc_freqs(fts)
    assert milvus.kinds_carrying() == sqlite.kinds_carrying()


def test_lemma_sequences_agree(both) -> None:
    # The search reads where an absent compound's parts stand from them (`engine._parts_together`).
    def by_id(store) -> dict[str, tuple[str, ...]]:
        rowids = [int(r) for r in store.filter_rowids(ChunkFilter(files=(T1_2020,)))]
        ids = {s.rowid: s.chunk.id for s in store.chunks(rowids)}
        return {ids[r]: seq for r, seq in store.lemma_sequences(rowids).items()}

    sqlite, milvus = both
    mine = by_id(sqlite)
    assert len(mine) > 100 and all(mine.values())
    assert by_id(milvus) == mine


@pytest.mark.parametrize("where", FILTERS, ids=repr)
def test_filters_admit_the_same_passages_on_both_sides(both, embedder, where: ChunkFilter) -> None:
    sqlite, milvus = both
    admitted = _ids(sqlite, sqlite.filter_rowids(where))
    assert _ids(milvus, milvus.filter_rowids(where)) == admitted
    # Filtered before ranking inside Milvus: the top k is all admitted, and as many as asked.
    lexical = milvus.lexical(terms("mål verksamhet ekonomi"), where, k=20)
    assert lexical and _ids(milvus, [r for r, _ in lexical]) <= admitted
    assert len(lexical) == len(sqlite.lexical(terms("mål verksamhet ekonomi"), where, k=20))
    vector = embedder.embed_query("hur går det med ekonomin")
    dense = milvus.dense(vector, where, k=10)
    assert len(dense) == min(10, len(admitted))
    # Both are exact inner-product scans over the same vectors, so the same cosines and passages, but for
    # one thing: a text that two reports repeat was embedded in two batches for SQLite, whose int8 vectors
    # (quantised per batch) differ by up to 0.0033 in cosine (measured: the same passage 0.8437 and
    # 0.8470), and once for Milvus (`ReusingEmbedder`); near ties may swap.
    flat = sqlite.dense(vector, where, k=10)
    assert _ids(milvus, [r for r, _ in dense]) == _ids(sqlite, [r for r, _ in flat]) or np.allclose(
        sorted(c for _, c in dense), sorted(c for _, c in flat), atol=5e-3
    )
    cut = flat[-1][1] + 5e-3
    assert _ids(milvus, [r for r, c in dense if c > cut]) == _ids(sqlite, [r for r, c in flat if c > cut])
    among = milvus.dense_among(vector, milvus.filter_rowids(where), k=10)
    assert among == dense


@pytest.fixture()
def workspace(tmp_path: Path, milvus_index) -> tuple[Path, str]:
    """A private copy of the corpus and of the session's Milvus Lite index."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(client_uri(milvus_index[0]), tmp_path / "index.db")
    location = f"milvus://{tmp_path / 'index.db'}"
    with milvus_lite(location) as store:
        follow_corpus(store, corpus)
    return corpus, location


def _sync(corpus: Path, location: str, embedder, manifest):
    counting = CountingEmbedder(embedder)
    with milvus_lite(location) as store:
        report = sync([corpus], store, counting, manifest, model_name=embedder.model_dir.name)
    return report, counting


def test_sync_is_incremental_replaces_exactly_a_changed_file_and_removes(workspace, embedder, manifest) -> None:
    corpus, location = workspace
    report, counting = _sync(corpus, location, embedder, manifest)
    assert counting.passages == 0 and report.chunks_embedded == 0
    assert sorted(report.unchanged) == sorted(ALL_REPORTS)

    rest = ChunkFilter(files=tuple(f for f in ALL_REPORTS if f != AVST_2024))
    with milvus_lite(location) as store:
        before = store.document(AVST_2024)
        others = store.filter_rowids(rest)
        old_ids = _ids(store, store.filter_rowids(ChunkFilter(files=(AVST_2024,))))
    path = corpus / AVST_2024
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    report, counting = _sync(corpus, location, embedder, manifest)
    assert report.changed == [AVST_2024] and 1 <= counting.passages == report.chunks_embedded < before.chunks
    with milvus_lite(location) as store:
        assert np.array_equal(store.filter_rowids(rest), others)  # other files untouched
        new = store.chunks(store.filter_rowids(ChunkFilter(files=(AVST_2024,))))
        assert len(new) == store.document(AVST_2024).chunks == before.chunks
        assert sum(NEW in s.chunk.text for s in new) == 1
        # Exactly the changed passage is new, and its old version gone.
        assert len({s.chunk.id for s in new} - old_ids) == len(old_ids - {s.chunk.id for s in new}) == 1
        assert store.document(AVST_2024).sha256 != before.sha256

    (corpus / T1_2020).unlink()
    report, counting = _sync(corpus, location, embedder, manifest)
    assert report.removed == [T1_2020] and counting.passages == 0
    with milvus_lite(location) as store:
        assert store.document(T1_2020) is None and len(store.documents()) == 4
        assert not store.filter_rowids(ChunkFilter(files=(T1_2020,))).size
        found = store.lexical(terms("coronapandemin"), k=50)
        assert found and all(s.chunk.citation.file != T1_2020 for s in store.chunks([r for r, _ in found]))
        assert remove_files(store, [NORRMALM_2021]) == [NORRMALM_2021]
        assert [d.file for d in store.documents()] == sorted(set(ALL_REPORTS) - {T1_2020, NORRMALM_2021})


OLD, NEW = "Stockholm ska vara en stad", "Stockholm ska vara en trygg och grön stad"


def _index(corpus: Path, location: str, data: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAPPORTSOK_STORE": location, "RAPPORTSOK_DATA": str(data)}
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at
    command = [sys.executable, "-m", "api.cli", "index", str(corpus)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def _texts_and_search(location: str, embedder) -> list[str]:
    with milvus_lite(location) as store:
        texts = [c.chunk.text for c in store.chunks(store.filter_rowids(ChunkFilter(files=(AVST_2024,))))]
        assert len(texts) == store.document(AVST_2024).chunks == len(set(texts))  # one version, whole
        assert store.lexical(terms("hemlösheten"), k=5)
        assert len(store.dense(embedder.embed_query("hemlösheten på Norrmalm"), k=5)) == 5
        return texts


@pytest.mark.parametrize("point", ["before-commit", "after-commit"])
def test_killed_index_run_leaves_the_previous_state_searchable(point: str, workspace, tmp_path, embedder) -> None:
    corpus, location = workspace
    before = _texts_and_search(location, embedder)
    path = corpus / AVST_2024
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")

    crashed = _index(corpus, location, tmp_path / "data", crash_at=point)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    committed = point == "after-commit"
    with milvus_lite(location) as store:
        assert len(store.check().extra)  # rows of the killed write are there, but hidden:
    texts = _texts_and_search(location, embedder)
    assert any(NEW in t for t in texts) is committed  # all of the write, or none of it
    assert (sorted(texts) == sorted(before)) is not committed

    finished = _index(corpus, location, tmp_path / "data")
    assert finished.returncode == 0, finished.stderr[-2000:]
    with milvus_lite(location) as store:
        rows = store.client.query(store.names.passages, filter="gen >= 0", output_fields=["count(*)"])
        assert rows[0]["count(*)"] == store.passage_count()  # the leftovers are deleted, not only hidden
    assert any(NEW in t for t in _texts_and_search(location, embedder))


def test_the_store_setting_chooses_the_backend(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("RAPPORTSOK_STORE", raising=False)
    with open_store(Settings.from_env()) as store:
        assert isinstance(store, Store)
    monkeypatch.setenv("RAPPORTSOK_STORE", f"milvus://{tmp_path / 'new.db'}")
    settings = Settings.from_env()
    with milvus_lite(settings.store) as store:
        assert isinstance(store, MilvusStore) and store.documents() == [] and store.generation == 0
    for bad in ("milvus://", "postgres://host/db", "milvus:///no/suffix"):
        monkeypatch.setenv("RAPPORTSOK_STORE", bad)
        with pytest.raises(SettingsError, match="RAPPORTSOK_STORE"):
            Settings.from_env()
