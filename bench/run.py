"""`make bench`: measure in one process run and print a Markdown table (also bench/results.md).

Speed and memory are measured here, never asserted in tests.
"""

from __future__ import annotations

import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.chunker import chunk_report  # noqa: E402
from index.ingest import parse_file  # noqa: E402
from index.metadata import load_manifest  # noqa: E402

REPEATS = 5


def bench_parse() -> list[tuple[str, str, str]]:
    manifest = load_manifest(ROOT / "corpus" / "manifest.toml")
    files = sorted((ROOT / "corpus").glob("*.txt"))
    lines = chunks = 0
    start = time.perf_counter()
    for _ in range(REPEATS):
        for path in files:
            report = parse_file(path, manifest)
            lines += report.line_count
            chunks += len(chunk_report(report))
    seconds = time.perf_counter() - start
    return [
        ("parse + chunk, corpus (5 reports)", f"{seconds / REPEATS * 1000:.0f} ms", f"mean of {REPEATS} runs"),
        ("parse + chunk throughput", f"{lines / seconds:,.0f} lines/s", f"{chunks / seconds:,.0f} chunks/s"),
        ("chunks in corpus", f"{chunks // REPEATS}", "by goal, activity, indicator, section"),
    ]


def main() -> None:
    rows = bench_parse()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak RSS", f"{peak_mb:.0f} MB", "whole bench process"))
    header = f"Machine: {platform.machine()}, {platform.python_version()}, 1 process\n\n"
    table = "| measure | value | note |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    print(header + table)
    (ROOT / "bench" / "results.md").write_text(header + table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
