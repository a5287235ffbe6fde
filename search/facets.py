"""Counts per nämnd, year, report type and kind over the passages that answer one question."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from search.engine import Hit

FACETS = ("namnd", "year", "report_type", "kind")


def count_facets(hits: Sequence[Hit], report_types: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """How many of `hits` fall in each nämnd, year, report type (by file) and kind, most first.

    Keys are the values the filters take (a year as text, a kind as stored), so a count can be
    clicked into a filter as it is.
    """
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in FACETS}
    for hit in hits:
        c = hit.citation
        counts["namnd"][c.namnd] += 1
        if c.year:
            counts["year"][str(c.year)] += 1
        counts["report_type"][report_types.get(c.file, "Okänd")] += 1
        counts["kind"][hit.chunk.kind.value] += 1
    return {facet: dict(counter.most_common()) for facet, counter in counts.items()}
