"""Related activities on the real corpus index: the cases of issue 21 and the held-out gold half."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.store import Store
from summarise.related import (
    Related,
    Relation,
    Thresholds,
    _compared,
    _is_related,
    _kin,
    _modifiers,
    _shared,
    profile_of,
    related,
    score_candidates,
)
from summarise.related_eval import GoldAnchor, GoldRef, evaluate, load_gold, resolver
from tests.conftest import AVST_2024, NORRMALM_2021, ROOT, T1_2020, T2_2021, VP_2013

EVAL = ROOT / "tests" / "eval"


@pytest.fixture(scope="module")
def store(corpus_index) -> Store:
    return Store.open(corpus_index[0])


def _related(store: Store, embedder, file: str, snippet: str) -> Related:
    passage = resolver(store)(GoldRef(file, snippet))
    found = related(store, embedder, passage)
    assert found is not None
    return found


def test_klimatanpassning_across_reports_and_years(store: Store, embedder) -> None:
    # Read in the reports: KS T2 2021 and Norrmalm 2021 follow up the same assignment word for word;
    # KS T1 2020 has its first step ("utarbeta en handlingsplan …"); the plan of 2013 coordinates
    # the city's klimatanpassning.
    found = _related(store, embedder, T2_2021, "implementera handlingsplanen för klimatanpassning")
    by_kind = {
        g.relation: [(m.citation.file, m.citation.year) for m in g.members if not m.sentence] for g in found.groups
    }
    assert {k: v for k, v in by_kind.items() if v} == {
        Relation.SAMMA_UPPDRAG: [(NORRMALM_2021, 2021)],
        Relation.NASTA_STEG: [(T1_2020, 2020)],
        Relation.SAMMA_AMNE: [(VP_2013, 2013)],
    }
    same = found.groups[0].members[0]
    assert same.basis.startswith("samma uppdrag – ordagrant") and "skyfall" in same.shared_terms
    assert found.assignment == "implementera handlingsplanen för klimatanpassning vid skyfall och värmeböljor"
    # The 2024 avstämning has no activity table: its follow-up stands in prose, as does T1 2020's
    # word on when the plan was due. Each is listed by its sentence, quoted, cited at its passage.
    prose = [(m.citation.file, m.relation, " ".join(m.sentence.split()[:6])) for m in found.members if m.sentence]
    assert prose == [
        (AVST_2024, Relation.NASTA_STEG, "Handlingsplanen för klimatanpassning ska genomföras med"),
        (T1_2020, Relation.SAMMA_AMNE, "En handlingsplan för stadens klimatanpassningsarbete planeras"),
        (AVST_2024, Relation.SAMMA_AMNE, "Stadens nämnder och bolagsstyrelser fortsätter arbetet"),
    ]
    assert all(
        "i löptext" in m.basis and m.sentence in " ".join(m.chunk.text.split()) for m in found.members if m.sentence
    )


def test_krigsorganisation_relates_only_to_civilt_forsvar(store: Store, embedder) -> None:
    # Issue 21: the boilerplate opening (Stadshus AB, berörda nämnder och bolagsstyrelser) listed 20
    # passages; only "fortsätta planeringen för civilt försvar" (T2 2021) is related.
    found = _related(store, embedder, T1_2020, "plan för krigsorganisation och krigsplacering")
    activities = [m for m in found.members if not m.sentence]
    assert [(m.relation, m.citation.file) for m in activities] == [(Relation.SAMMA_AMNE, T2_2021)]
    assert "civilt försvar" in activities[0].chunk.label
    assert "civilt försvar" in activities[0].basis and "samma parter" in activities[0].basis
    # The anchor says "krigsorganisation", not "civilt försvar": the subject is shown as one area of
    # both, never as a word both texts hold (a new user checked the claim against the texts).
    assert "samma ämnesområde: civilt försvar" in activities[0].basis
    assert "gemensamma ord: civilt" not in activities[0].basis
    # A named subject relates activities, not prose: "civilt försvar" stands in sentences on
    # pandemics and beredskap alike (the prose gold's tune half: precision 0.69 with it, 0.79 without).
    assert [m for m in found.members if m.sentence] == []


def test_crisis_preparedness_is_one_subject_in_other_words(store: Store, embedder) -> None:
    # Read in the reports: Norrmalm's "Uppdatera krisledningsplan" (2021) shares no word of weight
    # with the city's "process för risk- och sårbarhetsanalyser" (T2 2021) or 2013's
    # "krisledningsövning"; all three are duties of lag 2006:544.
    found = _related(store, embedder, NORRMALM_2021, "Uppdatera krisledningsplan")
    listed = {(m.citation.file, m.relation) for m in found.members}
    assert {(T2_2021, Relation.SAMMA_AMNE), (VP_2013, Relation.SAMMA_AMNE)} <= listed
    assert all("krisberedskap" in m.basis for m in found.members if m.citation.file in (T2_2021, VP_2013))
    # Civil defence (war-time) is another subject: its planning lists no risk analysis of peace time.
    found = _related(store, embedder, T2_2021, "fortsätta planeringen för civilt försvar")
    assert not [m for m in found.members if "sårbarhetsanalyser" in m.chunk.label]


def test_nothing_listed_when_nothing_qualifies(store: Store, embedder) -> None:
    # The same wording, another subject: Vetenskapsstaden (2021) is not Mälardalsrådet (2020).
    assert _related(store, embedder, T2_2021, "framtida delaktighet i Vetenskapsstaden").groups == ()
    assert related(store, embedder, "0000000000000000") is None


def test_the_same_named_thing_relates_whatever_else_is_said(store: Store, embedder) -> None:
    # T1 2020 writes "det moderna sociala systemet", T2 2021 "Esset": T1 2020 itself names it "det nya
    # sociala systemet Esset" in its text on the project. No word of the two objects is shared.
    found = _related(store, embedder, T2_2021, "ansvara för förvaltningen av Esset")
    # The activities (its prose on the project, "Projektet har i samarbete med äldrenämnden …", may relate too).
    described = [m for m in found.members if m.citation.file == T1_2020 and not m.sentence]
    assert [m.chunk.label for m in described] == [
        "Kommunstyrelsen ska i samarbete med äldrenämnden säkerställa att det moderna sociala systemet möjliggör "
        "integration med privata utförarens system"
    ]
    assert described[0].relation == Relation.SAMMA_AMNE and "samma namn: Esset (här beskrivet" in described[0].basis
    # The basis is words a reader can check: no scores, and the name not again as its lemma ("ess").
    assert all("likhet" not in m.basis and "gemensamma ord: ess" not in m.basis for m in found.members)
    # "det nyrenoverade kulturhuset" (T1 2020) is the Kulturhuset of 2013's merger with Stadsteatern.
    found = _related(store, embedder, T1_2020, "utveckla det nyrenoverade kulturhuset")
    assert [m.citation.file for m in found.members if "Kulturhuset" in m.chunk.label] == [VP_2013]


def test_a_place_alone_relates_nothing(store: Store, embedder) -> None:
    # A district hosts many subjects: the shared place name is support, never a relation by itself.
    anchor, scored = score_candidates(store, embedder, _stored(store, T1_2020, "utveckla det nyrenoverade kulturhuset"))
    kulturhuset = next(s for s in scored if s.shared_names == ("kulturhuset",) and not s.profile.sentence)
    assert _is_related(anchor, kulturhuset, Thresholds())
    assert not _is_related(anchor, replace(kulturhuset, shared_names=("södermalm",)), Thresholds())


def test_a_name_in_passing_relates_no_prose(store: Store, embedder) -> None:
    # Read in the reports: 2024 names Kulturhuset among the buildings dark for Earth Hour, and
    # Norrmalm 2021 "Kulturhuset Stadsteatern" among a project's participants; neither follows up
    # 2013's merger of the two. In an activity a shared rare name relates; in prose it does not alone.
    found = _related(store, embedder, VP_2013, "förslag till samgående mellan Stadsteatern och Kulturhuset")
    assert [m.sentence for m in found.members if m.sentence] == []
    assert [m.citation.file for m in found.members] == [T1_2020]


def test_a_name_that_is_also_an_ordinary_word_is_no_name(store: Store, embedder) -> None:
    # "Smarta lås" (T1 2020) is a name; "den smarta staden" (T2 2021) is not about it. "smart" is in 19
    # passages of the corpus: too common a word to say that two assignments are about one thing.
    found = _related(store, embedder, T1_2020, "effekter som realiserats vid införande av Smarta lås")
    assert not [m for m in found.members if "smarta staden" in m.chunk.label]


def _stored(store: Store, file: str, snippet: str):
    passage = store.chunk_by_id(resolver(store)(GoldRef(file, snippet)))
    assert passage is not None
    return passage


def _profile(store: Store, file: str, snippet: str):
    passage = store.chunk_by_id(resolver(store)(GoldRef(file, snippet)))
    assert passage is not None
    return profile_of(passage)


def test_suspended_conjunct_is_its_word(store: Store) -> None:
    # "avtals- och verksamhetsuppföljningen" (T2 2021) and "uppföljning av verksamheten, avtal" (T1 2020).
    later = _profile(store, T2_2021, "avtals- och verksamhetsuppföljningen inom äldreomsorgen")
    earlier = _profile(store, T1_2020, "uppföljning av verksamheten, avtal och utformningen")
    assert "avtal" in later.terms and "avtals-" not in later.terms
    assert {"avtal", "uppföljning", "verksamhet"} <= _shared(*_compared(later, earlier))


def test_shared_compound_counts_once(store: Store) -> None:
    # Both ask for riktlinjer: the word is shared once, its parts ("rikt", "linje") not beside it.
    a = _profile(store, T2_2021, "förändrade riktlinjer för att införa en ny form av sysselsättning")
    b = _profile(store, VP_2013, "Ta fram riktlinjer för förnyelsebar energiproduktion")
    assert {"rikt", "linje"} <= a.terms & b.terms
    assert _shared(*_compared(a, b)) == {"riktlinje"}


def test_a_verb_and_its_noun_are_one_term(store: Store) -> None:
    # Read in the reports: T2 2021 tries to "utforma ersättningen till hemtjänstutförare", T1 2020
    # inquired into "utformningen av hemtjänstpengen": the verb and its "-ning" noun are one word's family.
    later = _profile(store, T2_2021, "utforma ersättningen till hemtjänstutförare")
    earlier = _profile(store, T1_2020, "uppföljning av verksamheten, avtal och utformningen")
    assert "utforma" not in _shared(*_compared(later, earlier))
    kin = _kin(later.terms, earlier.terms)
    assert kin["utforma"] == {"utformning"}
    assert "utforma" in _shared(*_compared(later, earlier), kin)
    # Unrelated words that only start alike are no family: "hemtjänst" has none among the other's words.
    assert "hemtjänst" not in kin


def test_a_compound_names_its_subject_in_its_first_part() -> None:
    # "mat- och måltidspolicyn": a policy about mat and måltider; "strategi" names no subject.
    assert _modifiers(["mat-", "måltidspolicy", "strategi", "cykelvänlig"]) == {"mat", "måltid", "cykel"}


def test_one_subject_in_other_words(store: Store, embedder) -> None:
    # Read in the reports: 2013's strategy "som stimulerar ökat cyklande" and T2 2021's "riktlinjer för
    # cykelvänliga arbetsplatser" are both about cycling, and share no word but the compounds' "cykel".
    found = _related(store, embedder, VP_2013, "strategi som stimulerar ökat cyklande")
    cycling = [m for m in found.members if "cykelvänliga arbetsplatser" in m.chunk.label]
    assert [m.citation.file for m in cycling] == [T2_2021]
    assert cycling[0].relation == Relation.SAMMA_AMNE and "ämnesord: cykel" in cycling[0].basis
    # The other way round too; the riktlinjer both ask for are what is delivered, not a subject: those
    # for "det kommunala aktivitetsansvaret" (Norrmalm 2021) share the word and stay unlisted.
    found = _related(store, embedder, T2_2021, "riktlinjer för cykelvänliga arbetsplatser")
    assert [m.citation.file for m in found.members if "ökat cyklande" in m.chunk.label] == [VP_2013]
    assert not [m for m in found.members if "aktivitetsansvar" in m.chunk.text]


def test_a_line_that_opens_with_its_object_names_nothing_by_its_capital(store: Store) -> None:
    goal = _profile(store, T1_2020, "3.2.8 Staden har kapacitet och förmåga")
    assert "staden" not in goal.names
    assert "esset" in _profile(store, T2_2021, "ansvara för förvaltningen av Esset").names


@pytest.mark.parametrize(
    "half",
    [
        "tune",
        "heldout",
        "fresh",
        "fresh2",
        "fresh3-look",
        "fresh3-blind",
        "prose-tune",
        "prose-heldout",
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
    ],
)
def test_gold_snippets_name_one_passage_each(store: Store, half: str) -> None:
    resolve = resolver(store)
    for anchor in load_gold(EVAL / f"related-{half}.jsonl"):
        for ref in (anchor.anchor, *anchor.related):
            resolve(ref)


def test_gold_halves_are_disjoint_and_large_enough() -> None:
    tune, held, fresh = (load_gold(EVAL / f"related-{h}.jsonl") for h in ("tune", "heldout", "fresh"))
    assert len(tune) + len(held) >= 40 and not {a.id for a in tune} & {a.id for a in held}
    # The blind set's anchors are none of the other halves', as anchor or by id.
    anchors = {(a.anchor.file, a.anchor.text) for a in tune + held}
    assert len(fresh) >= 10 and not {(a.anchor.file, a.anchor.text) for a in fresh} & anchors
    assert not {a.id for a in fresh} & {a.id for a in tune + held}
    every = tune + held
    assert sum(not a.related for a in every) >= 10  # anchors with no related passage anywhere
    assert any(r.file == NORRMALM_2021 for a in every if a.anchor.file != NORRMALM_2021 for r in a.related)


def test_held_out_quality(store: Store, embedder) -> None:
    """A floor on the half that no threshold was chosen on, at what it measured (README).

    Issue 21's targets are 0.8 each. Held-out measured 0.78 and 0.74; once a shared compound
    counted once and names were judged by their written form (classes found on tune), 0.91 and
    0.74; once a shared rare name (in either case, or by the description the reports give it)
    related alone, 0.91 and 0.79: recall still trails the target, and this floor says so. A rare
    compound subject shared (`SUBJECT_SHARE`, chosen on tune: recall 0.76 → 0.87) lists two more
    passages here, both unrelated: 0.86 and 0.79.
    """
    gold = load_gold(EVAL / "related-heldout.jsonl")
    resolve = resolver(store)
    found = {a.id: related(store, embedder, resolve(a.anchor)) for a in gold}
    metrics = evaluate(gold, found, resolve)
    assert metrics.precision >= 0.85 and metrics.recall >= 0.75, metrics
    assert metrics.same_exact == 1.0 and metrics.empty_when_none >= 0.9, metrics


def test_prose_is_judged_only_where_the_gold_looked_in_prose(store: Store, embedder) -> None:
    # Gold sets written before prose was compared name activities and goals only: a sentence listed
    # for them is neither right nor wrong. Where the reader looked in prose too, it is judged.
    found = _related(store, embedder, T2_2021, "implementera handlingsplanen för klimatanpassning")
    anchor = GoldRef(T2_2021, "implementera handlingsplanen för klimatanpassning")
    same = GoldRef(NORRMALM_2021, "implementera handlingsplanen för klimatanpassning", "samma uppdrag")
    prose = GoldRef(AVST_2024, "Handlingsplanen för klimatanpassning ska genomföras", "nästa steg", "prose")
    resolve = resolver(store)
    activities = sum(not m.sentence for m in found.members)
    before = evaluate([GoldAnchor("k", anchor, (same,))], {"k": found}, resolve)
    assert (before.listed, before.prose_listed, before.precision) == (activities, 0, 1 / activities)
    looked = evaluate([GoldAnchor("k", anchor, (same, prose), prose=True)], {"k": found}, resolve)
    assert (looked.listed, looked.prose_listed, looked.prose_hits, looked.prose_gold) == (activities + 3, 3, 1, 1)
    assert looked.recall == 1.0 and looked.precision == 2 / (activities + 3)


def test_gold_is_read_from_files(tmp_path: Path) -> None:
    line = '{"id": "x", "anchor": {"file": "a.txt", "text": "t"}, "related": [], "note": ""}\n'
    (tmp_path / "g.jsonl").write_text(line + "\n", encoding="utf-8")
    assert load_gold(tmp_path / "g.jsonl")[0].related == ()


def test_a_related_activity_shows_how_it_went(store: Store, embedder) -> None:
    """A reader checking the same Esset assignment in Norrmalm's report had to open each passage for how
    it went there: each related activity with an Analys shows its opening, as the report writes it, in
    the CLI and the API alike; the asked passage says it is flagged."""
    from io import StringIO

    from rich.console import Console

    from api import render
    from api.models import RelatedResponse

    found = _related(store, embedder, T2_2021, "etablera en support- och förvaltningsorganisation för Esset")
    members = [m for g in found.groups for m in g.members]
    with_analysis = [m for m in members if m.chunk.analysis]
    assert with_analysis and all(
        " ".join(m.chunk.analysis.split()).startswith(m.analysis.removesuffix(" …")) for m in with_analysis
    )
    out = StringIO()
    render.related(Console(file=out, width=300), found)
    shown = out.getvalue()
    assert "avvikelse" in shown.splitlines()[1] and found.passage.chunk.deviation
    assert all(f"Analys: {m.analysis}" in shown for m in with_analysis)
    api = RelatedResponse.of(found)
    assert [m.analysis for g in api.groups for m in g.members] == [m.analysis or None for m in members]


def test_a_word_that_opens_a_later_sentence_is_no_name(store: Store) -> None:
    # "… flytt av beställaransvaret. Utredningen ska …": a sentence's first word is capitalised whatever it is.
    lss = _profile(store, T2_2021, "Kommunstyrelsen ska tillsammans med socialnämnden och")
    assert "lss" in lss.terms and "utredningen" not in lss.names
