"""Drafts, related activities and timelines on the real corpus index; the LLM backend on a fake server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from index.store import Store
from search.engine import Searcher
from summarise.draft import Draft, to_markdown
from summarise.llm import LLMConfig, rewrite
from summarise.query import query_draft
from summarise.report import report_draft
from summarise.timeline import timeline
from tests.conftest import NORRMALM_2021, T1_2020


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder) -> Searcher:
    return Searcher(Store.open(corpus_index[0]), embedder)


def _normal(text: str) -> str:
    return " ".join(text.split())


def assert_every_sentence_cited(draft: Draft) -> None:
    """Each sentence's quote stands in the passage its marker names; every marker resolves."""
    sources = {s.n: s for s in draft.sources}
    assert draft.sentences()
    for sentence in draft.sentences():
        assert sentence.source in sources, sentence
        assert _normal(sentence.quote) in _normal(sources[sentence.source].text), sentence
    markdown = to_markdown(draft)
    for n, source in sources.items():
        assert f"[{n}]" in markdown and f"{n}. {source.citation.report}" in markdown


def test_report_draft_norrmalm_2021(searcher: Searcher) -> None:
    draft = report_draft(searcher.store, "Norrmalm", 2021)
    assert_every_sentence_cited(draft)
    goals = next(s for s in draft.sections if s.heading == "Måluppfyllelse")
    assert "1 uppfylls delvis, 11 uppfylls helt" in goals.note and "1 uppfylls delvis, 19 uppfylls helt" in goals.note
    assert goals.sentences[2].text == "1.2.1 Tryggt stadsdelsområde – uppfylls delvis"  # after the report's own count
    deviations = next(s for s in draft.sections if s.heading.startswith("Avvikelser"))
    assert deviations.sentences[0].text == "Avvikelse: Team för psykisk ohälsa startas upp i hemtjänst i egen regi"
    assert any("planeras att startas upp under 2022" in s.text for s in deviations.sentences)
    assert all(s.citation.file == NORRMALM_2021 for s in draft.sources)


def test_report_draft_gives_the_pandemic_reasons_of_t1_2020(searcher: Searcher) -> None:
    draft = report_draft(searcher.store, "Kommunstyrelsen", 2020, "T1")
    assert_every_sentence_cited(draft)
    deviations = next(s for s in draft.sections if s.heading.startswith("Avvikelser"))
    reasons = [s.text for s in deviations.sentences if s.text.startswith("Skäl:")]
    assert len([s for s in deviations.sentences if s.text.startswith("Avvikelse:")]) == 4
    assert len(reasons) == 4 and all("corona" in r for r in reasons)
    indicators = next(s for s in draft.sections if s.heading.startswith("Indikatorer"))
    sick = "Sjukfrånvaro: utfall 2,5 %, prognos för helåret 2,5 % mot årsmål 2 %"  # the year's forecast judged
    assert any(s.text.startswith(sick) for s in indicators.sentences)


def test_report_draft_of_an_unknown_namnd_says_so(searcher: Searcher) -> None:
    unknown = "ingen rapport i indexet för 'Kulturnämnden 2030'; ingen rapport för den nämnden"
    with pytest.raises(ValueError, match=unknown):
        report_draft(searcher.store, "Kulturnämnden", 2030)
    with pytest.raises(ValueError, match="för 'Norrmalm 2020'; nämndens rapporter i indexet: 2021 helår"):
        report_draft(searcher.store, "Norrmalm", 2020)


def test_query_draft_is_cited_diverse_and_bounded(searcher: Searcher) -> None:
    draft = query_draft(searcher, "hur går det med hemlösheten på Norrmalm", budget=1200)
    assert_every_sentence_cited(draft)
    texts = [s.text for s in draft.sentences()]
    assert len(texts) == len(set(texts)) >= 3
    assert sum(len(t) for t in texts) <= 1200 + max(len(t) for t in texts)
    assert any("hemlös" in t.lower() for t in texts)
    headings = [s.heading for s in draft.sections]
    assert len(headings) == len(set(headings))  # grouped by goal, the most relevant goal first


def test_query_draft_of_the_pandemic_deviations(searcher: Searcher) -> None:
    draft = query_draft(searcher, "vilka aktiviteter har avvikelser om pandemin")
    assert_every_sentence_cited(draft)
    assert {s.citation.file for s in draft.sources} == {T1_2020} and len(draft.sources) == 4


def test_query_draft_with_no_answer_offers_the_searchs_suggestions_as_uncertain(searcher: Searcher) -> None:
    # "krisberedskap" and "trygghet" name the activities' goal, not the activities: no passage is
    # clearly about the question, and the draft summarises nothing, but it lists what the search
    # offers, marked uncertain: here the three paused activities of T1 2020 (lines 160, 162, 171).
    question = "Vilka aktiviteter inom trygghet och krisberedskap har försenats av pandemin?"
    result = searcher.search(question)
    assert result.total == 0 and result.suggestions
    draft = query_draft(searcher, question)
    assert_every_sentence_cited(draft)
    assert [s.heading for s in draft.sections] == ["Närmaste passager (osäkra förslag)"]
    assert "osäkra" in (draft.sections[0].note or "").lower()
    assert any("ingen sammanfattning" in w for w in draft.warnings)
    assert [s.passage_id for s in draft.sources] == [h.id for h in result.suggestions]
    assert {(s.citation.file, s.citation.line_start) for s in draft.sources} == {(T1_2020, n) for n in (160, 162, 171)}
    # A subject no report covers: the warning names the word no report has.
    uncovered = query_draft(searcher, "Planerar staden att bygga ett planetarium?")
    assert any("«planetarium»" in w for w in uncovered.warnings)


def test_goal_timeline_across_reports(searcher: Searcher) -> None:
    found = timeline(searcher.store, searcher.embedder, "Stockholm är en trygg, säker och välskött stad")
    statuses = [(e.citation.year, e.citation.period, e.citation.namnd, e.status) for e in found.entries if e.status]
    assert statuses == [
        (2020, "T1", "Kommunstyrelsen", "uppfylls helt"),
        (2021, "T2", "Kommunstyrelsen", "uppfylls delvis"),
        (2021, "helår", "Norrmalms stadsdelsnämnd", "uppfylls delvis"),
    ]
    by_number = timeline(searcher.store, searcher.embedder, "1.2")
    assert {e.passage_id for e in found.entries} == {e.passage_id for e in by_number.entries}


class _FakeLLM(BaseHTTPRequestHandler):
    answer: ClassVar[str] = ""
    prompts: ClassVar[list[str]] = []  # shared by the test and its handler

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).prompts.append(body["messages"][-1]["content"])
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": type(self).answer}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake_llm() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_llm_output_is_kept_only_when_every_sentence_cites_a_given_passage(searcher: Searcher, fake_llm: str) -> None:
    draft = query_draft(searcher, "vilka aktiviteter har avvikelser om pandemin")
    config = LLMConfig(url=fake_llm, model="fake-model")

    _FakeLLM.answer = "Fyra aktiviteter har pausats på grund av pandemin [1][2]. Intäktsmodellen är försenad [4]."
    fluent = rewrite(draft, config)
    assert fluent.backend == "fake-model" and not fluent.warnings
    assert [(s.text, s.source) for s in fluent.sentences()] == [
        ("Fyra aktiviteter har pausats på grund av pandemin.", 1),
        ("Intäktsmodellen är försenad.", 4),
    ]
    assert "coronapandemin" in _FakeLLM.prompts[-1]  # it received the passages, numbered

    for bad in ("Allt gick bra.", "Pandemin påverkade arbetet [9].", ""):
        _FakeLLM.answer = bad
        kept = rewrite(draft, config)
        assert kept.backend == "extractive" and kept.sections == draft.sections
        assert kept.warnings and "extraktiva utkastet" in kept.warnings[-1]


def test_llm_unreachable_falls_back(searcher: Searcher) -> None:
    draft = query_draft(searcher, "vilka aktiviteter har avvikelser om pandemin")
    kept = rewrite(draft, LLMConfig(url="http://127.0.0.1:9/v1", model="m", timeout=2))
    assert kept.backend == "extractive" and "svarade inte" in kept.warnings[-1]


def test_a_list_questions_draft_leads_with_the_list(searcher: Searcher) -> None:
    """Read in T2 2021: five activities are flagged. A new user's draft of this question quoted their
    analyses and named none of them."""
    draft = query_draft(searcher, "Vilka aktiviteter har avvikelse i kommunstyrelsens tertialrapport 2 2021?")
    listing = draft.sections[0]
    assert listing.heading == "Förteckning" and len(listing.sentences) == 5
    assert all(s.text.endswith("(avvikelse)") for s in listing.sentences)
    assert any("förmånscykel" in s.quote for s in listing.sentences)
    # Every sentence, listed or quoted, cites a source of the draft, numbered in order of first use.
    assert [s.n for s in draft.sources] == list(range(1, len(draft.sources) + 1))
    assert all(1 <= s.source <= len(draft.sources) for s in draft.sentences())
    cited = {s.source for s in draft.sentences()}
    assert all(draft.sources[n - 1].text for n in cited)


def test_a_query_drafts_headings_are_its_sentences_goals_or_sections(searcher: Searcher) -> None:
    """A sentence outside any goal is headed by the report's section it is from: a new user found the
    answer to a question on Stadshuset's visningar under "Övrigt", where every such passage went."""
    draft = query_draft(searcher, "Hur har pandemin påverkat Stadshusets visningar och intäkter?")
    sources = {s.n: s.citation for s in draft.sources}
    assert draft.sections and all(s.heading != "Övrigt" for s in draft.sections)
    for section in draft.sections:
        for sentence in section.sentences:
            c = sources[sentence.source]
            assert section.heading == (c.goal or c.section), (section.heading, c)
