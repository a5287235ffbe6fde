"""The FAISS index behind the store: exact while small, inverted lists once large.

A flat inner-product scan reads every vector for every query: at 125,000 chunks that is
190 MB and 17 ms on 2 cores (memory-bound), and it competes for memory bandwidth with the
lexical search running beside it. Past `IVF_MIN_VECTORS` the store's vectors move into an
IVF index (`IndexIVFFlat`: same vectors, uncompressed, grouped under k-means centroids) and a
query scans the `IVF_NPROBE` nearest lists. On the 100× bench archive that is about 1 ms,
with recall@10 0.998 against the flat scan (`make bench`).

Filtered and list questions stay exact: when a filter admits few vectors, few of them lie in
the probed lists, so every list is scanned (the selector skips the rest cheaply).
Both kinds hold their vectors under the chunks' rowids, support add, remove and reconstruct,
and are written as one FAISS file per generation by the store.
"""

from __future__ import annotations

import math

import numpy as np

IVF_MIN_VECTORS = 50_000  # below this a flat scan is a few milliseconds: exact and simple
IVF_NPROBE = 64
# A filter that admits less than this share of the vectors is searched exhaustively, and so is
# a request for this many or more (a list question wants every relevant record).
IVF_EXACT_SHARE = 0.2
IVF_EXACT_K = 1000


def new_flat(dim: int):
    import faiss

    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def is_ivf(index) -> bool:
    import faiss

    return isinstance(index, faiss.IndexIVF)


def ids_and_vectors(index, *, with_vectors: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Every (rowid, vector) the index holds, as arrays (copies); vectors empty unless asked for."""
    import faiss

    if not is_ivf(index):
        ids = faiss.vector_to_array(index.id_map).astype(np.int64)
        if not with_vectors:
            return ids, np.zeros((0, index.d), np.float32)
        flat = faiss.downcast_index(index.index)
        return ids, faiss.rev_swig_ptr(flat.get_xb(), index.ntotal * index.d).reshape(-1, index.d).copy()
    lists = index.invlists
    ids, codes = [np.zeros(0, np.int64)], [np.zeros(0, np.uint8)]
    for i in range(index.nlist):
        size = lists.list_size(i)
        if size:
            ids.append(faiss.rev_swig_ptr(lists.get_ids(i), size).astype(np.int64))
            if with_vectors:  # IVF-Flat codes are the float32 vectors themselves
                codes.append(faiss.rev_swig_ptr(lists.get_codes(i), size * index.code_size).copy())
    return np.concatenate(ids), np.concatenate(codes).view(np.float32).reshape(-1, index.d)


def vector_ids(index) -> np.ndarray:
    return ids_and_vectors(index, with_vectors=False)[0]


def nlist_for(count: int) -> int:
    return max(1, int(4 * math.sqrt(count)))


def fitted(index, dim: int):
    """The index to store for its current size: flat while small, IVF once large, and an IVF
    retrained when the collection has grown or shrunk far from what its centroids were fit to."""
    count = index.ntotal
    if is_ivf(index):
        wanted = nlist_for(count)
        if count >= IVF_MIN_VECTORS // 2 and wanted / 2 <= index.nlist <= wanted * 2:
            return index
    elif count < IVF_MIN_VECTORS:
        return index
    ids, vectors = ids_and_vectors(index)
    rebuilt = build_ivf(ids, vectors, dim) if count >= IVF_MIN_VECTORS else new_flat(dim)
    if not is_ivf(rebuilt) and count:
        rebuilt.add_with_ids(vectors, ids)
    return rebuilt


def build_ivf(ids: np.ndarray, vectors: np.ndarray, dim: int, *, seed: int = 7):
    """An IVF index over the vectors; k-means on a sample of at most 64 per list (FAISS's advice)."""
    import faiss

    nlist = nlist_for(len(ids))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    sample = vectors[rng.choice(len(vectors), min(len(vectors), 64 * nlist), replace=False)]
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # reconstruct and remove by rowid
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
    return index


def _searching_faiss():
    """faiss, set to scan on one thread. A question is one vector: OpenMP's threads cost more to
    wake and join than they save, and a service answers questions side by side, so parallelism
    comes from requests. Measured on the 2-core machine under load, a question's dense side at 1×:
    p50 28 ms with faiss's 2 threads, 0.3 ms with 1 (issue 20's bench found the same). Set on every
    call: OpenMP keeps the setting per calling thread, and searches run on several."""
    import faiss

    faiss.omp_set_num_threads(1)
    return faiss


def search(index, vector: np.ndarray, k: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
    """(rowid, inner product) best first, among `allowed` rowids (None: all)."""
    faiss = _searching_faiss()

    if index.ntotal == 0 or (allowed is not None and not len(allowed)):
        return []
    selector = faiss.IDSelectorBatch(allowed) if allowed is not None else None
    if allowed is not None:
        k = min(k, len(allowed))
    if is_ivf(index):
        admitted = index.ntotal if allowed is None else len(allowed)
        exact = admitted < IVF_EXACT_SHARE * index.ntotal or k >= IVF_EXACT_K
        params = faiss.SearchParametersIVF(sel=selector, nprobe=index.nlist if exact else IVF_NPROBE)
    else:
        params = faiss.SearchParameters(sel=selector) if selector is not None else None
    # Equal scores (passages of the same text) are ordered by rowid, and a few more than `k` are
    # read so that a tie at the cut is decided so too: the flat and the IVF index had kept different
    # ones of two tied passages at a list's 1,000th place.
    wanted = k if allowed is not None and k == len(allowed) else k + TIE_MARGIN
    scores, ids = index.search(np.asarray(vector, np.float32).reshape(1, -1), wanted, params=params)
    found = sorted(((int(i), float(s)) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0), key=_best_first)
    return found[:k]


TIE_MARGIN = 16


def _best_first(hit: tuple[int, float]) -> tuple[float, int]:
    return -hit[1], hit[0]
