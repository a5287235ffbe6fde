"""Search on questions nobody tuned it for: one test per failure class, on the real corpus index,
and the held-out half of the gold set as a floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.parse.records import ChunkKind, GoalStatus, ReportType
from search.engine import Searcher
from search.evaluate import evaluate, load_gold
from search.names import UnknownNamndError, resolve_namnd
from search.query import Filters
from tests.conftest import NORRMALM_2021, T1_2020, T2_2021, VP_2013

EVAL = Path(__file__).resolve().parent.parent / "eval"


def _lines(result) -> list[tuple[str, int]]:
    return sorted((h.citation.file, h.citation.line_start) for h in result.hits)


@pytest.mark.parametrize(
    "question",
    [
        "vilka aktiviteter fick bara avvikelser om pandemin",
        "vilka aktiviteter inom stadsledningskontoret har stora avvikelser om pandemin",
        "finns det några aktiviteter som har avvikelser om pandemin",
    ],
)
def test_filler_words_never_empty_or_change_a_list(searcher: Searcher, question: str) -> None:
    _lists_the_pandemic_deviations(searcher, question)


def _lists_the_pandemic_deviations(searcher: Searcher, question: str):
    """The question's answer, asserted to be the 4 pandemic deviations the plain question lists."""
    exact = searcher.search("vilka aktiviteter har avvikelser om pandemin")
    result = searcher.search(question)
    assert result.total == exact.total == 4
    assert _lines(result) == _lines(exact)
    return result


@pytest.mark.parametrize("name", ["coronapandemin", "covid-19", "coronaviruset", "covid"])
def test_every_name_of_the_pandemic_lists_the_same_activities(searcher: Searcher, name: str) -> None:
    # The reports of 2020–2021 name it in all these ways; "coronapandemin" listed 3 of the 4.
    _lists_the_pandemic_deviations(searcher, f"vilka aktiviteter har avvikelser om {name}")


@pytest.mark.parametrize(
    "question",
    [
        "Vilka aktiviteter pausades eller försenades av coronapandemin i tertialrapport 1 2020?",
        "Vilka aktiviteter har skjutits upp på grund av pandemin?",
        "Vilka aktiviteter sköts upp på grund av coronapandemin?",
    ],
)
def test_every_word_for_work_behind_plan_asks_for_the_deviations(searcher: Searcher, question: str) -> None:
    # "pausades" stayed a topic word the deviations' analyses mostly lack: 1 of the 4 (a new user's).
    assert _lists_the_pandemic_deviations(searcher, question).interpretation.deviation


def test_an_answer_by_meaning_alone_says_which_words_no_report_has(searcher: Searcher) -> None:
    """A subject no report names ("olympiska vinterspelen"), asked with words they do have
    ("Stockholm", "söka"): whatever the dense side finds lacks those words, and the answer says so,
    in the CLI as on the page (a new user read 223 hits as an answer about the games)."""
    from io import StringIO

    from rich.console import Console

    from api.render import search_result

    result = searcher.search("Ska Stockholm söka de olympiska vinterspelen?")
    assert result.unknown_words == ("olympiska", "vinterspelen")
    assert not any("olympisk" in hit.chunk.text.lower() for hit in result.hits)
    out = StringIO()
    search_result(Console(file=out, width=200), result)
    if result.total:
        assert "Obs: orden «olympiska», «vinterspelen» förekommer inte i rapporterna" in out.getvalue()
    else:
        assert "Inga träffar: orden «olympiska», «vinterspelen» förekommer inte i någon rapport" in out.getvalue()


def test_a_hyphenated_subject_no_report_has_is_the_subject(searcher: Searcher) -> None:
    """ "vinter-OS" is in no report. It was searched by its parts "vinter" and "osa" (the abbreviation
    lower-cased read as a verb) and weighed as an everyday word (wordfreq reads it as two), so the
    passages holding "ansökan" were "tydligt om frågan" (a new user's question)."""
    asked = searcher.understand("Hur arbetar staden med ansökan om vinter-OS?")
    (subject,) = [t for t in asked.terms if t.word == "vinter-OS"]
    assert "osa" not in subject.parts
    result = searcher.search("Hur arbetar staden med ansökan om vinter-OS?")
    assert not result.clear and result.total == 0
    assert result.unknown_words == ("vinter-OS",)  # named as missing, as a word of one piece


def test_weak_cues_are_preferences_not_filters(searcher: Searcher) -> None:
    indicators = searcher.understand("vilka indikatorer når inte årsmålet")
    assert indicators.statuses is None  # indicators carry no status: "inte" cannot filter them
    assert searcher.search("vilka indikatorer når inte årsmålet").total > 0
    delay = searcher.understand("förseningar i upphandlingen")
    assert delay.deviation is None and delay.prefer.deviation  # ranks flagged passages first, keeps the rest
    result = searcher.search("förseningar i upphandlingen")
    assert result.total > len([h for h in result.hits if h.chunk.deviation])
    goals = searcher.understand("vilka nämndmål uppfylls inte 2021")
    assert goals.statuses is not None  # goals carry statuses: here the cue is unambiguous


@pytest.mark.parametrize("question", ["Eurovision", "kärnkraft", "vilka mål handlar om vildsvin", "reservkraftverk"])
def test_a_compound_part_alone_is_no_answer(searcher: Searcher, question: str) -> None:
    result = searcher.search(question)
    assert result.total == 0 and result.hits == ()


def test_a_whole_word_ranks_above_a_part(searcher: Searcher) -> None:
    # "vision" is the head of "Söderortsvisionen": a passage with the word itself ranks first.
    result = searcher.search("vision")
    assert result.hits and "vision" in result.hits[0].chunk.text.lower().replace("visionen", "vision").split()


@pytest.mark.parametrize(
    "question",
    [
        "Hur många båtplatser hyr staden ut?",
        "What does the city spend on the Stockholm Jazz Festival?",
        "Planerar staden att bygga ett planetarium?",
        # No report has "färdtjänst" or "polishus"; their parts stand apart in passages of "färdplan",
        # "hemtjänst", "polisen" and "hus" (a new user's "färdtjänsten" was "tydligt om frågan" there).
        "Hur många resor med färdtjänst gjordes på Norrmalm?",
        "Vad kostar färdtjänsten för staden?",
        "Ska polishuset på Norrmalm byggas om?",
    ],
)
def test_nothing_found_is_said_with_total_zero(searcher: Searcher, question: str) -> None:
    result = searcher.search(question)
    assert result.total == 0 and not result.hits
    # Nearest passages may be offered, apart and labelled: never as hits, never in the total.
    assert len(result.suggestions) <= 3 and not result.hits
    # "Inga träffar" names the words that no report has, and each is truly in none of them.
    vocabulary = searcher.store.vocabulary()
    assert result.unknown_words and all(w.lower() not in vocabulary for w in result.unknown_words)


def test_totals_agree_with_the_hits(searcher: Searcher) -> None:
    for question in ("vilka aktiviteter har avvikelser om pandemin", "hemlöshet", "trygghet på Norrmalm"):
        result = searcher.search(question, limit=5)
        assert len(result.hits) == min(result.total, 5) or result.interpretation.list
        if result.interpretation.list:
            assert len(result.hits) == result.total


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("hemloshet", "hemlöshet"),
        ("sjukfranvaro norrmalm", "sjukfrånvaro norrmalm"),
        ("klimatanpasning", "klimatanpassning"),
        # "kanner" had been split as "kane" + "ner" and so taken for a word (a new user's).
        ("andel som kanner sig trygga i parker", "andel som känner sig trygga i parker"),
        # No report writes "lördagar" (the index has "lördagen"): its å/ä/ö come from wordfreq's list,
        # and the lemma finds it. A new user's question had been answered "Inga träffar".
        ("ungdomsmottagningen oppet lordagar", "ungdomsmottagningen öppet lördagar"),
        # wordfreq lists the web's "foretag" (zipf 2.1; "företag" 5.3), so it had been taken for a word,
        # read as "for" + "tag", and searched so.
        ("nöjd kund index myndighetsutövning foretag", "nöjd kund index myndighetsutövning företag"),
        # wordfreq lists the slip "stokholm" (1.2) and the splitter reads it "stoke" + "holme", so it had been
        # taken for a compound of known words: the answer was "Inga träffar" (fresh16).
        ("projektet Vackra Stokholm", "projektet Vackra Stockholm"),
    ],
)
def test_misspelt_words_are_corrected_and_shown(searcher: Searcher, typed: str, written: str) -> None:
    corrected, right = searcher.search(typed), searcher.search(written)
    assert corrected.total > 0 and corrected.total == right.total
    assert [h.id for h in corrected.hits] == [h.id for h in right.hits]
    assert corrected.interpretation.searched, corrected.interpretation


def test_a_word_swedish_writes_with_c_or_k_is_searched_as_the_reports_write_it(searcher: Searcher) -> None:
    """Trial 31: "korona" (a word of its own, zipf 2.2) found no report, which write "coronapandemin";
    "konsult" is the index's own spelling and stays."""
    result = searcher.search("kostnader för skyddsutrustning under korona")
    assert result.total > 0 and [c.searched for c in result.interpretation.searched or ()] == ["corona"]
    assert searcher.understand("konsulter i upphandlingen").corrections == ()
    # Only a compound's first part counts: "avvec" begins "avvecklas" (a word of its own, spelt "ck"),
    # and "avvek" (avvika) had become it, losing the deviation it asks for.
    assert searcher.understand("vilka aktiviteter avvek från planen 2021").corrections == ()


def test_an_everyday_word_is_searched_as_the_reports_word(searcher: Searcher) -> None:
    """ "handikapp" is in no report; they say "funktionsnedsättning" (the dictionary: "disability")."""
    result = searcher.search("Vad gör staden för att personer med handikapp ska kunna delta på lika villkor?")
    assert result.total > 0 and result.interpretation.alternatives
    assert "funktionsnedsättning" in result.hits[0].chunk.text


def test_a_real_word_is_not_corrected(searcher: Searcher) -> None:
    assert searcher.understand("vargjakt i Norrmalm").corrections == ()
    # An attested compound is a word unless an index word one edit away is far commoner: "båtplatser" (1.9)
    # stays, though "badplatser" (2.7) is one letter away.
    assert searcher.understand("båtplatser i Norrmalm").corrections == ()
    # Common words one letter from a commoner index word ("långt", "samma") stay as typed…
    assert searcher.understand("unga som lånat för mycket").corrections == ()
    assert searcher.understand("skolbarn som inte kan simma").corrections == ()
    assert searcher.understand("bada i Mälaren").corrections == ()  # "bada" is no slip of "båda"
    # A regular inflection of a common word is a word ("vikar", plural of "vik", 4.2), not a slip of the
    # far commoner "visar"; another form of an index word is found by its lemma, not "corrected".
    assert searcher.understand("snö i sjöar och vikar").corrections == ()
    from search.spelling import _inflects_a_word

    assert _inflects_a_word("vikar") and _inflects_a_word("skolor")  # "vik" + ar; "skola" less -a, + or
    assert not _inflects_a_word("ungdommar")
    form = searcher.understand("budgetjusteringen för investeringar 2024")
    assert form.corrections == () and [c.searched for c in form.forms] == ["budgetjusteringar"]
    assert "budgetjusteringar" in form.searched_text() and form.interpretation().searched is None
    # …while a rare listed misspelling is still corrected.
    assert [c.searched for c in searcher.understand("ungdommar på Norrmalm").corrections] == ["ungdomar"]


def test_a_passage_that_stands_out_by_meaning_answers(searcher: Searcher) -> None:
    """Trial 32: "minnesmärke efter terrordådet på Drottninggatan" was "Inga träffar", the report saying
    "efter händelsen": its activity was e5's first, 0.04 ahead of the second, and below the coverage the
    words give. A passage so far ahead answers; a question the reports are silent on has none so far
    ahead (tune: at most 0.015), and stays at total 0."""
    memorial = searcher.search("minnesmärke efter terrordådet på Drottninggatan")
    assert memorial.total >= 1 and "minnesmärke efter händelsen på Drottninggatan" in memorial.hits[0].chunk.text
    for silent in ("Planerar staden att införa en hundskatt?", "Vad anser kommunstyrelsen om flygskatten?"):
        assert searcher.search(silent).total == 0, silent


def test_an_english_office_is_a_topic_word(searcher: Searcher) -> None:
    """Trial 32: "what is the mayor's salary" was read as "salary" alone, and 18 passages on summer jobs'
    wages were labelled clearly about it. The glossary's "mayor" (borgarråd) is half the topic."""
    query = searcher.understand("what is the mayor's salary")
    assert "borgarråd" in next(t for t in query.terms if t.word == "mayor").terms
    assert searcher.search("what is the mayor's salary").clear == 0


def test_english_questions_are_not_read_as_swedish(searcher: Searcher) -> None:
    query = searcher.understand("What is the city doing about homelessness?")
    assert query.language == "en" and query.namnd is None and query.kinds is None
    result = searcher.search("What is the city doing about homelessness?")
    assert any("hemlös" in h.chunk.text.lower() for h in result.hits[:3])
    sick = searcher.search("sick leave Norrmalm 2021")
    assert sick.interpretation.namnd == "Norrmalms stadsdelsnämnd" and sick.interpretation.language == "en"
    assert any("sjukfrånvaro" in h.chunk.text.lower() for h in sick.hits[:3])


def test_english_is_told_by_its_words_before_any_spelling(searcher: Searcher) -> None:
    """A name's lower-case part ("torg") and the speller ("an" → "toa") must not make it Swedish."""
    query = searcher.understand("Is Sergels torg still an open drug scene?")
    assert query.language == "en" and query.corrections == ()
    # A Swedish name in an English question is found in its indexed form ("Drottninggatan").
    memorial = searcher.search("memorial for the Drottninggatan terror attack")
    assert "minnesmärke" in memorial.hits[0].chunk.text


def test_an_english_keyword_question_that_opens_with_a_name_is_english(searcher: Searcher) -> None:
    """A first word's capital may be a name's, which says nothing of the language: lingua read
    "Esset delays" with its name as Swedish, and the speller made "delas" of "delays"."""
    esset = searcher.search("Esset delays")
    assert esset.interpretation.language == "en" and not esset.interpretation.searched
    # The opening name is searched as one, since the index has it: the delay of Esset comes first.
    assert "Esset" in esset.hits[0].chunk.text and "försen" in esset.hits[0].chunk.text
    rink = searcher.understand("Vasaparken skating rink")
    assert rink.language == "en" and rink.terms[0].word == "Vasaparken"
    # A Swedish keyword question that opens with a name stays Swedish.
    for question in ("Vasaparken isbana", "Sergels torg trygghet", "Esset förseningar"):
        assert searcher.understand(question).language == "sv", question
    # An English first word is no name, even where the index has the word ("Budget" is Swedish too).
    assert all(t.word != "Budget" for t in searcher.understand("Budget surplus forecast 2021").terms)


def test_an_everyday_english_word_with_a_capital_is_no_name(searcher: Searcher) -> None:
    """English writes months and days with a capital; no report has "June", and as a name it had
    emptied the answer ("Inga träffar: ordet «June» …")."""
    rain = searcher.search("What happened after the heavy rains in June 2021?")
    assert rain.total > 0 and "June" not in rain.unknown_words
    assert any("skyfall" in h.chunk.text.lower() for h in rain.hits[:5])
    metro = searcher.search("Which decisions did the City Council take on Monday about the metro?")
    assert "Monday" not in metro.unknown_words
    # A name the reports lack still empties it.
    assert searcher.search("How much did the city contribute to the Stockholm Jazz Festival?").total == 0


def test_an_english_hyphenated_words_parts_are_searched(searcher: Searcher) -> None:
    """ "zero-emission" is no entry of the glossary or the dictionary, but "emissions" is (utsläpp):
    the question had no lexical term, and the dense side alone was not sure ("Inga träffar")."""
    query = searcher.understand("What is the plan for a zero-emission zone in the city centre?")
    assert any("utsläpp" in t.terms for t in query.terms)
    result = searcher.search("What is the plan for a zero-emission zone in the city centre?")
    assert result.total > 0 and "nollutsläppszon" in result.hits[0].chunk.text
    assert "zero-emission" in result.interpretation.topic


def test_an_english_word_the_glossary_lacks_is_searched_by_the_dictionarys_swedish(searcher: Searcher) -> None:
    # "memorial" is no glossary entry; alone, the dense side was not sure and the answer was "Inga träffar".
    result = searcher.search("memorial for the victims")
    assert result.total > 0 and "minnesmärke" in result.hits[0].chunk.text
    assert any(a.word == "memorial" and "minnesmärke" in a.terms for a in result.interpretation.alternatives or ())


def test_an_english_word_whose_swedish_no_passage_has_is_its_subject(searcher: Searcher) -> None:
    # "rats": Folkets gives "råtta", which no report has; the parks the reports do have must not
    # answer a question about rats (it had answered 60 passages about parks).
    result = searcher.search("Does the city fight rats in the parks?")
    assert result.total == 0 and "rats" in result.unknown_words


def test_an_english_name_the_reports_give_in_swedish_does_not_empty_the_answer(searcher: Searcher) -> None:
    # "Swedish Police Authority" is in no passage (the reports say "polisen"): the name cannot be
    # required, the other words rank, and the dense side decides whether anything answers.
    result = searcher.search("work with the Swedish Police Authority against gang crime")
    assert result.total > 0
    assert all("polis" in h.chunk.text.lower() for h in result.hits[:3])
    # A name of something the reports do not cover stays unanswered (the dense side is not sure).
    assert searcher.search("What rules apply to short-term rentals like Airbnb in Stockholm?").total == 0


@pytest.mark.parametrize(
    "question",
    [
        "vilka aktiviteter gick inte enligt plan 2021",
        "vilka aktiviteter avvek från planen 2021",
        "vilka aktiviteter är försenade 2021",
    ],
)
def test_off_plan_and_delay_ask_for_the_flag_of_activities(searcher: Searcher, question: str) -> None:
    """The flag "Avvikelse" means not as planned: said in words, it is the same filter as the flag."""
    flagged = searcher.search("vilka aktiviteter har avvikelse 2021")
    result = searcher.search(question)
    assert result.interpretation.deviation is True and result.interpretation.topic is None
    assert result.total == flagged.total > 0 and all(h.chunk.deviation for h in result.hits)


def test_a_delay_in_a_topic_question_stays_a_preference(searcher: Searcher) -> None:
    query = searcher.understand("förseningar i upphandlingen")
    assert query.deviation is None and query.prefer.deviation and len(query.terms) == 2


def test_a_kind_word_that_empties_a_top_k_answer_is_dropped(searcher: Searcher) -> None:
    """ "risker för målet": the goal is what the text discusses; no goal passage answers it. After "för"
    the kind word is an object, so it only ranks (`query._kinds_as_objects`)."""
    question = "Finns det risker för målet om ekologiska livsmedel i staden?"
    read_as = searcher.understand(question)
    assert read_as.kinds is None and read_as.prefer.kinds == (ChunkKind.GOAL,)
    result = searcher.search(question)
    assert result.total > 0 and result.interpretation.kind is None
    assert any("ekologisk" in h.chunk.text for h in result.hits[:3])
    # A kind read as asked for ("kring målet") that leaves a top-k answer empty is dropped.
    around = "Finns det risker kring målet om ekologiska livsmedel i staden?"
    assert searcher.understand(around).kinds == (ChunkKind.GOAL,)
    dropped = searcher.search(around)
    assert dropped.total > 0 and dropped.interpretation.kind is None
    # An explicit kind stays, empty or not.
    assert searcher.search(question, Filters(kinds=(ChunkKind.GOAL,))).interpretation.kind == (ChunkKind.GOAL,)
    # With a figure asked, "målet" is the target: goals and indicators only rank higher, no kind filters.
    figure = "Hur stor andel ekologiska livsmedel ska staden köpa in och finns det risker för målet?"
    read = searcher.understand(figure)
    assert read.kinds is None and read.prefer.kinds == (ChunkKind.GOAL, ChunkKind.INDICATOR)
    hits = searcher.search(figure).hits[:3]
    assert {h.chunk.kind for h in hits} >= {ChunkKind.INDICATOR} and all("ekologisk" in h.chunk.text for h in hits[:2])


def test_verbs_of_reporting_name_no_topic(searcher: Searcher) -> None:
    plain = searcher.search("kyrkogårdsnämndens investeringar")
    framed = searcher.search("Vad rapporteras om kyrkogårdsnämndens investeringar?")
    assert [t.searched for t in searcher.understand("Vad rapporteras om kyrkogårdsnämndens investeringar?").terms] == [
        "kyrkogårdsnämndens",
        "investeringar",
    ]
    # The same passage answers first; the dense side, which reads the whole question, may admit others.
    assert framed.hits[0].id == plain.hits[0].id and "kyrkogård" in framed.hits[0].chunk.text.lower()


def test_every_compared_side_has_evidence(searcher: Searcher) -> None:
    result = searcher.search("sjukfrånvaron 2020 jämfört med 2021")
    assert {h.citation.year for h in result.hits[:10]} >= {2020, 2021}
    sides = searcher.search("trygghet på Norrmalm och i kommunstyrelsen")
    assert {h.citation.namnd for h in sides.hits[:10]} == {"Kommunstyrelsen", "Norrmalms stadsdelsnämnd"}


def test_two_namnder_in_one_year_are_the_sides_compared(searcher: Searcher) -> None:
    """A year named for each side is one year, and the nämnder are what is compared (a new user's
    question was read as "2021 och 2021", Kommunstyrelsen lost, its result out of the top ten)."""
    question = "hur skiljer sig det ekonomiska resultatet mellan kommunstyrelsen 2021 och Norrmalm 2021"
    asked = searcher.understand(question)
    assert asked.years == (2021,) and asked.compare == ("Kommunstyrelsen", "Norrmalms stadsdelsnämnd")
    result = searcher.search(question)
    assert {h.citation.namnd for h in result.hits[:10]} == {"Kommunstyrelsen", "Norrmalms stadsdelsnämnd"}


@pytest.mark.parametrize(
    "question", ["klimatmålen från verksamhetsplanen 2013 till 2024", "bostadsbyggandets mål 2013 jämfört med 2024"]
)
def test_a_form_named_for_one_side_does_not_empty_the_other(searcher: Searcher, question: str) -> None:
    """The 2024 avstämning is no verksamhetsplan and has no goal tables: both years still answer."""
    result = searcher.search(question)
    assert {h.citation.year for h in result.hits[:10]} == {2013, 2024}


def test_one_name_resolver_everywhere(searcher: Searcher) -> None:
    known = searcher.namnder
    assert resolve_namnd("Norrmalm", known) == resolve_namnd("norrmalms sdn", known) == "Norrmalms stadsdelsnämnd"
    assert resolve_namnd("KS", known) == resolve_namnd("stadsledningskontoret", known) == "Kommunstyrelsen"
    by_filter = searcher.search("hemlöshet", Filters(namnd="Norrmalm"))
    assert by_filter.total > 0 and all(h.citation.file == NORRMALM_2021 for h in by_filter.hits)
    ks = searcher.search("vilka aktiviteter har avvikelser", Filters(namnd="KS"))
    assert ks.total > 0 and all(h.citation.namnd == "Kommunstyrelsen" for h in ks.hits)
    assert searcher.understand("sjukfrånvaro hos stadsledningskontoret").namnd == "Kommunstyrelsen"
    with pytest.raises(UnknownNamndError, match="Kommunstyrelsen, Norrmalms stadsdelsnämnd"):
        searcher.search("hemlöshet", Filters(namnd="Tensta"))


def test_a_goal_level_named_lists_goals_of_that_level(searcher: Searcher) -> None:
    # Every nämnd's report numbers its goals in three levels (1, 1.2, 1.2.1): a nämndmål is the third.
    result = searcher.search("vilka nämndmål har Norrmalms stadsdelsnämnd")
    goals = [
        s.chunk
        for s in searcher.store.chunks(list(range(1, searcher.store.passage_count() + 1)))
        if s.chunk.kind.value == "goal" and s.chunk.citation.namnd == "Norrmalms stadsdelsnämnd"
    ]
    third = {c.id for c in goals if len(c.goal_path) == 3}
    assert 0 < len(third) < len(goals)
    assert result.total == len(third) and {h.id for h in result.hits} == third


def test_a_goal_named_by_number_lists_what_is_under_it(searcher: Searcher, parsed) -> None:
    """Every report numbers its goals by the city's levels: "under mål 1.4" is that goal's subtree,
    whatever words describe it; counted against the parser's own goals and activities."""
    report = parsed[NORRMALM_2021]
    nämndmål = {g.number for g in report.goals if g.number and g.number.startswith("1.4.")}
    result = searcher.search("Vilka nämndmål har Norrmalms stadsdelsnämnd under mål 1.4 (stöd i tid)?")
    assert result.interpretation.goal is not None and result.interpretation.goal.below
    assert {h.chunk.goal_path[-1] for h in result.hits} == nämndmål and result.total == len(nämndmål) >= 2
    activities = [a for a in report.activities if "1.2.1" in a.goal_path]
    listed = searcher.search("vilka aktiviteter finns under mål 1.2.1 på Norrmalm")
    assert listed.total == len(activities) >= 1 and all(h.chunk.kind is ChunkKind.ACTIVITY for h in listed.hits)
    # The reports' "mål för verksamhetsområdet" is the second level.
    second = searcher.search("Vilka mål för verksamhetsområdet har kommunstyrelsen 2013 under inriktningsmål 1?")
    assert second.total >= 2 and all(len(h.chunk.goal_path) == 2 and h.chunk.goal_path[0] == "1" for h in second.hits)


def test_a_goal_named_by_its_title_lists_what_is_under_it(searcher: Searcher, parsed) -> None:
    """ "under målet att <title>": each KF goal of T2 2021 with nämndmål, named by its title's words,
    lists exactly its nämndmål in that report (the parser's own goals are the truth)."""
    goals = parsed[T2_2021].goals
    checked = 0
    for kf in (g for g in goals if g.number and g.number.count(".") == 1):
        children = {g.number for g in goals if g.number and g.number.startswith(kf.number + ".")}
        if len(children) < 2:
            continue
        result = searcher.search(f"vilka nämndmål finns under målet att {kf.title.lower()} i tertialrapport 2 2021")
        assert result.interpretation.goal is not None and result.interpretation.goal.number == kf.number, kf.title
        assert {h.chunk.goal_path[-1] for h in result.hits} == children, kf.title
        checked += 1
    assert checked >= 3
    # No goal is titled so: nothing is listed.
    assert searcher.search("vilka aktiviteter finns under målet om vindkraftverk").total == 0


def test_a_namndmal_named_by_its_title_right_after_the_level_word_lists_its_rows(searcher: Searcher, parsed) -> None:
    """ "under nämndmålet <title>", without "om"/"att": every Norrmalm nämndmål with activities, named
    so, lists exactly its activities (a new user's "… under nämndmålet Tryggt stadsdelsområde" got
    nine goals and none of its five activities). The parser's own records are the truth."""
    report = parsed[NORRMALM_2021]
    checked = 0
    for goal in (g for g in report.goals if g.number and g.number.count(".") == 2):
        rows = {a.source.line_start for a in report.activities if a.goal_path and a.goal_path[-1] == goal.number}
        if len(rows) < 2:
            continue
        result = searcher.search(f"Vilka aktiviteter har Norrmalm under nämndmålet {goal.title}?")
        assert result.interpretation.goal is not None and result.interpretation.goal.number == goal.number, goal.title
        assert {h.citation.line_start for h in result.hits} == rows, goal.title
        checked += 1
    assert checked >= 3
    # The indefinite "mål" is no title of its own: "mål och budget" names a report.
    assert searcher.understand("vilka avvikelser finns under mål och budget 2024").goal is None


def test_the_pandemic_list_stays_exact(searcher: Searcher) -> None:
    result = searcher.search("vilka aktiviteter har avvikelser om pandemin")
    assert result.total == 4 and {h.citation.file for h in result.hits} == {T1_2020}


def test_held_out_floor(searcher: Searcher) -> None:
    """The held-out half, never tuned on, stays at least where this design measured it (README)."""
    scores = evaluate(searcher, load_gold(EVAL / "heldout.jsonl"), "hybrid")
    by_class = scores.by_class()
    assert scores.queries >= 70
    assert scores.ndcg10 >= 0.6  # 0.652 measured (0.612 with rank fusion)
    assert scores.no_answer_zero is not None and scores.no_answer_zero >= 0.7
    assert by_class["english"].ndcg10 >= 0.5  # 0.596 measured
    assert by_class["spelling"].ndcg10 >= 0.6


def test_gold_split_is_committed_and_disjoint() -> None:
    tune, held = load_gold(EVAL / "tune.jsonl"), load_gold(EVAL / "heldout.jsonl")
    assert len(tune) + len(held) >= 150 and not {g.query for g in tune} & {g.query for g in held}
    everything = tune + held
    count = {cls: sum(g.cls == cls for g in everything) for cls in ("no_answer", "english", "spelling", "list")}
    assert all(n >= 15 for n in count.values()), count
    assert sum(bool(g.compare) for g in everything) >= 10
    assert all(g.complete for g in everything if g.cls == "list")


@pytest.mark.parametrize("question", ["sjukfrånvaro norrmalm 2021", "hur hög var sjukfrånvaron på Norrmalm 2021"])
def test_the_passage_with_the_figure_ranks_first(searcher: Searcher, question: str) -> None:
    # Norrmalm's indicator row "Sjukfrånvaro 9,4 % …" is its own passage (no longer the tail of an
    # Analys), and a question for a number prefers passages that state one.
    result = searcher.search(question)
    assert result.hits and "9,4 %" in result.hits[0].chunk.text and result.hits[0].chunk.kind is ChunkKind.INDICATOR


@pytest.mark.parametrize(
    ("question", "reports_word"),
    [
        ("Hur många av personalen är sjukskrivna?", "sjukfrånvaro"),  # a verb; the entry is a noun
        ("Hur många medarbetare var sjukskrivna på Norrmalm 2021?", "sjukfrånvaro"),
    ],
)
def test_a_synonym_entry_is_found_by_its_words_family(searcher: Searcher, question: str, reports_word: str) -> None:
    """An entry of `search.synonyms` is found from another form of its word: "sjukskrivna" (lemma
    "sjukskriva") was answered "Inga träffar" in two new users' trials, though "sjukskrivning" and
    "sjukfrånvaro" are one entry and the reports write the latter."""
    result = searcher.search(question)
    assert result.total > 0
    assert reports_word in result.hits[0].chunk.text.lower()


def test_the_cli_names_a_goal_hit_by_its_level(searcher: Searcher) -> None:
    from io import StringIO

    from rich.console import Console

    from api.render import search_result

    out = StringIO()
    search_result(Console(file=out, width=200), searcher.search("vilka mål finns under inriktningsmål 2 2013"))
    heads = [line.split()[1] for line in out.getvalue().splitlines() if line[:1].isdigit() and ". " in line[:4]]
    assert heads and set(heads) == {"verksamhetsområdesmål", "nämndmål"}


@pytest.mark.parametrize(
    "question",
    [
        "Vilka hamnavgifter tar staden ut av fartyg vid kajerna?",
        "Hur höga är arvodena för förtroendevalda i stadsdelsnämnderna?",
        "Hur bekämpar staden råttor i parkerna på Norrmalm?",
        "Hur får de äldre på omsorgsboendena hjälp med tandvården?",
    ],
)
def test_a_subject_no_report_has_is_not_answered_by_the_questions_other_words(
    searcher: Searcher, question: str
) -> None:
    """The subject ("hamnavgifter", "arvoden") is in no report, its other words are ("fartyg",
    "kaj"; "förtroendevalda"): passages about those are not about it (each was answered before the
    absent word weighed double)."""
    result = searcher.search(question)
    assert result.total == 0 and not result.hits and result.unknown_words


def test_a_compound_is_split_by_the_index_words_where_the_word_list_cannot(searcher: Searcher) -> None:
    """wordfreq knows "tippning" too little to split "snötippning"; the index has both parts (the
    2024 report writes "tippning av snö"). A part the index lacks ("hamn") splits nothing."""
    from search.query import _split_by_index

    doc_freqs = searcher.store.doc_freqs
    assert _split_by_index("snötippning", doc_freqs) == ("snö", "tippning")
    assert _split_by_index("ishallsinvestering", doc_freqs) == ("ishall", "investering")  # linking s
    assert _split_by_index("hamnavgift", doc_freqs) == ()
    assert searcher.understand("Vad gäller för snötippning i sjöar?").terms[0].parts == ("snö", "tippning")


@pytest.mark.parametrize("question", ["klottret på normalm", "sjukfranvaro i norrmamls förvaltning 2021"])
def test_a_misspelt_namnd_is_the_namnd_once_corrected(searcher: Searcher, question: str) -> None:
    """ "normalm" was corrected to "norrmalm" but kept as a topic word, not read as the nämnd: a new
    user's "klottret på normalm" was answered "Inga träffar"."""
    result = searcher.search(question)
    assert result.interpretation.namnd == "Norrmalms stadsdelsnämnd"
    assert result.total and all(h.citation.file == NORRMALM_2021 for h in result.hits)


def test_a_top_k_answer_counts_the_passages_clearly_about_it(searcher: Searcher) -> None:
    """A top-k answer also ranks passages with weaker evidence; its count says how many are clearly
    about the question (two new users read "272 träffar" on homelessness as 272 such passages). A
    list's every passage is about it, so there the count is the total."""
    from io import StringIO

    from rich.console import Console

    from api.render import search_result

    result = searcher.search("hur går det med hemlösheten")
    assert result.clear is not None and 0 < result.clear < result.total
    clear_hits = [
        h for h in result.hits[: result.clear] if {"hemlöshet", "hemlösheten"} & {w.lower() for w in h.highlights}
    ]
    assert clear_hits  # the clearest passages name it
    out = StringIO()
    search_result(Console(file=out, width=200), result)
    assert f"{result.total} träffar, varav {result.clear} tydligt om frågan" in out.getvalue()
    # Each hit says whether it is one of them (a new user could not tell which the one clear hit was).
    every = searcher.search("hur går det med hemlösheten", limit=result.total)
    assert sum(bool(h.clear) for h in every.hits) == result.clear
    assert all(h.clear is not None for h in every.hits)
    assert all(any("hemlös" in w.lower() for w in h.highlights) for h in every.hits if h.clear)
    assert out.getvalue().count("tydligt om frågan") == 1 + sum(bool(h.clear) for h in result.hits)
    pandemic = searcher.search("vilka aktiviteter har avvikelser om pandemin")
    assert pandemic.clear is None and all(h.clear is None for h in pandemic.hits)


def test_one_of_two_coordinated_subjects_absent_leaves_the_other(searcher: Searcher) -> None:
    """ "ljud- och hörselmiljön" asks about two things; the reports write of the second only, and a
    passage about it answers (the absent first half is not the question's whole subject)."""
    result = searcher.search("Vilka aktiviteter gäller ljud- och hörselmiljön?")
    assert searcher.understand("Vilka aktiviteter gäller ljud- och hörselmiljön?").terms[0].coordinated
    assert result.total == 2 and all("hörselmiljö" in h.chunk.text.lower() for h in result.hits)
    # "bilar och lastbilar": the reports have "bilar" (the 2024 report's reduktionsplikt, line 1820).
    cars = searcher.search("Vilket beslut i riksdagen gör det svårare att minska utsläppen från bilar och lastbilar?")
    assert cars.total and cars.unknown_words == ("lastbilar",)
    assert any("reduktionsplikt" in h.chunk.text for h in cars.hits)


def test_a_list_names_the_goals_that_have_more_rows_than_it_lists(searcher: Searcher) -> None:
    """A list holds the rows that name its subject; an area's rows may name it only through their
    goal (a new user's elderly-care list was "1 träff" of the goal's 13). The answer names the goals
    of its rows that have more, and their counts agree with the question that lists a whole goal."""
    from io import StringIO

    from rich.console import Console

    from api.render import search_result

    # ("om äldreomsorgen": "inom" names an area, whose goal's rows are all listed, nothing to add)
    result = searcher.search("vilka aktiviteter om äldreomsorgen hade kommunstyrelsen 2020")
    assert result.goals, result.total
    share = result.goals[0]
    assert share.kind is ChunkKind.ACTIVITY and share.listed < share.total
    assert share.listed == sum(h.citation.goal == share.goal and h.citation.file == share.file for h in result.hits)
    whole = searcher.search(f"vilka aktiviteter under mål {share.number} 2020")
    assert whole.total == share.total
    out = StringIO()
    search_result(Console(file=out, width=300), result)
    assert f"{share.listed} av {share.total} aktiviteter i listan" in out.getvalue()
    # A list under a goal the question names has all its rows: nothing to add.
    assert whole.goals == ()


@pytest.mark.parametrize(
    ("question", "subject", "phrasing"),
    [
        ("Vad händer med hemlösheten?", "hemlös", "händer"),
        ("Vad händer med parkerna på Norrmalm?", "park", "händer"),
        ("Hur gick det med feriejobben i somras 2021?", "feriejobb", "somras"),  # zipf 4.1
    ],
)
def test_a_common_word_no_report_has_does_not_empty_the_answer(
    searcher: Searcher, question: str, subject: str, phrasing: str
) -> None:
    # "händer" (zipf 5.5) is in no report; weighed ×3 as a likely subject it made both "Inga träffar",
    # and a new user was told «händer» is in no report. It phrases the question; the subject answers.
    result = searcher.search(question)
    assert result.total > 0 and any(subject in h.chunk.text.lower() for h in result.hits[:3])
    assert phrasing not in result.unknown_words


def test_a_list_asked_by_a_goals_title_lists_that_goals_rows(searcher: Searcher) -> None:
    """Activities name their area through their goal: asked by the goal's title, the list holds
    the rows under it, which the title's words alone did not find."""
    from index.store import ChunkFilter

    store = searcher.store
    goals = store.chunks([int(r) for r in store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,), files=(T2_2021,)))])
    # Its activities sit directly under it (its nämndmål 1.2.1, "trygghets- och säkerhetsarbete",
    # has the words only as compound parts, and no activity).
    (goal,) = [g.chunk for g in goals if g.chunk.title.startswith("Stockholm är en trygg, säker och välskött stad")]
    activities = store.chunks([int(r) for r in store.filter_rowids(ChunkFilter(kinds=(ChunkKind.ACTIVITY,)))])
    under = {
        s.chunk.id
        for s in activities
        if s.chunk.citation.file == T2_2021 and s.chunk.goal_path[: len(goal.goal_path)] == goal.goal_path
    }
    assert len(under) >= 5
    result = searcher.search("vilka aktiviteter finns för en trygg och säker stad 2021")
    listed = {h.chunk.id for h in result.hits}
    assert under <= listed and result.total == len(listed)
    assert len(listed) < len([s for s in activities if s.chunk.citation.year == 2021])
    # One word is a theme, not a goal's title: the rows under every goal that has it are not listed.
    theme = searcher.search("vilka aktiviteter handlar om trygghet 2021")
    assert not under <= {h.chunk.id for h in theme.hits}


def test_a_goal_and_its_namndmal_both_titled_give_both_their_rows(searcher: Searcher) -> None:
    """Read in VP 2013: under "1.3 Stockholms livsmiljö är hållbar" stands the KF:s indikator
    "Elanvändning per kvadratmeter" (line 1196), and under its nämndmål, whose title repeats the
    words, the nämnd's five (lines 1248–1274). Asked by the words both titles hold, the list is all
    six: a new user's list had held only the nämndmål's five."""
    result = searcher.search("vilka indikatorer har kommunstyrelsen 2013 för en hållbar livsmiljö")
    lines = {(h.citation.file, h.citation.line_start) for h in result.hits}
    assert lines == {(VP_2013, n) for n in (1196, 1248, 1258, 1268, 1271, 1274)}
    assert result.total == 6 and all(h.chunk.kind is ChunkKind.INDICATOR for h in result.hits)


@pytest.mark.parametrize(
    ("question", "indicator"),
    [
        (
            "Klarade Norrmalm sitt mål för andelen barn i familjer som lever på försörjningsstöd 2021?",
            "Andel barn som lever i familjer som har ekonomiskt bistånd",
        ),
        (
            "Hur gick det med målet för antalet ungdomar med feriejobb i kommunstyrelsen 2021?",
            "Antal ungdomar som fått feriejobb i stadens regi",
        ),
    ],
)
def test_a_goals_figure_is_answered_by_its_indicator(searcher: Searcher, question: str, indicator: str) -> None:
    """ "Mål" with a figure asked for is a target, which an indicator states: a new user's question
    was filtered to goals, its answer (an indicator, 1,3 % against årsmål 0,8 %) left out."""
    assert searcher.understand(question).prefer.kinds == (ChunkKind.GOAL, ChunkKind.INDICATOR)
    result = searcher.search(question)
    assert result.hits[0].chunk.kind is ChunkKind.INDICATOR and result.hits[0].chunk.text.startswith(indicator)


def test_a_goal_reached_or_missed_is_a_target(searcher: Searcher) -> None:
    """A goal is judged ("uppfylls"), a target reached: "vilka mål … nådde Norrmalm inte" asks for
    the indicators that missed theirs. A new user got "Inga träffar", the question filtered to goals,
    above the two indicators (65 % and 70 % against 73 %, NM 2021 lines 966 and 979)."""
    question = "Vilka mål för nöjdhet med städning och renhållning nådde Norrmalm inte 2021?"
    assert searcher.understand(question).prefer.kinds == (ChunkKind.GOAL, ChunkKind.INDICATOR)
    result = searcher.search(question)
    top = {(h.chunk.kind, h.citation.line_start) for h in result.hits[:2]}
    assert top == {(ChunkKind.INDICATOR, 966), (ChunkKind.INDICATOR, 979)}


def test_goals_reached_asked_as_a_list_with_no_topic(searcher: Searcher) -> None:
    """ "vilka mål nådde Norrmalm inte": the goals not fully met and the indicators that miss their
    target, as the table judges them; it had listed every passage of the nämnd (527)."""
    result = searcher.search("vilka mål nådde Norrmalm inte")
    goals = [h for h in result.hits if h.chunk.kind is ChunkKind.GOAL]
    assert len(goals) == 2 and all(h.chunk.status is GoalStatus.DELVIS for h in goals)
    assert result.indicators and all(r.met is False for r in result.indicators)
    assert result.total == len(result.hits) == len(goals) + len(result.indicators)
    met = searcher.search("vilka mål nådde Norrmalm 2021")
    assert all(h.chunk.status is GoalStatus.HELT for h in met.hits if h.chunk.kind is ChunkKind.GOAL)
    assert met.indicators and all(r.met is True for r in met.indicators)
    # Reached "fullt ut" or "helt" is a goal's judgement, which no indicator has: the goals alone
    # (trial 30 had 41 indicator rows above the three goals); "nåddes" is a form of reaching too (it
    # had listed every passage of 2021, 765).
    for question in ("Vilka mål nås inte fullt ut 2021?", "Vilka mål nåddes inte helt 2021?"):
        partly = searcher.search(question)
        assert partly.indicators is None and partly.total == len(partly.hits) == 3, question
        assert all(h.chunk.kind is ChunkKind.GOAL and h.chunk.status is GoalStatus.DELVIS for h in partly.hits)


def test_goals_counted_are_still_goals(searcher: Searcher) -> None:
    query = searcher.understand("Hur många mål uppfylldes helt på Norrmalm 2021?")
    assert query.kinds == (ChunkKind.GOAL,) and query.statuses is not None


def test_a_suggestion_is_shown_with_its_section(searcher: Searcher) -> None:
    """A suggestion under "Inga träffar" names its goal or section, as a hit does: without it a party's
    reservation ("Reservation av borgarrådet …") read as the kommunstyrelse's own plan."""
    from rich.console import Console

    from api.render import search_result

    result = searcher.search("Föreslog något parti att man skulle bygga bostäder på Bromma flygfält?")
    assert result.total == 0 and result.suggestions
    console = Console(record=True, width=400)
    search_result(console, result)
    shown = console.export_text()
    for hit in result.suggestions:
        place = hit.citation.goal or hit.citation.section
        assert place and place in shown
    assert "Reservation av borgarrådet" in shown


def test_an_english_phrase_of_the_glossary_is_found_in_the_plural(searcher: Searcher) -> None:
    """ "district councils" is the glossary's "district council" (stadsdelsnämnd): read word by word,
    "councils" was translated alone by the dictionary as "råd" (advice), in a new user's question."""
    query = searcher.understand("Which district councils must review their targets for preschool teachers?")
    phrase = next(t for t in query.terms if t.searched == "district council")
    assert "stadsdelsnämnd" in phrase.terms and phrase.word == "district councils"
    assert not any(a.word == "councils" for a in query.alternatives)
    assert "councils" in query.topic
    # The city's own bodies and building by their English names (tune's English 0.809 → 0.824).
    hall = searcher.understand("How much revenue did Stockholm City Hall lose in 2020?")
    assert any("stadshus" in t.terms for t in hall.terms) and not any(t.word == "Hall" for t in hall.terms)
    council = searcher.understand("What did the city council approve in June 2021 about the extended metro?")
    assert any("kommunfullmäktig" in t.terms for t in council.terms)  # its lemma, as the index holds it


@pytest.mark.parametrize("verb", ["markerade med", "flaggade för", "märkta med"])
def test_a_verb_that_marks_the_deviation_is_no_topic(searcher: Searcher, verb: str) -> None:
    """ "vilka aktiviteter … är markerade med avvikelse": "markerade" was searched as the topic, and the
    list of T1 2020's four deviating activities came back empty (a new user's, fresh4)."""
    question = f"Vilka aktiviteter i kommunstyrelsens tertialrapport 1 2020 är {verb} avvikelse?"
    result = searcher.search(question)
    flagged = searcher.search("vilka aktiviteter har avvikelse i kommunstyrelsens tertialrapport 1 2020")
    assert not result.interpretation.topic and result.interpretation.deviation
    assert result.total == flagged.total == 4
    assert _lines(result) == _lines(flagged)
    assert all(h.citation.file == T1_2020 and h.chunk.deviation for h in result.hits)


def test_a_goal_named_by_a_compound_and_its_number_in_brackets(searcher: Searcher) -> None:
    """ "under äldremålet (1.5)": the goal word compounded with its subject and the number in brackets
    name goal 1.5; the list was 38 passages of every goal, none of the ten activities under it."""
    query = searcher.understand("Vilka aktiviteter under äldremålet (1.5) i Norrmalms verksamhetsberättelse 2021?")
    assert query.goal is not None and query.goal.number == "1.5" and query.goal.below
    result = searcher.search("Vilka aktiviteter under äldremålet (1.5) i Norrmalms verksamhetsberättelse 2021?")
    assert result.total > 0
    assert all(h.citation.file == NORRMALM_2021 and h.citation.goal.startswith("1.5") for h in result.hits)


def test_the_namnd_an_activity_is_done_with_is_its_topic_not_a_side(searcher: Searcher) -> None:
    """ "tillsammans med kommunstyrelsen" names a partner in the activities' text: the question was
    read as comparing Norrmalm with Kommunstyrelsen."""
    question = "Vilka aktiviteter på Norrmalm 2021 ska göras tillsammans med kommunstyrelsen?"
    query = searcher.understand(question)
    assert query.compare == () and query.namnd == "Norrmalms stadsdelsnämnd"
    assert "kommunstyrelsen" in query.topic.lower()
    result = searcher.search(question)
    assert result.hits and all(h.citation.file == NORRMALM_2021 for h in result.hits)
    assert all("kommunstyrelsen" in h.chunk.text.lower() for h in result.hits[:5])


def test_a_body_by_its_english_name_and_a_tertial_by_its_ordinal(searcher: Searcher) -> None:
    """A thirteenth new user's "… sick leave rate at the city executive office in the second tertial
    of 2021?" was answered with Norrmalm's day 1–14 first: neither the office (Kommunstyrelsen's
    förvaltning) nor the tertial was read. Read in T2 2021 (line 2112): Sjukfrånvaro 1,9 %."""
    question = "What was the sick leave rate at the city executive office in the second tertial of 2021?"
    asked = searcher.understand(question).interpretation()
    assert (asked.namnd, asked.period, asked.year) == ("Kommunstyrelsen", ("T2",), (2021,))
    first = searcher.search(question).hits[0]
    assert first.chunk.title == "Sjukfrånvaro" and first.citation.file == "ks-tertialrapport-2-2021.txt"
    swedish = searcher.understand("sjukfrånvaro hos stadsledningskontoret under andra tertialet 2021").interpretation()
    assert (swedish.namnd, swedish.period, swedish.topic) == ("Kommunstyrelsen", ("T2",), "sjukfrånvaro")
    # "the first tertial" is T1, in either language; a tertial named by no ordinal sets none.
    assert searcher.understand("budget för första tertialet").interpretation().period == ("T1",)
    assert searcher.understand("hur går tertialens uppföljning till").interpretation().period is None


@pytest.mark.parametrize(
    ("english", "swedish"),
    [
        ("Which goals did Norrmalm not fully meet in 2021?", "Vilka mål uppfyllde Norrmalm inte helt 2021?"),
        (
            "Which activities had deviations in the first tertial report 2020?",
            "Vilka aktiviteter hade avvikelser i tertialrapport 1 2020?",
        ),
        (
            "Which goals were partially achieved by the City Executive Board in 2021?",
            "Vilka mål uppfylls delvis KS 2021?",
        ),
        ("What are the goals for 2024?", "Vilka mål finns 2024?"),
        (
            "Which activities were paused because of the coronavirus pandemic in 2020?",
            "Vilka aktiviteter pausades på grund av coronapandemin 2020?",
        ),
    ],
)
def test_an_english_question_for_records_lists_what_the_swedish_one_does(
    searcher: Searcher, english: str, swedish: str
) -> None:
    """A user who asks in English for goals, activities, deviations or a status gets the records a
    Swedish question gets: the words were searched as a topic ("goals"), and the statuses unread."""
    en, sv = searcher.search(english), searcher.search(swedish)
    assert en.interpretation.language == "en" and en.total > 0
    assert en.interpretation.kind == sv.interpretation.kind and en.interpretation.status == sv.interpretation.status
    assert {h.chunk.id for h in en.hits} == {h.chunk.id for h in sv.hits} and en.total == sv.total


def test_an_english_target_asks_for_the_indicator_table_as_the_swedish_does(searcher: Searcher) -> None:
    """ "targets … not met" is "årsmålet … når inte": the rows with their verdicts, the misses only (a new
    user's English question had the rows among its hits but no table)."""
    en = searcher.search("Which sick leave targets were not met?")
    sv = searcher.search("vilka sjukfrånvaro årsmål nås inte")
    assert en.indicators and all(r.met is False for r in en.indicators)
    assert {r.passage_id for r in en.indicators} == {r.passage_id for r in sv.indicators or ()}
    assert searcher.search("What is the city doing about homelessness?").indicators is None


def test_an_english_which_question_without_a_kind_is_no_list(searcher: Searcher) -> None:
    """ "Which …" opens a question for a fact in one passage as often as one for records: only a kind
    named makes it a list."""
    query = searcher.understand("Which international sports championships will Stockholm host?")
    assert not query.is_list and query.kinds is None


def test_a_passage_in_by_its_cosine_alone_is_not_clearly_about_the_question(searcher: Searcher) -> None:
    """ "Tydligt om frågan" is the tool's word that a passage answers: a cultural walk in a Norrmalm park
    was so labelled for "homelessness and eviction prevention in Norrmalm" on its e5 cosine alone."""
    result = searcher.search("homelessness and eviction prevention in Norrmalm")
    assert result.clear and any(h.clear for h in result.hits)
    assert all(h.highlights for h in result.hits if h.clear)
    assert not any(h.clear for h in result.hits if "kulturhistorisk vandring" in h.chunk.text)


def test_a_missing_year_beside_one_the_index_has_leaves_that_years_answer(searcher: Searcher) -> None:
    """A comparison with a year no report is from answered "Inga träffar" as a whole: the year the
    index has answers, and the reading names the one it lacks."""
    result = searcher.search(
        "Hur har sjukfrånvaron förändrats mellan verksamhetsberättelsen 2019 och verksamhetsberättelsen 2021?"
    )
    assert tuple(result.interpretation.absent or ()) == ("2019",)
    assert result.total > 0 and all(h.chunk.citation.year == 2021 for h in result.hits)
    alone = searcher.search("Vad står det om sjukfrånvaro i verksamhetsberättelsen 2019?")
    assert alone.total == 0 and tuple(alone.interpretation.absent or ()) == ("2019",)


def test_an_english_question_for_missed_indicators_gets_the_swedish_ones_table(searcher: Searcher) -> None:
    """ "Which indicators did Norrmalm miss in 2021?" listed one passage; asked in Swedish, the rows
    that miss their target."""
    en = searcher.search("Which indicators did Norrmalm miss in 2021?")
    sv = searcher.search("Vilka indikatorer nådde inte Norrmalm 2021?")
    assert en.indicators and {r.passage_id for r in en.indicators} == {r.passage_id for r in sv.indicators or ()}
    assert not any(r.met for r in en.indicators)
    met = searcher.search("Which indicators met their targets at Norrmalm in 2021?").indicators
    assert met and all(r.met for r in met)


def test_an_english_word_whose_swedish_is_a_stop_word_names_no_topic(searcher: Searcher) -> None:
    """ "fewer" is "få" in Folkets lexikon, a Swedish stop word the index keeps in few passages: its
    idf outweighed "feriejobb", and "Why were fewer summer jobs expected in 2020?" was "Inga träffar"."""
    query = searcher.understand("Why were fewer summer jobs expected in 2020?")
    assert not any("få" in term.terms for term in query.terms)
    result = searcher.search("Why were fewer summer jobs expected in 2020?")
    assert result.total > 0 and "feriejobb" in result.hits[0].chunk.text.lower()


def test_a_period_of_one_compared_side_does_not_empty_the_other(searcher: Searcher) -> None:
    """ "kommunstyrelsen (T2 2021) och Norrmalms stadsdelsnämnd (VB 2021)": the tertial is KS's, and
    Norrmalm reports none; applied to both, Norrmalm's side vanished without a word."""
    result = searcher.search(
        "Jämför hur kommunstyrelsen (T2 2021) och Norrmalms stadsdelsnämnd (VB 2021) bedömde målet om en trygg, "
        "säker och välskött stad."
    )
    assert "vb" not in result.interpretation.topic.lower().split()
    files = {h.chunk.citation.file for h in result.hits}
    assert {T2_2021, NORRMALM_2021} <= files


def test_records_counted_are_all_shown(searcher: Searcher) -> None:
    """ "Hur många av kommunfullmäktiges mål … uppfyllde Norrmalm 2021?" came back "12 träffar, visar 10"."""
    result = searcher.search(
        "Hur många av kommunfullmäktiges mål för verksamhetsområdena uppfyllde Norrmalms stadsdelsnämnd 2021?"
    )
    assert result.interpretation.list and result.total == len(result.hits) == 12


def test_a_word_of_restriction_names_no_topic(searcher: Searcher) -> None:
    """ "endast" is "bara", which spaCy's list has: as a topic it left the goal asked for unanswered."""
    result = searcher.search(
        "Vilket mål för verksamhetsområdet bedömde kommunstyrelsen endast som delvis uppfyllt i tertialrapport 2 2021?"
    )
    assert result.total == 1 and result.hits[0].chunk.number == "1.2"


def test_an_english_question_for_undone_work_asks_for_the_flag(searcher: Searcher) -> None:
    """ "did Norrmalm not complete" is an activity with a deviation, as "försenad" is in Swedish; so is
    "didn't", which the tokenizer cuts into "didn" and "t" (it had been no negation, and "didn" a topic)."""
    query = searcher.understand("Which activities did Norrmalm not complete in 2021?")
    assert query.deviation is True and query.kinds == (ChunkKind.ACTIVITY,)
    short = searcher.understand("Which activities didn't Norrmalm complete in 2021?")
    assert short.deviation is True and not short.terms
    goals = searcher.understand("Which goals didn't Norrmalm fully meet in 2021?")
    assert set(goals.statuses or ()) == {GoalStatus.DELVIS, GoalStatus.INTE} and not goals.terms
    result = searcher.search("Which activities did Norrmalm not complete in 2021?")
    assert result.total >= 1 and all(h.chunk.deviation for h in result.hits)


def test_an_english_plural_of_many_senses_is_not_one_of_them() -> None:
    """ "boards" was "bräda" (no report has it) while "board" has a dozen senses: the question's
    other words now answer."""
    from search.lexicon import swedish_for

    assert swedish_for("boards") == () and swedish_for("board") == ()
    assert "skyfall" in swedish_for("rains")  # a plural of a word of few senses is still read


def test_a_kind_the_asked_report_has_none_of_names_the_subject(searcher: Searcher) -> None:
    """The 2024 avstämning prints no indicator table: "… årsmål för indikatorerna om legitimerade
    förskollärare i avstämningen … 2024" was "Inga träffar" (and "no indicator has the question's
    words") above the passage that asks the stadsdelsnämnder to revise those targets."""
    result = searcher.search(
        "Vilka stadsdelsnämnder uppmanas se över sina årsmål för indikatorerna om legitimerade förskollärare "
        "i avstämningen av mål och budget 2024?"
    )
    assert result.interpretation.kind is None and result.indicators is None
    assert result.hits and "förskollärare" in result.hits[0].chunk.text
    # A kind the reports have stays a filter: the list is of indicators.
    kept = searcher.search("Vilka indikatorer om förskollärare har Norrmalm 2021?")
    assert kept.interpretation.kind and all(h.chunk.kind is ChunkKind.INDICATOR for h in kept.hits)


def test_a_goal_named_by_its_title_comes_before_what_is_under_it(searcher: Searcher) -> None:
    """How the inriktningsmål "Ett grönt fossilfritt Stockholm …" was judged: the goal itself first
    (it was eighth, below four of its KF-mål that share its words)."""
    result = searcher.search(
        'Hur bedömer stadsledningskontoret måluppfyllelsen för inriktningsmålet "Ett grönt fossilfritt Stockholm '
        'som leder en rättvis klimatomställning" 2024?'
    )
    first = result.hits[0].chunk
    assert first.kind is ChunkKind.GOAL and first.title.startswith("Ett grönt fossilfritt Stockholm")


def test_a_dissent_ranks_after_the_reports_own_words(searcher: Searcher) -> None:
    """A reservation is a party's view, not the plan: a new user asking whether staff can get a bike
    through work had the Green Party's 2013 reservation first; asked for, reservations still come first."""
    result = searcher.search("Kan man som anställd i staden få en cykel genom jobbet?")
    assert not result.hits[0].chunk.goal_path[0].startswith("Reservation")
    assert "förmånscykel" in result.hits[0].chunk.text
    asked = searcher.search("Vad skrev Miljöpartiet i sin reservation om cykling?")
    assert asked.hits[0].chunk.goal_path[0].startswith("Reservation av")


def test_a_list_about_a_name_lists_only_passages_that_name_it(searcher: Searcher) -> None:
    """A list's items are the passages that name what it asks about: an abbreviation written in
    capitals in them ("SIKT", not "på längre sikt" in a reservation), a name as written."""
    result = searcher.search("Vilka delar ingick i upphandlingen SIKT enligt verksamhetsplanen 2013?")
    assert result.interpretation.list and result.total == len(result.hits) >= 2
    assert all("SIKT" in hit.chunk.text for hit in result.hits)
    named = searcher.search("Vilka byggnader släcks ned under Earth Hour 2024?")
    assert named.total >= 1 and all("Earth Hour" in hit.chunk.text for hit in named.hits)


def test_a_report_named_in_english_filters_as_its_swedish_name_does(searcher: Searcher) -> None:
    """ "… in the 2013 operational plan" had searched "operational" (as "operativ") for its topic and
    answered "Inga träffar"; "the second 2021 interim report" read neither the tertial nor the year
    before it. Both name a report, as "verksamhetsplanen 2013" and "tertialrapport 2 2021" do."""
    plan = searcher.understand("What was the yearly target for new student housing in the 2013 operational plan?")
    asked = plan.interpretation()
    assert asked.report_type == (ReportType.VERKSAMHETSPLAN,) and asked.year == (2013,)
    assert not {"operational", "plan"} & {t.word.lower() for t in plan.terms}
    result = searcher.search("What was the yearly target for new student housing in the 2013 operational plan?")
    assert result.total and all(h.citation.file == "ks-verksamhetsplan-2013.txt" for h in result.hits)
    interim = searcher.understand("Which sports events will Stockholm host in the second 2021 interim report?")
    assert (interim.periods, interim.years) == (("T2",), (2021,))
    assert not {"second", "interim", "report"} & {t.word.lower() for t in interim.terms}
    annual = searcher.understand("What did the annual report 2021 say about homelessness?").interpretation()
    assert annual.report_type == (ReportType.VERKSAMHETSBERATTELSE,)


def test_a_word_ending_like_a_kind_is_no_compound_of_it(searcher: Searcher) -> None:
    """ "Attraktiviteten" ends with "aktivitet" but is no compound of it: read as "attr" + activities,
    it was said to be in no report, while VP 2013's nämndmål has it in its title."""
    query = searcher.understand("Attraktiviteten i ytterstaden 2013")
    assert query.kinds is None and query.terms[0].terms == ("attraktivitet",)
    result = searcher.search("Attraktiviteten i ytterstaden 2013")
    assert result.total and not result.unknown_words
    assert result.hits[0].chunk.title.startswith("Attraktiviteten i ytterstadens stadsdelar ska öka")
    compound = searcher.understand("vilka cykelaktiviteter finns")
    assert compound.kinds == (ChunkKind.ACTIVITY,) and compound.terms[0].terms[0] == "cykel"


def test_lagging_behind_the_plan_asks_for_the_flag(searcher: Searcher) -> None:
    """ "låg efter plan" is the deviation flag's meaning, as "inte enligt plan" is: a new user's
    question answered "Inga träffar" while T2 2021 flags five activities. "efter planen" without a
    verb of lagging follows the plan, and stays a topic."""
    result = searcher.search("Vilka aktiviteter låg efter plan i kommunstyrelsens tertialrapport 2 för 2021?")
    assert result.interpretation.deviation is True and result.total == 5
    assert all(hit.chunk.deviation for hit in result.hits)
    following = searcher.understand("arbetar staden efter planen för klimatanpassning")
    assert following.deviation is None and "planen" in {t.word for t in following.terms}


def test_an_english_goal_not_fully_reached_and_the_reconciliation(searcher: Searcher) -> None:
    """ "fail to fully reach" is "not fully met" (it had listed all 35 goals); "the 2024 budget
    reconciliation" is the avstämning (its "reconciliation" had been a word in no report)."""
    goals = searcher.search("Which goals did the Norrmalm district fail to fully reach in 2021?")
    assert goals.total == 2 and all(hit.chunk.status is GoalStatus.DELVIS for hit in goals.hits)
    plain = searcher.understand("Which goals did Norrmalm reach in 2021?").interpretation()
    assert plain.status is None
    money = searcher.search("How much investment did the 2024 budget reconciliation allow the committees?")
    assert money.interpretation.report_type == (ReportType.AVSTAMNING,) and money.total and not money.unknown_words


def test_a_kind_named_after_what_is_listed_does_not_filter(searcher: Searcher) -> None:
    """ "Vilka stadsdelsnämnder … se över sina mål om legitimerade förskollärare" lists districts: the
    goals it names are what it tells of them. Filtered to goals, the analysis naming the districts
    (avstämningen 2024, lines 870–886) was never shown; "vilka nya aktiviteter" still lists activities."""
    question = (
        "Vilka stadsdelsnämnder i ytterstaden fick 2024 uppmaningen att se över sina mål om legitimerade förskollärare?"
    )
    query = searcher.understand(question)
    assert query.kinds is None and query.prefer.kinds == (ChunkKind.GOAL,)
    assert "Hässelby-Vällingby och Järva" in searcher.search(question).hits[0].chunk.text
    assert searcher.understand("vilka nya aktiviteter har Norrmalm 2021").kinds == (ChunkKind.ACTIVITY,)


def test_a_list_within_an_area_is_its_goals_rows(searcher: Searcher) -> None:
    """ "aktiviteter inom äldreomsorgen" are the rows of the goal whose title names the area (T1 2020's
    nämndmål 1.5.1 "… en äldreomsorg av hög kvalitet …", whose KF goal 1.5 prints the 13 rows): one
    row says "äldreomsorgen" itself. A compound's head names another area ("rättssäkerhet" is not
    säkerhet), so "inom beredskap och säkerhet" is 1.2.1's "trygghets- och säkerhetsarbete"."""
    elderly = searcher.search(
        "Vilka aktiviteter inom äldreomsorgen redovisade kommunstyrelsen i tertialrapport 1 2020?"
    )
    assert elderly.total == 13 and {h.chunk.citation.goal[:4] for h in elderly.hits} == {"1.5 "}
    safety = searcher.search("vilka aktiviteter inom beredskap och säkerhet fick avvikelser 2020")
    assert safety.total == 3 and all(
        h.chunk.deviation and h.chunk.citation.goal.startswith("1.2 ") for h in safety.hits
    )
    # "uppdrag" is the reports' word for an activity (its dictionary lemma had been the verb "uppdra"),
    # and the area is the words after "inom", not what is asked of it ("fick pausas våren 2020").
    paused = searcher.search(
        "Vilka av kommunstyrelsens uppdrag inom krisberedskap och säkerhet fick pausas våren 2020 på grund av corona?"
    )
    assert paused.interpretation.kind == (ChunkKind.ACTIVITY,) and paused.total == 3


def test_a_compound_whose_parts_stand_together_nowhere_is_absent(searcher: Searcher) -> None:
    """No report has "färdtjänst"; its parts stand apart ("färdplan" … "hemtjänst"), which is no
    answer, so the word weighs as one no passage has, and the question about it answers nothing
    (it had 193 hits on äldre and pandemin). A light head keeps its modifier's subject:
    "upphandlingsfrågor" are upphandling, written "frågor om upphandling" or not at all."""
    assert searcher.search("Hur har färdtjänsten fungerat för äldre under pandemin?").total == 0
    procurement = searcher.search("Vad säger rapporterna om upphandlingsfrågor?")
    assert procurement.total and "upphandl" in procurement.hits[0].chunk.text.lower()


def test_a_kind_word_after_a_preposition_is_what_is_spoken_of(searcher: Searcher) -> None:
    """ "… nöjda med aktiviteterna på vård- och omsorgsboende" asks for an indicator: filtered to
    activities, a new user's answer (70,9 %, Norrmalm line 3775) was never shown. A kind counted
    ("vilka av aktiviteterna") is still the kind asked for."""
    question = "Hur stor andel av de äldre på Norrmalm är nöjda med aktiviteterna på vård- och omsorgsboende?"
    result = searcher.search(question)
    assert result.interpretation.kind is None
    assert result.hits[0].chunk.title.startswith("Andel äldre som är nöjda med aktiviteterna på vård- och")
    assert searcher.understand("Vilka av aktiviteterna har avvikelse 2021").kinds == (ChunkKind.ACTIVITY,)


def test_indicators_under_a_numbered_goal_include_its_namndmals(searcher: Searcher) -> None:
    """ "Vilka indikatorer under Norrmalms trygghetsmål (1.2 trygg, säker och välskött stad) nådde inte
    årsmålet 2021?" names the goal twice: its title's words had kept three of four missed indicators
    off the table (no row's name has them), and the rows of its nämndmål 1.2.1 and 1.2.2 were not
    "under" 1.2 (an indicator's path is its own goal alone). Read in the report: 84/86 (line 940),
    65/73 (966), 70/73 (979), 76/83 (1159)."""
    result = searcher.search(
        "Vilka indikatorer under Norrmalms trygghetsmål (1.2 trygg, säker och välskött stad) nådde inte årsmålet 2021?"
    )
    assert result.indicators is not None and {r.citation.line_start for r in result.indicators} == {940, 966, 979, 1159}
    assert all(r.met is False for r in result.indicators)


def test_an_area_is_counted_in_the_reports_the_question_admits(searcher: Searcher) -> None:
    """ "skola" stands in three goal titles of T1 2020 (a theme there) but in one of Norrmalm's, "1.3
    … Stockholms skolor och förskolor …": a Norrmalm question "inom skolan" lists that goal's rows.
    Counted across every report, the theme elsewhere had left the area unread."""
    result = searcher.search("vilka aktiviteter inom skolan har Norrmalm 2021")
    from index.store import ChunkFilter

    under = [h for h in result.hits if (h.chunk.citation.goal or "").startswith("1.3 ")]
    rowids = searcher.store.filter_rowids(ChunkFilter(kinds=(ChunkKind.ACTIVITY,), files=(NORRMALM_2021,)))
    goal_rows = [s for s in searcher.store.chunks([int(r) for r in rowids]) if s.chunk.goal_path[-1:] == ("1.3",)]
    assert goal_rows and {h.id for h in under} >= {s.chunk.id for s in goal_rows}


def test_an_unnumbered_namndmals_rows_are_under_its_kf_goal(searcher: Searcher, parsed) -> None:
    """The 2013 plan prints its nämndmål without numbers under each KF goal ("1.3 Stockholms livsmiljö
    är hållbar", then "NÄMNDMÅL: Stockholmarnas livsmiljö är hållbar"). A list of the indicators under
    KF goal 1.3 is KF's row and the nämndmål's five: only KF's had been listed, as an indicator's
    path is its own goal and the nämndmål's has no number. The rows are read from the parsed plan."""
    plan = parsed[VP_2013]
    under = {g.number or g.title for g in plan.goals if g.number == "1.3" or "1.3" in g.parent_numbers}
    expected = {i.source.line_start for i in plan.indicators if i.goal in under}
    assert len(expected) >= 6  # KF's row and the nämndmål's
    result = searcher.search("vilka indikatorer finns under mål 1.3 i kommunstyrelsens verksamhetsplan 2013")
    assert {h.citation.line_start for h in result.hits} == expected
    assert result.total == len(expected)


@pytest.mark.parametrize(
    "question", ["Vilken skattesats gäller för Stockholm 2024?", "Förbifart Stockholm försening och kostnad"]
)
def test_a_subject_no_report_has_labels_no_hit_clearly_about_it(searcher: Searcher, question: str) -> None:
    """A subject no report names ("skattesats", "Förbifart") leaves passages in by their cosine or by the
    question's other words ("Stockholm", "kostnad"): none of them is "tydligt om frågan", and the count
    says so in words. A new user had 20 such labels under a note that the word is in no report."""
    from io import StringIO

    from rich.console import Console

    from api import render

    result = searcher.search(question)
    assert result.unknown_words and result.total > 0
    assert result.clear == 0 and not any(h.clear for h in result.hits)
    out = StringIO()
    render.search_result(Console(file=out, width=200), result)
    assert "träffar, ingen tydligt om frågan" in out.getvalue() and out.getvalue().count("tydligt om frågan") == 1


def test_a_goal_reached_only_partly_in_everyday_words_is_its_status(searcher: Searcher, parsed) -> None:
    """ "klarade … bara delvis" says the status as "uppfylls delvis" does, with the subject between verb
    and qualifier: a new user's question ranked a goal "Uppfylls helt" first (its text says "delvis" of
    an indicator), and "mål" was read as an indicator's target. The goals are read from the report."""
    partly = {g.source.line_start for g in parsed[NORRMALM_2021].goals if g.status is GoalStatus.DELVIS}
    assert partly
    for question in (
        "Vilka mål klarade Norrmalm bara delvis 2021?",
        "Vilket av KF:s verksamhetsområdesmål klarade Norrmalm bara delvis under 2021?",
    ):
        result = searcher.search(question)
        assert result.interpretation.status == (GoalStatus.DELVIS,), question
        assert result.hits and all(h.chunk.status is GoalStatus.DELVIS for h in result.hits), question
        assert {h.citation.line_start for h in result.hits} <= partly
    assert searcher.understand("vilka mål nådde kommunstyrelsen inte 2021").prefer.statuses == (GoalStatus.INTE,)
    # A capital after the first word is a name's, not the verb's: "Vision Klara" stays the topic.
    assert "Klara" in (searcher.understand("Hur går det för Vision Klara?").interpretation().topic or "")


def test_city_halls_guided_tours_are_its_visningar(searcher: Searcher) -> None:
    """ "guided tours" are what the reports call Stadshuset's "visningar" (visningsverksamheten), a
    subject of every KS report of the pandemic years; Folkets gives "tours" as "rundtur", "turné", which
    no report has, so a new user's English question was "Inga träffar: «tours» förekommer inte"."""
    result = searcher.search("Why did City Hall lose income from guided tours?")
    assert result.total > 0 and not result.unknown_words
    assert any("visning" in h.chunk.text.lower() for h in result.hits[:3])


def test_english_words_of_elderly_care_meals_reach_the_lexical_side(searcher: Searcher) -> None:
    """Food, meals and nutrition in care homes are a subject of every stadsdelsnämnd's elderly care
    (kost, måltid, undernäring); Folkets gives none of "nutrition", "mealtimes", "care homes" a Swedish
    word the reports use, and "homes" alone was read as bostad: the passage on kost och måltidsmiljö
    was seventh, below homelessness."""
    question = "What has Norrmalm done to improve food, mealtimes and nutrition for older people in care homes?"
    result = searcher.search(question)
    assert "måltid" in result.hits[0].chunk.text.lower()


def test_a_suggestion_is_shown_with_its_file_and_id(searcher: Searcher) -> None:
    """A passage shown as an uncertain suggestion says where it is as a hit does: its file and id, so
    that it can be passed to `related` (a new user could not), and no empty page field."""
    from io import StringIO

    from rich.console import Console

    from api.render import search_result

    result = searcher.search("Hur används kameraövervakning i stadens verksamhet?")
    assert result.total == 0 and result.suggestions
    out = StringIO()
    search_result(Console(file=out, width=300), result)
    shown = out.getvalue()
    for hit in result.suggestions:
        assert f"({hit.citation.file}), rad {hit.citation.line_start}–" in shown and f"id {hit.chunk.id}" in shown


def test_a_hyphenated_name_no_passage_has_is_searched_by_its_parts(searcher: Searcher) -> None:
    """ "SIKT-upphandlingen" is in no report; the plan writes "Upphandlingen går under namnet SIKT".
    A capitalised word is a name, and a name was never split, so the question answered total 0 (a
    blind question's finding). Where a hyphen marks the parts, the name is searched by them."""
    result = searcher.search("Vilka delar ingår i SIKT-upphandlingen enligt kommunstyrelsens verksamhetsplan 2013?")
    assert result.total and "går under namnet SIKT" in result.hits[0].chunk.text
    # A name written whole stays one thing: no report names Spotify, and nothing answers.
    assert searcher.search("Vilka avtal har staden med Spotify?").total == 0


def test_a_question_for_the_economic_result_ranks_the_nämnds_result_first(searcher: Searcher) -> None:
    """ "What was the budget surplus of Norrmalm …": passages that state a result in kronor rank
    higher, the whole nämnd's higher again; an indicator's "Resultat på 71 procent" or a part's surplus
    is not the answer (a new user's budget-result question had a spontaneous-sport indicator first)."""
    from search.query import _asks_result

    questions = ("What was the budget surplus of Norrmalm district council in 2021?", "Norrmalms överskott 2021")
    for question in (*questions, "What was Norrmalm's budget result for 2021?"):
        assert searcher.understand(question).prefer.result
        top = searcher.search(question).hits[0].chunk.text
        assert "50,7 mnkr" in top or "47,3 mnkr" in top, (question, top[:80])
    # "Resultat" alone is an indicator's too: only with the budget or the economy is it the result.
    assert not searcher.understand("Vilket resultat hade indikatorn för spontanidrott 2021?").prefer.result
    assert not _asks_result(["resultat"], []) and _asks_result(["ekonomisk", "resultat"], [])


def test_a_hit_from_a_report_without_page_numbers_shows_no_empty_page_field(searcher: Searcher) -> None:
    """T1 2020's text has no page numbers: its hits read "rad 160–161 · Kommunstyrelsen …", not
    "rad 160–161  · " (a new user read the gap as a value lost)."""
    from io import StringIO

    from rich.console import Console

    from api.render import search_result

    result = searcher.search("krigsorganisation och krigsplacering av personal")
    first = result.hits[0].citation
    assert first.file == "ks-tertialrapport-1-2020.txt" and first.page is None and first.page_approx is None
    out = StringIO()
    search_result(Console(file=out, width=300), result)
    assert f"rad {first.line_start}–{first.line_end} · Kommunstyrelsen" in out.getvalue()


def test_going_back_is_a_deficit(searcher: Searcher) -> None:
    # "Gå back" is everyday Swedish for a deficit, which the reports write "underskott": the question
    # had answered with goals on "god budgethållning" and no result.
    asked = searcher.understand("varför går kommunstyrelsen back ekonomiskt")
    assert [(c.typed, c.searched) for c in asked.corrections] == [("back", "underskott")]
    result = searcher.search("varför går kommunstyrelsen back ekonomiskt")
    assert "underskott" in result.hits[0].chunk.text.lower()
    # Without a form of "gå" before it, "back" is no result.
    assert not [c for c in searcher.understand("back office i staden").corrections if c.searched == "underskott"]


def test_an_english_kind_word_as_an_object_is_the_topic_not_the_kind(searcher: Searcher) -> None:
    # "the goals" after "reaching" is what the risks are to, not the records asked for: a new user's
    # question was filtered to goals, and no risk paragraph of the avstämning was shown.
    question = "main risks to reaching the goals in the 2024 budget review"
    asked = searcher.understand(question)
    assert not asked.kinds
    assert any("risk" in term.terms for term in asked.terms)  # the dictionary's headword, as the index has it
    result = searcher.search(question)
    assert sum("risk" in hit.chunk.text.lower() for hit in result.hits[:5]) >= 4
    # A kind word that the question asks for is still the kind.
    assert searcher.understand("Which goals did Norrmalm not fully meet in 2021?").kinds == (ChunkKind.GOAL,)


def test_a_two_word_topic_is_clear_only_with_both_words(searcher: Searcher) -> None:
    # "budget result": a passage with either word alone was "tydligt om frågan" (105 of 254 in trial 27);
    # two words are mostly a phrase, and both are needed (a compound's modifier counts half).
    result = searcher.search("What was Norrmalm's budget result for 2021?")
    assert result.clear is not None and 0 < result.clear < 20
    labelled = [h.chunk.text.lower() for h in result.hits if h.clear]
    assert labelled and all("budget" in t and "resultat" in t for t in labelled)
    assert any("47,3 mnkr" in h.chunk.text or "50,7 mnkr" in h.chunk.text for h in result.hits[:3] if h.clear)


def test_years_compared_are_a_namnd_compared_with_itself(searcher: Searcher) -> None:
    # Kommunstyrelsen has a report of 2020 and of 2021, Norrmalm of 2021 only: its 2021 goal ("delvis")
    # beside Kommunstyrelsen's 2020 one ("helt") read as Kommunstyrelsen's change (trial 28).
    result = searcher.search("hur har måluppfyllelsen för en trygg och säker stad förändrats mellan 2020 och 2021")
    first = result.hits[:2]
    assert {h.citation.year for h in first} == {2020, 2021}
    assert {h.citation.namnd for h in first} == {"Kommunstyrelsen"}


def test_warm_builds_what_questions_read_once_per_generation(corpus_index, embedder) -> None:
    # A service builds these at its start (`Searcher.warm`), not on its users' first questions.
    from index.store import Store

    with Store.open(corpus_index[0]) as store:
        searcher = Searcher(store, embedder)
        searcher.warm()

        def built_twice() -> None:
            raise AssertionError("built on a question, not by warm()")

        for key in ("goal-titles", "goal-title-areas", "goal-parents", "indicator-name-terms", "dissents"):
            with store.snapshot():
                assert store.per_generation(key, built_twice) is not None, key
        assert searcher.search("vilka indikatorer når inte årsmålet i Norrmalm 2021").indicators
