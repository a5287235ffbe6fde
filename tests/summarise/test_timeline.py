"""Timelines by meaning: goals joined across years by their titles, the number a hint only.

Which goals are the same was decided by reading both reports' goals (title, analysis, activities):
the Verksamhetsplan 2013's "1.7 Stockholm upplevs som en trygg, säker och ren stad" holds the same
security and crisis-preparedness work (krisledningsövning, säkerhetsarbete) as 2020's "1.2 Stockholm
är en trygg, säker och välskött stad att bo och vistas i"; 2013's "1.2 Invånare i Stockholm är
självförsörjande" is 2020's "1.1 I Stockholm är människor självförsörjande …".
"""

from __future__ import annotations

from pathlib import Path

from index.parse.records import ChunkKind
from search.engine import Searcher
from summarise.timeline import OTHER_SERIES, timeline
from summarise.timeline_eval import evaluate, load_gold
from tests.conftest import NORRMALM_2021, T1_2020, T2_2021, VP_2013

EVAL = Path(__file__).resolve().parent.parent / "eval"


def _lines(found, file: str) -> list[int]:
    return [e.citation.line_start for e in found.entries if e.citation.file == file]


def test_2013s_goal_1_2_is_not_2020s(searcher: Searcher) -> None:
    safe = timeline(searcher.store, searcher.embedder, "1.2 Stockholm är en trygg, säker och välskött stad")
    assert _lines(safe, VP_2013) == [1570]  # 2013's 1.7, by title; not 2013's 1.2 (line 1096)
    (joined,) = [e for e in safe.entries if e.citation.file == VP_2013]
    assert joined.number == "1.7" and not joined.same_number
    assert "trygg" in joined.basis or "säker" in joined.basis
    assert joined.cosine is not None and joined.overlap is not None
    self_sufficient = timeline(searcher.store, searcher.embedder, "1.2 Invånare i Stockholm är självförsörjande")
    assert self_sufficient.anchor is not None and self_sufficient.anchor.citation.file == VP_2013
    assert _lines(self_sufficient, T1_2020) == [72]  # 2020's 1.1, not its 1.2 (line 119)
    assert 119 not in _lines(self_sufficient, T1_2020)


def test_a_number_alone_starts_from_the_newest_goal(searcher: Searcher) -> None:
    found = timeline(searcher.store, searcher.embedder, "1.2")
    assert found.anchor is not None and found.anchor.citation.file == NORRMALM_2021
    assert _lines(found, VP_2013) == [1570]
    years = [e.citation.year for e in found.entries]
    assert years == sorted(years)


def test_every_entry_says_why(searcher: Searcher) -> None:
    found = timeline(searcher.store, searcher.embedder, "1.2")
    bases = {e.citation.file: e.basis for e in found.entries}
    assert bases[NORRMALM_2021] == "utgångspunkt" and bases[T1_2020] == f"samma rubrik · {OTHER_SERIES}"
    assert bases[VP_2013].startswith("liknande rubrik: gemensamma ord")


def test_each_namnd_is_its_own_series(searcher: Searcher) -> None:
    """Kommunstyrelsen's sjukfrånvaro is its office's staff (1,9 % in T2 2021), Norrmalm's the
    district's (9,4 %): a new user read them in one list by date as a jump. Each nämnd's entries
    stand together, in time order, and those of a nämnd other than the starting point's say so."""
    found = timeline(searcher.store, searcher.embedder, "Sjukfrånvaro")
    namnder = [e.citation.namnd for e in found.entries]
    assert namnder == sorted(namnder, key=namnder.index)  # together
    for namnd in set(namnder):
        mine = [e for e in found.entries if e.citation.namnd == namnd]
        years = [e.citation.year for e in mine]
        assert years == sorted(years)
        assert all(OTHER_SERIES in e.basis for e in mine) is (namnd != found.anchor.citation.namnd)


def test_a_namndmal_joins_only_its_own_namnd(searcher: Searcher) -> None:
    found = timeline(searcher.store, searcher.embedder, "1.2.1 Tryggt stadsdelsområde")
    assert {e.citation.namnd for e in found.entries} == {"Norrmalms stadsdelsnämnd"}
    ks = timeline(searcher.store, searcher.embedder, "3.2.4 Stockholm är en smart och uppkopplad stad")
    assert _lines(ks, T2_2021)  # reworded ("smart och innovativ stad") in 2021, joined by title


def test_indicators_join_the_same_measure_only(searcher: Searcher) -> None:
    found = timeline(searcher.store, searcher.embedder, "Sjukfrånvaro dag 1-14")
    assert {e.title for e in found.entries} == {"Sjukfrånvaro dag 1-14"}
    assert {e.citation.file for e in found.entries} == {T1_2020, T2_2021, NORRMALM_2021}
    assert all(e.indicator is not None and e.indicator.values.outcome is not None for e in found.entries)


def test_a_measure_told_apart_by_a_function_word_is_another_measure(searcher: Searcher) -> None:
    """ "Budgetföljsamhet före resultatöverföringar" is not "… efter …": their names differ only in a
    stop word, and a new user's timeline of one listed the other (2013's) as "liknande rubrik"."""
    found = timeline(searcher.store, searcher.embedder, "budgetföljsamhet efter resultatöverföringar")
    assert found.entries and all(" efter " in f" {e.title} " for e in found.entries)
    assert {e.citation.file for e in found.entries} >= {T1_2020, T2_2021, NORRMALM_2021}


def test_words_goals_of_several_reports_share_name_the_goal_not_one_indicator(searcher: Searcher) -> None:
    """ "självförsörjande" is goal 1.1 in four reports (1.2 in 2013) and one indicator's word ("… som
    inte är självförsörjande"): the timeline is the goal's, which is followed over time."""
    found = timeline(searcher.store, searcher.embedder, "självförsörjande")
    assert found.anchor is not None and found.anchor.kind is ChunkKind.GOAL
    assert {e.citation.file for e in found.entries} == {NORRMALM_2021, T1_2020, T2_2021, VP_2013}


def test_held_out_half(searcher: Searcher) -> None:
    """The thresholds were chosen on timeline-tune.jsonl (bench/timeline_tune.py); this is the other half."""
    heldout = load_gold(EVAL / "timeline-heldout.jsonl")
    assert len(heldout) >= 10
    m = evaluate(searcher.store, searcher.embedder, heldout)
    # Measured: precision 0.90, recall 0.69, right-none 1.00 (README); a floor against regressions.
    assert m.precision >= 0.9 and m.recall >= 0.65 and m.right_none == 1.0


def test_the_same_words_shared_the_number_decides(searcher: Searcher) -> None:
    """2013's "3.2 Alla verksamheter staden finansierar är effektiva" shares one word, "effektiv",
    with 2020's 2.3 and its 3.2: the number, a hint, picks 3.2 (line 751). Once the 2024 avstämning's
    goals were read, the words' weights changed and 2.3 (line 481) came first."""
    found = timeline(searcher.store, searcher.embedder, "3.2 Alla verksamheter staden finansierar är effektiva")
    assert _lines(found, T1_2020) == [751]
    (joined,) = [e for e in found.entries if e.citation.file == T1_2020]
    assert joined.same_number and "effektiv" in joined.basis


def test_a_goal_judged_in_prose_has_a_timeline(searcher: Searcher) -> None:
    """The 2024 avstämning's goals are goals (judged in prose): its school goal joins 2020's and 2021's 1.3."""
    found = timeline(searcher.store, searcher.embedder, "Alla barn ska ges likvärdig möjlighet till utveckling")
    assert found.anchor is not None and found.anchor.citation.year == 2024
    assert found.anchor.status is not None and found.anchor.status.value == "uppfylls helt"
    assert [e.number for e in found.entries if e.citation.file == T1_2020] == ["1.3"]


def test_words_several_goals_hold_name_the_highest_of_them(searcher: Searcher) -> None:
    """A new user's "budget i balans" started from Norrmalm's nämndmål 3.1.1 and showed it alone; the
    words name KF's 3.1, which four reports follow up (2013's "Budgeten är i balans" by its words)."""
    found = timeline(searcher.store, searcher.embedder, "budget i balans")
    assert found.anchor is not None and found.anchor.number == "3.1"
    files = {e.citation.file for e in found.entries}
    assert {VP_2013, T1_2020, T2_2021, NORRMALM_2021} <= files
    assert all(e.number == "3.1" for e in found.entries)


def test_a_goal_rewritten_for_a_new_mandate_joins_by_its_text(searcher: Searcher) -> None:
    """The council rewrote its goals for 2023–2026: "Stockholm ska bli klimatpositivt …" shares no
    title word with 2021's "2.5 Stockholm är en hållbar stad med en god livsmiljö", whose text is
    about the climate; the goals' texts join them, where one is clearly nearest. A new goal area
    ("Hög beredskap och stark rådighet …") joins no 2021 goal."""
    climate = timeline(searcher.store, searcher.embedder, "Stockholm ska bli klimatpositivt")
    # T2 2021's 2.5 no longer leads by the margin: its flight-emissions row, read into the goal's text
    # until round twenty-two, is a row of its own, and the goal's text is less about the climate.
    joined = [e for e in climate.entries if e.citation.file in (T1_2020, NORRMALM_2021)]
    assert [e.number for e in joined] == ["2.5", "2.5"] and all(e.basis.startswith("liknande text") for e in joined)
    readiness = timeline(searcher.store, searcher.embedder, "Hög beredskap och stark rådighet")
    assert not [e for e in readiness.entries if e.citation.file == T2_2021]
    tune = load_gold(EVAL / "timeline-2024-tune.jsonl")
    m = evaluate(searcher.store, searcher.embedder, tune)
    # Measured on a fresh index: 4 of 10 cases right, P 1.00, R 0.25 (6 of 10, R 0.50, before T2 2021's
    # flight-emissions row left goal 2.5's text in round twenty-two; 5 of 10 on an index synced from the
    # earlier vectors, whose batches differ: the joins sit that near `TEXT_MARGIN`, whose comment says why).
    assert m.precision == 1.0 and m.recall >= 0.25


def test_other_titles_a_name_matches_are_named(searcher: Searcher) -> None:
    # "feriejobb" names two indicators: the summer jobs given and the places offered (Kommunstyrelsen 0
    # of 8, the one that misses its target). The timeline follows one and names the other (trial 28).
    found = timeline(searcher.store, searcher.embedder, "feriejobb")
    assert found.anchor is not None and found.anchor.kind is ChunkKind.INDICATOR
    followed = {e.title for e in found.entries}
    assert found.others and not set(found.others) & followed
    assert any("platser för feriejobb" in t for t in (*followed, *found.others))
    assert all("feriejobb" in t.lower() for t in found.others)
    # A whole name matches one measure, and nothing else is named.
    assert timeline(searcher.store, searcher.embedder, "Sjukfrånvaro").others == ()
