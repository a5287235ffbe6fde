"""BM25 over the analysed fields, held in memory: FTS5's own score, without its cost per matching row.

FTS5's bm25() is computed for every row that matches any of a question's terms, about 1 µs a
row. At 100× the corpus a question whose terms match 40,000 passages spent 40–55 ms there, which
held the hybrid p95 over its 50 ms guard; bm25s's plain baseline answers the same questions in
6 ms from a sparse matrix. Here each term's postings (weighted term frequencies) are a column of
a sparse matrix, and a question is scored over its terms' postings alone, with the formula of
FTS5's `fts5Bm25Function`: the same k1, b, idf, field weights and document length, so the
ranking is FTS5's (tests/index/test_bm25.py compares the two on the corpus). bm25s itself is not
used: it scores one field of tokens, while FTS5 sums a term's weighted frequency over the three
fields before saturating it, and the same answers from either path are what keep a large index
(FTS5 until the matrix is built) and a small one alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

K1 = 1.2  # FTS5's constants (fts5_aux.c)
B = 0.75
BATCH = 10_000  # passages split at a time
ABOUT_FIELDS = 2  # the fields (lemmas, heads) a passage is about; the next (modifiers) only mentions
# FTS5's unicode61 tokenizer as the store configures it (tokenchars '-', no diacritics removed):
# letters and digits, and the hyphen, lower-cased.
TOKEN = re.compile(r"(?:[^\W_]|-)+")


@dataclass(frozen=True, slots=True)
class LexicalIndex:
    """The analysed fields of one generation of the store, as BM25 reads them."""

    rowids: np.ndarray  # int64, ascending: the passage at each matrix row
    postings: sparse.csc_matrix  # passage × term → the term's occurrences, weighted by field
    lengths: np.ndarray  # each passage's tokens, all fields (what `updated` needs to renormalise)
    norms: np.ndarray  # k1 · (1 − b + b · length / average length) of each passage
    doc_freqs: np.ndarray  # passages that hold each term, in any field
    columns: dict[str, int]  # token → its column
    # passage × term → held as a word or a compound's head (the first `ABOUT_FIELDS` fields), not only
    # as a modifier: what `holding` reads, so that search's coverage needs no passage's fields read.
    about: sparse.csc_matrix

    def search(self, terms: Sequence[str], allowed: np.ndarray | None, k: int) -> list[tuple[int, float]]:
        """The `k` passages of `allowed` (None: all) with the highest BM25 over `terms`,
        (rowid, score) best first, only passages that hold a term. Ties go to the lower rowid."""
        total = len(self.rowids)
        if not total:
            return []
        scores = np.zeros(total)
        indptr, indices, data = self.postings.indptr, self.postings.indices, self.postings.data
        for term in dict.fromkeys(terms):
            column = self.columns.get(term)
            if column is None:
                continue
            rows = indices[indptr[column] : indptr[column + 1]]
            freq = data[indptr[column] : indptr[column + 1]]
            hits = self.doc_freqs[column]
            idf = math.log((total - hits + 0.5) / (hits + 0.5))
            # Within one column a passage appears once, so the fancy-indexed add is exact.
            scores[rows] += (idf if idf > 0 else 1e-6) * freq * (K1 + 1) / (freq + self.norms[rows])
        found = np.flatnonzero(scores)
        if allowed is not None:
            found = found[np.isin(self.rowids[found], allowed, assume_unique=True)]
        if len(found) > k:
            # The k best, and among passages tied at the cut the lower rowids, as FTS5 keeps them.
            kept = scores[found]
            cut = -np.partition(-kept, k - 1)[k - 1]
            above = found[kept > cut]
            found = np.concatenate([above, found[kept == cut][: k - len(above)]])
        order = np.lexsort((self.rowids[found], -scores[found]))
        return [(int(self.rowids[i]), float(scores[i])) for i in found[order]]

    def holding(self, terms: Iterable[str], rowids: Sequence[int]) -> tuple[np.ndarray, np.ndarray] | None:
        """For each of `rowids`: whether it holds one of `terms` as a word or head (about it), and in any
        field. None when a rowid is not in this index or a term is not one token (the fields are then
        read). At 100× the corpus a list question's coverage read thousands of passages' fields from
        FTS5 (30–140 ms); a term's postings are a slice of a column."""
        rows = np.searchsorted(self.rowids, np.asarray(rowids, dtype=np.int64))
        if len(rows) and (rows.max() >= len(self.rowids) or not np.array_equal(self.rowids[rows], rowids)):
            return None
        about = np.zeros(len(self.rowids), dtype=bool)
        anywhere = np.zeros(len(self.rowids), dtype=bool)
        for term in terms:
            if not self.searchable(term) or term != term.lower():
                return None
            column = self.columns.get(term)
            if column is None:
                continue
            anywhere[self.postings.indices[self.postings.indptr[column] : self.postings.indptr[column + 1]]] = True
            about[self.about.indices[self.about.indptr[column] : self.about.indptr[column + 1]]] = True
        return about[rows], anywhere[rows]

    def searchable(self, term: str) -> bool:
        """Whether FTS5 reads `term` as one token, as this index holds it (a phrase of two it cannot)."""
        return TOKEN.fullmatch(term.lower()) is not None


def build(
    rows: Iterable[tuple[int, str, str, str]], weights: Sequence[float], columns: dict[str, int] | None = None
) -> LexicalIndex:
    """The index of (rowid, lemmas, heads, modifiers) rows in ascending rowid, weighting a match in
    each field.

    Built a batch of rows at a time with C-level steps (split, map, a sparse sum of duplicates): a
    loop over tokens in Python took 6.9 s at 100× the corpus (5.6 million postings), this about 4 s;
    batches keep the split words of a few thousand passages in memory, not of all. `columns` (taken
    over, not copied) numbers the terms already known: `updated` builds a write's rows on them.
    """
    columns = {} if columns is None else columns
    rowids: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    held: list[tuple[np.ndarray, np.ndarray]] = []  # (passage, term) of the about fields
    done = 0
    for batch in _batches(rows, BATCH):
        rowids.append(np.fromiter((row[0] for row in batch), dtype=np.int64, count=len(batch)))
        size = np.zeros(len(batch))
        for field, weight in enumerate(weights, start=1):
            tokenised = _tokens([row[field] for row in batch])
            counts = np.fromiter(map(len, tokenised), dtype=np.int64, count=len(tokenised))
            flat = list(chain.from_iterable(tokenised))
            for token in sorted(set(flat).difference(columns)):
                columns[token] = len(columns)
            terms = np.fromiter(map(columns.__getitem__, flat), dtype=np.int32, count=len(flat))
            passages = np.repeat(np.arange(done, done + len(batch), dtype=np.int32), counts)
            parts.append((np.full(len(flat), weight), passages, terms))
            if field <= ABOUT_FIELDS:
                held.append((passages, terms))
            size += counts
        lengths.append(size)
        done += len(batch)
    data, passages, terms = (np.concatenate(p) for p in zip(*parts, strict=True)) if parts else ((), (), ())
    matrix = sparse.coo_matrix((data, (passages, terms)), shape=(done, len(columns))).tocsc()
    matrix.sum_duplicates()  # a term's occurrences in one passage, over all fields: one weighted frequency
    about = _presence(held, done, len(columns))
    ids = np.concatenate(rowids) if rowids else np.zeros(0, dtype=np.int64)
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        raise ValueError("rows must come in ascending rowid")
    size = np.concatenate(lengths) if lengths else np.zeros(0)
    return LexicalIndex(
        rowids=ids,
        postings=matrix,
        lengths=size,
        norms=_norms(size),
        doc_freqs=np.diff(matrix.indptr),
        columns=columns,
        about=about,
    )


def _presence(pairs: list[tuple[np.ndarray, np.ndarray]], passages: int, terms: int) -> sparse.csc_matrix:
    """passage × term → True where a (passage, term) pair occurs, as CSC."""
    rows, cols = (np.concatenate(p) for p in zip(*pairs, strict=True)) if pairs else (np.zeros(0), np.zeros(0))
    matrix = sparse.coo_matrix((np.ones(len(rows), dtype=bool), (rows, cols)), shape=(passages, terms)).tocsc()
    matrix.sum_duplicates()
    return matrix


def updated(
    previous: LexicalIndex, removed: np.ndarray, added: Iterable[tuple[int, str, str, str]], weights: Sequence[float]
) -> LexicalIndex | None:
    """`previous` after a write that removed the passages `removed` and added the rows `added`
    (ascending rowid, each above every passage kept), as `build` would make it from all rows; None
    when an added rowid is not above those kept (then only a build gives the order).

    The kept passages' postings are moved, not re-read: at 100× the corpus a build after each write
    took 4.2 s holding the GIL (the service's searches waited: p95 1.3 s with writes in a loop);
    this reads only the write's rows. A term no passage holds any more keeps its column, empty.
    """
    keep = ~np.isin(previous.rowids, removed)
    new = build(added, weights, dict(previous.columns))
    if len(new.rowids) and keep.any() and new.rowids[0] <= previous.rowids[keep][-1]:
        return None
    width = len(new.columns)
    matrix = _merged(previous.postings, keep, new.postings, width)
    lengths = np.concatenate([previous.lengths[keep], new.lengths])
    return LexicalIndex(
        rowids=np.concatenate([previous.rowids[keep], new.rowids]),
        postings=matrix,
        lengths=lengths,
        norms=_norms(lengths),
        doc_freqs=np.diff(matrix.indptr),
        columns=new.columns,
        about=_merged(previous.about, keep, new.about, width),
    )


def _merged(old: sparse.csc_matrix, keep: np.ndarray, new: sparse.csc_matrix, width: int) -> sparse.csc_matrix:
    """`old`'s rows where `keep`, then `new`'s below them, over `width` columns (old's first)."""
    # Each stored entry's column, and which survive: CSC holds a column's entries together, by row.
    entry_column = np.repeat(np.arange(old.shape[1]), np.diff(old.indptr))
    entry_kept = keep[old.indices]
    kept_column = entry_column[entry_kept]
    kept_counts = np.bincount(kept_column, minlength=width)
    new_counts = np.diff(new.indptr)
    indptr = np.concatenate([[0], np.cumsum(kept_counts + new_counts)])
    # A column's kept entries first (their rows come first), then the write's, each in row order.
    kept_start = np.concatenate([[0], np.cumsum(kept_counts)[:-1]])
    kept_at = indptr[kept_column] + np.arange(len(kept_column)) - kept_start[kept_column]
    new_column = np.repeat(np.arange(width), new_counts)
    new_start = np.concatenate([[0], np.cumsum(new_counts)[:-1]])
    new_at = indptr[new_column] + kept_counts[new_column] + np.arange(len(new_column)) - new_start[new_column]
    kept_rows = int(keep.sum())
    renumbered = (np.cumsum(keep) - 1).astype(old.indices.dtype)  # a kept passage's row after the removal
    indices = np.empty(indptr[-1], dtype=np.int64)
    data = np.empty(indptr[-1], dtype=old.data.dtype)
    indices[kept_at], data[kept_at] = renumbered[old.indices[entry_kept]], old.data[entry_kept]
    indices[new_at], data[new_at] = new.indices + kept_rows, new.data
    return sparse.csc_matrix((data, indices, indptr), shape=(kept_rows + new.shape[0], width))


def _norms(lengths: np.ndarray) -> np.ndarray:
    """BM25's length normalisation: a passage's tokens (all fields) against the average, as FTS5's."""
    average = float(lengths.mean()) if len(lengths) else 1.0
    return K1 * (1 - B + B * lengths / (average or 1.0))


def _batches(rows: Iterable[tuple[int, str, str, str]], size: int) -> Iterator[list[tuple[int, str, str, str]]]:
    batch: list[tuple[int, str, str, str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _tokens(texts: list[str]) -> list[list[str]]:
    """Each field's tokens as FTS5 reads them. The fields are lemmas joined by spaces, so a split is
    the tokenizer's reading, except where a word holds a character that separates tokens ("a/b"):
    only the distinct words are checked (a regex over every field took 2 s at 100×)."""
    split = [text.lower().split() for text in texts]
    words = set(chain.from_iterable(split))
    odd = {word for word in words if TOKEN.fullmatch(word) is None}
    if not odd:
        return split
    return [TOKEN.findall(" ".join(tokens)) if not odd.isdisjoint(tokens) else tokens for tokens in split]
