"""The search process's lighter lexicon: the same answers as the libraries it stands in for.

Lemmas from simplemma's dictionary on disk, word frequencies from wordfreq's list on disk and
the query tokenizer (a Unigram model of the pieces in the text) must each give exactly what the
in-memory original gives, on the corpus's words and texts and the gold set's questions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import simplemma
from tokenizers import Tokenizer
from wordfreq import get_frequency_dict, zipf_frequency

from index.nlp import frequencies, lemmas
from index.nlp.query_tokens import QueryTokenizer

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLD = [ROOT / "tests" / "eval" / f for f in ("tune.jsonl", "heldout.jsonl")]


def _questions() -> list[str]:
    return [json.loads(line)["query"] for path in GOLD for line in path.read_text(encoding="utf-8").splitlines()]


def _corpus_words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    words = {w.lower() for w in re.findall(r"[^\W\d_][\w-]*", text)}
    return sorted(words | {w.lower() for q in _questions() for w in re.findall(r"\w+", q)})


def test_lemmas_from_disk_equal_simplemma(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(lemmas, "_lemmatizer", lemmas._lemmatizer)  # restored after the test
    lemmas.use_dictionary_cache(tmp_path)
    assert list(tmp_path.glob("simplemma-*-sv.sqlite")), "the dictionary was not written"
    words = _corpus_words()
    assert len(words) > 10_000
    disk = [lemmas._lemmatizer.lemmatize(w, "sv") for w in words]
    assert disk == [simplemma.lemmatize(w, lang="sv") for w in words]


def test_frequencies_from_disk_equal_wordfreq(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(frequencies, "_disk", None)
    frequencies.use_frequency_cache(tmp_path)
    assert frequencies._disk is not None
    listed = get_frequency_dict("sv")
    words = _corpus_words() + list(listed)[::50] + ["hemloshet", "vargjakt", "covid-19", "Stockholm", "t2"]
    try:
        assert [frequencies.frequency(w) for w in words] == [listed.get(w, 0.0) for w in words]
        assert [frequencies.zipf_frequency(w) for w in words] == [zipf_frequency(w, "sv") for w in words]
    finally:
        frequencies.frequency.cache_clear()
        frequencies.zipf_frequency.cache_clear()


def test_query_tokens_equal_the_full_tokenizer(model_dir: Path) -> None:
    path = model_dir / "tokenizer.json"
    full = Tokenizer.from_file(str(path))
    full.enable_truncation(512)
    reduced = QueryTokenizer(path, 512)
    texts = [*_questions(), *("query: " + q for q in _questions())]
    texts += ["", "   ", "x\u0001y  z\ttab ﬁ Ⅻ ①", "emoji 🦆 日本語 <s> inne </s>", "ÅÄÖ åäö é ü ß", "a" * 600]
    for path in sorted(CORPUS.glob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:400]
    for text in texts:
        encoding = full.encode(text)
        assert reduced.encode(text) == (encoding.ids, encoding.attention_mask), text


@pytest.mark.parametrize("text", ["hur går det med hemlösheten på Norrmalm", "klimatanpasning", "sick leave 2021"])
def test_query_vectors_unchanged(embedder, text: str) -> None:
    import numpy as np

    from index.embed.onnx_embedder import OnnxEmbedder

    if not isinstance(embedder, OnnxEmbedder):
        pytest.skip("the query tokenizer is the ONNX backend's")
    fresh = OnnxEmbedder(embedder.model_dir)
    vector = fresh.embed_query(text)
    assert fresh._tokenizer is None, "embedded through the query tokenizer, the full one not loaded"
    ids, mask = fresh.tokenize([fresh._prompts.get("query", "") + text])
    reference = fresh._load_session().run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
    assert np.array_equal(vector, reference)
    assert np.array_equal(fresh.embed_query(text), reference)  # now through the full tokenizer
