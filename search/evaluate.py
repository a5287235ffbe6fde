"""Retrieval quality on a gold set: nDCG@10, Recall@10, MRR and Hit@5, per mode.

Gold lines: {"query": str, "relevant": [{"file": str, "must_contain": str}]}. A hit is
relevant to an item when it comes from that file and its text contains the snippet
(whitespace-normalised); each item counts once, however many hits contain it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from search.engine import Mode, Searcher, SearchResult

K = 10


@dataclass(frozen=True, slots=True)
class GoldItem:
    file: str
    must_contain: str


@dataclass(frozen=True, slots=True)
class GoldQuery:
    query: str
    relevant: tuple[GoldItem, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean scores of one mode over the gold set."""

    mode: str
    ndcg10: float
    recall10: float
    mrr: float
    hit5: float
    queries: int
    per_query: tuple[tuple[str, float], ...]  # (query, nDCG@10)


def normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def load_gold(path: Path) -> list[GoldQuery]:
    """Read a gold file; a malformed line raises ValueError naming the line."""
    gold = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items = tuple(GoldItem(r["file"], r["must_contain"]) for r in row["relevant"])
            gold.append(GoldQuery(row["query"], items))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a gold line ({error})") from None
    return gold


def judge(result: SearchResult, relevant: tuple[GoldItem, ...]) -> list[int | None]:
    """For each hit, the index of the gold item it is the first to find, else None."""
    found: set[int] = set()
    marks: list[int | None] = []
    for hit in result.hits:
        text = normalise(hit.text)
        mark = None
        for i, item in enumerate(relevant):
            if i not in found and hit.citation.file == item.file and normalise(item.must_contain) in text:
                found.add(i)
                mark = i
                break
        marks.append(mark)
    return marks


def score_query(marks: list[int | None], n_relevant: int) -> tuple[float, float, float, float]:
    """(nDCG@10, Recall@10, reciprocal rank, Hit@5) of one judged ranking."""
    top = marks[:K]
    dcg = sum(1 / math.log2(rank + 1) for rank, m in enumerate(top, 1) if m is not None)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(n_relevant, K) + 1))
    first = next((rank for rank, m in enumerate(marks, 1) if m is not None), None)
    return (
        dcg / ideal if ideal else 0.0,
        sum(m is not None for m in top) / n_relevant if n_relevant else 0.0,
        1 / first if first else 0.0,
        float(any(m is not None for m in marks[:5])),
    )


def evaluate(searcher: Searcher, gold: list[GoldQuery], mode: Mode) -> Scores:
    rows = []
    for item in gold:
        result = searcher.search(item.query, limit=K, mode=mode)
        rows.append((item.query, score_query(judge(result, item.relevant), len(item.relevant))))
    n = len(rows) or 1
    return Scores(
        mode=mode,
        ndcg10=sum(r[1][0] for r in rows) / n,
        recall10=sum(r[1][1] for r in rows) / n,
        mrr=sum(r[1][2] for r in rows) / n,
        hit5=sum(r[1][3] for r in rows) / n,
        queries=len(rows),
        per_query=tuple((q, s[0]) for q, s in rows),
    )
