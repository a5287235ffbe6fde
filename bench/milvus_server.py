"""The dense side on a real Milvus server: filtered ANN at 1×, 10× and 100× of the corpus's vectors.

    python bench/milvus_server.py                          # starts embedded Milvus (PyPI `milvus`)
    python bench/milvus_server.py --uri http://127.0.0.1:19530 --factors 1 10 100

Milvus Lite 3.2 (`milvus-lite`, what the store's tests run on) is a Python reimplementation, so its
speed says nothing of Milvus. The PyPI package `milvus` 2.3.5 ("embedded Milvus", milvus-io) is the
real Milvus Standalone, Go with the C++ Knowhere engine, unpacked from its wheel and run as a local
process with embedded etcd and local storage: nothing is downloaded. It predates BM25 functions,
sparse vectors and nullable fields (Milvus 2.4–2.5), so the store itself (index/milvus/) cannot run on
it; what it can run is the store's dense search: the same vectors, the same scalar filter fields
(`_passage_row`) and the same filter expressions (`expr.filter_expr`), searched with the store's k.

For each factor the synthetic archive (`bench/scale.py`) is written to one collection; each index
(FLAT, and at 50,000 passages or more IVF_FLAT with the SQLite store's nlist and nprobe, and HNSW)
is built on the flushed segments and loaded; then the first `QUESTIONS` tune questions, embedded
once, are searched under each filter of `FILTERS`. The SQLite + FAISS store built from the same
documents answers the same searches: its latency, and the recall@10 vs exact of the two (1.000 when
the filters mean the same on both and both searches are exact). Latency is the search call alone
(the query embedding, ≈ 5–7 ms, is the same for both and left out). FLAT is searched twice: at
Strong consistency, as the store asks, and at Bounded. Memory is the server process's resident set
after the searches. Prints a Markdown table.

`milvus` is not a dependency of the project (it is bench-only, see docs/scaling.md): without it and
without `--uri` the bench says how to get it and stops.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.parse.records import ChunkKind, GoalStatus, ReportType  # noqa: E402
from index.store import ChunkFilter  # noqa: E402

QUESTIONS = 40
K = 200  # the engine's CANDIDATES: what one dense side asks for
BATCH = 4000
COLLECTION = "rapportsok_bench_dense"
# The store's scalar filter fields (index/milvus/schema.py), those a `ChunkFilter` reads.
STRING_FIELDS = ("kind", "report_type", "namnd_lower", "status", "period", "file")
HNSW = {"M": 16, "efConstruction": 200}
HNSW_EF = 256  # at least K; Milvus refuses ef < k
MISSING = (
    "Embedded Milvus is not installed, and no --uri was given: skipped.\n"
    "  python -m venv /tmp/milvus-venv && /tmp/milvus-venv/bin/pip install milvus==2.3.5\n"
    "  /tmp/milvus-venv/bin/milvus-server --data /tmp/milvus-data   # then: --uri http://127.0.0.1:19530"
)


def filters(namnd: str) -> dict[str, ChunkFilter | None]:
    """One filter per kind of restriction a question carries, from admitting all to few: `namnd` is
    a real nämnd, which the synthetic copies replace, so it admits 1/factor of the archive."""
    return {
        "none": None,
        "activity + deviation": ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True),
        "status": ChunkFilter(statuses=(GoalStatus.DELVIS,)),
        "years": ChunkFilter(years=(2019, 2020)),
        "report type": ChunkFilter(report_types=(ReportType.VERKSAMHETSBERATTELSE,)),
        "nämnd": ChunkFilter(namnd=namnd),
    }


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _start_embedded(folder: Path) -> tuple[str, int, object] | None:
    """Start embedded Milvus in `folder`: (uri, server pid, server), or None when not installed."""
    try:
        from milvus import MilvusServer
    except ImportError:
        return None
    server = MilvusServer()
    server.set_base_dir(str(folder))
    server.start()
    return f"http://127.0.0.1:{server.listen_port}", server.server_proc.pid, server


def _rows(documents) -> tuple[list[dict], np.ndarray, list[str]]:
    """The collection's rows without their vectors (position as primary key), the vectors, and each
    position's chunk id. Vectors stay one array: as Python lists 125,000 of them would be 1.5 GB."""
    from index.milvus.store import _passage_row

    rows, ids = [], []
    for document in documents:
        for chunk, analysis in zip(document.chunks, document.analyses, strict=True):
            full = _passage_row(len(rows), 0, 0, document.meta.title, chunk, analysis, np.zeros(0))
            row = {"pk": len(rows), "deviation": full["deviation"], "year": full["year"]}
            # Milvus 2.3 has no nullable fields: a missing status or period is "", which no filter names.
            row.update({f: full[f] or "" for f in STRING_FIELDS})
            rows.append(row)
            ids.append(chunk.id)
    return rows, np.vstack([d.vectors for d in documents]).astype(np.float32), ids


def _create(client, dim: int) -> None:
    from pymilvus import DataType, MilvusClient

    if client.has_collection(COLLECTION):
        client.drop_collection(COLLECTION)
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("pk", DataType.INT64, is_primary=True)
    for name in STRING_FIELDS:
        schema.add_field(name, DataType.VARCHAR, max_length=1024)
    schema.add_field("deviation", DataType.BOOL)
    schema.add_field("year", DataType.INT64)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    client.create_collection(COLLECTION, schema=schema, consistency_level="Strong")


def _index(client, kind: str, count: int) -> dict:
    """Build the vector index `kind` on the flushed collection and load it; the search params."""
    from index.store.vectors import IVF_NPROBE, nlist_for

    client.release_collection(COLLECTION)
    for name in client.list_indexes(COLLECTION):
        client.drop_index(COLLECTION, name)
    params = client.prepare_index_params()
    build = {"FLAT": {}, "IVF_FLAT": {"nlist": nlist_for(count)}, "HNSW": HNSW}[kind]
    params.add_index("vector", index_type=kind, metric_type="IP", params=build)
    client.create_index(COLLECTION, params)
    client.load_collection(COLLECTION)  # returns once the index is built and the segments loaded
    return {"FLAT": {}, "IVF_FLAT": {"nprobe": IVF_NPROBE}, "HNSW": {"ef": HNSW_EF}}[kind]


def _percentiles(times: list[float]) -> str:
    q = statistics.quantiles(times, n=100)
    return f"{statistics.median(times):.1f} / {q[94]:.1f}"


def _recall(found: list[str], exact: list[str]) -> float:
    """Recall@10 of `found` against the exact top 10 (1.0 when the filter admits nothing)."""
    top = set(exact[:10])
    return len(set(found[:10]) & top) / len(top) if top else 1.0


def _exact(store, where: ChunkFilter | None, queries: np.ndarray, rowid_ids: dict[int, str]) -> list[list[str]]:
    """The exact filtered top 10 of each query: inner product over every vector the filter admits."""
    rowids, matrix = store.all_vectors()
    allowed = store.filter_rowids(where or ChunkFilter())
    if allowed is not None:
        keep = np.isin(rowids, allowed)
        rowids, matrix = rowids[keep], matrix[keep]
    scores = queries @ matrix.T
    return [[rowid_ids[int(rowids[j])] for j in np.argsort(-row, kind="stable")[:10]] for row in scores]


def measure(factor: int, base, embedder, vectors: np.ndarray, client, pid: int | None) -> list[str]:
    """The table rows of one factor: the SQLite + FAISS store, then each Milvus index."""
    from bench.scale import synthetic_copies
    from index.milvus import expr
    from index.store import Store

    documents = synthetic_copies(base, factor)
    cases = filters(base[0][0].meta.namnd)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp), verify=False)
        store.use_model(embedder.model_dir.name, embedder.dim, embedder.embed_passages)
        start = time.perf_counter()
        store.write(add=documents)
        build = time.perf_counter() - start
        every = store.filter_rowids(ChunkFilter(kinds=tuple(ChunkKind)))
        rowid_ids = {s.rowid: s.chunk.id for s in store.chunks([int(r) for r in every])}
        exact = {name: _exact(store, where, vectors, rowid_ids) for name, where in cases.items()}
        times, recall = [], []
        for name, where in cases.items():
            for i, vector in enumerate(vectors):
                t = time.perf_counter()
                found = store.dense(vector, where, K)
                times.append((time.perf_counter() - t) * 1000)
                recall.append(_recall([rowid_ids[r] for r, _ in found], exact[name][i]))
        count = store.passage_count()
        kind = "IVF" if count >= 50_000 else "flat"
        cells = f"{count:,} | {build:.0f} s | {_percentiles(times)} | {statistics.mean(recall):.3f} | – |"
        out.append(f"| SQLite + FAISS ({kind}) | {factor}× | {cells}")
        store.close()

    rows, matrix, ids = _rows(documents)
    del documents
    start = time.perf_counter()
    _create(client, vectors.shape[1])
    for first in range(0, len(rows), BATCH):
        batch = rows[first : first + BATCH]
        for row, vector in zip(batch, matrix[first : first + BATCH], strict=True):
            row["vector"] = vector.tolist()
        client.insert(COLLECTION, batch)
        for row in batch:
            del row["vector"]
    client.flush(COLLECTION)
    written = time.perf_counter() - start
    del rows, matrix
    runs = [("FLAT", "Strong"), ("FLAT", "Bounded")]
    if len(ids) >= 50_000:
        runs += [("IVF_FLAT", "Bounded"), ("HNSW", "Bounded")]
    built: dict[str, tuple[float, dict]] = {}
    for kind, consistency in runs:
        if kind not in built:
            start = time.perf_counter()
            search_params = _index(client, kind, len(ids))
            built[kind] = (written + time.perf_counter() - start, search_params)
        build, search_params = built[kind]
        times, recall = [], []
        by_filter: dict[str, list[float]] = {}
        for name, where in cases.items():
            expression = expr.filter_expr(where)
            for i, vector in enumerate(vectors):
                t = time.perf_counter()
                found = client.search(
                    COLLECTION,
                    [vector.tolist()],
                    limit=K,
                    filter=expression,
                    search_params={"metric_type": "IP", "params": search_params},
                    anns_field="vector",
                    consistency_level=consistency,
                )[0]
                times.append((time.perf_counter() - t) * 1000)
                recall.append(_recall([ids[hit["id"]] for hit in found], exact[name][i]))
                by_filter.setdefault(name, []).append(recall[-1])
        memory = f"{_rss_mb(pid):.0f} MB" if pid else "–"
        out.append(
            f"| Milvus 2.3.5 ({kind}, {consistency}) | {factor}× | {len(ids):,} | {build:.0f} s "
            f"| {_percentiles(times)} | {statistics.mean(recall):.3f} | {memory} |"
        )
        if statistics.mean(recall) < 0.999:  # where an approximate index loses, say under which filter
            worst = ", ".join(f"{name} {statistics.mean(r):.2f}" for name, r in by_filter.items())
            out.append(f"|  | recall@10 by filter: {worst} | | | | | |")
    client.drop_collection(COLLECTION)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--uri", help="a running Milvus server (default: start embedded Milvus)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="an index of corpus/ (its vectors)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        pid, server = None, None
        uri = args.uri
        if uri is None:
            started = _start_embedded(Path(folder))
            if started is None:
                print(MISSING)
                return
            uri, pid, server = started
        try:
            run(args, uri, pid)
        finally:
            if server is not None:
                server.stop()


def run(args: argparse.Namespace, uri: str, pid: int | None) -> None:
    from pymilvus import MilvusClient

    from bench.scale import base_documents
    from index.embed.embedder import embedder_from
    from index.settings import Settings
    from index.store import Store
    from search.evaluate import load_gold

    client = MilvusClient(uri=uri)
    embedder = embedder_from(Settings.from_env())
    questions = [g.query for g in load_gold(ROOT / "tests" / "eval" / "tune.jsonl")][:QUESTIONS]
    vectors = np.vstack([embedder.embed_query(q) for q in questions]).astype(np.float32)
    with Store.open(args.data) as source:
        base = base_documents(ROOT / "corpus", source)
    version = client.get_server_version()
    print(f"Milvus {version} at {uri}; {len(questions)} questions × {len(filters(''))} filters, k {K}")
    print("| backend (vector index) | corpus | passages | build | dense search p50 / p95 ms | recall@10 vs exact "
          "| server memory |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for factor in args.factors:
        for row in measure(factor, base, embedder, vectors, client, pid):
            print(row, flush=True)


if __name__ == "__main__":
    main()
