"""Request limits shared by the API and the CLI, in a module light enough for `rapportsok --help`."""

from __future__ import annotations

MAX_QUERY_CHARS = 500
MAX_LIMIT = 200  # hits in one answer; the CLI stops where the API does
MAX_OFFSET = 1000  # paging stops here: the page asks for the next 20, never the 1,000th
MAX_FACET_HITS = 2000  # counts cover every answering passage up to here
PERIODS = ("T1", "T2", "T3", "helår")


def parse_period(raw: str) -> str:
    """'t2', 'T2', 'helar', 'Helår' → the stored form ('T2', 'helår'); anything else is an error."""
    wanted = " ".join(raw.split()).lower().replace("helar", "helår")
    for period in PERIODS:
        if wanted == period.lower():
            return period
    raise ValueError(f"{raw!r}: förväntade en av {', '.join(PERIODS)}")


# Values of `met`: what a person types, in Swedish or as the JSON booleans.
MET_VALUES = {"ja": True, "true": True, "1": True, "uppnått": True, "nej": False, "false": False, "0": False}


def parse_met(raw: str) -> bool:
    """'ja' / 'nej' (or true / false) → the wanted value of `met`; anything else is a Swedish error."""
    try:
        return MET_VALUES[raw.strip().lower()]
    except KeyError:
        raise ValueError(f"met: {raw!r} går inte, ange ja (målet nås) eller nej (målet nås inte)") from None
