"""Flat while small, IVF once large: the store's vectors on the real corpus, with the threshold
lowered so that its 1,249 chunks cross it (the real threshold is 50,000)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index.parse.records import ChunkKind
from index.store import ChunkFilter, Store, vectors
from index.store.sync import SyncReport, remove_files
from search.engine import Searcher
from search.evaluate import load_gold
from tests.conftest import CORPUS, NORRMALM_2021, T1_2020


def _large(tmp_path: Path, index: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of `index` whose next write moves its vectors into an IVF index."""
    monkeypatch.setattr(vectors, "IVF_MIN_VECTORS", 1000)
    data = tmp_path / "data"
    shutil.copytree(index, data)
    with Store.open(data) as store:
        assert not vectors.is_ivf(store.index)
        store.write()  # an empty write still commits a generation: the index is refitted to its size
    return data


@pytest.fixture()
def large(tmp_path: Path, fake_index: tuple[Path, SyncReport], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fake-embedded corpus index, moved into an IVF index by its next write."""
    return _large(tmp_path, fake_index[0], monkeypatch)


def test_a_large_store_moves_to_ivf_and_keeps_every_vector(large: Path, fake_index) -> None:
    with Store.open(fake_index[0]) as flat, Store.open(large) as store:
        assert vectors.is_ivf(store.index)
        assert store.index.nlist == vectors.nlist_for(store.index.ntotal)
        assert store.check().ok  # reopened from its file: SQLite and FAISS agree
        flat_ids, flat_vectors = flat.all_vectors()
        ids, stored = store.all_vectors()
        order = np.argsort(ids)
        assert np.array_equal(ids[order], np.sort(flat_ids))
        assert np.array_equal(stored[order], flat_vectors[np.argsort(flat_ids)])
        rowid = int(flat_ids[100])
        assert np.array_equal(store.vector(rowid), flat.vector(rowid))


def test_ivf_search_agrees_with_the_exact_scan(tmp_path: Path, corpus_index, embedder, monkeypatch) -> None:
    # The real model's vectors: IVF's recall depends on how they cluster, and hashed words tie at 0.
    large = _large(tmp_path, corpus_index[0], monkeypatch)
    gold = load_gold(CORPUS.parent / "tests" / "eval" / "tune.jsonl")
    selective = ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True)
    recall = []
    with Store.open(corpus_index[0]) as flat, Store.open(large) as store:
        for item in gold:
            vector = embedder.embed_query(item.query)
            exact = [r for r, _ in flat.dense(vector, k=10)]
            found = store.dense(vector, k=10)
            assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
            recall.append(len(set(exact) & {r for r, _ in found}) / 10)
            # A selective filter is searched exhaustively: exactly the flat answer.
            assert store.dense(vector, selective, k=50) == flat.dense(vector, selective, k=50)
            # So is a list question's long candidate list.
            assert store.dense(vector, k=vectors.IVF_EXACT_K) == flat.dense(vector, k=vectors.IVF_EXACT_K)
    assert np.mean(recall) >= 0.9, np.mean(recall)


def test_ivf_store_takes_writes_and_shrinks_back_to_flat(large: Path, fake_embedder, monkeypatch) -> None:
    with Store.open(large) as store:
        removed = remove_files(store, [NORRMALM_2021])
        assert removed
        assert vectors.is_ivf(store.index) and store.check().ok
        left = store.index.ntotal
        assert left == sum(store.count_chunks().values())
        monkeypatch.setattr(vectors, "IVF_MIN_VECTORS", 5000)  # now far above the store's size
        store.write()
        assert not vectors.is_ivf(store.index) and store.index.ntotal == left
    with Store.open(large) as store:
        assert store.check().ok and not vectors.is_ivf(store.index)


def test_search_on_an_ivf_store_answers_the_pandemic_question(large: Path, fake_embedder) -> None:
    with Store.open(large) as store:
        result = Searcher(store, fake_embedder).search("vilka aktiviteter har avvikelser om pandemin")
    assert {(h.citation.file, h.citation.line_start) for h in result.hits} == {
        (T1_2020, 160),
        (T1_2020, 162),
        (T1_2020, 171),
        (T1_2020, 711),
    }
