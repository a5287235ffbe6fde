"""`make profile`: where a hybrid query's time goes at 100× the corpus (pyinstrument call tree).

(Not named profile.py: as a script's neighbour it would shadow the standard library's `profile`.)

Builds the synthetic 100× archive of `make bench` (bench/scale.py) from an index of corpus/,
asks the gold queries twice and prints the profile; the per-stage timings every SearchResult
carries (lexical, embed, dense, total) are printed as percentiles beside it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(factor: int = 100) -> None:
    from pyinstrument import Profiler

    from bench.scale import base_documents, synthetic_store
    from index.embed.embedder import embedder_from
    from index.parse.metadata import load_manifest
    from index.settings import Settings
    from index.store import Store
    from index.store.sync import sync
    from search.engine import Searcher
    from search.evaluate import load_gold

    embedder = embedder_from(Settings.from_env())
    gold = [g.query for g in load_gold(ROOT / "tests" / "eval" / "tune.jsonl")] * 2
    with tempfile.TemporaryDirectory() as tmp:
        real, large = Path(tmp) / "real", Path(tmp) / "large"
        with Store.open(real, verify=False) as store:
            manifest = load_manifest(ROOT / "corpus" / "manifest.toml")
            sync([ROOT / "corpus"], store, embedder, manifest, model_name=embedder.model_dir.name)
            base = base_documents(ROOT / "corpus", store)
        store = synthetic_store(base, factor, large, embedder)
        searcher = Searcher(store, embedder)
        searcher.search("uppvärmning")  # model load is not a query
        profiler = Profiler(interval=0.0005)
        profiler.start()
        timings = [searcher.search(q).timings_ms for q in gold]
        profiler.stop()
        store.close()
    print(profiler.output_text(unicode=True, color=False))
    for stage in ("total_ms", "lexical_ms", "embed_ms", "dense_ms"):
        values = [t.get(stage, 0.0) for t in timings]
        q = statistics.quantiles(values, n=100)
        print(f"{stage:>11}: p50 {statistics.median(values):5.1f} · p95 {q[94]:5.1f} · max {max(values):5.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
