"""An activity read as actor, partners and assignment: the opening and the partners are not its subject."""

from __future__ import annotations

import pytest

from summarise.assignment import names, parse_assignment, without_bodies, written_words


@pytest.mark.parametrize(
    ("text", "actor", "partners", "assignment"),
    [
        (
            "Kommunstyrelsen ska i samarbete med Stockholms Stadshus AB samt i samråd med berörda nämnder och "
            "bolagsstyrelser ta fram en plan för krigsorganisation och krigsplacering av personal.",
            "Kommunstyrelsen",
            ("stockholms stadshus ab", "nämnder", "bolagsstyrelser"),
            "ta fram en plan för krigsorganisation och krigsplacering av personal",
        ),
        (
            "Arbetsmarknadsnämnden i samarbete med näringslivet, kommunstyrelsen och utbildningsnämnden ska "
            "kartlägga Stockholms kompetensförsörjningsbehov.",
            "Arbetsmarknadsnämnden",
            ("näringslivet", "kommunstyrelsen", "utbildningsnämnden"),
            "kartlägga Stockholms kompetensförsörjningsbehov",
        ),
        (
            "Servicenämnden ska tillsammans med kommunstyrelsen och miljö- och hälsoskyddsnämnden utreda "
            "upphandlingskrav gällande måltidstjänster",
            "Servicenämnden",
            ("kommunstyrelsen", "miljö- och hälsoskyddsnämnden"),
            "utreda upphandlingskrav gällande måltidstjänster",
        ),
        ("Uppdatera krisledningsplan", None, (), "Uppdatera krisledningsplan"),
        # "ska" with no body before it: the whole line is the assignment.
        ("Under 2013 ska S:t Julianpriset delas ut", None, (), "Under 2013 ska S:t Julianpriset delas ut"),
    ],
)
def test_actor_partners_and_assignment(text: str, actor: str | None, partners: tuple, assignment: str) -> None:
    parsed = parse_assignment(text)
    assert (parsed.actor, parsed.partners, parsed.text) == (actor, partners, assignment)


def test_action_and_object() -> None:
    parsed = parse_assignment("Kommunstyrelsen ska ta fram och implementera en plan för kunskaphöjande insatser")
    assert (parsed.action, parsed.object) == ("ta fram och implementera", "en plan för kunskaphöjande insatser")
    assert parse_assignment("Utvärdera och uppdatera Vision 2030.").object == "Vision 2030"


def test_bodies_and_names() -> None:
    assert without_bodies("hur stadens bolagsstyrelser och nämnder ska uppfylla direktivet") == (
        "hur stadens och ska uppfylla direktivet"
    )
    assert names("för förvaltningen av Esset med stöd av Socialnämnden") == ("esset",)


def test_names_are_words_as_the_index_counts_them() -> None:
    # "EU:s" is "EU", an abbreviation like a body's: not "eu:s", a word the index never counted and
    # so a rare name that related every EU directive to every EU programme.
    assert names("hur staden ska uppfylla EU:s visselblåsardirektiv") == ()
    assert names("samgående mellan Stadsteatern och Kulturhuset") == ("stadsteatern", "kulturhuset")
    assert "kulturhuset" in written_words("utveckla det nyrenoverade kulturhuset som ett hus")
