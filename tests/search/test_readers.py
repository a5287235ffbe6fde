"""Readers of one service share what is derived from a generation, never a connection.

A service answers on several threads, each with a reader (its own SQLite connection). What a
generation derives once for all of them (the facts a question is read with) must ask the reader's
own connection: a connection used by two threads at once deadlocked the server under load
(test_load hung about 1 run in 10).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from index.store import SharedVectors, Store
from search.engine import Searcher


def test_a_reader_reads_questions_through_its_own_connection(tmp_path: Path, fake_index) -> None:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    shared = SharedVectors()
    first = Store.open(data, verify=False, shared=shared)
    second = Store.open(data, verify=False, shared=shared)
    try:
        one, other = Searcher(first, None), Searcher(second, None)
        assert other.facts.speller is one.facts.speller  # derived once for both readers
        first.close()  # the reader that derived the facts is gone (or busy on another thread)
        # "handikapp" is in no passage: reading it asks the index which words it holds.
        result = other.search("personer med handikapp och delaktighet", mode="lexical")
    finally:
        second.close()
    widened = {a.word: a.terms for a in result.interpretation.alternatives or ()}
    assert "funktionsnedsättning" in widened["handikapp"]
    assert result.total > 0
