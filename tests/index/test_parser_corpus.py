"""The parser on the five real reports: counts checked against the tables themselves."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from index.parse.records import GoalLevel, GoalStatus, ParsedReport
from tests.conftest import ALL_REPORTS, AVST_2024, CORPUS, NORRMALM_2021, T1_2020, T2_2021, VP_2013

# Counted by reading the activity tables: every row has a start and an end date.
EXPECTED_ACTIVITIES = {T1_2020: 82, T2_2021: 88, VP_2013: 90, NORRMALM_2021: 121, AVST_2024: 0}
EXPECTED_DEVIATIONS = {T2_2021: 5, T1_2020: 4, NORRMALM_2021: 1, VP_2013: 0, AVST_2024: 0}
_DATE_PAIR = re.compile(r"\d{4}-\d{2}-\d{2}\s+\d{4}-\d{2}-\d{2}")


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_deviation_counts_are_exact(parsed: dict[str, ParsedReport], name: str) -> None:
    assert len(parsed[name].deviations) == EXPECTED_DEVIATIONS[name]


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_every_activity_row_is_found_once(parsed: dict[str, ParsedReport], name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    date_rows = len(_DATE_PAIR.findall(text))
    activities = parsed[name].activities
    assert len(activities) == EXPECTED_ACTIVITIES[name] == date_rows
    assert all(a.text and a.start and a.end for a in activities)
    assert all(a.goal for a in activities), "every activity sits under a goal"


def test_deviations_carry_text_dates_analysis_and_goal(parsed: dict[str, ParsedReport]) -> None:
    for name in ALL_REPORTS:
        for activity in parsed[name].deviations:
            assert len(activity.text) > 40
            assert re.fullmatch(r"20\d\d-\d\d-\d\d", activity.start or "")
            assert re.fullmatch(r"20\d\d-\d\d-\d\d", activity.end or "")
            assert len(activity.analysis) > 20, activity
            assert activity.goal and activity.goal_path
            assert "Avvikelse" not in activity.text and "Analys" not in activity.text


def test_t1_2020_deviations_in_detail(parsed: dict[str, ParsedReport]) -> None:
    found = {a.source.line_start: a for a in parsed[T1_2020].deviations}
    assert sorted(found) == [160, 162, 171, 711]
    war = found[160]
    assert war.text.endswith("ta fram en plan för krigsorganisation och krigsplacering av personal.")
    assert war.analysis.startswith("Med anledning av stadens arbete med coronapandemin")
    assert war.goal == "1.2" and war.goal_path == ("1", "1.2")
    assert (war.start, war.end) == ("2020-01-01", "2020-12-31")
    intakt = found[711]
    assert (intakt.start, intakt.end) == ("2020-01-01", "2020-03-31")
    assert "coronapandemin har försenat arbetet" in intakt.analysis
    assert intakt.goal == "3.1"


def test_t2_2021_deviation_split_over_many_lines(parsed: dict[str, ParsedReport]) -> None:
    esset = next(a for a in parsed[T2_2021].deviations if "Esset" in a.text)
    assert esset.text.startswith("Servicenämnden ska i samarbete med kommunstyrelsen")
    assert esset.text.endswith("kunna leverera full support")
    assert esset.analysis.startswith("Projekt Modernisering av sociala system")
    assert "förvaltningsorganisation finns på plats." in esset.analysis
    assert esset.goal == "3.2"


def test_norrmalm_deviation_with_text_on_the_date_line(parsed: dict[str, ParsedReport]) -> None:
    (team,) = parsed[NORRMALM_2021].deviations
    assert team.text == "Team för psykisk ohälsa startas upp i hemtjänst i egen regi"
    assert team.goal == "1.5.1"
    assert team.analysis.startswith("Målsättningen under året var att starta ett specialiserat team")


def test_analysis_without_flag_is_no_deviation(parsed: dict[str, ParsedReport]) -> None:
    analysed = [a for a in parsed[NORRMALM_2021].activities if a.analysis and not a.deviation]
    assert len(analysed) >= 20
    ferie = next(a for a in parsed[T1_2020].activities if a.source.line_start == 96)
    assert not ferie.deviation
    # The Analys cell continues after the table header repeated by a page break.
    assert ferie.analysis.startswith("Under rådande pandemi kommer det i ar inte att erbjudas feriejobb")
    assert ferie.source.line_end == 100


def test_row_split_by_page_break_is_one_activity(parsed: dict[str, ParsedReport]) -> None:
    (klimat,) = [a for a in parsed[T1_2020].activities if "klimatanpassning" in a.text]
    assert klimat.text.startswith("Kommunstyrelsen ska i samarbete med exploateringsnämnden")
    assert "socialnämnden, stadsbyggnadsnämnden, trafiknämnden" in klimat.text
    assert (klimat.source.line_start, klimat.source.line_end) == (587, 590)


def test_financial_avvikelse_column_is_not_an_activity(parsed: dict[str, ParsedReport]) -> None:
    # Budget tables with an "Avvikelse" column: T1 2020 from line 1020; Norrmalm from 5378 (last activity: 5372).
    assert not [a for a in parsed[T1_2020].activities if a.source.line_start > 1000]
    assert not [a for a in parsed[NORRMALM_2021].activities if a.source.line_start > 5377]
    assert any("Avvikelse" in s.text for s in parsed[NORRMALM_2021].sections)


NORRMALM_NAMNDMAL = {
    "1.1.1": "Invånare klarar sin egen försörjning",
    "1.1.2": "Nyanlända etableras på arbetsmarknad, bostadsmarknad och i samhällslivet",
    "1.2.1": "Tryggt stadsdelsområde",
    "1.2.2": "Parker och grönområden är välskötta, tillgängliga och välkomnande",
    "1.3.1": "Barn i förskolan har hållbara relationer till sin omvärld",
    "1.4.1": "Främjande och förebyggande insatser stärker barn och vuxnas skyddsfaktorer",
    "1.4.2": "Invånare lever ett självständigt liv",
    "1.4.3": "Anhörigas rättigheter tillgodoses",
    "1.4.4": "Personer som upplever våld får det stöd de behöver",
    "1.5.1": "Äldre är trygga och har en individuellt anpassad vård och omsorg av god kvalitet",
    "2.1.1": "Stadsdelsområdet är levande och trivsamt",
    "2.2.1": "Behov av samhällsservice uppmärksammas tidigt i samhällsplaneringen",
    "2.3.1": "Verksamheterna är fossilbränslefria och bidrar till en klimatpositiv miljö",
    "2.4.1": "Invånare i alla åldrar tar del av ett varierande kulturutbud",
    "2.4.2": "Parker och grönområden möjliggör en mångfald av fritidsaktiviteter",
    "2.5.1": "Miljömässigt hållbara verksamheter",
    "2.5.2": "Parker och grönområden klarar nya klimatförutsättningar och bidrar till en mångfald av ekosystemtjänster",
    "3.1.1": "Budget i balans och långsiktigt hållbara finanser",
    "3.2.1": "Resurser används väl med fokus på resultat för invånarna",
    "3.2.2": "Medarbetare och chefer är engagerade och utvecklar verksamheten",
}


def test_every_norrmalm_namndmal_with_status(parsed: dict[str, ParsedReport]) -> None:
    goals = {g.number: g for g in parsed[NORRMALM_2021].goals if g.level is GoalLevel.NAMNDMAL}
    assert {n: g.title for n, g in goals.items()} == NORRMALM_NAMNDMAL
    statuses = {n: g.status for n, g in goals.items()}
    assert statuses.pop("1.2.1") is GoalStatus.DELVIS
    assert set(statuses.values()) == {GoalStatus.HELT}
    assert goals["1.2.1"].parent_numbers == ("1", "1.2")
    assert goals["1.1.1"].expected_result.startswith("Fortsatt låg andel personer som har ekonomiskt bistånd")
    assert goals["1.1.1"].description.startswith("Målgrupp: Invånare som inte klarar sin egen försörjning")


@pytest.mark.parametrize(
    ("name", "tally"),
    [
        (T1_2020, {"namndmal": {"uppfylls helt": 22}, "kf_mal": {"uppfylls helt": 12}}),
        (T2_2021, {"namndmal": {"uppfylls helt": 22}, "kf_mal": {"uppfylls helt": 11, "uppfylls delvis": 1}}),
        (
            NORRMALM_2021,
            {
                "namndmal": {"uppfylls helt": 19, "uppfylls delvis": 1},
                "kf_mal": {"uppfylls helt": 11, "uppfylls delvis": 1},
            },
        ),
        (VP_2013, {"namndmal": {"None": 19}, "kf_mal": {"None": 13}}),
        # Its goals are judged in prose (`index.parse.assessed`): all 16 "verksamhetsområdets årsmål",
        # one of them titled "… ett bra boende som de har råd" / "med" (a preposition left alone).
        (AVST_2024, {"kf_mal": {"uppfylls helt": 16}}),
    ],
)
def test_status_tally_per_report(parsed: dict[str, ParsedReport], name: str, tally: dict) -> None:
    counted: dict[str, Counter[str]] = {}
    for goal in parsed[name].goals:
        if goal.level is not GoalLevel.INRIKTNINGSMAL:
            counted.setdefault(goal.level.value, Counter())[str(goal.status)] += 1
    assert {level: dict(c) for level, c in counted.items()} == tally


def test_inriktningsmal_and_hierarchy(parsed: dict[str, ParsedReport]) -> None:
    for name in (T1_2020, T2_2021, VP_2013, NORRMALM_2021):
        top = [g for g in parsed[name].goals if g.level is GoalLevel.INRIKTNINGSMAL]
        assert [g.number for g in top] == ["1", "2", "3"]
    vp = parsed[VP_2013]
    assert next(g for g in vp.goals if g.number == "1").title == (
        "Stockholm ska vara en attraktiv, trygg, tillgänglig och växande stad för boende, företagande och besök"
    )
    kf_11 = next(g for g in vp.goals if g.number == "1.1")
    assert kf_11.title == "Företag väljer att etablera sig i Stockholm framför andra städer i norra Europa"
    unnumbered = [g for g in vp.goals if g.level is GoalLevel.NAMNDMAL]
    assert all(g.number is None and g.parent_numbers[:1] in {("1",), ("2",), ("3",)} for g in unnumbered)
    assert "Stadens kommunikation med stockholmare, företag och besökare är tydlig och tillgänglig." in {
        g.title for g in unnumbered
    }


def test_narrative_report_has_sections_with_headings(parsed: dict[str, ParsedReport]) -> None:
    avst = parsed[AVST_2024]
    assert not avst.activities and len(avst.goals) == 19  # its goals are judged in prose (see below)
    headings = {s.heading_path[0] for s in avst.sections}
    assert {"Sammanfattning", "Bakgrund", "Ärendets beredning", "Ärendet"} <= headings
    # Page furniture is gone from the text.
    assert not any("Sida 5 (59)" in s.text or "Dnr KS 2023/1199" in s.text for s in avst.sections)


def test_indicators_parsed_from_tab_tables(parsed: dict[str, ParsedReport]) -> None:
    ferie = next(i for i in parsed[T1_2020].indicators if i.name == "Antal ungdomar som fått feriejobb i stadens regi")
    assert ferie.values.outcome == 0.0 and ferie.values.kf_target == 9000.0 and ferie.values.unit == "st"
    assert ferie.values.period == "Tertial 1 2020"
    assert ferie.analysis.startswith("Enligt definitionen för indikatorn")
    soliditet = next(
        i for i in parsed[T1_2020].indicators if i.name.startswith("Stadens soliditet inkl. pensionsåtaganden på kort")
    )
    assert soliditet.values.kf_target == 30.0 and soliditet.values.unit == "%"


def test_indicators_parsed_from_flattened_tables(parsed: dict[str, ParsedReport]) -> None:
    ferie = next(
        i for i in parsed[NORRMALM_2021].indicators if i.name == "Antal ungdomar som fått feriejobb i stadens regi"
    )
    assert ferie.values.outcome == 210.0 and ferie.values.unit == "st" and ferie.values.period == "VB 2021"
    assert ferie.analysis.startswith("Totalt erbjöds 230 ungdomar feriejobb")


@pytest.mark.parametrize("name", ALL_REPORTS)
def test_a_protocols_dissent_is_a_section_of_its_own(parsed: dict[str, ParsedReport], name: str) -> None:
    """Each "Reservation anfördes av …" opens a section headed by who dissents, and what follows it
    up to the protocol's next part stays under that heading (VP 2013 has five, the others none)."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    dissents = len(re.findall(r"^\s*Reservation anfördes av", text, flags=re.MULTILINE))
    sections = parsed[name].sections
    opened = [s for s in sections if s.text.lstrip().startswith("Reservation anfördes av")]
    assert len(opened) == dissents and (dissents >= 5 if name == VP_2013 else True)
    assert all(s.heading_path[0].startswith("Reservation av ") for s in opened)
    if name == VP_2013:
        # The Miljöpartiet reservation's proposals (16 års rösträtt) are cited as its, not as the plan's.
        voting = next(s for s in sections if "16 års rösträtt" in s.text)
        assert voting.heading_path[0] == "Reservation av borgarrådet Daniel Helldén (MP)"
        # The protocol's next part ("ÄRENDET", a heading in capitals) ends the dissent.
        plan = [s for s in sections if any(h.isupper() for h in s.heading_path)]
        assert plan and not any(s.heading_path[0].startswith("Reservation") for s in plan)


def test_a_sentence_the_next_line_ends_is_no_heading(parsed: dict[str, ParsedReport]) -> None:
    # "Ytterligare en del av arbetet mot välfärdsbrott är projektet" / "Samordnad Tillsyn. Syftet …":
    # read as a heading, the sentence lost its first line and the section showed it as its title.
    avst = parsed[AVST_2024].sections
    assert not any(s.heading_path[-1].startswith("Ytterligare en del av arbetet") for s in avst)
    texts = [s.text for s in avst] + [g.analysis for g in parsed[AVST_2024].goals]  # under a goal judged in prose
    assert any("Ytterligare en del av arbetet mot välfärdsbrott är projektet Samordnad Tillsyn." in t for t in texts)
    # Norrmalm's "Kvalitetsutmärkelsen" is the heading; the sentence under it had been taken as one.
    norrmalm = parsed[NORRMALM_2021].sections
    awarded = [s for s in norrmalm if "har deltagit och vunnit Kvalitetsutmärkelsen 2021" in s.text]
    assert len(awarded) == 1 and awarded[0].heading_path[-1] == "Kvalitetsutmärkelsen"
    # A heading above a paragraph stays one ("En trygg och säker stad som håller samman").
    assert any(s.heading_path[-1] == "En trygg och säker stad som håller samman" for s in avst)


def test_a_row_of_figures_is_no_heading(parsed: dict[str, ParsedReport]) -> None:
    # Norrmalm's förskola table ("Fsk Johannes förskolor" / "46 520 2 326 -3 214 -392 ja 3 606") and
    # the 2024 avstämning's statsbidrag table ("Skärholmen 5 427"): their rows of figures were section
    # titles, which citations show. A numbered heading with a year stays one.
    for name in (NORRMALM_2021, AVST_2024):
        titles = {title for s in parsed[name].sections for title in s.heading_path}
        assert not [t for t in titles if re.fullmatch(r"[\d\s,()-]*(?:ja|nej)?[\d\s,()-]*", t)], name
        assert "Skärholmen 5 427" not in titles and "Felanmälan 412 (370)" not in titles
    plan = {title for s in parsed[VP_2013].sections for title in s.heading_path}
    assert "6. Internkontrollplan 2013" in plan


def test_a_bodys_fragment_goes_with_the_next_section(parsed: dict[str, ParsedReport]) -> None:
    # Norrmalm's tables head each area with "Avvikelse jämfört med budget (mnkr) …" / "Bokslut 2021":
    # the first line read as a heading left "Bokslut 2021" a passage of its own, eight of them, which
    # filled a list of the areas with a deficit. A one-sentence answer ("Ej aktuellt.") stays.
    norrmalm = parsed[NORRMALM_2021].sections
    assert not [s for s in norrmalm if " ".join(s.text.split()) == "Bokslut 2021"]
    area = [s for s in norrmalm if "Stadsmiljöverksamhet 19,7 20,8 -1,1 -2,7" in s.text]
    assert len(area) == 1 and area[0].text.startswith("Bokslut 2021")
    t2 = parsed[T2_2021].sections
    assert any(" ".join(s.text.split()) in ("Ej aktuellt.", "Inte aktuellt för kommunstyrelsen.") for s in t2)


def test_goals_judged_in_prose(parsed: dict[str, ParsedReport]) -> None:
    """The 2024 avstämning prints each goal as a heading, a paragraph and a judgement in prose."""
    goals = parsed[AVST_2024].goals
    top = [g.title for g in goals if g.level is GoalLevel.INRIKTNINGSMAL]
    # Its three inriktningsmål, as the report lists them (each title printed in two lines).
    assert top == [
        "Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden",
        "Ett grönt fossilfritt Stockholm som leder en rättvis klimatomställning",
        "Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla",
    ]
    barn = next(g for g in goals if g.title.startswith("Alla barn och ungdomar"))
    assert barn.title.endswith("uppväxtvillkor och trygghet samt en rik fritid")
    assert barn.level is GoalLevel.KF_MAL and barn.status is GoalStatus.HELT and barn.number is None
    assert barn.description.startswith("Stockholm ska vara en stad där ojämlikheten i barn och ungas")
    assert barn.analysis.startswith("Bedömningen grundas främst på att kommunfullmäktiges två")
    assert barn.source.line_start == 692  # its heading's line, where the citation starts
    # Under the inriktningsmål printed before it, by title (the report numbers none).
    assert barn.parent_numbers == (top[0],)
    assert all(g.parent_numbers == () for g in goals if g.level is GoalLevel.INRIKTNINGSMAL)
    # The summary's judgement of the whole koncern names inriktningsmål but judges none: no goal.
    assert not any(g.title == "Sammanfattning" for g in goals)
    assert any(s.heading_path == ("Sammanfattning",) for s in parsed[AVST_2024].sections)


def test_a_memos_form_fields_are_no_headings(parsed: dict[str, ParsedReport]) -> None:
    """T1 2020 opens with the city's tjänsteutlåtande head ("Handläggare" / "Kristin Strand", "Till" /
    "Kommunstyrelsen"): read as headings, a case officer's name stood in the citation of the first
    section ("Handläggare › Kristin Strand › …", a new user's finding). No section is headed by one."""
    report = parsed[T1_2020]
    headings = [h for s in report.sections for h in s.heading_path]
    assert not {"Handläggare", "Kristin Strand", "Till"} & set(headings)
    first = report.sections[0]
    assert first.heading_path[-1] == "Stadsledningskontorets förslag till beslut"
    # Its words are kept, as the first section's text: no word of a report is dropped.
    assert first.text.startswith("Handläggare Kristin Strand Till Kommunstyrelsen Kommunstyrelsen beslutar")
