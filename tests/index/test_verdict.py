"""The report's own word on an indicator's target, on Analys sentences as the reports print them
(Norrmalm 2021 and T1 2020; the line each comes from beside it)."""

from __future__ import annotations

import pytest

from index.parse.verdict import stated_met

SAID = [
    ("Målet uppnås ej.", False),  # Norrmalm 2021, Stockholmsjobb
    ("Resultatet på 76 procent uppnår inte årsmålet.", False),
    (
        "Nämndens och kommunfullmäktiges årsmål uppnås inte och nämndens resultat är något högre än stadens snitt.",
        False,
    ),
    ("Målet att uppnå 82 även detta år är därmed inte uppnått.", False),  # Aktivt Medskapandeindex
    ("Målet uppnås delvis.", False),  # partly met is not met
    ("Förvaltningen uppnår inte målet men räknar med att uppnå målet under 2022.", False),
    ("Nämndens mål att 160 ungdomar fått feriearbete har uppnåtts.", True),
    ("Målet uppnås.", True),
    # A forecast or a hedge is no verdict on the period reported.
    ("Med anledning av coronapandemin är det troligt att målet inte kan nås.", None),  # T1 2020, feriejobb
    ("Årets mål har i princip uppnåtts, endast 0,1 procentenhet ifrån.", None),
    # A verdict on one sex is not the indicator's.
    ("För män nås årsmålet och en förbättring ses från föregående år medan för kvinnor nås inte årsmålet.", None),
    # Sentences that disagree (one unit meets it, the total does not) give none.
    (
        "Nämndens årsmål nås inte för totalen. För den kommunala hemtjänsten och den förebyggande enheten"
        " nås årsmålet.",
        None,
    ),
    # Words about the target that say nothing of reaching it.
    ("Enligt definitionen för indikatorn kan årsmål och utfall endast uppgå till 0.", None),
    ("Förvaltningen överstiger det uppsatta målet.", None),
    ("", None),
]


@pytest.mark.parametrize(("analysis", "verdict"), SAID, ids=[s[:40] for s, _ in SAID])
def test_stated_met(analysis: str, verdict: bool | None) -> None:
    assert stated_met(analysis) is verdict


def test_the_traffic_light_opening_an_analys_is_the_reports_word(parsed) -> None:
    """Norrmalm 2021 opens eight indicators' Analys with the city's traffic light; five have their
    outcome only in the text, and were "kan inte bedömas" (a new user's finding). Green is met; yellow
    (partly) and red are not."""
    from index.parse.verdict import stated_met
    from tests.conftest import NORRMALM_2021

    lights = ("(Grön)", "(Gul)", "(Röd)")
    lit = [i for i in parsed[NORRMALM_2021].indicators if i.analysis.lstrip().startswith(lights)]
    assert len(lit) == 8
    assert all(stated_met(i.analysis) is i.analysis.lstrip().startswith("(Grön)") for i in lit)
