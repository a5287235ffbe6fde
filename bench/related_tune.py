"""Sweep the thresholds of `related` on the tune half of its gold set (never on the held-out half).

    RAPPORTSOK_DATA=data .venv/bin/python bench/related_tune.py   # an index of corpus/ first

Prints the best threshold sets by F1 of the listed items, then the chosen constants on both halves.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.embed.embedder import embedder_from  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.store import Store  # noqa: E402
from summarise.related import Thresholds  # noqa: E402
from summarise.related_eval import load_gold, run_gold, sweep  # noqa: E402


def main() -> None:
    settings = Settings.from_env()
    store, embedder = Store.open(settings.data_dir), embedder_from(settings)
    tune = load_gold(ROOT / "tests" / "eval" / "related-tune.jsonl")
    grid = [
        Thresholds(
            related_overlap=ro,
            support_overlap=so,
            related_cosine=rc,
            same_overlap=same,
            next_overlap=nxt,
            subject_cosine=sc,
        )
        for ro, so, rc, same, nxt, sc in itertools.product(
            (0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
            (0.1, 0.15, 0.2, 0.25),
            (0.9, 0.92, 0.94, 0.96),
            (0.6, 0.7, 0.8),
            (0.4, 0.5, 0.6, 0.7),
            (0.9, 0.91, 0.92, 1.0),
        )
        if so <= ro
    ]
    for t, m in sweep(store, embedder, tune, grid)[:15]:
        print(
            f"overlap {t.related_overlap} support {t.support_overlap} cosine {t.related_cosine} "
            f"same {t.same_overlap} next {t.next_overlap} subject {t.subject_cosine}: "
            f"P {m.precision:.3f} R {m.recall:.3f} "
            f"same {m.same_exact:.2f} empty {m.empty_when_none:.2f} kind {m.relation_accuracy:.2f}"
        )
    for half in ("tune", "heldout"):
        print(half, run_gold(store, embedder, load_gold(ROOT / "tests" / "eval" / f"related-{half}.jsonl")))


if __name__ == "__main__":
    main()
