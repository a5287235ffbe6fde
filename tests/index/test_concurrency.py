"""Searching while another connection writes: every answer comes from one generation."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np

from index.nlp.analysis import analyze_many, terms
from index.parse.chunker import chunk_report
from index.parse.ingest import parse_file
from index.store import NewDocument, Store, text_hash
from tests.conftest import CORPUS, T1_2020


def test_searches_during_writes_see_whole_generations(tmp_path: Path, fake_index, manifest, fake_embedder) -> None:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    writer, reader = Store.open(data), Store.open(data)
    report = parse_file(CORPUS / T1_2020, manifest)
    chunks = chunk_report(report)
    stored = writer.vectors_by_text(T1_2020)
    document = NewDocument(
        path=CORPUS / T1_2020, sha256="x", size=1, meta=report.meta, line_count=report.line_count, warnings=(),
        chunks=chunks, analyses=analyze_many([c.text for c in chunks]),
        vectors=np.vstack([stored[text_hash(c.text)] for c in chunks]),
    )  # fmt: skip
    query_terms, vector = terms("coronapandemin krigsorganisation"), fake_embedder.embed_query("coronapandemin")
    problems: list[str] = []
    done = threading.Event()

    def search_loop() -> None:
        rounds = 0
        while not done.is_set() or rounds < 5:
            rounds += 1
            with reader.snapshot():
                ids = {r for r, _ in reader.lexical(query_terms, k=50)} | {r for r, _ in reader.dense(vector, k=50)}
                in_sql = set(reader.chunk_rowids().tolist())
                in_faiss = set(reader.vector_ids().tolist())
                if in_sql != in_faiss:
                    problems.append(f"generation {reader.generation}: SQLite and FAISS differ")
                if not ids <= in_sql:
                    problems.append(f"generation {reader.generation}: a hit without its chunk")

    thread = threading.Thread(target=search_loop)
    thread.start()
    for _ in range(3):
        writer.write(delete=[T1_2020])
        writer.write(add=[document])
    done.set()
    thread.join(timeout=120)
    assert not problems, problems[:3]
    with reader.snapshot():
        assert reader.generation == writer.generation and reader.document(T1_2020) is not None
