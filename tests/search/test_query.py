"""Reading Swedish questions into filters and a topic."""

from __future__ import annotations

from index.parse.records import ChunkKind, GoalStatus, ReportType
from search.query import Filters, IndexFacts, may_name_subject, understand

NAMNDER = ["Kommunstyrelsen", "Norrmalms stadsdelsnämnd"]
YEARS = [2013, 2020, 2021, 2024]


def test_list_of_deviations_by_topic() -> None:
    q = understand("vilka aktiviteter har avvikelser om pandemin", NAMNDER, years=YEARS)
    assert q.kinds == (ChunkKind.ACTIVITY,) and q.deviation is True and q.topic == "pandemin" and q.is_list
    assert q.interpretation().kind == (ChunkKind.ACTIVITY,)
    assert q.interpretation().to_dict()["kind"] == ["activity"]


def test_place_resolves_to_its_namnd_and_leaves_the_topic() -> None:
    q = understand("hur går det med hemlösheten på Norrmalm", NAMNDER, years=YEARS)
    assert q.namnd == "Norrmalms stadsdelsnämnd" and q.topic == "hemlösheten" and not q.is_list


def test_status_year_and_namnd() -> None:
    q = understand("vilka nämndmål uppfylls inte för Norrmalm 2021", NAMNDER, years=YEARS)
    assert q.kinds == (ChunkKind.GOAL,) and q.statuses == (GoalStatus.INTE,)
    assert q.years == (2021,) and q.namnd == "Norrmalms stadsdelsnämnd" and q.topic == ""
    assert understand("mål som uppfylls delvis", NAMNDER).statuses == (GoalStatus.DELVIS,)


def test_not_fully_met_is_partly_or_not_met() -> None:
    questions = ("vilka mål uppfylldes inte helt 2021", "mål som inte uppfylls fullt ut", "ej uppfyllts till fullo")
    for question in questions:
        q = understand(question, NAMNDER, years=YEARS)
        assert set(q.statuses or ()) == {GoalStatus.DELVIS, GoalStatus.INTE}, question
        assert q.topic == "", (question, q.topic)


def test_periods_report_types_and_ks() -> None:
    q = understand("avvikelser i tertialrapport 2 2021 för KS", NAMNDER, years=YEARS)
    assert q.periods == ("T2",) and q.years == (2021,) and q.namnd == "Kommunstyrelsen" and q.deviation
    assert q.topic == ""
    assert understand("T1 2020 budget", NAMNDER, years=YEARS).periods == ("T1",)
    vb = understand("vad säger verksamhetsberättelsen om trygghet", NAMNDER, years=YEARS)
    assert vb.report_types == (ReportType.VERKSAMHETSBERATTELSE,) and vb.topic == "trygghet"


def test_a_year_without_reports_stays_in_the_topic() -> None:
    q = understand("klimatpositiv stad 2030", NAMNDER, years=YEARS)
    assert q.years is None and "2030" in q.topic


def test_explicit_filters_override_the_reading() -> None:
    q = understand("avvikelser om pandemin 2020", NAMNDER, Filters(years=(2021,), deviation=False), YEARS)
    assert q.years == (2021,) and q.deviation is False and q.topic == "pandemin"


def test_a_goal_named_by_number() -> None:
    q = understand("vilka aktiviteter finns under mål 1.2.1", NAMNDER, years=YEARS)
    assert q.goal is not None and (q.goal.number, q.goal.below) == ("1.2.1", True)
    assert q.kinds == (ChunkKind.ACTIVITY,) and q.topic == ""  # the goal word names a goal, not a kind
    assert understand("hur går det med nämndmål 1.2.1", NAMNDER, years=YEARS).goal.below is False
    assert understand("mål 2030 för klimatet", NAMNDER, years=YEARS).goal is None  # a year, not a goal
    assert understand("vilka mål för verksamhetsområdet finns", NAMNDER).goal_levels == (2,)


def test_the_council_beside_a_goal_word_names_the_level_not_a_topic() -> None:
    """A new user's "kommunfullmäktiges inriktningsmål", "KF:s mål för verksamhetsområdet" and "vilka
    inriktningsmål har kommunfullmäktige" answered "Inga träffar": no goal's passage names the council."""
    q = understand("Vilka är kommunfullmäktiges inriktningsmål 2024?", NAMNDER, years=YEARS)
    assert q.topic == "" and q.goal_levels == (1,) and q.kinds == (ChunkKind.GOAL,)
    q = understand("Vilket av KF:s mål för verksamhetsområdet uppfylls bara delvis?", NAMNDER, years=YEARS)
    assert q.topic == "" and q.goal_levels == (2,)
    assert understand("vilka mål har kommunfullmäktige", NAMNDER).goal_levels == (1, 2)  # as "KF-mål"
    # Not asked for goals, the council is what the question is about.
    assert "kommunfullmäktige" in understand("vad beslutade kommunfullmäktige om tunnelbanan", NAMNDER).topic


def test_a_suspended_compound_part_takes_the_head_it_is_coordinated_with() -> None:
    terms = {t.word: t.terms for t in understand("Ska bensin- och dieselbilar förbjudas i innerstan?").terms}
    assert terms["bensin"][0] == "bensinbil" and "bensin" in terms["bensin"]  # shown without its hyphen
    # A part with no compound after it stands for itself.
    assert understand("ljud- och ljus").terms[0].terms == ("ljud",)


def _words(question: str) -> list[str]:
    return [t.word for t in understand(question, NAMNDER, years=YEARS).terms]


def test_abbreviations_and_single_letters_name_no_topic() -> None:
    # "t.ex." was read as the words «t» and «ex», which a new user was told no report has.
    assert _words("Hur går det med tryggheten, t.ex. kring Sergels torg?") == ["tryggheten", "Sergels", "torg"]
    assert _words("vad görs bl.a. för hemlösa, dvs. bostadslösa") == ["hemlösa", "bostadslösa"]
    assert _words("KS:s arbete med feriejobb") == ["arbete", "feriejobb"]  # not «s»


def test_a_stop_word_typed_without_its_diacritics_is_the_stop_word() -> None:
    assert _words("hur gar det med aldreomsorgen pa norrmalm") == ["aldreomsorgen"]
    assert _words("vad gor staden for hemlosa") == ["staden", "hemlosa"]
    assert _words("val av nämndledamöter") == ["val", "nämndledamöter"]  # "val" is a word, not "väl"


def test_words_of_comparing_are_no_topic_in_a_comparison() -> None:
    q = understand("Skiljer sig KS:s och Norrmalms trygghetsarbete 2021?", NAMNDER, years=YEARS)
    assert q.compare and [t.word for t in q.terms] == ["trygghetsarbete"]
    assert _words("Hur har klimatmålen förändrats från 2013 till 2021?") == ["klimatmålen"]
    assert "skillnaden" in _words("vad är skillnaden mellan budget och utfall")  # no comparison: a topic


def test_following_up_is_reporting_not_a_topic() -> None:
    # "följs upp" kept "följs" as a topic word, which no indicator's name has: the table was empty.
    assert _words("Vilka indikatorer följs upp för feriejobben?") == ["feriejobben"]
    assert _words("indikatorer som följs upp inom äldreomsorgen") == ["äldreomsorgen"]
    assert _words("följa lagen om offentlig upphandling")[0] == "följa"  # without "upp", a verb like any


def test_an_english_questions_topic_shows_its_glossary_phrases() -> None:
    # "summer jobs" is one glossary entry of two words: the topic line showed "pandemic" alone.
    q = understand("How did the pandemic affect summer jobs for young people?", NAMNDER, years=YEARS)
    assert q.language == "en" and q.topic == "pandemic summer jobs young people"


def test_english_function_words_are_not_read_as_unaccented_swedish() -> None:
    # "for", "over" are also Swedish stop words typed without å/ä/ö ("för", "över"): read as such
    # only once the question is Swedish.
    q = understand("sick leave over 2021", NAMNDER, years=YEARS)  # "över" made it Swedish: "sick", "leave"
    assert q.language == "en" and [t.word for t in q.terms] == ["sick leave"]


def test_a_glossary_word_is_found_by_its_english_lemma() -> None:
    from search.glossary import translate_word

    assert translate_word("emission") == translate_word("emissions") != ()
    assert translate_word("no-such-word") == ()


def test_a_report_types_full_name_names_the_report_not_a_kind_or_a_topic() -> None:
    q = understand("vilka budgetjusteringar redovisas i avstämningen av mål och budget 2024", NAMNDER, years=YEARS)
    assert q.report_types == (ReportType.AVSTAMNING,) and q.years == (2024,)
    assert q.kinds is None and q.topic == "budgetjusteringar"
    # Outside the name the words keep their meaning: goals asked for, a budget as the topic.
    goals = understand("vilka mål om budget finns i avstämningen 2024", NAMNDER, years=YEARS)
    assert goals.kinds == (ChunkKind.GOAL,) and goals.topic == "budget"


def test_a_word_the_index_leaves_out_is_no_topic() -> None:
    # The index drops "via", "inom", "enligt" (analysis.DOMAIN_STOP_WORDS): as a question's term it
    # weighed as a word no report has and halved the share "cykel" gave a passage.
    q = understand("kan anställda få en cykel via jobbet inom staden", NAMNDER, years=YEARS)
    assert "via" not in q.topic.split() and "inom" not in q.topic.split() and "cykel" in q.topic


def test_an_english_name_of_two_capitalised_words_keeps_its_common_first_word() -> None:
    # "Earth" is common English, so alone at the start it may only begin the sentence; before
    # another capitalised word it begins the name (a new user's "Earth Hour" was searched as "Hour").
    def facts(counts: dict[str, int]) -> IndexFacts:
        return IndexFacts(NAMNDER, YEARS, doc_freqs=lambda terms: {t: counts.get(t, 0) for t in terms})

    q = understand("Earth Hour", NAMNDER, years=YEARS, facts=facts({"earth": 3, "hour": 3}))
    assert q.language == "en" and {t.word for t in q.terms} == {"Earth", "Hour"}
    lone = understand("Earth is warming fast", NAMNDER, years=YEARS, facts=facts({"earth": 3}))
    assert lone.language == "en" and "Earth" not in [t.word for t in lone.terms]


def test_a_questions_abbreviation_is_read_by_its_capitals() -> None:
    # The question's words are lemmatised as typed, as the index lemmatises the reports' words:
    # "OS" is the abbreviation ("os"), not the verb "osa" that the lower-cased word reads as.
    q = understand("Vad kostar stadens ansökan om vinter-OS och OS 2030?", NAMNDER, years=YEARS)
    terms = {t.word: t.terms for t in q.terms}
    assert terms["vinter-OS"][0] == "vinter-os" and terms["OS"][0] == "os"


def test_a_goal_compound_with_its_number_names_the_goal_but_a_target_does_not() -> None:
    """ "under äldremålet (1.5)" names goal 1.5; "årsmålet 95 %" is a target's figure, not goal 95
    (the compound rule had read it so)."""
    goal = understand("vilka aktiviteter under äldremålet (1.5)", NAMNDER, years=YEARS).goal
    assert goal is not None and goal.number == "1.5" and goal.below
    for question in ("vilka indikatorer har årsmål 80 procent", "Nådde Norrmalm årsmålet 95 % för nöjdheten?"):
        assert understand(question, NAMNDER, years=YEARS).goal is None
    # A number with a unit after the plain goal word is a target too (trial 29's "mål 70 procent").
    for question in ("ekologiska livsmedel andel mål 70 procent", "vilket mål 5 % sjukfrånvaro", "mål 40 platser"):
        assert understand(question, NAMNDER, years=YEARS).goal is None
    assert understand("hur gick det för mål 2 i år", NAMNDER, years=YEARS).goal.number == "2"


def test_a_year_no_report_is_from_is_named_for_a_figure_or_as_the_time_asked() -> None:
    """A figure's year with no report ("överskott 2023"), or one said as the time asked about ("för år
    2022"), is checked against the passages; a year that dates an event or a target ("minnesmärket
    efter attacken 2017", "klimatpositiv 2030") is not. Joined to a year a report is from, it is a
    side the index has no report of."""
    timed = understand("Vilket helhetsresultat fick staden för år 2022?", NAMNDER, years=YEARS)
    assert timed.unreported == (2022,) and timed.absent == ()
    assert understand("klimatpositiv stad 2030", NAMNDER, years=YEARS).unreported == ()
    side = understand("Hur förändrades sjukfrånvaron mellan 2021 och 2022?", NAMNDER, years=YEARS)
    assert side.absent == ("2022",) and side.unreported == () and "2022" not in {t.word for t in side.terms}
    assert understand("Hur stort var Norrmalms överskott 2023?", NAMNDER, years=YEARS).unreported == (2023,)
    both = understand("Hur många feriejobb fanns 2022 och 2021?", NAMNDER, years=YEARS)
    assert both.unreported == () and both.absent == ("2022",)  # 2021's figure answers; 2022 has no report
    assert understand("minnesmärket efter lastbilsattacken 2017", NAMNDER, years=YEARS).unreported == ()
    assert understand("Hur stort var överskottet 2021?", NAMNDER, years=YEARS).unreported == ()
    # Right after a nämnd's name a year is that nämnd's time (trial 32: 2021's 9,4 % for 2019); a name that
    # is no nämnd still dates ("Vision 2030").
    assert understand("sjukfrånvaro Norrmalm 2019", NAMNDER, years=YEARS).unreported == (2019,)
    assert understand("Vision 2030 och Norrmalm", NAMNDER, years=YEARS).unreported == ()


def test_a_month_is_asked_of_a_figure_in_it_and_a_period_bound_is_optional() -> None:
    """ "i augusti" asks a figure in that month; "fram till augusti" and "januari–april" bound a period,
    whose months are topic words that no passage must have (`TopicTerm.optional`)."""
    assert understand("Hur många besökare hade Stadshuset i augusti 2021?", NAMNDER, years=YEARS).months == ("augusti",)
    assert understand("How many visitors did City Hall have in July 2021?", NAMNDER, years=YEARS).months == ("juli",)
    assert understand("How much may the city spend in 2021?", NAMNDER, years=YEARS).months == ()
    assert understand("Vad har skyddsmaterialet kostat fram till augusti 2021?", NAMNDER, years=YEARS).months == ()
    assert understand("besökare i augusti", NAMNDER, years=YEARS).months == ()  # no figure asked for
    ranged = understand("Hur stort var underskottet januari–april 2020?", NAMNDER, years=YEARS)
    assert ranged.months == () and {t.word: t.optional for t in ranged.terms} == {
        "underskottet": False,
        "januari": True,
        "april": True,
    }
    until = understand("Vad har skyddsmaterialet kostat till och med den 31 augusti?", NAMNDER, years=YEARS)
    assert [t.word for t in until.terms if t.optional] == ["augusti"]


def test_a_report_the_index_lacks_is_named_as_absent() -> None:
    """A new user's "Kungsholmens stadsdelsnämnds budgetavvikelse i verksamhetsberättelsen 2019" was
    answered with Norrmalm 2021's budget tables, "tydligt om frågan": neither the nämnd nor the year
    has a report in the index, and the question said which report it asked for."""
    q = understand(
        "Hur stor var Kungsholmens stadsdelsnämnds budgetavvikelse i verksamhetsberättelsen 2019?", NAMNDER, years=YEARS
    )
    assert q.absent == ("Kungsholmens stadsdelsnämnd", "2019") and "2019" not in q.topic
    assert understand("Vad står det i 2019 års verksamhetsberättelse?", NAMNDER, years=YEARS).absent == ("2019",)
    # A year that is a subject, a place that is one, and a nämnd the index has: none is absent.
    assert understand("Hur ska staden bli klimatpositiv 2030?", NAMNDER, years=YEARS).absent == ()
    assert understand("Vad gör Kungsholmen för de äldre?", NAMNDER, years=YEARS).absent == ()
    assert understand("Vad gör Norrmalms stadsdelsnämnd mot hemlöshet?", NAMNDER, years=YEARS).absent == ()
    # Named with no report asked for, a district's nämnd is a subject: the avstämning lists grants per
    # stadsdelsnämnd, Kungsholmen's among them.
    q = understand("Hur mycket statsbidrag får Kungsholmens stadsdelsnämnd 2024?", NAMNDER, years=YEARS)
    assert q.absent == () and q.unindexed == ("Kungsholmens stadsdelsnämnd",) and q.topic == "statsbidrag"
    # Its result of the year is only in its own report (trial 30: 25 passages "tydligt om frågan" that
    # name Södermalm's nämnd as a partner); "resultat" beside another topic may be a survey's.
    result = understand("Vad blev Södermalms stadsdelsnämnds resultat 2021?", NAMNDER, years=YEARS)
    assert result.absent == ("Södermalms stadsdelsnämnd",)
    assert understand("Hur stort överskott hade Södermalms stadsdelsnämnd?", NAMNDER, years=YEARS).absent
    survey = understand("Vilket resultat fick Södermalms stadsdelsnämnd i medarbetarenkäten?", NAMNDER, years=YEARS)
    assert survey.absent == ()
    # A compound of an account and "resultat" is the result too (trial 31: Norrmalm's result answered
    # "Kungsholmens stadsdelsnämnds budgetresultat 2021"); a survey's compound is not.
    budget = understand("Kungsholmens stadsdelsnämnds budgetresultat 2021", NAMNDER, years=YEARS)
    assert budget.absent == ("Kungsholmens stadsdelsnämnd",)
    assert understand("Vad blev årsresultatet för Södermalms stadsdelsnämnd?", NAMNDER, years=YEARS).absent
    assert understand("Södermalms stadsdelsnämnds enkätresultat", NAMNDER, years=YEARS).absent == ()
    # A facknämnd is never absent so: the city's reports discuss it, beside a report's name too.
    assert understand("Vad säger avstämningen om kulturnämndens underskott?", NAMNDER, years=YEARS).absent == ()
    # A nämnd's bare result asked for a year no report is from: that year is checked (`Query.unreported`).
    assert understand("Vilket resultat hade utbildningsnämnden 2022?", NAMNDER, years=YEARS).unreported == (2022,)


def test_a_chosen_year_the_index_has_no_report_of_is_absent() -> None:
    """A new user's `--year 2019` was told no passage is about the topic; no report is from 2019.
    Among chosen years one the index has still answers."""
    assert understand("budget", NAMNDER, Filters(years=(2019,)), years=YEARS).absent == ("2019",)
    assert understand("budget", NAMNDER, Filters(years=(2019, 2021)), years=YEARS).absent == ()
    assert understand("budget", NAMNDER, Filters(years=(2021,)), years=YEARS).absent == ()


def test_a_goal_title_as_printed_after_the_goal_word_names_the_goal() -> None:
    """A new user's quotes were lost by the shell: "för nämndmålet Stockholmarnas livsmiljö är
    hållbar" read the title's words as the topic, and none of the goal's five indicators was listed."""
    q = understand(
        "Vilka indikatorer hade kommunstyrelsen 2013 för nämndmålet Stockholmarnas livsmiljö är hållbar?",
        NAMNDER,
        years=YEARS,
    )
    assert q.goal is not None and q.goal.title_terms == ("stockholmare", "livsmiljö", "hållbar")
    assert not q.goal.below and not q.terms
    # A lower-case word after the goal word is no title: "för målet om …" is read as before.
    assert understand("Hur går det för målet med bostäder?", NAMNDER, years=YEARS).goal is None


def test_a_finite_verb_names_no_subject_but_a_participle_before_its_noun_may() -> None:
    """Trial 29's "vad kritiserade Socialdemokraterna" answered "Inga träffar: «kritiserade»" above
    the reservation that answers it; "felparkerade elsparkcyklar" names what is asked about."""
    terms = {t.word: t for t in understand("vad kritiserade Socialdemokraterna i planen", NAMNDER, years=YEARS).terms}
    assert terms["kritiserade"].verb and not may_name_subject(terms["kritiserade"])
    terms = {t.word: t for t in understand("hur många felparkerade elsparkcyklar", NAMNDER, years=YEARS).terms}
    assert not terms["felparkerade"].verb and may_name_subject(terms["felparkerade"])
    # A noun in "-a" is no verb: "skolor" is not a form of "skola" the verb.
    terms = {t.word: t for t in understand("vilka skolor renoverades", NAMNDER, years=YEARS).terms}
    assert not terms["skolor"].verb
