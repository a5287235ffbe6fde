"""One builder of filters for the API's parameters and the CLI's options; False is a filter too."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.filters import filters_from
from index.parse.records import ChunkKind, ReportType
from index.store import ChunkFilter, Store


def test_options_become_the_store_filter() -> None:
    built = filters_from(kind=ChunkKind.ACTIVITY, deviation=False, namnd="Norrmalm", year=2021, period="t2")
    assert built == ChunkFilter(
        kinds=(ChunkKind.ACTIVITY,), deviation=False, namnd="Norrmalm", years=(2021,), periods=("T2",)
    )
    assert filters_from(report_type="tertialrapport 1").report_types == (ReportType.TERTIALRAPPORT_1,)
    assert filters_from(namnd="") == filters_from() == ChunkFilter()  # nothing set: the question decides


def test_a_bad_option_names_what_exists() -> None:
    with pytest.raises(ValueError, match="förväntade en av T1, T2, T3, helår"):
        filters_from(period="T4")
    with pytest.raises(ValueError, match="Årsbok"):
        filters_from(report_type="Årsbok")


def _deviations(data: Path, ids: list[str]) -> set[bool]:
    with Store.open(data) as store:
        return {store.chunk_by_id(i).chunk.deviation for i in ids}


def test_search_without_deviation_is_a_filter(client: TestClient, api_data: Path) -> None:
    question = "vilka aktiviteter har avvikelser"
    flagged = client.get("/search", params={"q": question}).json()
    assert flagged["interpretation"]["deviation"] is True and flagged["total"] == 10
    unflagged = client.get("/search", params={"q": question, "deviation": "false", "limit": 100}).json()
    assert unflagged["interpretation"]["deviation"] is False and unflagged["total"] > 10
    assert _deviations(api_data, [h["id"] for h in unflagged["hits"]]) == {False}
    facets = client.get("/search/facets", params={"q": question, "deviation": "false"}).json()
    assert facets["total"] == unflagged["total"] == sum(facets["facets"]["kind"].values())
