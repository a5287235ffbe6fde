"""The timeline gold set (tests/eval/timeline-*.jsonl), and how often `timeline` joins as read.

A gold line names an anchor (as a person would type it: number and title, a title, or a number),
one other report, and the first line of the goal or indicator of that report that is the same one,
or null where that report has none. Found by reading the goals' titles and texts in both reports
(what each goal's analysis and activities are about), never by running `timeline`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.embed.embedder import Embedder
from index.store import Store
from summarise.timeline import Thresholds, timeline


@dataclass(frozen=True, slots=True)
class GoldJoin:
    anchor: str
    report: str  # a file name
    expected_line: int | None  # the first line of the same goal in `report`; None: it has none
    note: str = ""


@dataclass(frozen=True, slots=True)
class JoinMetrics:
    cases: int
    precision: float  # joins to the right goal / joins made
    recall: float  # right joins / cases with a goal to join
    right_none: float  # cases without a goal in the report where nothing joined
    correct: int  # cases decided as read (right goal, or nothing where nothing)


def load_gold(path: Path) -> list[GoldJoin]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [GoldJoin(r["anchor"], r["report"], r["expected_line"], r.get("note", "")) for r in rows]


def evaluate(
    store: Store, embedder: Embedder | None, gold: Sequence[GoldJoin], thresholds: Thresholds | None = None
) -> JoinMetrics:
    """Precision and recall of the joins into each case's report (micro-averaged)."""
    made = right = wanted = none_cases = none_right = correct = 0
    for case in gold:
        found = timeline(store, embedder, case.anchor, thresholds)
        lines = [e.citation.line_start for e in found.entries if e.citation.file == case.report]
        made += len(lines)
        if case.expected_line is None:
            none_cases += 1
            none_right += not lines
            correct += not lines
            continue
        wanted += 1
        hit = case.expected_line in lines
        right += hit
        correct += hit and len(lines) == 1
    return JoinMetrics(
        cases=len(gold),
        precision=right / made if made else 1.0,
        recall=right / wanted if wanted else 1.0,
        right_none=none_right / none_cases if none_cases else 1.0,
        correct=correct,
    )
