"""Both store backends side by side on the synthetic archive (`bench/scale.py`): build, latency, memory.

    python bench/backends.py              # 1× and 10×, SQLite + FAISS and Milvus Lite
    python bench/backends.py --factors 1 10 100    # Milvus Lite asks LITE_SAMPLE questions at 100×

The same synthetic documents (vectors included, so nothing is embedded) are written to each backend
in batches of 4,000 passages as `rapportsok index` writes them; then the first `QUESTIONS` questions
of tests/eval/tune.jsonl are asked in each mode. Memory is the process's resident set after the
questions less before the build (Milvus Lite runs inside the process), so it counts the store's
caches and Milvus Lite's segments, not the model. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = 40
# Milvus Lite (a Python engine) past 10×: each question takes seconds, so a bounded sample of the
# same questions, in order; its row says how many. 10× took p95 2.2 s hybrid (docs/scaling.md).
LITE_SAMPLE = 10
LITE_SAMPLE_FROM = 100
BATCH = 4000  # passages per write, as index/sync.py's BATCH_CHUNKS


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentiles(times: list[float]) -> str:
    q = statistics.quantiles(times, n=100)
    return f"{statistics.median(times):.0f} / {q[94]:.0f}"


def _open(backend: str, folder: Path, embedder):
    from index.milvus import MilvusStore
    from index.store import Store

    store = MilvusStore.open(f"milvus://{folder / 'index.db'}") if backend == "milvus" else Store.open(folder)
    store.use_model(embedder.model_dir.name, embedder.dim, embedder.embed_passages)
    return store


def _release(backend: str, folder: Path) -> None:
    if backend == "milvus":
        from milvus_lite import server_manager_instance

        server_manager_instance.release_server(str(folder / "index.db"))


def measure(backend: str, factor: int, base, embedder, questions: list[str]) -> str:
    from bench.scale import synthetic_copies
    from search.engine import Searcher

    gc.collect()
    before = _rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = _open(backend, folder, embedder)
        documents = synthetic_copies(base, factor)
        start = time.perf_counter()
        batch: list = []
        for document in documents:
            batch.append(document)
            if sum(len(d.chunks) for d in batch) >= BATCH:
                store.write(add=batch)
                batch = []
        if batch:
            store.write(add=batch)
        build = time.perf_counter() - start
        passages = store.passage_count()
        del documents, batch
        searcher = Searcher(store, embedder)
        searcher.search("uppvärmning")  # first-query work (caches, segment indexes) is not latency
        if backend == "milvus" and factor >= LITE_SAMPLE_FROM:
            questions = questions[:LITE_SAMPLE]
        cells = []
        for mode in ("hybrid", "lexical", "dense"):
            times = [searcher.search(q, mode=mode).timings_ms["total_ms"] for q in questions]
            cells.append(_percentiles(times))
        memory = _rss_mb() - before
        size = store.size_on_disk()
        store.close()
        _release(backend, folder)
    name = "Milvus Lite" if backend == "milvus" else "SQLite + FAISS"
    if len(questions) < QUESTIONS:
        name += f" ({len(questions)} questions)"
    row = f"| {name} | {factor}× | {passages:,} | {build:.0f} s | " + " | ".join(cells)
    return row + f" | {memory:.0f} MB | {size / 1e6:.0f} MB |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--stores", nargs="+", default=["sqlite", "milvus"], choices=["sqlite", "milvus"])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="an index of corpus/ (its vectors)")
    args = parser.parse_args()

    from bench.scale import base_documents
    from index.embed.embedder import embedder_from
    from index.settings import Settings
    from index.store import Store
    from search.engine import Searcher
    from search.evaluate import load_gold

    embedder = embedder_from(Settings.from_env())
    questions = [g.query for g in load_gold(ROOT / "tests" / "eval" / "tune.jsonl")][:QUESTIONS]
    with Store.open(args.data) as source:
        base = base_documents(ROOT / "corpus", source)
        # Question reading loads its models (language detection, word lists) on first use: once here,
        # so that the first backend measured is not charged for them.
        Searcher(source, embedder).search(questions[0])
    print("| backend | corpus | passages | build | hybrid p50 / p95 ms | lexical p50 / p95 | dense p50 / p95 "
          "| memory | on disk |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for factor in args.factors:
        for backend in args.stores:
            print(measure(backend, factor, base, embedder, questions), flush=True)


if __name__ == "__main__":
    main()
