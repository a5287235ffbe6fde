"""POST /summaries/docx: the same draft as POST /summaries, as a Word file."""

from __future__ import annotations

import io

import docx
from fastapi.testclient import TestClient

from summarise.docx_export import DOCX_MEDIA


def test_a_draft_as_word(client: TestClient) -> None:
    asked = {"namnd": "Kommunstyrelsen", "year": 2021, "period": "T2"}
    response = client.post("/summaries/docx", json=asked)
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX_MEDIA
    assert "sammanfattning.docx" in response.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    draft = client.post("/summaries", json=asked).json()
    assert draft["sections"][0] == {"heading": "Ekonomi", "note": None}
    for sentence in draft["sentences"]:
        assert f"{sentence['text']} [{sentence['source']}]" in text
    assert f"[{len(draft['sources'])}] Tertialrapport 2 2021 för kommunstyrelsen" in text


def test_word_errors_are_swedish(client: TestClient) -> None:
    assert client.post("/summaries/docx", json={}).json()["detail"].startswith("ange en nämnd")
    assert client.post("/summaries/docx", json={"namnd": "Ingen", "year": 2030}).status_code == 400
