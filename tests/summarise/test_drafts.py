"""Drafts that lead with what matters, quote only prose, state only figures their sources state,
cover every side of a comparison, and export to Word; on the real corpus index."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from api.cli import app
from index.parse.numbers import parse_number
from index.parse.records import ChunkKind, GoalLevel, GoalStatus
from index.store import ChunkFilter, Store
from search.engine import Searcher
from search.indicators import Direction, IndicatorFilter, indicator_rows, met
from summarise.docx_export import to_docx
from summarise.draft import Draft
from summarise.query import EXPECTED_LABEL, query_draft
from summarise.report import report_draft
from summarise.sentences import MIN_ANALYSIS_WORDS, MIN_WORDS, is_prose, sentences
from tests.conftest import ALL_REPORTS, AVST_2024, NORRMALM_2021, T1_2020, T2_2021, VP_2013
from tests.summarise.test_summarise import assert_every_sentence_cited

REPORTS = {  # file → (nämnd, year, period) as a draft is asked for
    T1_2020: ("Kommunstyrelsen", 2020, "T1"),
    T2_2021: ("Kommunstyrelsen", 2021, "T2"),
    VP_2013: ("Kommunstyrelsen", 2013, None),
    AVST_2024: ("Kommunstyrelsen", 2024, None),
    NORRMALM_2021: ("Norrmalm", 2021, None),
}
QUESTIONS = (
    "hur går det med hemlösheten på Norrmalm",
    "jämför sjukfrånvaron 2020 och 2021",
    "trygghet",
    "hur har pandemin påverkat ekonomin",
)
# A figure as a draft states it: a number with the unit that makes it a figure.
FIGURE = re.compile(r"([-−–]?\d[\d  ]*(?:,\d+)?)\s*(mnkr|mdkr|tkr|%|procent)(?![\wåäö])", re.I)


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder) -> Searcher:
    return Searcher(Store.open(corpus_index[0]), embedder)


@pytest.fixture(scope="module")
def drafts(searcher: Searcher) -> dict[str, Draft]:
    out = {file: report_draft(searcher.store, *asked) for file, asked in REPORTS.items()}
    out.update({question: query_draft(searcher, question) for question in QUESTIONS})
    return out


def _figures(text: str) -> set[tuple[float, str]]:
    found = set()
    for number, unit in FIGURE.findall(text):
        value, _ = parse_number(number)
        if value is not None:
            found.add((abs(value), "%" if unit.lower() == "procent" else unit.lower()))
    return found


def _section(draft: Draft, heading: str):
    return next(s for s in draft.sections if s.heading.startswith(heading))


def test_a_draft_for_each_report_leads_with_the_economy(drafts: dict[str, Draft]) -> None:
    for file in ALL_REPORTS:
        draft = drafts[file]
        assert_every_sentence_cited(draft)
        assert [s.heading for s in draft.sections][:5] == [
            "Ekonomi",
            "Måluppfyllelse",
            "Risker",
            "Avvikelser och deras skäl",
            "Indikatorer som inte når målet",
        ], file
        assert {s.citation.file for s in draft.sources} <= {file}


def test_the_result_or_prognosis_and_its_reasons(drafts: dict[str, Draft]) -> None:
    """Read in the reports: KS T1 2020 −7,0 mnkr (the pandemic), T2 2021 55 mnkr, Norrmalm 47,3 mnkr."""
    t1 = _section(drafts[T1_2020], "Ekonomi").sentences
    assert t1[0].text.startswith("Prognos:") and "-7 mnkr" in t1[0].text
    assert any(s.text.startswith("Skäl:") and "coronapandemin" in s.text for s in t1[1:])
    t2 = _section(drafts[T2_2021], "Ekonomi").sentences
    assert t2[0].text.startswith("Prognos:") and "överskott om 55 mnkr" in t2[0].text
    # A surplus is explained by what improved it (lines 3063–3066), before the pandemic's costs, which
    # worsened it: a new user read the first three causal sentences, all of costs, as its reasons.
    reasons = [s.text for s in t2 if s.text.startswith("Skäl:")]
    assert "Lägre personalkostnader" in reasons[0] and "politiska organisationen" in reasons[1]
    # A cause that does not say which way it moves the result is shown as one, not as a reason for the
    # surplus (trial 27): "Pandemin har stor påverkan på utfall och prognos".
    assert not any("Pandemin har stor påverkan" in r for r in reasons)
    assert any(s.text.startswith("Påverkan: Pandemin har stor påverkan") for s in t2)
    norrmalm = _section(drafts[NORRMALM_2021], "Ekonomi").sentences
    assert norrmalm[0].text.startswith("Resultat:") and "överskott om 47,3 mnkr" in norrmalm[0].text
    assert any("förklaring till överskottet" in s.text for s in norrmalm[1:])
    # A part's result ("Äldreomsorgen visar ett överskott om 35,4 mnkr") is not the nämnd's.
    assert not any("35,4" in s.text for s in norrmalm)
    # The parts in deficit follow, the largest first, each amount once (read in the report: lines
    # 5449–5450, 5676, 5679): ekonomiskt bistånd −6,5 and stöd och service −4,9 mnkr among them.
    parts = [s.text for s in norrmalm if s.text.startswith("Underskott inom en del av verksamheten:")]
    assert 1 <= len(parts) <= 3 and any("6,5 mnkr" in p and "4,9 mnkr" in p for p in parts)
    assert sum("6,5 mnkr" in p for p in parts) == 1 and not any("överskott" in p for p in parts)
    assert any("It-prislistan" in s.text for s in t2 if s.text.startswith("Underskott inom en del av verksamheten:"))
    for report in REPORTS:  # a reason of the whole is not listed again as a part's deficit
        quotes = [s.quote for s in _section(drafts[report], "Ekonomi").sentences]
        assert len(quotes) == len(set(quotes)), report
    # The avstämning decides budgets and reports no result; the plan states its budget in a table only.
    assert all(s.text.startswith("Budget:") for s in _section(drafts[AVST_2024], "Ekonomi").sentences)
    # The plan's one budget sentence in kronor stands after its budget table, whose cells the text
    # joined to it (and the page's number inside it): a new user found "ingen budget i kronor".
    plan = _section(drafts[VP_2013], "Ekonomi")
    assert [s.text for s in plan.sentences] == [
        "Budget: Kontoret har en investeringsbudget för Stadshusets lokaler om 2 miljoner kronor för 2013 ."
    ]


def test_deviation_reasons_come_from_the_typed_analysis(searcher: Searcher, parsed) -> None:
    rowids = searcher.store.filter_rowids(ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True, files=(T1_2020,)))
    stored = searcher.store.chunks(rowids)
    analyses = {a.analysis for a in parsed[T1_2020].deviations}
    assert len(stored) == 4 and {c.chunk.analysis for c in stored} == analyses


def test_a_parts_deficit_says_whose_it_is(drafts: dict[str, Draft]) -> None:
    """T1 2020's "För helåret prognostiseras intäkterna minska … underskott på cirka 1,5 mnkr" names no
    part; the sentence before it does (upplåtelseverksamheten i Stadshuset), and is shown with it. A
    sentence that opens with its subject ("Hemtjänsten har ett underskott om 2,7 mnkr") stands alone."""
    t1 = [s.text for s in _section(drafts[T1_2020], "Ekonomi").sentences if s.text.startswith("Underskott inom en")]
    assert any("upplåtelseverksamheten i Stadshuset" in t and "1,5 mnkr" in t for t in t1), t1
    norrmalm = [s.text for s in _section(drafts[NORRMALM_2021], "Ekonomi").sentences]
    assert "Underskott inom en del av verksamheten: Hemtjänsten har ett underskott om 2,7 mnkr." in norrmalm


def test_goal_counts_and_the_goals_not_fully_met(drafts: dict[str, Draft], parsed) -> None:
    """Counted per level, as the report's own headline counts one ("elva av tolv KF-mål uppfylls helt",
    line 5): one count over both levels was read as the report's by a new user. The counts are the
    parsed report's goals'."""
    goals = _section(drafts[NORRMALM_2021], "Måluppfyllelse")
    report = parsed[NORRMALM_2021].goals
    kf = [g for g in report if g.level is GoalLevel.KF_MAL and g.status is not None]
    own = [g for g in report if g.level is GoalLevel.NAMNDMAL and g.status is not None]
    kf_helt = sum(g.status is GoalStatus.HELT for g in kf)
    assert (len(kf), kf_helt) == (12, 11)  # as the report's headline says
    # The count says where its goals are, as a count cites no one passage (trial 27: the only lines
    # not traceable): from the first goal heading's line to the last one's end.
    lines = [g.source.line_start for g in report if g.status is not None]
    end = max(g.source.line_end for g in report if g.status is not None)
    assert goals.note == (
        f"{len(kf) + len(own)} mål med bedömning (målrubrikerna på rad {min(lines)}–{end}): "
        f"{len(kf)} verksamhetsområdesmål (1 uppfylls delvis, "
        f"{kf_helt} uppfylls helt), {len(own)} nämndmål (1 uppfylls delvis, {len(own) - 1} uppfylls helt)."
    )
    listed = [s for s in goals.sentences if " – " in s.text]
    assert [s.text.rsplit(" – ", 1)[1] for s in listed] == ["uppfylls delvis", "uppfylls delvis"]


def test_the_reports_own_goal_count_leads_cited_and_checked(drafts: dict[str, Draft], parsed) -> None:
    """Norrmalm's summary counts its KF goals itself ("elva av … tolv mål … helt … ett … delvis", lines
    5–6): the draft quotes it, cited, first among the goals, and it agrees with the goal headings (12, 11
    helt) so no warning is added; its per-goal "fyra av fem verksamhetsområdesmål" (line 117) counts
    fewer and is not the headline. The four KS reports count none and quote none."""
    goals = _section(drafts[NORRMALM_2021], "Måluppfyllelse")
    first = goals.sentences[0]
    assert first.text.startswith("Rapportens egen sammanfattning: Förvaltningen bedömer att elva av")
    assert "ett uppfylls delvis" in first.text and "räknar annorlunda" not in first.text
    source = drafts[NORRMALM_2021].sources[first.source - 1].citation
    assert source.file == NORRMALM_2021 and source.line_start <= 5 <= source.line_end
    for file in (T1_2020, T2_2021, VP_2013, AVST_2024):
        assert not any("Rapportens egen" in s.text for s in _section(drafts[file], "Måluppfyllelse").sentences)


def test_a_reports_own_count_that_the_goal_headings_do_not_bear_out_is_said(searcher: Searcher) -> None:
    """Checked against Norrmalm's goal headings: 11 of 12 KF goals "helt" agrees; a count the headings
    do not give at any level (a heading the parser missed, a report that miscounts) is flagged."""
    from summarise.report import headline_agrees

    rowids = searcher.store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,), files=(NORRMALM_2021,)))
    goals = [c for c in searcher.store.chunks(rowids) if c.chunk.status is not None]
    assert headline_agrees(goals, (11, 12))
    assert not headline_agrees(goals, (12, 12)) and not headline_agrees(goals, (11, 13))
    kf_helt = next(c for c in goals if c.chunk.level is GoalLevel.KF_MAL and c.chunk.status is GoalStatus.HELT)
    assert not headline_agrees([c for c in goals if c is not kf_helt], (11, 12))  # one heading lost


def test_only_whole_prose_sentences_are_quoted(drafts: dict[str, Draft]) -> None:
    """Every quoted sentence (not a goal, activity or indicator name) is prose, never a table row."""
    labels = ("Avvikelse:", "Teman", "Måluppfyllelse", "Indikatorer")
    for name, draft in drafts.items():
        for section in draft.sections:
            for sentence in section.sentences:
                is_label = section.heading.startswith(labels[1:]) or sentence.text.startswith(labels[0])
                # A reason is a sentence of an Analys, a field of its own: a short one counts.
                shortest = MIN_ANALYSIS_WORDS if sentence.text.startswith(("Skäl:", "Ur analysen:")) else MIN_WORDS
                if not is_label:
                    assert is_prose(sentence.quote, shortest), (name, sentence.quote)


def test_a_sentence_after_a_table_joined_to_it_is_its_own() -> None:
    from summarise.sentences import sentences

    joined = "KS förslag till budget 1 385,60 -46,60 1 339,00 Investeringar Kontoret har en budget om 2 mnkr."
    assert sentences(joined) == ["Kontoret har en budget om 2 mnkr."]
    # Numbers in prose stand one or two together, never three: the sentence is kept whole.
    assert sentences("Under 2013 avsätts 18 miljoner kronor för 2013 års löner.") == [
        "Under 2013 avsätts 18 miljoner kronor för 2013 års löner."
    ]


def test_a_query_draft_says_a_goals_judgement_and_its_expected_result(searcher: Searcher) -> None:
    """Trial 30's draft on safety in Norrmalm quoted the goal's "Förväntat resultat" ("Invånare …
    upplever att stadsdelsområdet är tryggt") as a fact, and never said the goals are met in part."""
    draft = query_draft(searcher, "hur är tryggheten på Norrmalm")
    headings = [section.heading for section in draft.sections]
    assert "1.2.1 Tryggt stadsdelsområde (uppfylls delvis)" in headings
    quoted = [s.text for section in draft.sections for s in section.sentences]
    expected = [t for t in quoted if "upplever att stadsdelsområdet är tryggt" in t]
    assert expected and all(t.startswith(EXPECTED_LABEL) for t in expected)
    assert not any(t.startswith(EXPECTED_LABEL) for t in quoted if "84 procent" in t)  # an outcome stays one
    # A tertial report's judgement is a forecast of the year, said as a report's draft says it.
    pandemic = query_draft(searcher, "vilka aktiviteter har avvikelser om pandemin")
    assert any(section.heading.endswith("(prognos för helåret: uppfylls helt)") for section in pandemic.sections)


def test_a_partys_reservation_is_said_to_be_one(searcher: Searcher) -> None:
    """Trial 31: "Kommunstyrelsen 2013: 200 miljoner avsätts till … sociala investeringsfonden" is
    Miljöpartiet's reservation in KS's plan, not the nämnd's decision; the S reservation likewise."""
    draft = query_draft(searcher, "sociala investeringsfonden")
    quoted = [s.text for section in draft.sections for s in section.sentences]
    fund = [t for t in quoted if "200 miljoner avsätts" in t]
    assert fund and all(t.startswith("Reservation (MP) i Kommunstyrelsen 2013: ") for t in fund)
    assert any(t.startswith("Reservation (S) i Kommunstyrelsen 2013: ") for t in quoted)
    assert all(t.startswith("Kommunstyrelsen 2024: ") for t in quoted if "Eftervård" in t)  # the nämnd's own


def test_a_query_draft_with_nothing_found_says_which_time_or_report_is_missing(searcher: Searcher) -> None:
    """The search's reason is the draft's warning: a month no passage names, a year no report is from."""
    august = query_draft(searcher, "Hur många besökare hade Stadshusets visningar i augusti 2021?")
    assert "Inget stycke om frågan nämner augusti 2021." in august.warnings
    later = query_draft(searcher, "Hur stort var Norrmalms överskott 2023?")
    assert "Ingen rapport i indexet är från 2023." in later.warnings


def test_a_heading_is_cut_from_a_sentence_but_no_subject() -> None:
    """A heading the text layer joined to its paragraph is cut; a sentence's subject is not (trial 30:
    "Lokalpolisområde Norrmalm ingår …" was quoted "Norrmalm ingår …", and "Stadsledningskontoret
    ansvarar … för förvaltning av nuvarande Sociala system och kommer …" from "Sociala system")."""
    from summarise.sentences import sentences

    kept = "Lokalpolisområde Norrmalm ingår i samtliga platssamverkanssatsningar inom stadsdelsområdet."
    assert sentences(kept) == [kept]
    verb = "Stadsledningskontoret ansvarar idag för förvaltning av nuvarande Sociala system och kommer att utreda."
    assert sentences(verb) == [verb]
    assert sentences("Sjukfrånvaro Förvaltningen har arbetat aktivt med att sänka sjukfrånvaron under året.") == [
        "Förvaltningen har arbetat aktivt med att sänka sjukfrånvaron under året."
    ]
    glued = "Särskilda insatser i trygghetsarbetet Norrmalms stadsdelsförvaltning har platssamverkan inom tre områden."
    assert sentences(glued) == ["Norrmalms stadsdelsförvaltning har platssamverkan inom tre områden."]
    # A goal's title states, and a capitalised function word after it opens the sentence (trial 31).
    title = "Parker och grönområden är välskötta, tillgängliga och välkomnande Den pågående pandemin har ökat besöken."
    assert sentences(title) == ["Den pågående pandemin har ökat besöken."]


def test_a_number_ends_a_sentence_unless_it_labels_the_text() -> None:
    """The 2024 avstämning's "… i bilaga 3. En väsentlig risk …" was one sentence, and a risk was quoted
    with the sentence before it; a label's number ("Figur 1.") opens its text and ends nothing."""
    from summarise.sentences import sentences

    text = "Nämndernas prognoser redovisas i bilaga 3. En väsentlig risk är att bostadsbyggandet avstannar."
    assert sentences(text) == [
        "Nämndernas prognoser redovisas i bilaga 3.",
        "En väsentlig risk är att bostadsbyggandet avstannar.",
    ]
    assert sentences("Figur 1. Stockholms befolkning växer snabbt under perioden.") == [
        "Figur 1. Stockholms befolkning växer snabbt under perioden."
    ]
    assert len(sentences("Detta gäller t.ex. Stockholm och s.k. Bromma flygplats i år.")) == 1


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Stadsledningskontoret bedömer att verksamhetsområdets årsmål kommer att uppnås helt under 2024.", "helt"),
        ("Det finns risk att årsmål gällande nöjdhet med renhållning inte uppnås.", "inte"),
        ("Målet bedöms inte kunna nås.", "inte"),
        ("Målet bedöms uppfyllas delvis.", "delvis"),
        # A negation away from the verb of reaching is no verdict on the goal.
        ("Målet bedöms uppnås helt, trots att indikatorn inte har ökat.", "helt"),
    ],
)
def test_a_prose_assessments_verdict(sentence: str, verdict: str) -> None:
    from summarise.report import _verdict

    assert _verdict(sentence) == verdict


def test_a_short_sentence_of_an_analys_is_a_reason(drafts: dict[str, Draft]) -> None:
    # Read in T2 2021 (line 1184): the cykel reward's Analys, "Upphandling genomförd. Inga anbud har
    # inkommit. Utredning av alternativ lösning pågår."; a new user found its reason dropped.
    analysed = ("Skäl:", "Ur analysen:")
    reasons = [s.quote for s in _section(drafts[T2_2021], "Avvikelser").sentences if s.text.startswith(analysed)]
    assert "Inga anbud har inkommit." in reasons
    assert not any(len(r.split()) < MIN_ANALYSIS_WORDS for r in reasons)


def test_is_prose_rejects_table_rows_and_cut_off_fragments() -> None:
    # As the reports print them: a budget row, an indicator row, a wrapped line, a heading.
    assert not is_prose("Summa netto 1 421,7 451,1 1 428,7 -7,0")
    assert not is_prose("Sjukfrånvaro 9,4 % 6,8 % 9,8 % 9,8 % 8,5 % Tas fram av nämnd/s tyrelse VB 2021")
    assert not is_prose("vilket är betydligt större än vad som tidigare prognostiserats under året.")
    assert not is_prose("Uppföljning av driftbudget")
    assert is_prose("Kommunstyrelsen prognostiserar ett nettounderskott om -7,0 mnkr.")
    assert sentences("Sjukfrånvaro Förvaltningen har systematiskt arbetat med sjukfrånvaron.") == [
        "Förvaltningen har systematiskt arbetat med sjukfrånvaron."
    ]
    assert sentences("Dessa insatser minskade i hemtjänst. Därmed har kostnaderna blivit lägre.") == [
        "Dessa insatser minskade i hemtjänst.",
        "Därmed har kostnaderna blivit lägre.",
    ]


def test_every_figure_a_draft_states_stands_in_its_cited_passage(drafts: dict[str, Draft]) -> None:
    checked = 0
    for name, draft in drafts.items():
        sources = {s.n: s for s in draft.sources}
        for sentence in draft.sentences():
            figures = _figures(sentence.text)
            missing = figures - _figures(sources[sentence.source].text)
            assert not missing, (name, sentence.text, missing)
            checked += len(figures)
    assert checked >= 20  # the drafts do state figures: mnkr in Ekonomi, % in indicators


def test_indicators_that_miss_their_target_by_direction(drafts: dict[str, Draft]) -> None:
    assert met(1.9, 2.5, Direction.LOWER) and not met(9.4, 8.5, Direction.LOWER)
    assert met(86, 82, Direction.HIGHER) and not met(77, 84, Direction.HIGHER)
    norrmalm = _section(drafts[NORRMALM_2021], "Indikatorer").sentences
    assert any(s.text.startswith("Antal vräkningar som berör barn: utfall 1 mot årsmål 0 (lägre") for s in norrmalm)
    t2 = _section(drafts[T2_2021], "Indikatorer")
    # Sjukfrånvaro 1,9 % against 2,5 %: lower is better, so it is met and not listed.
    assert not any(s.quote == "Sjukfrånvaro" for s in t2.sentences)
    t1 = _section(drafts[T1_2020], "Indikatorer")
    # A tertial's row is judged by the report's forecast for the year where it gives one: short-term sick
    # leave, 0,8 % by April, is forecast 1,2 % against 1 % (a new user's finding: it had been "met").
    shown = [s.text for s in t1.sentences]
    expected = (
        "Sjukfrånvaro: utfall 2,5 %, prognos för helåret 2,5 % mot årsmål 2 % (lägre",
        "Sjukfrånvaro dag 1-14: utfall 0,8 %, prognos för helåret 1,2 % mot årsmål 1 % (lägre",
    )
    assert all(any(t.startswith(start) for t in shown) for start in expected)
    # A tertial's count ("Antal tillhandahållna platser för feriejobb", 0 of 8 in April) is judged by the
    # report's forecast for the year, 7, and says so; one without a forecast waits for the year.
    assert any(
        s.text.startswith(
            "Antal tillhandahållna platser för feriejobb: utfall 0 st, prognos för helåret 7 st mot årsmål 8"
        )
        for s in t1.sentences
    )
    assert not any(s.quote.startswith("Antal tillhandahållna platser för Stockholmsjobb") for s in t1.sentences)
    assert "bedöms först vid helår" in t1.note


def test_sure_misses_lead_and_assumed_directions_are_named(drafts: dict[str, Draft]) -> None:
    """Read in Norrmalm 2021: "Antal personal en hemtjänsttagare … möter" (line 3485, 12,1 against 10)
    improves as it falls, and its Analys says "årsmål uppnås inte"; "Antal personer med avslutad
    etableringsersättning som inte är självförsörjande" (line 529, 5 against 30) has no Analys, and
    fewer is better: the name says nothing of the direction, so it is no sure miss."""
    section = _section(drafts[NORRMALM_2021], "Indikatorer")
    shown = section.sentences
    assert any(
        s.quote.startswith("Antal personal en hemtjänsttagare") and "(enligt rapportens analys)" in s.text
        for s in shown
    )
    assert not any(s.quote.startswith("Antal personer med avslutad etableringsersättning") for s in shown)
    # Every miss shown is sure (the Analys says so, or the direction is known), since there are more
    # such than the section shows; the assumed ones are counted in the note.
    assert all(
        s.text.endswith(
            (
                "(enligt rapportens analys)",
                "(delvis, enligt rapportens analys: Gul)",
                "(lägre är bättre)",
                "(utanför spannet, som gäller åt båda hållen)",
            )
        )
        for s in shown
    )
    assumed = re.search(
        r"varav (\d+) bedömda? med antagandet att högre är bättre \(rapporten anger inte om högre eller lägre",
        section.note,
    )
    assert assumed and int(assumed.group(1)) > 0


def test_themes_are_goal_areas(drafts: dict[str, Draft]) -> None:
    themes = _section(drafts[NORRMALM_2021], "Teman").sentences
    assert len(themes) == 5 and all(re.match(r"\d\.\d ", s.quote) for s in themes)
    assert any(s.quote.startswith("1.5 I Stockholm har äldre") for s in themes)
    # The avstämning's goals stand in its prose without numbers (`index.parse.assessed`): its areas
    # are its KF-mål, by title, with their passages counted.
    avst = _section(drafts[AVST_2024], "Teman").sentences
    assert len(avst) == 5 and all(re.search(r"\(\d+ passager\)$", s.text) for s in avst)
    assert any(s.quote.startswith("Alla barn ska ges likvärdig möjlighet") for s in avst)


def test_a_comparison_covers_every_year_it_names(drafts: dict[str, Draft]) -> None:
    draft = drafts["jämför sjukfrånvaron 2020 och 2021"]
    assert_every_sentence_cited(draft)
    sources = {s.n: s for s in draft.sources}
    assert [s.heading for s in draft.sections] == ["2020", "2021"]
    for section in draft.sections:
        assert section.sentences, section.heading
        assert all(str(sources[s.source].citation.year) == section.heading for s in section.sentences)


def test_a_sentence_from_another_namnd_names_it(drafts: dict[str, Draft]) -> None:
    draft = drafts["trygghet"]
    sources = {s.n: s for s in draft.sources}
    assert len({s.citation.namnd for s in draft.sources}) > 1  # the question draws on both nämnder
    for sentence in draft.sentences():
        assert sentence.text.startswith(sources[sentence.source].citation.namnd), sentence.text


def test_a_sentence_from_another_report_of_the_same_namnd_names_its_year(drafts: dict[str, Draft]) -> None:
    # Kommunstyrelsen's 2020, 2021 and 2024 reports: a new user read the mixed years as one.
    draft = drafts["hur har pandemin påverkat ekonomin"]
    sources = {s.n: s for s in draft.sources}
    assert len({s.citation.file for s in draft.sources}) > 1
    for sentence in draft.sentences():
        assert f" {sources[sentence.source].citation.year}" in sentence.text.split(":", 1)[0], sentence.text


def test_a_query_draft_leads_with_the_searchs_best_passages(searcher: Searcher, drafts: dict[str, Draft]) -> None:
    # Ordered by goal number, the first sentence was from a gold passage for 0.22 of the tune
    # questions (0.18 held-out); the goal of the most relevant sentence leads now (README, Drafts).
    for question in ("hur går det med hemlösheten på Norrmalm", "hur har pandemin påverkat ekonomin"):
        best = {h.id for h in searcher.search(question, limit=3).hits}
        # After the economy, which a question about it leads with (`test_a_question_about_the_economy…`)
        first = next(x for x in drafts[question].sections if x.heading != "Ekonomi").sentences[0]
        assert {s.passage_id for s in drafts[question].sources if s.n == first.source} <= best, first.text


def test_a_question_about_the_economy_leads_with_the_result(searcher: Searcher, drafts: dict[str, Draft]) -> None:
    """As a nämnd's draft does: each report's result or prognosis and its reasons, cited, named by its
    report where the draft draws on several. A new user's question on the pandemic's effect on
    Kommunstyrelsen's "aktiviteter och ekonomi 2020" got a draft without T1 2020's −7 mnkr. A question
    on another subject gets no economy."""
    draft = query_draft(searcher, "Hur har coronapandemin påverkat kommunstyrelsens aktiviteter och ekonomi 2020?")
    assert_every_sentence_cited(draft)
    economy = draft.sections[0]
    assert economy.heading == "Ekonomi" and economy.sentences[0].text.startswith("Prognos: ")
    assert "-7 mnkr" in economy.sentences[0].text
    assert {draft.sources[x.source - 1].citation.file for x in economy.sentences} == {T1_2020}
    several = drafts["hur har pandemin påverkat ekonomin"]
    assert several.sections[0].heading == "Ekonomi"
    named = {f"{x.citation.namnd} {x.citation.year}" for x in several.sources}
    assert all(any(x.text.startswith(n) for n in named) for x in several.sections[0].sentences)
    assert all(x.heading != "Ekonomi" for x in drafts["hur går det med hemlösheten på Norrmalm"].sections)
    # A report that states no result (the 2024 avstämning's budget adjustments of the nämnder) does not
    # lead a question about the economy, and a sentence the lead quotes is not quoted again (trial 27).
    pandemic = query_draft(searcher, "hur påverkade coronapandemin kommunstyrelsens ekonomi")
    lead = pandemic.sections[0]
    assert lead.heading == "Ekonomi" and not any("Budget: " in x.text for x in lead.sentences)
    quotes = [x.quote for x in pandemic.sentences()]
    assert len(quotes) == len(set(quotes))
    # Below the lead, amounts in kronor the question's subject brought are quoted (trial 29: the draft
    # had no figure but the result's, and left out the pandemic's state grant of 45 mnkr).
    body = [x.text for section in pandemic.sections[1:] for x in section.sentences]
    assert any("statsbidrag om totalt 45" in text for text in body)


def test_a_records_analys_sentence_names_its_record(searcher: Searcher) -> None:
    """An Analys's sentence shown without its activity's title is led by the title: "Aktiviteten har
    påbörjats … fått pausas" (T1 2020, the Storstockholms brandförsvar activity) told a new user
    nothing of which activity. Where the title is itself a sentence of the draft, it is not repeated."""
    draft = query_draft(searcher, "Hur har coronapandemin påverkat kommunstyrelsens aktiviteter och ekonomi 2020?")
    paused = next(x.text for x in draft.sentences() if "fått pausas" in x.text)
    assert paused.startswith("«Kommunstyrelsen ska utreda hur relationen mellan Storstockholms Brandförsvaret")
    resting = next(x.text for x in draft.sentences() if "krigsplacering varit vilande" in x.text)
    assert not resting.startswith("«")  # its activity's title is the sentence before it
    # An indicator's name is no sentence ("Sjukfrånvaro dag 1-14"): its Analys's sentences name it.
    sick = query_draft(searcher, "hur har sjukfrånvaron utvecklats")
    by_n = {x.n: searcher.store.chunk_by_id(x.passage_id).chunk for x in sick.sources}
    first_of_row = {}  # each row's first sentence names it; the rest follow it
    for x in sick.sentences():
        if by_n[x.source].kind is ChunkKind.INDICATOR:
            first_of_row.setdefault(x.source, x.text)
    assert first_of_row
    assert all(f"«{' '.join(by_n[n].title.split()[:5])}" in text for n, text in first_of_row.items())
    # …with its outcome against its target, as the row gives them (trial 32: a draft on sick leave gave no
    # figure at all, though the rows hold them).
    measured = [t for n, t in first_of_row.items() if by_n[n].values and by_n[n].values.outcome is not None]
    assert measured and all("» (utfall " in t for t in measured)
    assert any("«Sjukfrånvaro dag 1-14» (utfall 3,6 % mot årsmål 3,5 %): " in t for t in measured)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_word_export_has_the_text_and_every_citation(drafts: dict[str, Draft]) -> None:
    draft = drafts[NORRMALM_2021]
    text = _docx_text(to_docx(draft))
    assert text.startswith(draft.title)
    for sentence in draft.sentences():
        assert f"{sentence.text} [{sentence.source}]" in text
    for source in draft.sources:
        c = source.citation
        assert re.search(rf"\[{source.n}\] {re.escape(c.report)}, {re.escape(c.namnd)}, .*rad {c.line_start}", text)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_word_export_opens_in_libreoffice(drafts: dict[str, Draft], tmp_path: Path) -> None:
    draft = drafts[T1_2020]
    path = tmp_path / "utkast.docx"
    path.write_bytes(to_docx(draft))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = (tmp_path / "utkast.txt").read_text(encoding="utf-8-sig")
    assert "För stadsledningskontorets driftskostnader prognostiseras ett nettounderskott med -7 mnkr" in text
    assert f"[{len(draft.sources)}] {draft.sources[-1].citation.report}" in text


def test_cli_writes_a_word_file(tmp_path: Path, corpus_index, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    out = tmp_path / "norrmalm.docx"
    result = CliRunner().invoke(app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Word" in result.output
    assert "Stadsdelsnämnden redovisar ett överskott om 47,3 mnkr" in _docx_text(out.read_bytes())


def test_word_export_drops_what_xml_cannot_hold() -> None:
    # A question typed with a control character ("\x1b") is the draft's title.
    draft = Draft("Sammanfattning: \x1bhemlöshet", (), (), warnings=("Inga passager matchade frågan.",))
    assert _docx_text(to_docx(draft)).startswith("Sammanfattning: hemlöshet\nObs: Inga passager")


def test_a_report_that_judges_its_goals_in_prose_leads_with_those_sentences(drafts: dict[str, Draft]) -> None:
    """The 2024 avstämning has no goal table; it judges each goal in prose under its title
    ("Stadsledningskontoret bedömer att verksamhetsområdets årsmål kommer att uppnås helt"). Its draft
    said "Inga mål med bedömning", which a new user rightly called false; the goals are now read as
    goals (`index.parse.assessed`), and a judgement that a target risks being missed is shown."""
    goals = _section(drafts[AVST_2024], "Måluppfyllelse")
    # A forecast of the year, as a tertialrapport's status is; a new user read it as a result.
    assert goals.note.startswith("19 mål med bedömning (prognos för helåret; målrubrikerna på rad ")
    assert "): 3 inriktningsmål (3 uppfylls helt), 16 verksamhetsområdesmål (16 uppfylls helt)." in goals.note
    # Each inriktningsmål is judged on a condition, said with it (trial 31 read "uppfylls helt" bare).
    assert "av bedömningarna ges på ett villkor: «under förutsättning att nämnder och bolagsstyrelser" in goals.note
    assert all("villkor" not in _section(drafts[f], "Måluppfyllelse").note for f in (T1_2020, NORRMALM_2021))
    # Read in the report, line 1769–1815: "det finns risk att årsmål … inte uppnås"; the report's
    # statement of its own purpose ("… i syfte att stämma av …") is none.
    assert "1 bedömning i löptexten att något inte nås helt" in goals.note
    # Its goals count their indicators in prose ("för tio av kommunfullmäktiges elva indikatorer
    # uppnår"): the five where not all reach the target, as a new user counted them in the report.
    # The count is of the nämnder's targets summed ("det aggregerade årsmålet"), a plan: trial 29 read
    # "10 av 11 indikatorer når årsmålet" as indicators measured.
    counted = sorted(s.text.rsplit(" – ", 1)[1] for s in goals.sentences if "indikatorer (en plan" in s.text)
    assert counted == sorted(
        f"nämndernas sammanlagda årsmål når kommunfullmäktiges för {n} av {m} indikatorer (en plan, inget utfall)"
        for n, m in ((10, 11), (5, 6), (4, 5), (5, 6), (6, 8))
    )
    assert "5 mål där nämndernas sammanlagda årsmål inte når kommunfullmäktiges för alla indikatorer" in goals.note
    assert not any("indikatorer når årsmålet" in s.text for s in goals.sentences)
    assert [s for s in goals.sentences if "risk att årsmål" in s.text and "inte uppnås" in s.text]
    assert all(re.search(r"bedöm", s.quote, re.I) for s in goals.sentences)
    assert not any("i syfte att" in s.quote for s in goals.sentences)
    # A plan judges nothing yet: its draft still says so.
    assert _section(drafts[VP_2013], "Måluppfyllelse").note == "Inga mål med bedömning."


def test_the_drafts_indicator_count_is_the_indicator_tables(searcher: Searcher, drafts: dict[str, Draft]) -> None:
    """A new user read "37 av 76 indikatorer med utfall och mål når inte målet" in Norrmalm's draft and
    36 + 37 = 73 judged in `rapportsok indicators`: the draft counted rows that are not judged (a
    target of 0 with the direction assumed). Both count the judged rows now."""
    for file in (NORRMALM_2021, T2_2021):
        section = _section(drafts[file], "Indikatorer")
        counted = re.search(
            r"(\d+) av (\d+) indikatorer som kan bedömas \(indikatorraderna på rad \d+–\d+\) når", section.note
        )
        assert counted, file
        rows = [r for r in indicator_rows(searcher.store, IndicatorFilter()) if r.citation.file == file and not r.early]
        judged = [r for r in rows if r.met is not None]
        assert (int(counted.group(1)), int(counted.group(2))) == (sum(r.met is False for r in judged), len(judged))


def test_a_deviations_reason_is_one_that_says_why(drafts: dict[str, Draft]) -> None:
    """A new user read "Skäl: Målsättningen under året var att starta ett specialiserat team för
    psykisk ohälsa" (Norrmalm 2021, line 3808): it restates the activity, and the reason (a joint
    training had to come first) was left out. A sentence restating the activity is no reason; one
    that says no cause ("Upphandlingsunderlag är framtaget.") is shown as what the Analys says."""
    norrmalm = _section(drafts[NORRMALM_2021], "Avvikelser").sentences
    assert not any("Målsättningen under året" in s.text for s in norrmalm)
    assert any(s.text.startswith("Skäl: Vid en inventering") and "krävdes" in s.text for s in norrmalm)
    t2 = _section(drafts[T2_2021], "Avvikelser").sentences
    assert any(s.text == "Ur analysen: Upphandlingsunderlag är framtaget." for s in t2)
    t1 = _section(drafts[T1_2020], "Avvikelser").sentences
    assert all(("anledning av" in s.text or "följd av" in s.text) for s in t1 if s.text.startswith("Skäl:"))


def test_a_band_targets_miss_is_measured_outside_the_band(searcher: Searcher, monkeypatch) -> None:
    """Norrmalm's prognossäkerhet, −2 % against "+/- 1 %", is 1 point outside its band, not 3: the
    distance that orders it among a draft's misses, measured on the stored row. A band needs no
    direction, so the draft says neither "antaget: högre är bättre" nor counts it so."""
    from summarise import report
    from summarise.report import _measure

    monkeypatch.setattr(report, "MAX_INDICATORS", 100)
    draft = report.report_draft(searcher.store, "Norrmalm", 2021, None)
    lines = [s.text for s in _section(draft, "Indikatorer").sentences if "prognossäkerhet" in s.text]
    assert lines == [
        "Nämndens prognossäkerhet T2: utfall -2 % mot årsmål +/- 1 % (utanför spannet, som gäller åt båda hållen)"
    ]

    rowids = searcher.store.filter_rowids(ChunkFilter(kinds=(ChunkKind.INDICATOR,), files=(NORRMALM_2021,)))
    rows = [c for c in searcher.store.chunks(rowids) if "prognossäkerhet" in c.chunk.title.lower()]
    assert len(rows) == 1
    measured = _measure(rows[0])
    assert measured is not None and measured.band and (measured.outcome, measured.target) == (-2.0, 1.0)
    assert measured.gap == 1.0


def test_word_file_is_swedish_and_made_by_rapportsok(drafts: dict[str, Draft]) -> None:
    # python-docx's template had said that "python-docx" made the file on 2013-12-23, in US English
    # (Word spell-checked the Swedish as English), and its numbered sources read "1. [1] …" (trial 28).
    document = docx.Document(io.BytesIO(to_docx(drafts[T1_2020])))
    props = document.core_properties
    assert props.author == "rapportsok" and "python-docx" not in (props.comments or "")
    assert props.created.year >= 2026 and props.language == "sv-SE"
    languages = set(re.findall(r'w:lang w:val="([^"]+)"', document.styles.element.xml))
    assert languages == {"sv-SE"}
    sources = [p for p in document.paragraphs if re.match(r"\[\d+\] ", p.text)]
    assert sources and not [p for p in sources if p.style.name.startswith("List")]


def test_a_sentence_that_points_back_is_quoted_with_the_one_before(searcher: Searcher) -> None:
    # "Genomförandet av båda dessa program påverkas av pandemin" was quoted alone, and a new user read it
    # as garbled: the programmes are named in the sentence before it (trial 28).
    draft = query_draft(searcher, "Hur har pandemin påverkat kommunstyrelsens ekonomi och aktiviteter 2021?")
    quoted = [s.text for s in draft.sentences()]
    pointing = [t for t in quoted if re.match(r"^(?:\S+\s+){0,4}(?:dessa|detta|denna)\b", t, re.I)]
    assert not pointing, pointing
    programmes = [t for t in quoted if "båda dessa program" in t]
    assert all("Framtida chef" in t for t in programmes)


def test_a_draft_names_the_risks_its_report_states(drafts: dict[str, Draft]) -> None:
    """Trial 29 found the 2024 avstämning's draft without its "väsentlig risk" paragraphs, which are
    most of what it says. Read in the reports: the avstämning states 19 risks to its goals (one is the
    goals' section's, renhållning), T1 2020 two (the budget may be exceeded; units may withdraw), and
    Norrmalm 2021 one; the 2013 plan none. A risk reduced ("minska risken för smittspridning") is none."""
    avst = _section(drafts[AVST_2024], "Risker")
    assert avst.note.startswith("18 meningar om risker") and len(avst.sentences) == 18
    quoted = {s.quote for s in _section(drafts[AVST_2024], "Måluppfyllelse").sentences}
    assert not quoted & {s.quote for s in avst.sentences}
    assert sum("väsentlig risk" in s.quote for s in avst.sentences) >= 10
    sources = {x.n: x for x in drafts[AVST_2024].sources}
    assert all(" ".join(s.quote.split()) in " ".join(sources[s.source].text.split()) for s in avst.sentences)
    t1 = [s.quote for s in _section(drafts[T1_2020], "Risker").sentences]
    assert len(t1) == 2 and any("budgeten överskrids" in q for q in t1)
    norrmalm = [s.quote for s in _section(drafts[NORRMALM_2021], "Risker").sentences]
    assert len(norrmalm) == 1 and norrmalm[0].startswith("Pandemin medför en risk för att våld i nära relation")
    plan = _section(drafts[VP_2013], "Risker")
    assert not plan.sentences and plan.note.startswith("Ingen mening i rapportens text anger en risk")


def test_a_draft_of_several_reports_counts_their_risks_per_report(searcher: Searcher) -> None:
    """Lines are a report's own: a draft of Kommunstyrelsen's four reports counts each report's risks
    with its own lines, not one range across files; each sentence is led by its report."""
    risks = _section(report_draft(searcher.store, "Kommunstyrelsen"), "Risker")
    assert "2020 T1: 2 meningar om risker (passagerna på rad" in risks.note
    assert "2024 Avstämning av mål och budget: 18 meningar om risker (passagerna på rad" in risks.note
    assert len(risks.sentences) == 20 and all(re.match(r"20(20 T1|24 Avstämning)", x.text) for x in risks.sentences)


def test_an_indicator_missed_only_in_its_analysis_is_partly_where_its_light_is_yellow(searcher: Searcher) -> None:
    """Norrmalm's "Andel omsorgstagare som upplever att de kan påverka …" has no outcome in its cells and
    an Analys that opens "(Gul)": alone in a draft's indicator section it is partly met, not missed."""
    from summarise.draft import SourceBook
    from summarise.report import _indicator_section

    document = searcher.store.document(NORRMALM_2021)
    chunks = searcher.store.chunks(searcher.store.filter_rowids(ChunkFilter(files=(NORRMALM_2021,))))
    yellow = [c for c in chunks if c.chunk.kind is ChunkKind.INDICATOR and c.chunk.citation.line_start == 3295]
    section = _indicator_section([(document, yellow)], SourceBook(), False)
    assert [x.text for x in section.sentences] == [
        f"{yellow[0].chunk.title}: når delvis målet (Gul i rapportens analys, som ger utfallet)"
    ]
