"""The in-memory BM25 (index/store/bm25.py) against FTS5's own bm25() on the corpus, and how the
store chooses between them: a generation's own index, FTS5 while it is built or during a write."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np

import index.store.facade as facade
from index.parse.records import ChunkKind
from index.store import ChunkFilter, Store
from index.store.bm25 import build, updated
from index.store.facade import FIELD_WEIGHTS, _fts_rows
from index.store.sync import sync
from tests.conftest import CORPUS, NORRMALM_2021


def _questions(store: Store, count: int) -> list[list[str]]:
    """Random sets of the index's own terms, one to eight, each with one of its 100 commonest (most
    of a vocabulary is rare: the long posting lists are what must score alike)."""
    freqs = store.doc_freqs(sorted(_terms(store)))
    vocabulary = sorted(freqs)
    common = sorted(vocabulary, key=lambda t: -freqs[t])[:100]
    rng = random.Random(7)
    return [[*rng.sample(vocabulary, rng.choice([0, 1, 2, 4, 7])), rng.choice(common)] for _ in range(count)]


def _terms(store: Store) -> set[str]:
    return {t for _, *fields in _fts_rows(store._conn) for f in fields for t in f.split()}


def _same(mine: list[tuple[int, float]], fts: list[tuple[int, float]]) -> bool:
    """The same scores in the same order, equal but for float rounding (1e-9), and the same passages
    at each score: where two passages' scores differ by a rounding (1e-15), the order of summing
    decides which comes first, in FTS5 as here. At the cut only the score is compared, since either
    of two such passages may be the one kept."""
    if len(mine) != len(fts) or not np.allclose([s for _, s in mine], [s for _, s in fts], rtol=1e-9, atol=0):
        return False

    def by_score(ranking: list[tuple[int, float]]) -> dict[float, set[int]]:
        out: dict[float, set[int]] = {}
        for rowid, score in ranking:
            out.setdefault(float(f"{score:.9g}"), set()).add(rowid)
        return out

    a, b = by_score(mine), by_score(fts)
    cut = float(f"{fts[-1][1]:.9g}") if fts else None
    return a.keys() == b.keys() and all(a[s] == b[s] for s in a if s != cut)


def test_the_scores_and_order_are_fts5s(fake_index) -> None:
    with Store.open(fake_index[0]) as store:
        index = build(_fts_rows(store._conn), FIELD_WEIGHTS)
        activities = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.ACTIVITY,)))
        compared = 0
        for terms in _questions(store, 150):
            for where, allowed in ((None, None), (ChunkFilter(kinds=(ChunkKind.ACTIVITY,)), activities)):
                fts = store._bm25(terms, where, 200)
                mine = index.search(terms, allowed, 200)
                assert _same(mine, fts), terms
                compared += len(fts)
        assert compared > 20_000  # the questions matched passages, not only nothing


def test_the_document_frequencies_are_fts5s_vocabulary(fake_index) -> None:
    with Store.open(fake_index[0]) as store:
        index = build(_fts_rows(store._conn), FIELD_WEIGHTS)
        vocabulary = dict(store._conn.execute("SELECT term, doc FROM chunks_vocab").fetchall())
        assert {t: int(index.doc_freqs[c]) for t, c in index.columns.items()} == vocabulary


def test_a_term_fts5_reads_as_two_tokens_is_left_to_fts5(fake_index) -> None:
    with Store.open(fake_index[0]) as store:
        index = build(_fts_rows(store._conn), FIELD_WEIGHTS)
        assert index.searchable("covid-19") and index.searchable("hemlöshet")
        assert not index.searchable("a/b") and not index.searchable("skr:s")
        # Through the store, such a term still answers (FTS5 reads it as a phrase).
        assert store.lexical(["stadsledningskontor/kommunstyrelse"], k=5) == store._bm25(
            ["stadsledningskontor/kommunstyrelse"], None, 5
        )


def test_a_large_index_answers_from_fts5_until_its_own_is_built(fake_index, monkeypatch) -> None:
    monkeypatch.setattr(facade, "LEXICAL_BUILD_WAIT_MAX", 0)  # the corpus as if it were large
    calls: list[int] = []
    built = facade.bm25.build

    def counted(rows, weights):
        calls.append(1)
        return built(rows, weights)

    monkeypatch.setattr(facade.bm25, "build", counted)
    with Store.open(fake_index[0]) as store:
        terms = ["hemlöshet", "pandemi", "trygghet"]
        assert store._lexical_index() is None  # the first ask starts the build; FTS5 answers meanwhile
        first = store.lexical(terms, k=50)
        store.wait_for_lexical(timeout=60)
        assert store._lexical_index() is not None and calls == [1]
        assert _same(store.lexical(terms, k=50), first)


def test_a_write_is_never_answered_from_the_previous_generations_index(tmp_path: Path, fake_index) -> None:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with Store.open(data) as store:
        before = store.lexical(["hemlöshet"], k=500)
        norrmalm = set(store.filter_rowids(ChunkFilter(files=(NORRMALM_2021,))).tolist())
        assert norrmalm & {r for r, _ in before}
        store.write(delete=[NORRMALM_2021])
        after = store.lexical(["hemlöshet"], k=500)
        assert after and not norrmalm & {r for r, _ in after}
        assert _same(after, store._bm25(["hemlöshet"], None, 500))


def test_an_index_updated_by_a_writes_rows_scores_as_one_built_from_all(fake_index) -> None:
    with Store.open(fake_index[0]) as store:
        rows = list(_fts_rows(store._conn))
        questions = _questions(store, 120)
    rng = random.Random(11)
    before, added = rows[:-300], rows[-300:]  # a write adds rows above every rowid kept
    removed = {row[0] for row in rng.sample(before, 200)}
    previous = build(before, FIELD_WEIGHTS)
    mine = updated(previous, np.array(sorted(removed)), added, FIELD_WEIGHTS)
    whole = build([row for row in before if row[0] not in removed] + added, FIELD_WEIGHTS)
    assert mine is not None and mine.rowids.tolist() == whole.rowids.tolist()
    held = {t: int(mine.doc_freqs[c]) for t, c in mine.columns.items() if mine.doc_freqs[c]}
    assert held == {t: int(whole.doc_freqs[c]) for t, c in whole.columns.items()}
    allowed = whole.rowids[::3]
    compared = 0
    for terms in questions:
        for subset in (None, allowed):
            expected = whole.search(terms, subset, 200)
            assert _same(mine.search(terms, subset, 200), expected), terms
            compared += len(expected)
    assert compared > 10_000
    # A removed passage is found by none of its terms; an added one by its own.
    gone = next(row for row in before if row[0] in removed)
    assert gone[0] not in {r for r, _ in mine.search(gone[1].split(), None, 10_000)}
    assert added[0][0] in {r for r, _ in mine.search(added[0][1].split(), None, 10_000)}


def test_an_added_rowid_below_a_kept_one_is_left_to_a_build(fake_index) -> None:
    with Store.open(fake_index[0]) as store:
        rows = list(_fts_rows(store._conn))
    previous = build(rows[100:], FIELD_WEIGHTS)
    assert updated(previous, np.array([], dtype=np.int64), rows[:100], FIELD_WEIGHTS) is None


def test_a_large_index_after_a_write_is_updated_not_rebuilt(
    tmp_path: Path, fake_index, fake_embedder, manifest, monkeypatch
) -> None:
    monkeypatch.setattr(facade, "LEXICAL_BUILD_WAIT_MAX", 0)  # the corpus as if it were large
    builds: list[int] = []
    built = facade.bm25.build

    def counted(rows, weights, columns=None):
        if columns is None:  # a build from every row, not of a write's rows
            builds.append(1)
        return built(rows, weights, columns)

    monkeypatch.setattr(facade.bm25, "build", counted)
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with Store.open(data) as store:
        store.wait_for_lexical(timeout=60)
        store.write(delete=[NORRMALM_2021])
        store.wait_for_lexical(timeout=60)
        sync([CORPUS], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)  # adds it again
        store.wait_for_lexical(timeout=60)
        assert store._lexical_index() is not None and builds == [1]
        assert store.filter_rowids(ChunkFilter(files=(NORRMALM_2021,))).size
        for terms in _questions(store, 60):
            assert _same(store.lexical(terms, k=200), store._bm25(terms, None, 200)), terms


def test_holding_is_what_each_passages_fields_say(fake_index) -> None:
    """`holding` (search's coverage reads it in place of each passage's fields) says what the fields
    say: a term held as a word or head, or anywhere (modifiers too), for built and updated indexes."""
    with Store.open(fake_index[0]) as store:
        rows = list(_fts_rows(store._conn))
    fields = {r[0]: (set(r[1].split()) | set(r[2].split()), set(r[3].split())) for r in rows}
    terms = sorted({t for about, modifiers in fields.values() for t in about | modifiers})
    sample = random.Random(3).sample(terms, 400)
    before, added = rows[:-300], rows[-300:]
    removed = {row[0] for row in random.Random(5).sample(before, 200)}
    kept = [row[0] for row in before if row[0] not in removed] + [row[0] for row in added]
    for index, rowids in (
        (build(rows, FIELD_WEIGHTS), [r[0] for r in rows]),
        (updated(build(before, FIELD_WEIGHTS), np.array(sorted(removed)), added, FIELD_WEIGHTS), kept),
    ):
        assert index is not None
        checked = 0
        for term in sample:
            found = index.holding([term], rowids)
            if found is None:  # a term FTS5 reads as two tokens: coverage reads the fields
                assert not index.searchable(term)
                continue
            about, anywhere = found
            assert about.tolist() == [term in fields[r][0] for r in rowids], term
            assert anywhere.tolist() == [term in fields[r][0] or term in fields[r][1] for r in rowids], term
            checked += int(anywhere.sum())
        assert checked > 1000
    # A rowid the index does not hold: the caller reads the fields.
    assert build(rows, FIELD_WEIGHTS).holding(["stad"], [max(fields) + 1]) is None
