"""Goals set out in prose: a title in two lines, its paragraph, and the judgement under it."""

from __future__ import annotations

from index.parse.parser import parse_lines
from index.parse.records import GoalLevel, GoalStatus, Line, ReportMeta, ReportType
from index.parse.verdict import assessed_level, assessment_verdict
from index.read.layout import clean_lines

META = ReportMeta(file="x.txt", namnd="Testnämnd", report_type=ReportType.AVSTAMNING, year=2025, period=None, title="x")


def _parse(texts: list[str]):
    return parse_lines(META, clean_lines([Line(text=t, number=i) for i, t in enumerate(texts, start=1)]))


def test_a_goal_judged_in_prose_is_a_goal_with_its_status() -> None:
    report = _parse(
        [
            "Nämnderna har lämnat sina planer för året.",
            "Fler unga ska fullfölja sin gymnasieutbildning och gå vidare",
            "till arbete eller studier",
            "Staden ska se till att alla unga får stöd att fullfölja skolan. Insatserna samordnas",
            "mellan förvaltningarna.",
            "Förvaltningen bedömer att nämndmålet kommer att uppnås delvis under 2025. Utfallet",
            "för två indikatorer ligger under målvärdet.",
        ]
    )
    assert [(g.level, g.title, g.status) for g in report.goals] == [
        (
            GoalLevel.NAMNDMAL,
            "Fler unga ska fullfölja sin gymnasieutbildning och gå vidare till arbete eller studier",
            GoalStatus.DELVIS,
        )
    ]
    goal = report.goals[0]
    assert goal.description.startswith("Staden ska se till att alla unga")
    assert goal.analysis == "Utfallet för två indikatorer ligger under målvärdet."
    assert goal.source.line_start == 2  # cited from its title
    assert [s.text for s in report.sections] == ["Nämnderna har lämnat sina planer för året."]


def test_a_wrapped_sentence_is_no_heading_and_no_judgement_no_goal() -> None:
    report = _parse(
        [
            "Inledningen slutar här.",
            "Kommunstyrelsen ska i samverkan med",
            "stadsdelsnämnderna utveckla arbetet med trygghet.",
            "Arbetet fortsätter under året.",
            "Sammanfattning",
            "Kontoret bedömer att kommunkoncernen kommer att kunna uppfylla samtliga inriktningsmål.",
        ]
    )
    assert not report.goals  # the judgement names a level but gives no verdict ("helt", "delvis", "inte")
    assert report.sections[0].text.startswith("Inledningen slutar här. Kommunstyrelsen ska i samverkan med")
    assert [s.heading_path for s in report.sections][-1] == ("Sammanfattning",)


def test_the_judgements_words() -> None:
    negated = "Stadsledningskontoret bedömer att verksamhetsområdets årsmål inte kommer att uppnås under 2024."
    assert assessment_verdict(negated) is GoalStatus.INTE and assessed_level(negated) is GoalLevel.KF_MAL
    # A negation elsewhere in the sentence is no verdict on the goal.
    assert assessment_verdict("Kontoret bedömer att inriktningsmålet uppnås helt, trots att X inte ökar.") is (
        GoalStatus.HELT
    )
    assert assessed_level("Kontoret bedömer att budgeten uppfylls helt.") is None
