"""The e5 model on ONNX Runtime, int8: the default backend for indexing and queries.

Built once at set-up, beside the sentence-transformers folder it comes from: the encoder,
mean pooling and L2 normalisation are exported to one ONNX graph, whose linear layers are
then quantised to int8 (weights per channel, activations per batch) by ONNX Runtime.

The feed-forward down-projections stay fp32: their inputs are GELU outputs with outliers that
one int8 scale per tensor cannot hold. Quantising them too is 25 % faster, but on 456 corpus
chunks its worst cosine to fp32 torch was 0.992, and one chunk of the test sample fell to 0.989,
under the 0.99 rule; without them the worst is 0.998. Measured (`make bench`): a query in about
a third of the time of fp32 torch, passages faster too. At run time it needs neither torch nor
transformers, only the `tokenizers` fast tokenizer and ONNX Runtime (spaCy's thinc still imports
torch where it is installed).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import warnings
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

import numpy as np

# The recipe is in the name: a build by another recipe is replaced, not reused.
ONNX_FILE = Path("onnx") / "model-int8-ffnfp32.onnx"


def onnx_path(model_dir: Path) -> Path:
    return model_dir / ONNX_FILE


def ensure_onnx(model_dir: Path, *, report: Callable[[str], None] | None = None) -> Path:
    """The int8 ONNX file of a sentence-transformers folder, exported the first time (idempotent)."""
    target = onnx_path(model_dir)
    if target.exists():
        return target
    (report or logging.getLogger(__name__).warning)(f"Bygger ONNX-modellen (int8) i {target} (en gång, cirka 25 s) ...")
    with warnings.catch_warnings():  # the exporter's tracer warnings and the quantiser's advice are noise here
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            return _export(model_dir, target)
        finally:
            logging.disable(logging.NOTSET)


def _export(model_dir: Path, target: Path) -> Path:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    encoder = _pooled_encoder(model[0].auto_model.eval())
    example = model.tokenizer(["query: ett exempel", "passage: ett längre exempel"], padding=True, return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        fp32 = Path(work) / "model.onnx"
        with torch.no_grad():
            torch.onnx.export(
                encoder,
                (example["input_ids"], example["attention_mask"]),
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["embedding"],
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
                opset_version=17,
                dynamo=False,  # the TorchScript exporter: no onnxscript, and BERT traces cleanly
            )
        quantised = Path(work) / target.name
        quantize_dynamic(
            str(fp32),
            str(quantised),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=feed_forward_outputs(fp32),
        )
        os.replace(quantised, target)  # atomic: an interrupted build leaves no half-written model
    for other in target.parent.glob("*.onnx"):
        if other != target:
            other.unlink()
    return target


def feed_forward_outputs(path: Path) -> list[str]:
    """The MatMul nodes of the feed-forward down-projections (`layer.N/output/dense`)."""
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    names = [n.name for n in graph.node if n.op_type == "MatMul" and "/output/dense/" in n.name]
    found = [n for n in names if "/attention/" not in n]
    if not found:
        raise ValueError(f"{path}: no feed-forward output layers found; not a BERT encoder graph?")
    return found


def _pooled_encoder(bert):
    """A torch module; defined here so that torch is imported only at set-up."""
    import torch

    class PooledEncoder(torch.nn.Module):
        """BERT, mean pooling over real tokens, L2 normalisation: what the ST folder computes."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    return PooledEncoder()


class OnnxEmbedder:
    """Embeds with the int8 ONNX file of a model folder; prefixes from its sentence-transformers prompts.

    The session, the full tokenizer (for passages) and the query tokenizer load on first need,
    each once; `warm_up` starts the session and the query tokenizer on a thread of their own.
    """

    def __init__(
        self, model_dir: Path, *, batch_size: int = 32, max_batch_tokens: int = 512, threads: int | None = None
    ) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        self.threads = threads
        self.dim = 384
        self._session = None
        self._tokenizer = None
        self._query_tokenizer = None
        self._prompts: dict[str, str] = {}
        self._lock = threading.RLock()
        self._warming: threading.Thread | None = None
        self._load_prompts()

    def _load_prompts(self) -> None:
        prompts = self.model_dir / "config_sentence_transformers.json"
        if prompts.exists():
            self._prompts = json.loads(prompts.read_text(encoding="utf-8")).get("prompts") or {}

    def _max_length(self) -> int:
        config = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
        return int(config.get("max_position_embeddings", 512))

    def warm_up(self) -> None:
        """Start loading the session and the query tokenizer on a thread, while the caller reads the
        question: ONNX Runtime and `tokenizers` release the GIL while they load (measured: a 0.6 s
        session load beside 0.2 s of Python took 0.68 s together, 0.86 s one after the other)."""
        with self._lock:
            if self._warming is None and self._session is None:
                # Not a daemon: a process that ends while ONNX Runtime is still loading aborts
                # ("terminate called without an active exception"); this one waits for it instead.
                self._warming = threading.Thread(target=self._warm, name="onnx-warm-up")
                self._warming.start()

    def _warm(self) -> None:
        with suppress(Exception):  # a failure is met again, and reported, by the call that needs it
            self._load_session()
            self._load_query_tokenizer()

    def _load_session(self):
        with self._lock:
            if self._session is None:
                import onnxruntime as ort

                path = onnx_path(self.model_dir)
                if not path.exists():
                    raise FileNotFoundError(f"{path}: no ONNX model; run `rapportsok model` to build it")
                options = ort.SessionOptions()
                options.intra_op_num_threads = self.threads or os.cpu_count() or 1
                options.inter_op_num_threads = 1
                # No busy-waiting between calls: a spinning pool would take the cores from the
                # lexical search that runs beside the query embedding.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                self.dim = int(session.get_outputs()[0].shape[-1] or self.dim)
                self._session = session
            return self._session

    def _load_tokenizer(self):
        """The full fast tokenizer: for passages (long texts, many at once)."""
        with self._lock:
            if self._tokenizer is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
                tokenizer.enable_truncation(self._max_length())
                pad = tokenizer.token_to_id("<pad>")
                tokenizer.enable_padding(pad_id=pad if pad is not None else 0, pad_token="<pad>")
                self._tokenizer = tokenizer
            return self._tokenizer

    def _load_query_tokenizer(self):
        """The same tokens for one short text, without the full vocabulary's trie (query_tokens.py);
        the full tokenizer where the model's is not a Unigram one."""
        with self._lock:
            if self._query_tokenizer is None:
                from index.nlp.query_tokens import QueryTokenizer

                try:
                    self._query_tokenizer = QueryTokenizer(self.model_dir / "tokenizer.json", self._max_length())
                except ValueError:
                    self._query_tokenizer = _FullTokens(self._load_tokenizer())
            return self._query_tokenizer

    def _load(self):
        self._load_tokenizer()
        return self._load_session()

    def tokenize(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask, padded to the batch's longest text."""
        encoded = self._load_tokenizer().encode_batch(list(texts))
        ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
        return ids, mask

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        session = self._load()
        ids, mask = self.tokenize(texts)
        return np.asarray(session.run(None, {"input_ids": ids, "attention_mask": mask})[0], dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        full = self._tokenizer  # once loaded (passages were embedded), the faster one: the same tokens
        tokens = _FullTokens(full) if full is not None else self._load_query_tokenizer()
        ids, mask = tokens.encode(self._prompts.get("query", "") + text)
        feed = {"input_ids": np.asarray([ids], dtype=np.int64), "attention_mask": np.asarray([mask], dtype=np.int64)}
        return np.asarray(self._load_session().run(None, feed)[0], dtype=np.float32)[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefixed = [self._prompts.get("passage", "") + t for t in texts]
        lengths = [len(e.ids) for e in self._tokenizer.encode_batch(prefixed)]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for part in token_batches(lengths, self.batch_size, self.max_batch_tokens):
            out[part] = self._run([prefixed[i] for i in part])
        return out


class _FullTokens:
    """The full tokenizer behind the query tokenizer's interface."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def encode(self, text: str) -> tuple[list[int], list[int]]:
        encoding = self.tokenizer.encode(text)
        return encoding.ids, encoding.attention_mask


def token_batches(lengths: Sequence[int], size: int, max_tokens: int) -> list[list[int]]:
    """Indices in batches of similar token length, longest first: at most `size` texts, and at
    most `max_tokens` once padded (a longer text goes alone).

    Small batches are faster here, not slower: attention holds batch × heads × length² scores
    per layer, and on 2 cores the large tensors fall out of cache. On the corpus (ONNX int8):
    36 passages/s with a 512-token cap, 25 with 2,048, 14 with 16,384 (32 texts of 512 tokens),
    whose indexing process also peaked at 3.4 GB against 0.7 GB.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < size and lengths[batches[-1][0]] * (len(batches[-1]) + 1) <= max_tokens:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches
