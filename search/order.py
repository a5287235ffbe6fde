"""Orders of a result other than relevance: newest report first, each report's passages together."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from search.engine import Hit

# A year's reports in the order they are written: tertial 1, 2, 3, then the annual report.
PERIOD_ORDER = {"T1": 1, "T2": 2, "T3": 3, "helår": 4}


class Order(StrEnum):
    """How hits are listed; the values are what the page, the API and the CLI take."""

    RELEVANS = "relevans"
    DATUM = "datum"


def newest_first(hits: Sequence[Hit]) -> list[Hit]:
    """Newest report first (year, then period); within a report, in the report's own line order.

    Passages of one report stay together, so the list reads report by report; undated last.
    """

    def key(hit: Hit) -> tuple[int, int, str, int]:
        c = hit.citation
        return (-(c.year or 0), -PERIOD_ORDER.get(c.period or "", 0), c.file, c.line_start)

    return sorted(hits, key=key)
