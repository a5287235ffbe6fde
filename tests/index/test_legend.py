"""A status written as a colour or a symbol that the report's own legend defines."""

from __future__ import annotations

from pathlib import Path

from index.parse.ingest import parse_file
from index.parse.legend import legend, legend_statuses
from index.parse.records import GoalStatus, Line

BLIND2 = Path(__file__).resolve().parents[1] / "fixtures" / "blind-layouts-2"


def _lines(*texts: str) -> list[Line]:
    return [Line(text, number) for number, text in enumerate(texts, 1)]


def test_a_legend_wrapped_after_its_equals_sign_maps_each_colour() -> None:
    lines = _lines(
        "Statusförklaring / Status legend: Grön = Uppfylls helt · Gul = Uppfylls delvis · Röd =",
        "Uppfylls inte",
        " Status  Grön",
        "Gul",
        "Grön är en färg i parkerna.",
    )
    assert legend(lines)[0] == {"grön": "Uppfylls helt", "gul": "Uppfylls delvis", "röd": "Uppfylls inte"}
    texts = [line.text for line in legend_statuses(lines)]
    # The legend is one line again: its last status would have stood alone under a heading.
    assert texts[0].endswith("Röd = Uppfylls inte") and len(texts) == 4
    assert texts[1:] == ["Uppfylls helt", "Uppfylls delvis", "Grön är en färg i parkerna."]


def test_without_a_legend_a_colour_is_no_status() -> None:
    # Green is "uppfylls helt" in one report and "enligt plan" in another: only a legend says.
    lines = _lines("1.2.1 Tryggt stadsdelsområde  Gul", "Status: Grön", "Status: Uppfylls helt")
    assert legend(lines) == ({}, ()) and legend_statuses(lines) == lines
    assert legend(_lines("Målet = Uppfylls helt"))[0] == {}  # one pair is a sentence's, not a legend


def test_a_colour_at_a_headings_end_is_its_status_and_a_tables_row_keeps_its_own() -> None:
    lines = _lines(
        "Teckenförklaring – Nämndmål:  Grön = Uppfylls helt  Gul = Uppfylls delvis  Röd = Uppfylls inte",
        "1.2.1 Tryggt stadsdelsområde  Gul",
        "1.2.1  Andel invånare i stadsdelen som känner sig trygga  75  75 %  2021  Grön",
    )
    texts = [line.text for line in legend_statuses(lines)]
    assert texts[1:] == ["1.2.1 Tryggt stadsdelsområde", "Uppfylls delvis", lines[2].text]


def test_a_web_systems_traffic_lights_are_its_goals_statuses() -> None:
    """blind-layouts-2 L4: "1.2.1 Tryggt stadsdelsområde  Gul" under "Teckenförklaring – Nämndmål:
    Grön = Uppfylls helt …": no goal was read before; its indicator rows, numbered by their goal
    and ending in a colour, are no goals."""
    report = parse_file(BLIND2 / "L4-norrmalm-verksamhetsberattelse-2021-trafikljus.pdf", None)
    assert [(g.number, g.status) for g in report.goals] == [
        ("1.2.1", GoalStatus.DELVIS),
        ("1.2.2", GoalStatus.HELT),
        ("1.5.1", GoalStatus.HELT),
    ]


def test_a_legend_of_symbols_without_equals_signs() -> None:
    lines = _lines(
        "Teckenförklaring måluppfyllelse: ● Uppfylls helt  ◐ Uppfylls delvis  ○ Uppfylls inte",
        " Nämndmål 1.2.1 Tryggt stadsdelsområde  ◐",
    )
    assert legend(lines)[0] == {"●": "Uppfylls helt", "◐": "Uppfylls delvis", "○": "Uppfylls inte"}
    assert [line.text for line in legend_statuses(lines)][1:] == [
        " Nämndmål 1.2.1 Tryggt stadsdelsområde",
        "Uppfylls delvis",
    ]
