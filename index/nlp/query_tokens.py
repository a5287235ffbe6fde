"""A query's tokens as the model's Unigram tokenizer gives them, without loading its vocabulary.

`tokenizers` builds a trie of the e5 tokenizer's 250,002 pieces when it loads `tokenizer.json`:
0.66 s of CPU and 280 MB in every process, the largest share of a one-question `rapportsok search`
(measured: 331 MB RSS after loading against 49 MB before). A question has a few dozen characters,
and a Unigram tokenizer can only use the pieces that stand inside its words. So the pieces are
kept as a plain dict (from a pickle beside the model, 0.1 s and 36 MB), and each text is encoded by
a `tokenizers` Unigram model of just the pieces found in it: the same Viterbi search over the same
lattice, hence the same tokens (a test compares the two on the corpus and the gold questions).

Two details keep it exact: every piece keeps its score, and the vocabulary's lowest-scored piece is
always included, since the penalty for an unknown character is counted from the lowest score. A
text that holds a special token's literal ("<s>") is split before normalisation, differently: it
goes to the full tokenizer.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

from tokenizers import Encoding, Tokenizer

SPECIAL = 4  # <s>, <pad>, </s>, <unk>: the first ids, the same in every reduced model
RECENT = 4096  # texts whose tokens are kept


class QueryTokenizer:
    """Encodes short texts with the ids and attention mask of `tokenizer.json`'s Unigram model."""

    def __init__(self, tokenizer_json: Path, max_length: int) -> None:
        self.path = tokenizer_json
        self.max_length = max_length
        template, self._pieces, self._scores = _vocabulary(tokenizer_json)
        self._template = template
        self._index = {piece: i for i, piece in enumerate(self._pieces)}
        self._longest = max(len(p) for p in self._pieces)
        self._lowest = min(range(SPECIAL, len(self._scores)), key=self._scores.__getitem__)
        self._literals = tuple(t["content"] for t in template.get("added_tokens", ()))
        self._skeleton = self._reduced([])
        self._full: Tokenizer | None = None
        # A service is asked the same question again (the page asks for hits and counts, "Visa fler"
        # the next page): 0.9 ms of CPU a new question against 0.06 for the full tokenizer, which
        # would cost 0.66 s and 280 MB to load.
        self._recent: dict[str, tuple[list[int], list[int]]] = {}

    def _reduced(self, chosen: list[int]) -> Tokenizer:
        """The tokenizer with the special pieces and `chosen` (ids, ascending) as its vocabulary."""
        spec = dict(self._template)
        ids = [*range(SPECIAL), *chosen]
        spec["model"] = {**spec["model"], "vocab": [[self._pieces[i], self._scores[i]] for i in ids]}
        tokenizer = Tokenizer.from_str(json.dumps(spec))
        tokenizer.enable_truncation(self.max_length)
        return tokenizer

    def pieces_in(self, text: str) -> list[int]:
        """Ids of every vocabulary piece inside one of the text's words (after normalising)."""
        normalized = self._skeleton.normalizer.normalize_str(text)
        found = {self._lowest}
        for word, _ in self._skeleton.pre_tokenizer.pre_tokenize_str(normalized):
            for start in range(len(word)):
                for end in range(start + 1, min(len(word), start + self._longest) + 1):
                    i = self._index.get(word[start:end])
                    if i is not None and i >= SPECIAL:
                        found.add(i)
        return sorted(found)

    def encode(self, text: str) -> tuple[list[int], list[int]]:
        """Token ids and attention mask, as `Tokenizer.from_file(tokenizer.json).encode(text)`."""
        found = self._recent.get(text)
        if found is None:
            found = self._encode(text)
            if len(self._recent) >= RECENT:
                self._recent.clear()
            self._recent[text] = found
        return found

    def _encode(self, text: str) -> tuple[list[int], list[int]]:
        if any(literal in text for literal in self._literals):
            encoding = self._full_tokenizer().encode(text)
            return encoding.ids, encoding.attention_mask
        chosen = self.pieces_in(text)
        encoding: Encoding = self._reduced(chosen).encode(text)
        global_ids = [*range(SPECIAL), *chosen]
        return [global_ids[i] for i in encoding.ids], encoding.attention_mask

    def _full_tokenizer(self) -> Tokenizer:
        if self._full is None:
            self._full = Tokenizer.from_file(str(self.path))
            self._full.enable_truncation(self.max_length)
        return self._full


def _vocabulary(tokenizer_json: Path) -> tuple[dict, list[str], list[float]]:
    """(tokenizer.json without its vocabulary, the pieces, their scores), from a pickle beside the
    file that names its size and time (written once; where the folder is read-only, not kept)."""
    stat = tokenizer_json.stat()
    cached = tokenizer_json.with_name(f".{tokenizer_json.stem}-{stat.st_size}-{stat.st_mtime_ns}.vocab.pickle")
    if cached.exists():
        with cached.open("rb") as handle:
            return pickle.load(handle)
    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "Unigram":
        raise ValueError(f"{tokenizer_json}: a {model.get('type')} tokenizer, not Unigram")
    pieces = [p for p, _ in model["vocab"]]
    scores = [float(s) for _, s in model["vocab"]]
    if pieces[:SPECIAL] != ["<s>", "<pad>", "</s>", "<unk>"] or model.get("unk_id") != 3:
        raise ValueError(f"{tokenizer_json}: special tokens not in the XLM-R order")
    template = {**spec, "model": {**model, "vocab": []}}
    value = (template, pieces, scores)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except OSError:
        tmp.unlink(missing_ok=True)
    return value
