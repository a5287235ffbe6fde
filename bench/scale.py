"""A synthetic archive built from the real corpus, for measuring how search scales.

Each copy of the five reports gets new metadata (file name, nämnd, year), its text perturbed
(two words swapped per chunk, so that copies are not identical strings) and its vectors
perturbed (Gaussian noise, renormalised): building 100× takes a minute, not the hours that
embedding 125,000 new chunks would.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import numpy as np

from index.nlp.analysis import Analysis, analyze_documents
from index.parse.chunker import chunk_report
from index.parse.ingest import parse_file
from index.parse.metadata import load_manifest
from index.parse.records import Chunk
from index.store import NewDocument, Store, text_hash

NOISE = 0.02  # per-dimension noise on unit vectors: copies stay near, not equal (cosine ≈ 0.93)
NAMNDER = [f"Stadsdelsnämnd {i}" for i in range(1, 40)] + [f"Facknämnd {i}" for i in range(1, 12)]


def base_documents(corpus: Path, store: Store) -> list[tuple[NewDocument, list[Chunk], list[Analysis]]]:
    """The real reports, parsed, analysed, with the vectors the real index holds for them."""
    manifest = load_manifest(corpus / "manifest.toml")
    out = []
    paths = sorted(corpus.glob("*.txt"))
    reports = [parse_file(p, manifest) for p in paths]
    chunk_lists = [chunk_report(r) for r in reports]
    analyses = analyze_documents([[c.text for c in chunks] for chunks in chunk_lists], workers=2)
    for path, report, chunks, analysis in zip(paths, reports, chunk_lists, analyses, strict=True):
        vectors = store.vectors_by_text(report.meta.file)
        matrix = np.vstack([vectors[text_hash(c.text)] for c in chunks]).astype(np.float32)
        document = NewDocument(
            path, "", path.stat().st_size, report.meta, report.line_count, (), chunks, analysis, matrix
        )
        out.append((document, chunks, analysis))
    return out


def synthetic_copies(base, copies: int, seed: int = 7) -> list[NewDocument]:
    """`copies` perturbed copies of each base document, with new names, nämnder and years."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    out = []
    for i in range(copies):
        for document, chunks, analysis in base:
            meta = document.meta
            file = f"{Path(meta.file).stem}-kopia-{i:04d}.txt"
            namnd = NAMNDER[(i * 7 + len(meta.file)) % len(NAMNDER)] if i else meta.namnd
            year = (meta.year or 2020) - (i % 15) if i else meta.year
            new_meta = replace(meta, file=file, namnd=namnd, year=year, title=f"{meta.title} (kopia {i})")
            new_chunks = []
            for chunk in chunks:
                text = _swap_two_words(chunk.text, rng)
                citation = replace(chunk.citation, file=file, namnd=namnd, year=year, report=new_meta.title)
                line = chunk.citation
                new_chunks.append(
                    replace(
                        chunk,
                        id=Chunk.make_id(file, chunk.kind, line.line_start, line.line_end, text),
                        text=text,
                        citation=citation,
                    )
                )
            vectors = document.vectors + noise.normal(0, NOISE, document.vectors.shape).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            out.append(
                replace(
                    document,
                    meta=new_meta,
                    chunks=new_chunks,
                    analyses=analysis,
                    vectors=vectors,
                    sha256=f"synthetic-{file}",
                )
            )
    return out


def _swap_two_words(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) > 3:
        a, b = rng.sample(range(len(words)), 2)
        words[a], words[b] = words[b], words[a]
    return " ".join(words)


def synthetic_store(base, copies: int, data: Path, embedder) -> Store:
    """A store in `data` holding `copies` synthetic copies of the base documents (opened; close it)."""
    store = Store.open(data, verify=False)
    store.use_model(embedder.model_dir.name, embedder.dim, embedder.embed_passages)
    store.write(add=synthetic_copies(base, copies))
    return store
