"""The charts as SVG: every point a link to its cited passage, named for screen readers, nothing fetched."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from lxml import etree

from index.parse.records import ChunkKind, GoalStatus
from index.store import ChunkFilter
from search.engine import Searcher
from search.indicators import IndicatorFilter, indicator_rows, same_indicator
from summarise.charts import goal_status_chart, indicator_chart, timeline_chart
from summarise.timeline import timeline
from tests.conftest import NORRMALM_2021, T1_2020, T2_2021

SVG = "{http://www.w3.org/2000/svg}"


def _links(svg: str) -> list[etree._Element]:
    return list(etree.fromstring(svg.encode()).iter(f"{SVG}a"))


def _offline_and_named(svg: str) -> etree._Element:
    root = etree.fromstring(svg.encode())
    assert not list(root.iter(f"{SVG}script")) and "http://kozea" not in svg and "https://" not in svg
    assert root.get("role") == "group" and root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc").text
    return root


def test_indicator_chart_links_each_point_to_its_passage(searcher: Searcher) -> None:
    rows = same_indicator(indicator_rows(searcher.store, IndicatorFilter(name="sjukfrånvaro")), "Sjukfrånvaro")
    assert {r.indicator for r in rows} == {"Sjukfrånvaro"}
    svg = indicator_chart(rows)
    root = _offline_and_named(svg)
    assert "Sjukfrånvaro" in root.find(f"{SVG}title").text
    cited = {}
    for link in _links(svg):
        query = parse_qs(urlparse(link.get("href")).query)
        cited.setdefault((query["fil"][0], int(query["fran"][0])), []).append(link.get("aria-label"))
    # Outcome and årsmål of each report, each point leading to the row's lines.
    assert set(cited) == {(T1_2020, 800), (T2_2021, 2112), (NORRMALM_2021, 5166)}
    norrmalm = cited[(NORRMALM_2021, 5166)]
    assert any("utfall 9,4 %" in label and "når inte årsmålet" in label for label in norrmalm)
    assert any("årsmål 8,5 %" in label for label in norrmalm)


def test_goal_status_chart_counts_the_assessed_goals(searcher: Searcher) -> None:
    svg = goal_status_chart(searcher.store)
    _offline_and_named(svg)
    goals = searcher.store.chunks(searcher.store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,))))
    delvis_t2 = sum(1 for g in goals if g.chunk.citation.file == T2_2021 and g.chunk.status is GoalStatus.DELVIS)
    labels = [link.get("aria-label") for link in _links(svg)]
    assert f"Tertialrapport 2 2021 för kommunstyrelsen, Kommunstyrelsen: {delvis_t2} mål uppfylls delvis" in labels
    # A bar counts several goals: it leads to the list of them, the search for that status in that report.
    (bar,) = [link for link in _links(svg) if link.get("aria-label").endswith(f"{delvis_t2} mål uppfylls delvis")
              and "Tertialrapport 2" in link.get("aria-label")]  # fmt: skip
    query = parse_qs(urlparse(bar.get("href")).query)
    assert query["q"] == ["vilka mål uppfylls delvis"] and query["year"] == ["2021"] and query["period"] == ["T2"]


def test_timeline_chart_of_goal_1_2(searcher: Searcher) -> None:
    found = timeline(searcher.store, searcher.embedder, "1.2")
    svg = timeline_chart(found)
    root = _offline_and_named(svg)
    lines = sorted(int(parse_qs(urlparse(link.get("href")).query)["fran"][0]) for link in _links(svg))
    assert lines == sorted(e.citation.line_start for e in found.entries if e.status)  # the plan has no status
    assert "2013: ingen bedömning" in root.find(f"{SVG}desc").text
