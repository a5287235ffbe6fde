"""Sweep the thresholds of `timeline` on the tune half of its gold set (never on the held-out half).

    RAPPORTSOK_DATA=data .venv/bin/python bench/timeline_tune.py   # an index of corpus/ first

Prints each threshold set's figures on tune, then the chosen constants on both halves.
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
from summarise.timeline import Thresholds  # noqa: E402
from summarise.timeline_eval import evaluate, load_gold  # noqa: E402


def main() -> None:
    settings = Settings.from_env()
    store, embedder = Store.open(settings.data_dir, verify=False), embedder_from(settings)
    tune = load_gold(ROOT / "tests" / "eval" / "timeline-tune.jsonl")
    heldout = load_gold(ROOT / "tests" / "eval" / "timeline-heldout.jsonl")
    grid = itertools.product((0.1, 0.15, 0.2, 0.25), (0.05, 0.1), (0.8, 0.85, 0.9), (0.05, 0.1, 0.2, 1.0))
    for overlap, hinted, cosine, common in grid:
        m = evaluate(store, embedder, tune, Thresholds(overlap, hinted, cosine, common_share=common))
        print(
            f"overlap {overlap} hinted {hinted} cosine {cosine} common {common}: precision {m.precision:.2f} "
            f"recall {m.recall:.2f} right-none {m.right_none:.2f} correct {m.correct}/{m.cases}"
        )
    for name, gold in (("tune", tune), ("held-out", heldout)) if "--heldout" in sys.argv else (("tune", tune),):
        m = evaluate(store, embedder, gold)
        print(f"chosen, {name}: {m}")


if __name__ == "__main__":
    main()
