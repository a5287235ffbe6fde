"""Readers of one service share what is derived from a generation, never a connection.

A service answers on several threads, each with a reader (its own SQLite connection). What a
generation derives once for all of them (the facts a question is read with) must ask the reader's
own connection: a connection used by two threads at once deadlocked the server under load
(test_load hung about 1 run in 10).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


_TWO_READERS = """
import sys, threading
from pathlib import Path
from index.store import ChunkFilter, SharedVectors, Store
from search.engine import Searcher

shared = SharedVectors()
first = Store.open(Path(sys.argv[1]), verify=False, shared=shared)
second = Store.open(Path(sys.argv[1]), verify=False, shared=shared)
Searcher(first, None)
other = Searcher(second, None)
where = ChunkFilter(namnd="Norrmalms stadsdelsnämnd")

def search():
    for _ in range(1000):
        first.lexical(["hemlöshet", "bostad", "stöd"], where, k=100)

def read():
    for i in range(1000):
        other.facts.doc_freqs([f"ord{i}", f"term{i}"])  # words not counted before: SQLite is asked

threads = [threading.Thread(target=search), threading.Thread(target=read)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("both finished")
"""


def test_two_readers_on_two_threads_never_wait_for_each_other(tmp_path: Path, fake_index) -> None:
    """One reader searches with a nämnd filter while another reads questions (its term counts). With
    the counts asked of the first reader's connection the two deadlocked within seconds, holding the
    GIL (the filter then called Python inside the query), so the threads run in a process of their
    own, which a deadlock leaves unfinished instead of hanging the suite."""
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _TWO_READERS, str(data)],
            cwd=Path(__file__).parents[2],
            capture_output=True,
            text=True,
            timeout=300,  # a liveness bound, not a speed one: it takes a few seconds
        )
    except subprocess.TimeoutExpired:
        pytest.fail("two readers deadlocked")
    assert done.returncode == 0 and "both finished" in done.stdout, done.stderr
