"""GET /indicators, the indicator table in GET /search, the charts and the timeline's basis."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import make_client
from tests.conftest import NORRMALM_2021, T1_2020, VP_2013


def test_indicators_with_filters(client: TestClient) -> None:
    body = client.get("/indicators", params={"name": "sjukfrånvaro", "namnd": "Norrmalm", "met": "nej"}).json()
    assert body["total"] == body["not_met"] == len(body["rows"]) == 2
    sick = next(r for r in body["rows"] if r["indicator"] == "Sjukfrånvaro")
    assert (sick["outcome"], sick["target"], sick["met"], sick["direction"]) == (9.4, 8.5, False, "lägre är bättre")
    assert sick["citation"]["file"] == NORRMALM_2021 and sick["citation"]["line_start"] == 5166
    every = client.get("/indicators").json()
    assert every["total"] > 100 and every["met"] + every["not_met"] < every["total"]  # plans: no outcome
    t1 = client.get("/indicators", params={"year": "2020", "period": "t1", "met": "ja"}).json()
    assert t1["rows"] and {r["citation"]["file"] for r in t1["rows"]} == {T1_2020} and t1["met"] == t1["total"]


def test_indicators_refuse_in_swedish(client: TestClient) -> None:
    for params, words in (
        ({"period": "T9"}, "period"),
        ({"met": "kanske"}, "ja (målet nås)"),
        ({"year": "tjugo"}, "inget år"),
        ({"namnd": "Vasastan"}, "Okänd nämnd"),
        ({"name": "x" * 301}, "högst 300 tecken"),
    ):
        response = client.get("/indicators", params=params)
        assert response.status_code == 422 and words in response.json()["detail"], params


def test_search_carries_the_indicator_table(client: TestClient) -> None:
    body = client.get("/search", params={"q": "vilka indikatorer når inte årsmålet"}).json()
    assert body["indicators"] and all(r["met"] is False for r in body["indicators"])
    assert body["indicators_met"] is False  # the rows are the misses the question selected, not all
    assert client.get("/search", params={"q": "hemlöshet"}).json()["indicators"] is None
    sick = client.get("/search", params={"q": "hur har sjukfrånvaron utvecklats"}).json()
    assert sick["indicators"] and sick["indicators_met"] is None


def test_charts_are_svg_with_links(client: TestClient) -> None:
    for url, params in (
        ("/charts/indicator.svg", {"name": "Sjukfrånvaro"}),
        ("/charts/goal-status.svg", {}),
        ("/charts/timeline.svg", {"name": "1.2"}),
    ):
        response = client.get(url, params=params)
        assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
        assert ("<a " in response.text and "kalla.html" in response.text) or "vilka+m" in response.text
    assert client.get("/charts/indicator.svg", params={"name": "Antal vargar"}).status_code == 404
    assert client.get("/charts/timeline.svg", params={"name": "finns inget sådant mål"}).status_code == 404
    assert client.get("/charts/goal-status.svg", params={"namnd": "Vasastan"}).status_code == 422


def test_timeline_says_why_each_goal_joined(corpus_index, tmp_path: Path) -> None:
    """Goals join by meaning (e5 on their titles): the real model's index, not the fake one."""
    data = tmp_path / "data"
    shutil.copytree(corpus_index[0], data)
    body = make_client(data).get("/timeline", params={"name": "1.2"}).json()
    assert body["anchor"]["citation"]["file"] == NORRMALM_2021
    plan = [e for e in body["entries"] if e["citation"]["file"] == VP_2013]
    assert [e["number"] for e in plan] == ["1.7"] and plan[0]["basis"].startswith("liknande rubrik")


def test_timeline_names_the_other_titles_its_name_matched(client: TestClient) -> None:
    body = client.get("/timeline", params={"name": "feriejobb"}).json()
    assert body["entries"] and body["others"] and all("feriejobb" in t.lower() for t in body["others"])
    assert client.get("/timeline", params={"name": "Sjukfrånvaro"}).json()["others"] == []
