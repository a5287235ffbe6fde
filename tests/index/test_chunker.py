"""Chunks by structure: each cites its source, bounded in length, ids stable."""

from __future__ import annotations

from collections import Counter

from index.parse.chunker import MAX_CHARS, chunk_report
from index.parse.records import ChunkKind, GoalLevel, ParsedReport
from tests.conftest import ALL_REPORTS, AVST_2024, NORRMALM_2021, T1_2020, VP_2013


def test_chunks_cite_and_are_bounded(parsed: dict[str, ParsedReport]) -> None:
    for name in ALL_REPORTS:
        report = parsed[name]
        chunks = chunk_report(report)
        assert len({c.id for c in chunks}) == len(chunks)
        kinds = Counter(c.kind for c in chunks)
        assert kinds[ChunkKind.ACTIVITY] == len(report.activities)
        assert kinds[ChunkKind.GOAL] == len(report.goals)
        for chunk in chunks:
            citation = chunk.citation
            assert citation.file == name and citation.namnd and citation.report and citation.year
            assert 1 <= citation.line_start <= citation.line_end <= report.line_count
            if chunk.kind in (ChunkKind.SECTION, ChunkKind.ANALYSIS):
                # Bounded, unless one sentence alone is longer (never cut mid-sentence).
                assert len(chunk.text) <= MAX_CHARS or "." not in chunk.text[:-1].rstrip(".")


def test_ids_are_stable(parsed: dict[str, ParsedReport]) -> None:
    first = [c.id for c in chunk_report(parsed[T1_2020])]
    assert first == [c.id for c in chunk_report(parsed[T1_2020])]


def test_activity_chunk_holds_flag_dates_analysis_and_goal(parsed: dict[str, ParsedReport]) -> None:
    chunks = [c for c in chunk_report(parsed[T1_2020]) if c.kind is ChunkKind.ACTIVITY and c.deviation]
    assert len(chunks) == 4
    war = next(c for c in chunks if "krigsorganisation" in c.text)
    assert "2020-01-01 2020-12-31 Avvikelse" in war.text
    assert "Analys: Med anledning av stadens arbete med coronapandemin" in war.text
    assert war.citation.goal.startswith("1.2 Stockholm är en trygg, säker och välskött stad")
    assert war.goal_path == ("1", "1.2")


def test_a_passage_carries_its_goals_number_and_level_as_the_parser_read_them(
    parsed: dict[str, ParsedReport],
) -> None:
    """Nothing downstream reads a goal's number from a title: the chunk holds it."""
    for name in ALL_REPORTS:
        report = parsed[name]
        chunks = chunk_report(report)
        goals = [c for c in chunks if c.kind is ChunkKind.GOAL]
        assert [(c.number, c.level, c.parent_numbers, c.title) for c in goals] == [
            (g.number, g.level, g.parent_numbers, g.title) for g in report.goals
        ]
        assert [c.label for c in goals] == [g.label for g in report.goals]
        assert all(c.number is None and c.level is None for c in chunks if c.kind is ChunkKind.SECTION)
    # An activity under a nämndmål that Verksamhetsplan 2013 prints without a number: the goal's
    # level and the numbers above it (its KF-mål's) are still known.
    unnumbered = [c for c in chunk_report(parsed[VP_2013]) if c.kind is ChunkKind.ACTIVITY and c.number is None]
    assert unnumbered and all(c.level is GoalLevel.NAMNDMAL and len(c.parent_numbers) == 2 for c in unnumbered)
    war = next(
        c for c in chunk_report(parsed[T1_2020]) if c.kind is ChunkKind.ACTIVITY and "krigsorganisation" in c.text
    )
    assert (war.number, war.level, war.parent_numbers) == ("1.2", GoalLevel.KF_MAL, ("1",))


def test_long_goal_analysis_continues_in_analysis_chunks(parsed: dict[str, ParsedReport]) -> None:
    chunks = chunk_report(parsed[NORRMALM_2021])
    kf_12 = [c for c in chunks if c.goal_path and c.goal_path[-1] == "1.2" and c.kind is not ChunkKind.ACTIVITY]
    kinds = Counter(c.kind for c in kf_12)
    assert kinds[ChunkKind.GOAL] == 1 and kinds[ChunkKind.ANALYSIS] >= 10
    goal = next(c for c in kf_12 if c.kind is ChunkKind.GOAL)
    assert goal.text.startswith(
        "1.2 Stockholm är en trygg, säker och välskött stad att bo och vistas i\nUppfylls delvis"
    )


def test_sections_of_a_narrative_report(parsed: dict[str, ParsedReport]) -> None:
    chunks = chunk_report(parsed[AVST_2024])
    sections = [c for c in chunks if c.kind is ChunkKind.SECTION]
    assert len(sections) > 50
    assert any(c.goal_path == ("Ärendets beredning",) for c in sections)
    assert all(c.citation.page_approx for c in sections)


def test_a_narrative_passage_cites_its_section(parsed: dict[str, ParsedReport]) -> None:
    """A passage without a goal cites the headings it stands under; a goal's passages cite the goal."""
    for name in ALL_REPORTS:
        for chunk in chunk_report(parsed[name]):
            if chunk.kind is ChunkKind.SECTION:
                assert chunk.citation.section == " › ".join(chunk.goal_path) and chunk.citation.section
            else:
                assert chunk.citation.section is None
    chunks = chunk_report(parsed[VP_2013])
    dissent = [c for c in chunks if (c.citation.section or "").startswith("Reservation av")]
    assert any("16 års rösträtt" in c.text for c in dissent)


def test_a_goals_analysis_is_cut_before_each_subheading(parsed: dict[str, ParsedReport]) -> None:
    """Norrmalm's goal 1.4 analyses drug prevention, then homelessness, each under its own heading:
    a passage starts at each heading and none mixes the two subjects (one did, and a homelessness
    question ranked its drug-prevention half first)."""
    report = parsed[NORRMALM_2021]
    goal = next(g for g in report.goals if g.number == "1.4")
    headed = {line.text.strip() for line in goal.body if line.number in goal.subheadings}
    wanted = {"Alkohol-, narkotika- och tobaksförebyggande arbete", "Hemlöshet och vräkningsförebyggande arbete"}
    assert wanted <= headed
    own = [c for c in chunk_report(report) if c.citation.goal == goal.label]
    passages = [c.text for c in own]
    assert any(t.startswith("Hemlöshet och vräkningsförebyggande arbete Förvaltningen arbetar") for t in passages)
    assert not any("Spindelklubben" in t and "vräkning" in t for t in passages)
    # Every line of the goal's text is still in one of its passages' spans.
    spans = [(c.citation.line_start, c.citation.line_end) for c in own]
    assert all(sum(a <= line.number <= b for a, b in spans) >= 1 for line in goal.body)
