"""Names the reports also write as a description: learnt from an apposition in the reports."""

from __future__ import annotations

import pytest

from summarise.aliases import aliases, appositions
from tests.conftest import CORPUS, T1_2020


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ska använda det nya sociala systemet Esset.", [("sociala systemet", "Esset")]),
        ("med hjälp av den digitala uppläsningstjänsten Polyglutt", [("digitala uppläsningstjänsten", "Polyglutt")]),
        # Only words of time describe it: "det nya konceptet" is any new concept.
        ("inom ramen för det nya konceptet Kvalitetsforum", []),
        # No definite noun before the name, or no name after it.
        ("i samarbete med Esset", []),
        ("det nya sociala systemet är infört", []),
    ],
)
def test_appositions(text: str, found: list[tuple[str, str]]) -> None:
    assert appositions(text) == found


def test_a_description_of_two_names_is_none_and_keep_decides() -> None:
    texts = ["det digitala verktyget Tyck", "det digitala verktyget Mina", "det sociala systemet Esset"]
    assert aliases(texts, lambda name: True) == {"sociala systemet": "esset"}
    assert aliases(texts, lambda name: name != "Esset") == {}


def test_the_corpus_names_esset_the_social_system() -> None:
    # KS T1 2020: "… ska använda det nya sociala systemet Esset"; its activity table writes only "det
    # moderna sociala systemet", and T2 2021 only "Esset".
    text = (CORPUS / T1_2020).read_text(encoding="utf-8")
    assert aliases([text], lambda name: True).get("sociala systemet") == "esset"
