"""An index run killed (SIGKILL) at each point of a write leaves the previous index whole.

The store's write names its points (`index.store.crash_point`); the environment variable
RAPPORTSOK_CRASH_AT makes the real `rapportsok index` process kill itself there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.lock import index_lock
from index.nlp.analysis import terms
from index.store import CRASH_ENV, ChunkFilter, Store
from tests.conftest import AVST_2024, CORPUS, copy_corpus_and_index

OLD, NEW = "Stockholm ska vara en stad", "Stockholm ska vara en trygg och grön stad"


def _index(corpus: Path, data: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAPPORTSOK_DATA": str(data)}
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at
    command = [sys.executable, "-m", "api.cli", "index", str(corpus)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def _texts(data: Path) -> list[str]:
    with Store.open(data) as store:  # raises if SQLite and FAISS disagree
        assert store.check().ok
        return [c.chunk.text for c in store.chunks(store.filter_rowids(ChunkFilter(files=(AVST_2024,))))]


def _searchable(data: Path, embedder) -> None:
    with Store.open(data) as store:
        assert store.lexical(terms("hemlösheten"), k=5)
        assert len(store.dense(embedder.embed_query("hemlösheten på Norrmalm"), k=5)) == 5


# after-vectors: the new vector file is in place but not yet named in SQLite.
@pytest.mark.parametrize("point", ["before-vectors", "after-vectors", "after-commit"])
def test_killed_index_run_leaves_a_usable_index(point: str, tmp_path: Path, corpus_index, embedder) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_corpus_and_index(corpus_index[0], corpus, data)
    before = _texts(data)
    path = corpus / AVST_2024
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")

    crashed = _index(corpus, data, crash_at=point)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    committed = point == "after-commit"
    texts = _texts(data)
    assert any(NEW in t for t in texts) is committed  # all of the write, or none of it
    assert (texts == before) is not committed
    _searchable(data, embedder)

    finished = _index(corpus, data)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert any(NEW in t for t in _texts(data))
    with Store.open(data) as store:  # stray generations are cleaned up; the previous one stays for readers
        current = f"vectors-{store.generation}.faiss"
    left = {p.name for p in data.glob("vectors-*.faiss*")}
    assert current in left and left <= {current, f"vectors-{int(current[8:-6]) - 1}.faiss"}
    _searchable(data, embedder)


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(p) for p in text.split()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_run_killed_during_the_nlp_stage_leaves_no_worker_holding_the_lock(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(CORPUS, corpus)
    env = {**os.environ, "RAPPORTSOK_DATA": str(data)}
    env.pop(CRASH_ENV, None)
    command = [sys.executable, "-m", "api.cli", "index", str(corpus), "--workers", "2"]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not workers and run.poll() is None and time.monotonic() < deadline:
            workers = _children(run.pid)  # the NLP stage's forked pool
            time.sleep(0.05)
        assert workers, "the index run never started its NLP workers"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "NLP workers outlived the killed run"
        with index_lock(data):  # the next run is let in
            pass
    finally:
        run.kill()
        for pid in workers:  # only the workers this test started
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
