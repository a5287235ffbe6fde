"""Search on the real corpus index: the pandemic list, filters, citations, highlights, evaluation."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from index.parse.records import ChunkKind
from search.engine import Searcher
from search.evaluate import evaluate, load_gold
from search.query import Filters
from tests.conftest import NORRMALM_2021, T1_2020, T2_2021

GOLD = Path(__file__).resolve().parent.parent / "eval" / "tune.jsonl"


def test_pandemic_deviations_are_exactly_the_four_flagged_activities(searcher: Searcher) -> None:
    result = searcher.search("vilka aktiviteter har avvikelser om pandemin")
    # Read in the reports: ten activities are flagged Avvikelse; the four of T1 2020 give the
    # pandemic as the reason (coronapandemin / coronaviruset), the other six do not.
    assert sorted((h.citation.file, h.citation.line_start) for h in result.hits) == [
        (T1_2020, 160),
        (T1_2020, 162),
        (T1_2020, 171),
        (T1_2020, 711),
    ]
    assert result.total == 4
    assert all(h.chunk.deviation and h.chunk.kind is ChunkKind.ACTIVITY for h in result.hits)
    assert all({"coronapandemin", "coronaviruset"} & set(h.highlights) for h in result.hits)
    assert result.interpretation.topic == "pandemin" and result.interpretation.deviation is True


def test_a_list_question_without_topic_returns_every_match(searcher: Searcher) -> None:
    result = searcher.search("vilka aktiviteter har avvikelser", limit=3)
    assert result.total == len(result.hits) == 10  # the whole list, not the top 3


def test_hits_carry_full_citations(searcher: Searcher) -> None:
    result = searcher.search("hur går det med hemlösheten på Norrmalm")
    assert result.hits and result.interpretation.namnd == "Norrmalms stadsdelsnämnd"
    for hit in result.hits:
        c = hit.citation
        assert c.file == NORRMALM_2021 and c.namnd == "Norrmalms stadsdelsnämnd" and c.year == 2021
        assert c.report and 1 <= c.line_start <= c.line_end
    assert any(h for h in result.hits[:3] if any(w.lower().startswith("hemlös") for w in h.highlights))


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (Filters(namnd="Kommunstyrelsen"), lambda h: h.citation.namnd == "Kommunstyrelsen"),
        (Filters(years=(2021,)), lambda h: h.citation.year == 2021),
        (Filters(kinds=(ChunkKind.INDICATOR,)), lambda h: h.chunk.kind is ChunkKind.INDICATOR),
        (Filters(deviation=True), lambda h: h.chunk.deviation),
    ],
)
def test_filters_hold_for_every_hit(searcher: Searcher, filters: Filters, check) -> None:
    result = searcher.search("trygghet och säkerhet", filters, limit=30)
    assert result.hits and all(check(h) for h in result.hits)


def test_year_and_kind_from_the_question(searcher: Searcher) -> None:
    result = searcher.search("avvikelser i tertialrapport 2 2021")
    assert result.total == 5 and {h.citation.file for h in result.hits} == {T2_2021}


def test_search_modes_and_hybrid_beats_both(searcher: Searcher) -> None:
    gold = load_gold(GOLD)
    assert len(gold) >= 40
    scores = {mode: evaluate(searcher, gold, mode) for mode in ("hybrid", "lexical", "dense")}
    assert scores["hybrid"].ndcg10 > scores["lexical"].ndcg10
    assert scores["hybrid"].ndcg10 > scores["dense"].ndcg10


def test_cli_json_shape(corpus_index, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    result = CliRunner().invoke(app, ["search", "vilka aktiviteter har avvikelser om pandemin", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "query", "interpretation", "total", "hits", "suggestions", "indicators", "indicators_met", "unknown_words",
        "clear", "goals",
    }  # fmt: skip
    assert payload["total"] == 4 and len(payload["hits"]) == 4
    hit = payload["hits"][0]
    assert set(hit) == {"id", "score", "kind", "text", "highlights", "citation", "goal_level", "clear", "values"}
    assert set(hit["citation"]) == {
        "file", "report", "namnd", "year", "period", "goal", "section", "page", "line_start", "line_end",
    }  # fmt: skip


def test_every_gold_snippet_is_in_a_chunk_of_its_file(parsed) -> None:
    from index.parse.chunker import chunk_report
    from search.evaluate import normalise

    texts = {name: [normalise(c.text) for c in chunk_report(report)] for name, report in parsed.items()}
    everything = [
        item
        for name in (
            "tune",
            "heldout",
            "fresh",
            "fresh2",
            "fresh3",
            "fresh4-look",
            "fresh4-blind",
            "fresh5-look",
            "fresh5-blind",
            "fresh6-look",
            "fresh6-blind",
            "fresh7-look",
            "fresh7-blind",
            "fresh8-look",
            "fresh8-blind",
            "fresh9-look",
            "fresh9-blind",
            "fresh10-look",
            "fresh10-blind",
            "fresh11-look",
            "fresh11-blind",
            "fresh12-look",
            "fresh12-blind",
            "fresh13-look",
            "fresh13-blind",
            "fresh14-look",
            "fresh14-blind",
            "fresh15-look",
            "fresh15-blind",
            "fresh16-look",
            "fresh16-blind",
            "compounds-blind",
        )
        for item in load_gold(GOLD.with_name(f"{name}.jsonl"))
    ]
    for item in everything:
        for relevant in item.relevant:
            assert any(normalise(relevant.must_contain) in t for t in texts[relevant.file]), (item.query, relevant)


def test_a_compared_side_is_read_as_a_question_names_it() -> None:
    # A gold line written by a user names the side as users do ("Norrmalm", "KS"); the judge read
    # only the nämnd's full name, and fresh2's two nämnd comparisons scored "not covered".
    from types import SimpleNamespace

    from search.evaluate import _side_of

    hit = SimpleNamespace(citation=SimpleNamespace(namnd="Norrmalms stadsdelsnämnd", year=2021))
    assert _side_of("Norrmalm", hit) and _side_of("Norrmalms stadsdelsnämnd", hit) and _side_of("2021", hit)
    assert not _side_of("Kommunstyrelsen", hit) and not _side_of("KS", hit) and not _side_of("2020", hit)


def test_goals_judged_in_prose_under_their_inriktningsmal(searcher: Searcher) -> None:
    """A new user asked how many verksamhetsområdesmål the 2024 avstämning sets under its economy
    inriktningsmål and how they are judged: "Inga träffar" ("bedöms" was taken for the topic, and
    the goals had no goal above them). The report prints seven, each "uppnås helt"."""
    result = searcher.search(
        "Hur många verksamhetsområdesmål finns under inriktningsmålet om en stabil och hållbar ekonomi 2024, "
        "och hur bedöms de?"
    )
    assert result.total == 7 and all(h.chunk.kind is ChunkKind.GOAL for h in result.hits)
    assert all(h.chunk.citation.year == 2024 and h.chunk.status is not None for h in result.hits)
    assert any(h.chunk.title == "I Stockholm ska alla ges möjlighet till ett eget jobb" for h in result.hits)


def test_a_report_the_index_lacks_answers_nothing(searcher: Searcher) -> None:
    """Norrmalm's budget tables were shown, "tydligt om frågan", for Kungsholmen's 2019 report."""
    result = searcher.search("Hur stor var Kungsholmens stadsdelsnämnds budgetavvikelse i verksamhetsberättelsen 2019?")
    assert result.total == 0 and not result.hits and not result.suggestions
    assert result.interpretation.absent == ("Kungsholmens stadsdelsnämnd", "2019")


def test_a_goal_named_by_its_quoted_title(searcher: Searcher) -> None:
    """A new user quoted a 2024 goal's title: its words were read as the topic, and 15 goals that
    have "Stockholm" and a "-boende" were "tydligt om frågan". The quoted title names the goal: it and
    its analysis passages are the answer."""
    result = searcher.search(
        'Vad säger målet "I Stockholm ska alla ha rätt till ett bra boende som de har råd med" i avstämningen 2024?'
    )
    title = "I Stockholm ska alla ha rätt till ett bra boende som de har råd med"
    assert result.hits and result.hits[0].chunk.kind is ChunkKind.GOAL and result.hits[0].chunk.title == title
    assert all(h.chunk.citation.goal == title for h in result.hits) and result.total == len(result.hits)


def test_piped_output_shows_no_markup(corpus_index, monkeypatch) -> None:
    """A new user piped a search to a file and read "[bold yellow]Stockholm[/bold yellow]" in it: the
    highlights were markup written into the passage's text. They are styles of its spans now."""
    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    result = CliRunner().invoke(app, ["search", "Stockholm boende råd 2024"])
    assert result.exit_code == 0, result.output
    assert "Stockholm" in result.stdout and "[bold" not in result.stdout and "[/" not in result.stdout


def test_a_passage_that_holds_several_gold_items_finds_them_all_and_gains_once() -> None:
    # The 2024 avstämning names three services returning to egen regi in one paragraph: a list that
    # shows that passage is complete. The judge had marked one item per passage (list recall 1/3),
    # and nDCG's ideal had three passages where the index has one.
    from types import SimpleNamespace

    from search.evaluate import GoldItem, judge, score_query

    def hit(file: str, text: str) -> SimpleNamespace:
        return SimpleNamespace(citation=SimpleNamespace(file=file), chunk=SimpleNamespace(text=text))

    items = (GoldItem("a.txt", "Solrosens dagverksamhet"), GoldItem("a.txt", "Tussmötegården återgår"))
    items += (GoldItem("b.txt", "nattpatrull återgår"),)
    both = hit("a.txt", "planerar att Solrosens dagverksamhet samt Tussmötegården återgår i egen regi")
    result = SimpleNamespace(hits=[hit("a.txt", "något annat"), both, hit("b.txt", "hemtjänstens nattpatrull återgår")])
    marks = judge(result, items)
    assert marks == [(), (0, 1), (2,)]
    ndcg, recall, rr, hit5 = score_query(marks, len(items))
    assert recall == 1.0 and rr == 0.5 and hit5 == 1.0
    # Ideal: two passages at ranks 1 and 2; found at ranks 2 and 3.
    assert round(ndcg, 4) == round((1 / math.log2(3) + 1 / math.log2(4)) / (1 + 1 / math.log2(3)), 4)
    # An item not found counts as a passage of its own in the ideal ranking.
    assert score_query([(0, 1)], 3)[1] == 2 / 3 and score_query([(0, 1)], 3)[0] < 1.0


def test_a_figure_of_a_year_no_report_is_from_is_only_where_a_passage_names_the_year(searcher: Searcher) -> None:
    # No report is from 2023: Norrmalm's 2021 result is no answer, and the reading says why.
    result = searcher.search("Hur stort var Norrmalms överskott 2023?")
    assert result.total == 0 and not result.hits
    assert result.interpretation.absent == ("2023",)
    assert result.suggestions  # the nearest passages, shown as uncounted suggestions
    # Nothing about the topic either: the missing year is still what the answer says first.
    neither = searcher.search("Hur många ridskolor fick bidrag 2023?")
    assert neither.total == 0 and neither.interpretation.absent == ("2023",)
    # A later report quotes an earlier year's figure: T1 2020 gives the NKI result for 2019.
    quoted = searcher.search("Hur högt var stadens NKI-helhetsresultat 2019?")
    assert quoted.total >= 1 and all("2019" in h.chunk.text for h in quoted.hits)
    assert "helhetsresultat är 74" in quoted.hits[0].chunk.text
    # The year counts in a sentence on the topic: Norrmalm's 2021 surplus passage names 2019 for its
    # residents ("408 personer för 2019"), and was a question for 2019's surplus's one hit (trial 32).
    surplus = searcher.search("vilket överskott redovisade Norrmalm 2019")
    assert surplus.total == 0 and surplus.interpretation.absent == ("2019",)


def test_any_question_of_a_year_no_report_is_from_is_only_where_a_passage_names_it(searcher: Searcher) -> None:
    """fresh15: "Vilket helhetsresultat … fick staden för år 2022?" asks no "hur mycket", and had 255
    hits of other years. A year no report is from, said as the time asked about, is the answer's
    time in any question; joined to a year a report is from, it is a side with no report."""
    result = searcher.search("Hur gick arbetet med hemlösheten på Norrmalm under 2022?")
    assert result.total == 0 and result.interpretation.absent == ("2022",)
    planned = searcher.search("Vad planerar kommunstyrelsen för 2025?")
    assert planned.total >= 1 and all("2025" in h.chunk.text for h in planned.hits)
    # Joined to 2021, 2022 is a side the index has no report of: said so, and 2021's passages answer.
    sides = searcher.search("Hur förändrades sjukfrånvaron på Norrmalm mellan 2021 och 2022?")
    assert sides.interpretation.absent == ("2022",) and sides.total >= 1
    assert "Sjukfrånvaro" in sides.hits[0].chunk.text and all(h.citation.year == 2021 for h in sides.hits)
    # A year that dates an event is no time asked about: the memorial's activity names no year.
    event = searcher.search("Vad gör staden med minnesmärket efter händelsen på Drottninggatan 2017?")
    assert event.interpretation.absent is None and "minnesmärke" in event.hits[0].chunk.text


def test_a_district_namnd_without_a_report_is_only_where_a_passage_names_it(searcher: Searcher) -> None:
    """Trial 31: "sjukfrånvaro på Södermalms stadsdelsnämnd 2021" had KS's and Norrmalm's rows,
    "tydligt om frågan". The city's reports discuss a district's nämnd only where they name it."""
    sick = searcher.search("sjukfrånvaro på Södermalms stadsdelsnämnd 2021")
    assert sick.total == 0 and sick.interpretation.absent == ("Södermalms stadsdelsnämnd",)
    named = searcher.search("Vad gör Södermalms stadsdelsnämnd mot alkoholförbud?")
    assert named.total >= 1 and all("Södermalm" in h.chunk.text for h in named.hits)
    assert "alkoholförbud" in named.hits[0].chunk.text and named.interpretation.absent is None
    # A district by its place alone is read the same (trial 32: "sjukfrånvaro Östermalm 2021" had KS's and
    # Norrmalm's figures); a question the reports answer by the place keeps the passages that name it.
    place = searcher.search("sjukfrånvaro Östermalm 2021")
    assert place.total == 0 and place.interpretation.absent == ("Östermalm",)
    pilot = searcher.search("alkoholförbud på södermalm")
    assert pilot.total >= 1 and all("Södermalm" in h.chunk.text for h in pilot.hits)
    assert pilot.interpretation.named_only == ("Södermalm",)
    # …and the reading says so: trial 32 saw no nämnd in "Tolkning" and took the answer for Norrmalm's.
    assert named.interpretation.named_only == ("Södermalms stadsdelsnämnd",)
    assert named.interpretation.to_dict()["named_only"] == ["Södermalms stadsdelsnämnd"]


def test_a_figure_of_a_month_is_only_where_a_passage_names_the_month(searcher: Searcher) -> None:
    """T2 2021 gives Stadshuset's visitors in July and June, none in August: a question for August's
    had July's as its answer. A month that bounds a period is no such month, and no word a passage
    must have ("januari–april 2020" is T1 2020's period: its deficit answers)."""
    august = searcher.search("Hur många besökare hade Stadshusets visningar i augusti 2021?")
    assert august.total == 0 and august.interpretation.unnamed == ("augusti 2021",)
    assert august.suggestions and not august.interpretation.absent
    july = searcher.search("How many visitors did the City Hall guided tours have in July 2021?")
    assert july.total >= 1 and all("juli" in h.chunk.text.lower() for h in july.hits)
    assert "4 000 besökare" in july.hits[0].chunk.text
    period = searcher.search("Hur stort var underskottet januari–april 2020?")
    assert period.total > 0 and period.interpretation.unnamed is None
    assert any("-7,0 mnkr" in h.chunk.text or "-7 mnkr" in h.chunk.text for h in period.hits[:5])


def test_two_english_nouns_are_searched_as_the_swedish_compound_the_index_has(searcher: Searcher) -> None:
    """Trial 30's "electricity prices" was "el" and nothing (Folkets gives "prices" no narrow word),
    and the question on the 2024 risk of rising electricity prices answered "Inga träffar"."""
    question = "Which risks does the 2024 budget reconciliation mention about electricity prices?"
    compound = [t for t in searcher.understand(question).terms if t.word == "electricity prices"]
    assert [t.terms for t in compound] == [("elpris",)] and compound[0].optional
    result = searcher.search(question)
    assert result.total > 0 and any("elpris" in h.chunk.text and h.clear for h in result.hits[:5])


def test_filters_that_together_name_no_indexed_report_say_so(searcher: Searcher) -> None:
    """Trial 29's "--namnd Norrmalm --year 2024", "--period T3" and "tertialrapport 1 2021" were told that
    no passage is about the topic; each filter names reports the index has, together none."""
    both = searcher.search("skyddsmaterial", Filters(namnd="Norrmalm", years=(2024,)))
    assert both.total == 0 and both.interpretation.absent == ("Norrmalms stadsdelsnämnd 2024",)
    asked = searcher.search("kostnad för skyddsmaterial i tertialrapport 1 2021")
    assert asked.total == 0 and asked.interpretation.absent == ("T1 2021",)
    # A chosen year no report is from is said once (trial 30: "från 1850 eller 1850").
    assert searcher.search("budget", Filters(years=(1850,))).interpretation.absent == ("1850",)
    # Each alone has reports, and answers.
    assert searcher.search("skyddsmaterial", Filters(years=(2021,))).total > 0
    assert searcher.search("skyddsmaterial i tertialrapport 1").total > 0
