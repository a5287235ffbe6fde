"""Retrieval quality on a gold set, per question class: ranking, lists, honest "nothing found", comparisons.

Gold lines: {"query": str, "class": str, "relevant": [{"file": str, "must_contain": str}],
"complete": bool, "compare": [str]}. A hit is relevant to an item when it comes from that
file and its text contains the snippet (whitespace-normalised); each item counts once, however
many hits contain it.

- Ranking (every question with relevant items): nDCG@10, Recall@10, MRR, Hit@5 of the hits.
- Lists ("complete": every relevant record is in the gold): recall and precision of the whole
  list returned; a hit that holds no gold snippet counts against precision.
- No answer (class "no_answer", no relevant items): the share answered with total 0.
- Answerable questions answered with total 0: counted, they should be none.
- Comparisons ("compare": years or nämnder): the share whose top 10 has a hit from every side.

The committed gold set is split once, at random, into `tests/eval/tune.jsonl` (weights and
thresholds are decided on it) and `tests/eval/heldout.jsonl` (reported, never tuned on).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from search.engine import Mode, Searcher, SearchResult
from search.names import namnd_of_word

K = 10
NO_ANSWER = "no_answer"


@dataclass(frozen=True, slots=True)
class GoldItem:
    file: str
    must_contain: str


@dataclass(frozen=True, slots=True)
class GoldQuery:
    query: str
    relevant: tuple[GoldItem, ...]
    cls: str = "topic"
    complete: bool = False  # the relevant items are every record that answers (list questions)
    compare: tuple[str, ...] = ()  # years ("2020") or nämnder that must each have evidence


@dataclass(frozen=True, slots=True)
class QueryScore:
    """How one question was answered."""

    query: str
    cls: str
    total: int
    ndcg10: float | None = None  # None where the gold has no relevant item
    recall10: float | None = None
    rr: float | None = None
    hit5: float | None = None
    list_recall: float | None = None  # complete lists only
    list_precision: float | None = None
    compared: bool | None = None  # comparisons only: every side in the top 10


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean scores of one mode over a gold set (answerable questions for the ranking figures)."""

    mode: str
    ndcg10: float
    recall10: float
    mrr: float
    hit5: float
    queries: int
    list_recall: float | None = None
    list_precision: float | None = None
    no_answer_zero: float | None = None  # share of no-answer questions answered with total 0
    answerable_zero: int = 0  # answerable questions answered with total 0
    comparisons_covered: float | None = None
    per_query: tuple[QueryScore, ...] = field(default=())

    def by_class(self) -> dict[str, Scores]:
        """The same figures for each class of question."""
        groups: dict[str, list[QueryScore]] = defaultdict(list)
        for row in self.per_query:
            groups[row.cls].append(row)
        return {cls: summarise(self.mode, rows) for cls, rows in sorted(groups.items())}


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
            cls = str(row.get("class", "topic"))
            if not items and cls != NO_ANSWER:
                raise ValueError(f"inga relevanta passager, och klassen är «{cls}», inte «{NO_ANSWER}»")
            gold.append(
                GoldQuery(
                    row["query"],
                    items,
                    cls,
                    bool(row.get("complete", False)),
                    tuple(str(c) for c in row.get("compare", ())),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}:{number}: ingen guldrad ({error})") from None
    return gold


def judge(result: SearchResult, relevant: tuple[GoldItem, ...]) -> list[tuple[int, ...]]:
    """For each hit, the gold items it is the first to find. A passage may hold several: the 2024
    avstämning names three services returning to egen regi in one paragraph, one passage."""
    found: set[int] = set()
    marks: list[tuple[int, ...]] = []
    for hit in result.hits:
        text = normalise(hit.chunk.text)
        new = tuple(
            i
            for i, item in enumerate(relevant)
            if i not in found and hit.citation.file == item.file and normalise(item.must_contain) in text
        )
        found.update(new)
        marks.append(new)
    return marks


def holds_any(result: SearchResult, relevant: tuple[GoldItem, ...]) -> list[bool]:
    """For each hit, whether it holds any gold snippet (a second copy of a found item is not an error)."""
    items = [(item.file, normalise(item.must_contain)) for item in relevant]
    return [any(hit.citation.file == f and s in normalise(hit.chunk.text) for f, s in items) for hit in result.hits]


def score_query(marks: list[tuple[int, ...]], n_relevant: int) -> tuple[float, float, float, float]:
    """(nDCG@10, Recall@10, reciprocal rank, Hit@5) of one judged ranking. Recall counts gold items;
    nDCG counts passages: one that holds several items gains once, and the ideal ranking has as
    many passages as the found items fill plus one for each item not found (where it is, unknown)."""
    top = marks[:K]
    dcg = sum(1 / math.log2(rank + 1) for rank, m in enumerate(top, 1) if m)
    found = sum(len(m) for m in marks)
    passages = sum(1 for m in marks if m) + n_relevant - found
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(passages, K) + 1))
    first = next((rank for rank, m in enumerate(marks, 1) if m), None)
    return (
        dcg / ideal if ideal else 0.0,
        sum(len(m) for m in top) / n_relevant if n_relevant else 0.0,
        1 / first if first else 0.0,
        float(any(marks[:5])),
    )


def _side_of(value: str, hit) -> bool:
    """Whether a hit is from a compared side: a year, or a nämnd as a gold line names it ("Norrmalm",
    "Kommunstyrelsen"), read by the resolver the questions are read by."""
    c = hit.citation
    if value.isdigit():
        return str(c.year) == value
    return c.namnd.lower() == value.lower() or namnd_of_word(value, [c.namnd]) == c.namnd


def score_one(item: GoldQuery, result: SearchResult) -> QueryScore:
    """Judge one answer against its gold line."""
    if not item.relevant:
        return QueryScore(item.query, item.cls, result.total)
    marks = judge(result, item.relevant)
    ndcg, recall, rr, hit5 = score_query(marks, len(item.relevant))
    list_recall = list_precision = None
    if item.complete:
        list_recall = sum(len(m) for m in marks) / len(item.relevant)
        held = holds_any(result, item.relevant)
        list_precision = sum(held) / len(held) if held else 0.0
    compared = None
    if item.compare:
        top = result.hits[:K]
        compared = all(any(_side_of(side, h) for h in top) for side in item.compare)
    return QueryScore(item.query, item.cls, result.total, ndcg, recall, rr, hit5, list_recall, list_precision, compared)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(mode: str, rows: list[QueryScore]) -> Scores:
    """Mean figures over judged questions."""
    ranked = [r for r in rows if r.ndcg10 is not None]
    lists = [r for r in rows if r.list_recall is not None]
    empty = [r for r in rows if r.ndcg10 is None and r.cls == NO_ANSWER]
    compared = [r for r in rows if r.compared is not None]
    return Scores(
        mode=mode,
        ndcg10=_mean([r.ndcg10 for r in ranked]) or 0.0,
        recall10=_mean([r.recall10 for r in ranked]) or 0.0,
        mrr=_mean([r.rr for r in ranked]) or 0.0,
        hit5=_mean([r.hit5 for r in ranked]) or 0.0,
        queries=len(rows),
        list_recall=_mean([r.list_recall for r in lists]),
        list_precision=_mean([r.list_precision for r in lists]),
        no_answer_zero=_mean([float(r.total == 0) for r in empty]),
        answerable_zero=sum(1 for r in ranked if r.total == 0),
        comparisons_covered=_mean([float(r.compared) for r in compared]),
        per_query=tuple(rows),
    )


def evaluate(searcher: Searcher, gold: list[GoldQuery], mode: Mode) -> Scores:
    """Ask every gold question in one mode and judge the answers."""
    rows = [score_one(item, searcher.search(item.query, limit=K, mode=mode)) for item in gold]
    return summarise(mode, rows)


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


# The table's column names: English in `make bench`'s results (a developers' page), Swedish in the CLI.
HEADERS_EN = (
    "class", "questions", "nDCG@10", "Recall@10", "MRR", "list recall", "list precision",
    "no-answer total 0", "answerable total 0", "comparisons covered", "all",
)  # fmt: skip
HEADERS_SV = (
    "klass", "frågor", "nDCG@10", "Recall@10", "MRR", "listor: recall", "listor: precision",
    "utan svar: total 0", "med svar: total 0", "jämförelser täckta", "alla",
)  # fmt: skip


def markdown_table(title: str, scores: Scores, headers: tuple[str, ...] = HEADERS_EN) -> str:
    """One mode's figures, overall and per class, as a Markdown table (CLI `eval`, `make bench`)."""
    *columns, everything = headers
    head = f"{title}\n\n| {' | '.join(columns)} |\n|{'---|' * len(columns)}\n"
    rows = [(everything, scores), *scores.by_class().items()]
    lines = []
    for name, s in rows:
        ranked = name != NO_ANSWER
        lines.append(
            f"| {name} | {s.queries} | {_cell(s.ndcg10 if ranked else None)} | {_cell(s.recall10 if ranked else None)} "
            f"| {_cell(s.mrr if ranked else None)} | {_cell(s.list_recall)} | {_cell(s.list_precision)} "
            f"| {_cell(s.no_answer_zero)} | {s.answerable_zero if ranked else '–'} | {_cell(s.comparisons_covered)} |"
        )
    return head + "\n".join(lines) + "\n"
