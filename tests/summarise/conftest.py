"""A searcher over the session's corpus index, shared by the timeline and chart tests."""

from __future__ import annotations

import pytest

from index.store import Store
from search.engine import Searcher


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder) -> Searcher:
    return Searcher(Store.open(corpus_index[0]), embedder)
