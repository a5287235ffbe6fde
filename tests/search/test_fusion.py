"""Fusion and topic scoring in the engine, on hand-made rankings and a hand-made store: no model, no index."""

from __future__ import annotations

import numpy as np
import pytest

from index.store.facade import holding_in_fields
from search.engine import RRF_K, blend, coverage, fuse, term_weight
from search.query import Query, TopicTerm


def test_fuse_sums_the_shares_of_both_lists() -> None:
    fused = fuse(([(1, 9.0), (2, 8.0)], 1.0), ([(2, 0.9), (3, 0.8)], 1.0))
    assert fused == pytest.approx({2: 1 / (RRF_K + 2) + 1 / (RRF_K + 1), 1: 1 / (RRF_K + 1), 3: 1 / (RRF_K + 2)})
    assert list(fused) == [2, 1, 3]  # best first: found by both beats first on one


def test_fuse_reads_ranks_not_raw_scores() -> None:
    # BM25 scores in the hundreds and cosines under 1 meet on equal terms.
    assert fuse(([(1, 500.0)], 1.0), ([(2, 0.1)], 1.0)) == {1: 1 / (RRF_K + 1), 2: 1 / (RRF_K + 1)}


def test_fuse_weights_each_side() -> None:
    fused = fuse(([(1, 1.0)], 1.0), ([(2, 1.0)], 0.5))
    assert list(fused) == [1, 2] and fused[2] == pytest.approx(fused[1] / 2)
    assert fuse(([(1, 1.0)], 0.0), ([], 1.0)) == {1: 0.0}  # a side switched off adds nothing
    assert fuse() == {}


def test_blend_scores_cosine_plus_weighted_coverage() -> None:
    dense = [(1, 0.90), (2, 0.88), (3, 0.86)]
    lexical = [(4, 12.0), (3, 9.0)]
    about = {2: 1.0, 3: 0.5, 4: 1.0}
    blended = blend(lexical, dense, about, weight=0.1)
    # 3 is the lowest cosine the dense side returned: the lexical-only passage 4 is scored with it.
    assert blended == pytest.approx({2: 0.98, 4: 0.96, 1: 0.90, 3: 0.91})
    assert list(blended) == [2, 4, 3, 1]  # covering the topic outweighs a few hundredths of cosine


def test_blend_without_coverage_is_the_dense_order() -> None:
    dense = [(5, 0.9), (6, 0.8)]
    assert list(blend([(6, 3.0)], dense, {}, weight=0.1)) == [5, 6]
    assert blend([], [], {}, weight=0.1) == {}


def test_a_rare_word_outweighs_a_common_one() -> None:
    total = 1000
    assert term_weight("hörselmiljö", 3, total) > term_weight("hörselmiljö", 300, total)  # rarer in the index
    # Equally rare in the index, the everyday word weighs less: it is how a question is phrased.
    assert term_weight("hörselmiljö", 10, total) > term_weight("tycker", 10, total)
    assert term_weight("nämnd", total, total) < 0.1 * term_weight("nämnd", 1, total)  # in every passage


class _Store:
    """What `coverage` asks of a store, held in dicts."""

    def __init__(self, total: int, freqs: dict[str, int], fields: dict[int, tuple[set[str], set[str]]]) -> None:
        self.total, self.freqs, self.fields = total, freqs, fields

    def passage_count(self) -> int:
        return self.total

    def doc_freqs(self, words: list[str]) -> dict[str, int]:
        return {w: self.freqs[w] for w in words if w in self.freqs}

    def holding(self, term_sets: list[set[str]], rowids: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
        return holding_in_fields(self.fields, term_sets, rowids)

    def lemma_sequences(self, rowids: list[int]) -> dict[int, tuple[str, ...]]:
        return {r: tuple(sorted(self.fields[r][0])) for r in rowids if r in self.fields}


def _coverage(store: _Store, terms: tuple[TopicTerm, ...], candidates: list[int]) -> dict[int, float] | None:
    return coverage(store, Query("?", " ".join(t.word for t in terms), terms), candidates)


def test_coverage_is_the_share_of_the_topic_weight() -> None:
    terms = (TopicTerm("klimat", "klimat", ("klimat",)), TopicTerm("skyfall", "skyfall", ("skyfall",)))
    store = _Store(
        100,
        {"klimat": 10, "skyfall": 10},
        {
            1: ({"klimat", "skyfall"}, set()),  # about both
            2: ({"klimat"}, set()),  # about one
            3: (set(), {"skyfall"}),  # "skyfall" only as a compound's modifier: half
            4: ({"budget"}, set()),  # about neither: left out
        },
    )
    klimat, skyfall = term_weight("klimat", 10, 100), term_weight("skyfall", 10, 100)
    assert skyfall > klimat  # the rarer word in everyday Swedish
    whole = klimat + skyfall
    assert _coverage(store, terms, [1, 2, 3, 4]) == pytest.approx({1: 1.0, 2: klimat / whole, 3: 0.5 * skyfall / whole})


def test_coverage_counts_a_word_with_its_synonyms_once() -> None:
    terms = (TopicTerm("bostadslöshet", "bostadslöshet", ("bostadslöshet", "hemlöshet")),)
    store = _Store(100, {"bostadslöshet": 2, "hemlöshet": 20}, {1: ({"hemlöshet", "bostadslöshet"}, set())})
    assert _coverage(store, terms, [1]) == pytest.approx({1: 1.0})


def test_coverage_is_none_when_a_required_name_is_in_no_passage() -> None:
    terms = (TopicTerm("spotify", "spotify", ("spotify",), required=True), TopicTerm("stad", "stad", ("stad",)))
    store = _Store(100, {"stad": 50}, {1: ({"stad"}, set())})
    assert _coverage(store, terms, [1]) is None


def test_a_synonym_entry_is_found_from_its_words_family() -> None:
    from search.synonyms import expand, synonyms

    assert "sjukfrånvaro" in expand(["sjukskriva"])  # verb of the entry "sjukskrivning"
    assert set(synonyms("hemlös")) >= {"hemlöshet", "bostadslöshet"}
    assert synonyms("sjuk") == ()  # a word outside every entry's family: nothing
    # Each member is a word as the index holds it, by its lemma: "unga" is indexed "ung", so the group
    # had never found the reports' "unga" (nor they "ungdomar").
    assert "ung" in expand(["ungdom"]) and "ungdom" in expand(["ung"])
    assert "anställa" in expand(["personal"])  # the entry's "anställd", as the index lemmatises it
