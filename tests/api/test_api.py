"""The API on the real corpus index: search, filters, passages in context, documents, writes, limits."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient

from tests.api.conftest import TOKEN, make_client
from tests.conftest import AVST_2024, CORPUS, NORRMALM_2021, T1_2020, T2_2021
from tests.pdfgen import TWO_PAGE_REPORT, write_pdf

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PANDEMIC = "vilka aktiviteter har avvikelser om pandemin"


def test_health_and_docs(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["documents"] == 5 and health["chunks"] > 1000
    # Under 20,000 passages the in-memory BM25 is built when first asked for: ready at once.
    assert health["lexical_in_memory"] is True
    assert client.get("/openapi.json").status_code == 200 and client.get("/docs").status_code == 200


def test_search_has_the_cli_shape_and_the_pandemic_list(client: TestClient) -> None:
    body = client.get("/search", params={"q": PANDEMIC}).json()
    assert set(body) == {
        "query",
        "interpretation",
        "total",
        "hits",
        "suggestions",
        "indicators",
        "indicators_met",
        "unknown_words",
        "clear",
        "goals",
    }
    assert body["indicators"] is None  # not a question about indicators
    assert body["total"] == 4 and body["interpretation"]["topic"] == "pandemin"
    assert {(h["citation"]["file"], h["citation"]["line_start"]) for h in body["hits"]} == {
        (T1_2020, 160), (T1_2020, 162), (T1_2020, 171), (T1_2020, 711),
    }  # fmt: skip


def test_search_filters(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "trygghet", "namnd": "Norrmalms stadsdelsnämnd", "limit": 20}).json()
    assert hits["hits"] and all(h["citation"]["file"] == NORRMALM_2021 for h in hits["hits"])
    year = client.get("/search", params={"q": "budget", "year": 2021, "kind": "activity", "limit": 20}).json()
    assert year["hits"] and all(h["citation"]["year"] == 2021 and h["kind"] == "activity" for h in year["hits"])
    flagged = client.get("/search", params={"q": "utreda", "deviation": "true", "limit": 50}).json()
    assert flagged["hits"] and all("Avvikelse" in h["text"] for h in flagged["hits"])
    typed = client.get("/search", params={"q": "mål", "report_type": "Verksamhetsplan"}).json()
    assert typed["hits"] and all(h["citation"]["year"] == 2013 for h in typed["hits"])


def test_search_pages_and_period(client: TestClient) -> None:
    whole = client.get("/search", params={"q": "trygghet", "limit": 40}).json()
    assert whole["total"] > 20
    first = client.get("/search", params={"q": "trygghet", "limit": 20}).json()
    second = client.get("/search", params={"q": "trygghet", "limit": 20, "offset": 20}).json()
    assert first["total"] == second["total"] == whole["total"]
    # The pages are the one long answer cut in two: same order, nothing twice, nothing lost.
    assert [h["id"] for h in first["hits"] + second["hits"]] == [h["id"] for h in whole["hits"]]
    beyond = client.get("/search", params={"q": "trygghet", "offset": whole["total"]}).json()
    assert beyond["hits"] == [] and beyond["total"] == whole["total"]
    assert client.get("/search", params={"q": "x", "offset": -1}).status_code == 422
    assert client.get("/search", params={"q": "x", "offset": 1001}).status_code == 422

    t2 = client.get("/search", params={"q": "trygghet", "period": "t2", "limit": 50}).json()
    assert t2["hits"] and {h["citation"]["period"] for h in t2["hits"]} == {"T2"}
    assert client.get("/search", params={"q": "trygghet", "period": "T9"}).status_code == 400
    assert client.get("/filters").json()["periods"] == ["T1", "T2", "helår"]


def test_search_by_date_is_newest_report_first(client: TestClient) -> None:
    relevance = client.get("/search", params={"q": "trygghet", "limit": 200}).json()
    by_date = client.get("/search", params={"q": "trygghet", "limit": 200, "sort": "datum"}).json()
    assert by_date["total"] == relevance["total"]
    assert {h["id"] for h in by_date["hits"]} == {h["id"] for h in relevance["hits"]}  # the same passages
    order = {"T1": 1, "T2": 2, "T3": 3, "helår": 4}
    keys = [(h["citation"]["year"] or 0, order.get(h["citation"]["period"] or "", 0)) for h in by_date["hits"]]
    assert keys == sorted(keys, reverse=True) and keys[0][0] == 2024
    reports = [h["citation"]["file"] for h in by_date["hits"]]
    # Each report's passages come together: a report never reappears after another began.
    seen: list[str] = []
    for file in reports:
        if not seen or seen[-1] != file:
            assert file not in seen
            seen.append(file)
    second = client.get("/search", params={"q": "trygghet", "limit": 20, "offset": 20, "sort": "datum"}).json()
    assert [h["id"] for h in second["hits"]] == [h["id"] for h in by_date["hits"][20:40]]
    assert client.get("/search", params={"q": "trygghet", "sort": "nyast"}).status_code == 422


def test_facets_count_every_answering_passage(client: TestClient) -> None:
    total = client.get("/search", params={"q": "trygghet"}).json()["total"]
    counted = client.get("/search/facets", params={"q": "trygghet"}).json()
    assert counted["total"] == total
    for facet in ("namnd", "year", "report_type", "kind"):
        assert sum(counted["facets"][facet].values()) == total, facet
    assert set(counted["facets"]["namnd"]) == {"Kommunstyrelsen", "Norrmalms stadsdelsnämnd"}
    assert set(counted["facets"]["kind"]) <= {"goal", "activity", "indicator", "analysis", "section"}
    # A count is a filter: the nämnd's count is the total of the search filtered on it.
    norrmalm = counted["facets"]["namnd"]["Norrmalms stadsdelsnämnd"]
    filtered = client.get("/search", params={"q": "trygghet", "namnd": "Norrmalms stadsdelsnämnd"}).json()
    assert filtered["total"] == norrmalm
    year = next(iter(counted["facets"]["year"]))
    by_year = client.get("/search/facets", params={"q": "trygghet", "year": year}).json()
    assert set(by_year["facets"]["year"]) == {year}
    assert client.get("/search/facets", params={"q": " "}).status_code == 400


def test_passage_in_context(client: TestClient) -> None:
    hit = client.get("/search", params={"q": PANDEMIC}).json()["hits"][0]
    passage = client.get(f"/passages/{hit['id']}").json()
    assert passage["passage"]["id"] == hit["id"] and passage["source_available"]
    assert (
        passage["goal"]["kind"] == "goal" and passage["goal"]["citation"]["line_start"] < hit["citation"]["line_start"]
    )
    assert [line["number"] for line in passage["before"]] == list(
        range(hit["citation"]["line_start"] - len(passage["before"]), hit["citation"]["line_start"])
    )
    assert passage["after"] and passage["after"][0]["number"] == hit["citation"]["line_end"] + 1
    lines = (CORPUS / T1_2020).read_text(encoding="utf-8").splitlines()
    assert passage["after"][0]["text"] == lines[hit["citation"]["line_end"]]
    assert client.get("/passages/0123456789abcdef").status_code == 404


def test_documents_list_get_and_source(client: TestClient) -> None:
    documents = client.get("/documents").json()
    assert {d["id"] for d in documents} == {AVST_2024, T1_2020, T2_2021, NORRMALM_2021, "ks-verksamhetsplan-2013.txt"}
    one = client.get(f"/documents/{T2_2021}").json()
    assert one["report_type"] == "Tertialrapport 2" and one["year"] == 2021 and one["chunks"] > 100
    source = client.get(one["source"])
    assert source.status_code == 200 and source.text == (CORPUS / T2_2021).read_text(encoding="utf-8")
    assert client.get("/documents/finns-inte.txt").status_code == 404


def test_ids_cannot_leave_the_data_directory(client: TestClient) -> None:
    for bad in ("..%2F..%2Fetc%2Fpasswd", "..%2Fsecret", ".hidden", "a..b", "%2Fetc%2Fpasswd"):
        response = client.get(f"/documents/{bad}")
        assert response.status_code in (400, 404) and "root:" not in response.text
    assert client.get("/documents/..%5C..%5Cwin.ini/source").status_code in (400, 404)
    assert client.get("/passages/../../etc/passwd").status_code == 404
    assert client.get("/passages/not-a-passage").status_code == 400


def test_limits_give_clear_4xx(client: TestClient) -> None:
    too_long = client.get("/search", params={"q": "a" * 501})
    assert too_long.status_code == 422 and "q: högst 500 tecken" in too_long.json()["detail"]
    assert client.get("/search", params={"q": "x", "limit": 0}).status_code == 422
    assert client.get("/search", params={"q": "x", "limit": 201}).status_code == 422
    assert client.get("/search").status_code == 422
    assert client.get("/search", params={"q": "   "}).status_code == 400
    assert client.get("/search", params={"q": "x", "kind": "nonsense"}).status_code == 422
    assert client.get("/search", params={"q": "x", "year": "tjugo"}).status_code == 422
    bad_type = client.get("/search", params={"q": "x", "report_type": "roman"})
    assert bad_type.status_code == 400 and "förväntade en av" in bad_type.json()["detail"]
    for response in (too_long, bad_type):
        assert "Traceback" not in response.text and "/work" not in response.text


def test_writes_are_closed_without_a_configured_token(api_data: Path) -> None:
    closed = make_client(api_data, token=None)
    response = closed.post("/documents", files={"file": ("a.txt", b"text", "text/plain")}, headers=AUTH)
    assert response.status_code == 403 and "avstängda" in response.json()["detail"]
    assert closed.delete(f"/documents/{T1_2020}", headers=AUTH).status_code == 403
    assert closed.get("/health").json()["documents"] == 5


def test_writes_need_the_right_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        assert client.delete(f"/documents/{T1_2020}", headers=headers).status_code == 401
    assert client.get("/health").json()["documents"] == 5


def test_upload_indexes_a_pdf_and_delete_removes_it(client: TestClient, tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "rapport.pdf", TWO_PAGE_REPORT)
    with pdf.open("rb") as handle:
        response = client.post(
            "/documents",
            files={"file": ("testrapport-t2-2022.pdf", handle, "application/pdf")},
            data={"namnd": "Testnämnden", "report_type": "Tertialrapport 2", "year": "2022", "period": "T2"},
            headers=AUTH,
        )
    assert response.status_code == 201, response.text
    body = response.json()
    # Filed as a report's own text names it (`canonical_namnd`), and found by either form.
    assert body["document"]["namnd"] == "Testnämnd" and body["document"]["chunks"] > 0 and body["chunks_embedded"] > 0
    found = client.get("/search", params={"q": "aktiviteter", "namnd": "Testnämnden", "limit": 50}).json()
    assert found["hits"] and all(h["citation"]["file"] == "testrapport-t2-2022.pdf" for h in found["hits"])
    assert any(h["citation"]["page"] == 2 for h in found["hits"])  # the PDF's own page numbers

    assert client.delete("/documents/testrapport-t2-2022.pdf", headers=AUTH).status_code == 204
    assert client.get("/documents/testrapport-t2-2022.pdf").status_code == 404
    # The nämnd is gone with its only report: naming it is now a clear error that lists the known ones.
    gone = client.get("/search", params={"q": "aktiviteter", "namnd": "Testnämnden"})
    assert gone.status_code == 422 and "Okänd nämnd" in gone.text and "Kommunstyrelsen" in gone.text
    assert client.delete("/documents/testrapport-t2-2022.pdf", headers=AUTH).status_code == 404


def test_upload_limits_and_bad_files(api_data: Path) -> None:
    small = make_client(api_data, max_upload_bytes=1000)
    big = small.post("/documents", files={"file": ("stor.txt", b"x" * 5000, "text/plain")}, headers=AUTH)
    assert big.status_code == 413 and "över gränsen på 0.001 MB" in big.json()["detail"]  # not "0 MB" (trial 32)
    client = make_client(api_data)
    wrong = client.post("/documents", files={"file": ("bild.png", b"\x89PNG", "image/png")}, headers=AUTH)
    assert wrong.status_code == 415
    mismatch = client.post("/documents", files={"file": ("a.pdf", b"%PDF-1.7", "image/png")}, headers=AUTH)
    assert mismatch.status_code == 415
    empty = client.post("/documents", files={"file": ("tom.txt", b"", "text/plain")}, headers=AUTH)
    assert empty.status_code == 422 and "filen är tom" in empty.json()["detail"]
    broken = client.post(
        "/documents", files={"file": ("trasig.pdf", b"%PDF-1.7\n1 0 obj <<", "application/pdf")}, headers=AUTH
    )
    assert broken.status_code == 422 and "trasig.pdf" in broken.json()["detail"]
    duplicate = (CORPUS / T1_2020).read_bytes()
    twin = client.post("/documents", files={"file": ("kopia.txt", duplicate, "text/plain")}, headers=AUTH)
    assert twin.status_code == 409 and "samma innehåll som" in twin.json()["detail"]
    assert client.get("/health").json()["documents"] == 5  # nothing already indexed changed


def test_write_and_limit_errors_are_swedish(api_data: Path) -> None:
    from tests.english import english_words

    closed = make_client(api_data, token=None).delete(f"/documents/{T1_2020}", headers=AUTH)
    small = make_client(api_data, max_upload_bytes=1000)
    client = make_client(api_data)
    responses = {
        403: closed,
        401: client.delete(f"/documents/{T1_2020}", headers={"Authorization": "Bearer fel"}),
        413: small.post("/documents", files={"file": ("stor.txt", b"x" * 5000, "text/plain")}, headers=AUTH),
        415: client.post("/documents", files={"file": ("a.pdf", b"%PDF-1.7", "image/png")}, headers=AUTH),
        422: client.post("/documents", files={"file": ("tom.txt", b"", "text/plain")}, headers=AUTH),
    }
    limits = ({"q": "a" * 501}, {"q": "x", "limit": 0}, {"q": "x", "year": "x"})
    asked = [client.get("/search", params=p) for p in limits]
    for status, response in [*responses.items(), *((422, r) for r in asked)]:
        assert response.status_code == status, response.text
        assert english_words(response.json()["detail"]) == set(), response.text
    assert [r.json()["detail"] for r in asked] == ["q: högst 500 tecken", "limit: minst 1", "year: ska vara ett heltal"]


def test_upload_names_cannot_leave_the_upload_folder(client: TestClient, api_data: Path) -> None:
    text = (CORPUS / T1_2020).read_text(encoding="utf-8").replace("Kommunstyrelsen", "Testnämnden").encode()
    response = client.post("/documents", files={"file": ("../../../evil.txt", text, "text/plain")}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["document"]["id"] == "evil.txt"  # the name only, never the path
    assert [p.name for p in (api_data / "uploads").rglob("*.txt")] == ["evil.txt"]
    assert not (api_data.parent / "evil.txt").exists()
    hidden = client.post("/documents", files={"file": (".env", b"x", "text/plain")}, headers=AUTH)
    assert hidden.status_code == 400


def test_summaries_related_and_timeline(client: TestClient) -> None:
    draft = client.post("/summaries", json={"query": PANDEMIC}).json()
    assert draft["backend"] == "extractive" and len(draft["sources"]) == 4
    assert "## Källor" in draft["markdown"] and all(f"[{s['n']}]" in draft["markdown"] for s in draft["sources"])
    assert all(any(s["n"] == sentence["source"] for s in draft["sources"]) for sentence in draft["sentences"])
    report = client.post("/summaries", json={"namnd": "Norrmalm", "year": 2021}).json()
    assert report["title"].startswith("Sammanfattning: Verksamhetsberättelse 2021")
    assert client.post("/summaries", json={}).status_code == 400
    assert client.post("/summaries", json={"namnd": "Ingen", "year": 2030}).status_code == 400
    assert client.post("/summaries", json={"query": "x" * 501}).status_code == 422

    activity = draft["sources"][0]["passage_id"]
    related = client.get(f"/passages/{activity}/related")
    assert related.status_code == 200 and related.json()["passage"]["passage_id"] == activity
    body = related.json()
    assert body["assignment"] and all(
        g["relation"] in ("samma uppdrag", "nästa steg", "samma ämne")
        and all(m["relation"] == g["relation"] and m["basis"].startswith(g["relation"]) for m in g["members"])
        for g in body["groups"]
    )
    assert client.get("/passages/0123456789abcdef/related").status_code == 404
    # A follow-up in prose (the 2024 avstämning has no activity table) comes with its sentence,
    # under the heading it stands in, cited at its passage.
    hits = client.get(
        "/search", params={"q": "implementera handlingsplanen för klimatanpassning vid skyfall", "kind": "activity"}
    ).json()
    anchor = next(
        h for h in hits["hits"] if h["citation"]["file"] == "ks-tertialrapport-2-2021.txt" and h["kind"] == "activity"
    )
    members = [m for g in client.get(f"/passages/{anchor['id']}/related").json()["groups"] for m in g["members"]]
    prose = [m for m in members if m["sentence"]]
    assert any(m["citation"]["file"] == "ks-avstamning-mal-och-budget-2024.txt" for m in prose)
    assert all("i löptext" in m["basis"] and len(m["title"].split()) <= 13 for m in prose)
    assert all(m["sentence"] is None for m in members if m["kind"] == "activity")
    timeline = client.get("/timeline", params={"name": "1.2"}).json()
    assert [(e["year"], e["status"]) for e in timeline["entries"] if e["status"]][:2] == [
        (2020, "uppfylls helt"),
        (2021, "uppfylls delvis"),
    ]


def test_a_goal_hit_says_its_level(client: TestClient) -> None:
    """A list under an inriktningsmål mixes its verksamhetsområdesmål and their nämndmål; each goal
    says its level (a new user could not tell them apart)."""
    body = client.get("/search", params={"q": "vilka mål finns under inriktningsmål 2 i verksamhetsplanen 2013"}).json()
    goals = [h for h in body["hits"] if h["kind"] == "goal"]
    assert {h["goal_level"] for h in goals} == {2, 3}
    assert all(h["text"].startswith("2.") for h in goals if h["goal_level"] == 2)
    assert all(h["goal_level"] is None for h in body["hits"] if h["kind"] != "goal")


def test_any_file_name_a_user_has_is_indexed_opened_and_removed(client: TestClient) -> None:
    """A dash, brackets and a comma were refused (400 "ogiltigt värde: filnamn"), and a name sent
    with its letters decomposed (as macOS sends "Ö") was another document than the same name typed."""
    text = (CORPUS / T1_2020).read_text(encoding="utf-8").replace("Kommunstyrelsen", "Provnämnden").encode()
    name = "Uppföljning Östermalm – Gärdet, (2).txt"
    decomposed = unicodedata.normalize("NFD", name)
    response = client.post("/documents", files={"file": (decomposed, text, "text/plain")}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["document"]["id"] == name  # composed, as typed
    for asked in (name, decomposed):
        path = quote(asked)
        assert client.get(f"/documents/{path}").json()["id"] == name
        assert client.get(f"/documents/{path}/source").status_code == 200
    assert client.delete(f"/documents/{quote(decomposed)}", headers=AUTH).status_code == 204
    assert client.get(f"/documents/{quote(name)}").status_code == 404
    dots = client.post("/documents", files={"file": ("Utkast... slutlig.txt", text, "text/plain")}, headers=AUTH)
    assert dots.status_code == 201, dots.text  # dots inside a name climb nowhere
    assert client.delete(f"/documents/{quote('Utkast... slutlig.txt')}", headers=AUTH).status_code == 204
    # What is refused says what and why, in Swedish; an address no route has too.
    hidden = client.post("/documents", files={"file": (".hemlig.txt", b"x", "text/plain")}, headers=AUTH)
    assert hidden.status_code == 400 and ".hemlig.txt" in hidden.json()["detail"]
    assert "inledande punkt" in hidden.json()["detail"]
    nowhere = client.delete("/documents/..%2F..%2Fetc%2Fpasswd", headers=AUTH)
    assert nowhere.status_code in (400, 404) and "Not Found" not in nowhere.text


def test_upload_metadata_in_part_is_refused(client: TestClient) -> None:
    # A nämnd without its report type was dropped and the report filed as "Okänd nämnd" (trial 31).
    text = (CORPUS / T1_2020).read_text(encoding="utf-8").replace("Kommunstyrelsen", "Testnämnden").encode()
    for data, missing in (({"namnd": "Atlantis", "year": "2022"}, "report_type"), ({"year": "2022"}, "namnd och")):
        response = client.post(
            "/documents", files={"file": ("atlantis.txt", text, "text/plain")}, data=data, headers=AUTH
        )
        assert response.status_code == 422 and f"atlantis.txt: {missing}" in response.json()["detail"]
    assert client.get("/health").json()["documents"] == 5
    whole = {"namnd": " Atlantis  stadsdelsnämnd ", "report_type": "Tertialrapport 1", "year": "2022"}
    response = client.post("/documents", files={"file": ("atlantis.txt", text, "text/plain")}, data=whole, headers=AUTH)
    assert response.status_code == 201 and response.json()["document"]["namnd"] == "Atlantis stadsdelsnämnd"
    # Its title the city would give it, not the file's name (trial 32: "skarholmen.txt").
    assert response.json()["document"]["title"] == "Tertialrapport 1 2022 för Atlantis stadsdelsnämnd"
