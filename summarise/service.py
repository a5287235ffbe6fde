"""Which draft a request asks for, and the optional language-model rewrite: one place for CLI and API."""

from __future__ import annotations

from search.engine import Searcher
from search.names import resolve_namnd
from search.query import Filters
from summarise.draft import Draft
from summarise.llm import LLMConfig, rewrite
from summarise.query import query_draft
from summarise.report import report_draft


def draft_for(
    searcher: Searcher,
    *,
    namnd: str | None = None,
    year: int | None = None,
    period: str | None = None,
    query: str | None = None,
    filters: Filters | None = None,
) -> Draft:
    """A query draft when `query` is given (limited to nämnd/year when those are too), else a report draft.

    Raises:
        ValueError: nothing to summarise (no such nämnd or year in the index, or no input).
    """
    if query:
        extra = Filters(namnd=_resolve(searcher, namnd), years=(year,) if year else None)
        merged = filters or extra
        draft = query_draft(searcher, query, merged)
    elif namnd:
        draft = report_draft(searcher.store, _resolve(searcher, namnd), year, period)
    else:
        raise ValueError("give a nämnd (with year and period) or a query")
    config = LLMConfig.from_env()
    return rewrite(draft, config) if config.enabled else draft


def _resolve(searcher: Searcher, namnd: str | None) -> str | None:
    """A loose nämnd name ("Norrmalm", "KS") as the index spells it; UnknownNamndError lists the known ones."""
    if not namnd:
        return None
    return resolve_namnd(namnd, searcher.namnder)
