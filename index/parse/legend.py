"""A status written as a colour or a symbol that the report's own legend defines.

Web systems and dashboards print a goal's status as a traffic light ("Status  Grön") and say once,
in a legend, what each colour means: "Statusförklaring: Grön = Uppfylls helt · Gul = Uppfylls
delvis · Röd = Uppfylls inte". Two blind trials' layouts did so (blind-layouts-2 L4, a sixth trial's
Google Docs report), and none of their goals had a status read, nor were their goals found, since
a numbered heading is known as a goal by the status under it. A colour means nothing by itself
(green is "uppfylls helt" in one report and "enligt plan" in another): only a legend in the same
report gives the mapping, and only its words are read as statuses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.parse.records import STATUS_LINE, Line

# "Grön = Uppfylls helt", "● = Delvis uppfyllt": a key of one word or symbol, "=", and a status as
# the reports write it (`STATUS_LINE`). Only "=": "Status: Uppfylls helt" is a status, not a legend.
# A symbol may stand right before its status, with no "=" ("● Uppfylls helt  ◐ Uppfylls delvis").
_PAIR = re.compile(
    r"(?:(?P<key>[^\W\d_]+)\s*=|(?P<symbol>[^\w\s=·|,;:()]{1,2})\s*=?)\s*"
    r"(?P<status>[^=·|,;●◐○◑◒◓■□▲△▼▽★☆✓✗]+?)(?=\s*(?:[·|,;]|\S+\s*=|[^\w\s]\s|$))"
)
_LABEL = re.compile(r"^(?:Status|Bedömning|Måluppfyllelse)\s*:?\s*", re.I)
_STATUS_WORD = re.compile(r"uppfyll|uppnå|bedöm", re.I)
MIN_PAIRS = 2  # a legend names at least two of its colours; one "x = y" is a sentence's


def legend(lines: Sequence[Line]) -> tuple[dict[str, str], tuple[int, ...]]:
    """Key (lower case) → status, from the report's first legend, and the indexes of its lines;
    ({}, ()) where it has none. A legend wrapped after its "=" ("Röd =" / "Uppfylls inte") is read
    across the two lines."""
    for index, line in enumerate(lines):
        if not _STATUS_WORD.search(line.text) and not line.text.rstrip().endswith("="):
            continue  # no status on the line: no legend (read first, as most lines have none)
        text, held = line.text, (index,)
        if index + 1 < len(lines) and text.rstrip().endswith("="):
            text, held = f"{text.rstrip()} {lines[index + 1].text.strip()}", (index, index + 1)
        pairs = {
            (m.group("key") or m.group("symbol")).lower(): " ".join(m.group("status").split())
            for m in _PAIR.finditer(text)
            if STATUS_LINE.match(" ".join(m.group("status").split()))
        }
        if len(pairs) >= MIN_PAIRS:
            return pairs, held
    return {}, ()


def legend_statuses(lines: Sequence[Line]) -> list[Line]:
    """`lines` with each status written as a legend's key ("Status  Grön", "Gul") as its status; the
    legend wrapped after its "=" made one line again, whose last status ("Röd =" / "Uppfylls inte")
    would otherwise stand alone as a status under the heading above it."""
    found, held = legend(lines)
    if not found:
        return list(lines)
    out = []
    for index, line in enumerate(lines):
        if len(held) == 2 and index == held[0]:
            out.append(replace(line, text=f"{line.text.rstrip()} {lines[held[1]].text.strip()}"))
            continue
        if len(held) == 2 and index == held[1]:
            continue
        if index in held:
            out.append(line)
            continue
        key = _LABEL.sub("", " ".join(line.text.split())).rstrip(".").lower()
        status = found.get(key)
        beside = _HEADING_THEN_KEY.match(line.text)
        if status:
            out.append(replace(line, text=status))
        elif beside and beside.group("key").lower() in found:
            # A numbered heading with its colour at the row's end ("1.2.1 Tryggt stadsdelsområde  Gul"):
            # the heading, then its status on a line of its own, as a goal's status stands.
            out += [replace(line, text=beside.group("head")), replace(line, text=found[beside.group("key").lower()])]
        else:
            out.append(line)
    return out


# The heading one cell (its words one space apart), then the key: a table's row ("1.2.1  Andel …  75
# 75 %  2021  Grön", an indicator under its goal's number) has cells apart by two spaces or more.
_HEADING_THEN_KEY = re.compile(
    r"^(?P<head>\s*(?:(?:Nämndmål|KF:s\s+mål[^\d]*)\s+)?\d+(?:\.\d+){1,2}\.?\s(?:(?!\s\s).)+?)\s{2,}(?P<key>\S+)\s*$"
)
