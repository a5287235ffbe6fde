"""An activity read as actor, partners and the assignment itself (action + object).

KF assignments share their openings ("Kommunstyrelsen ska i samarbete med Stockholms Stadshus AB
samt i samråd med berörda nämnder och bolagsstyrelser …"): compared whole, two unrelated
assignments look alike (e5 cosines of 0.89–0.93, issue 21). What they are about is what follows
the partners: "ta fram en plan för krigsorganisation och krigsplacering av personal".

    >>> a = parse_assignment("Kommunstyrelsen ska i samarbete med Stockholms Stadshus AB ta fram en plan.")
    >>> a.actor, a.partners, a.text
    ('Kommunstyrelsen', ('stockholms stadshus ab',), 'ta fram en plan')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The phrases that introduce partners in the city's assignments; "i samarbete" without "med"
# occurs too ("i samarbete stadsdelsnämnderna och Micasa", Norrmalm 2021).
_MARKER = re.compile(
    r"\b(?:i\s+samarbete(?:t)?(?:\s+med)?|i\s+samråd(?:\s+med)?|tillsammans\s+med|i\s+samverkan\s+med"
    r"|med\s+stöd\s+av|samverka\s+med)\b",
    re.IGNORECASE,
)
# The leading verbs of an assignment: Swedish infinitives end in -a (utreda, implementera), a few
# short ones do not (se, ge, gå); particle verbs carry their particle (ta fram, se över, följa upp);
# verbs are joined by "och", "samt" or a comma ("kartlägga, analysera och ge förslag").
_VERB = r"(?:[a-zåäö]+a|se|ge|gå|nå|stå)(?:\s+(?:fram|över|upp|ut|in|om|till|bort|vidare))?"
_ACTION = re.compile(rf"^(?:{_VERB})(?:(?:\s*,\s*|\s+och\s+|\s+samt\s+)(?:{_VERB})(?=\s))*\s", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")
_SKA = re.compile(r"\bska\b", re.IGNORECASE)
_TOKEN = re.compile(r"[\wÅÄÖåäö][\wÅÄÖåäö:\-–]*|[,:]")
# Words that join the bodies of a partner list ("… nämnder och bolagsstyrelser", "samt övriga berörda").
_GLUE = frozenset(
    "och samt , : övriga berörda samtliga de alla vid behov med stöd av i samråd samarbete samarbetet "
    "samverkan tillsammans".split()
)
# A body by its ending: nämnd(en/er/erna), styrelse(n/r/rna), förvaltning(en/ar), kontoret, bolag.
_BODY_ENDING = re.compile(
    r"(nämnd|nämnden|nämnder|nämnderna|nämndernas|styrelse|styrelsen|styrelser|styrelserna|förvaltning|förvaltningen"
    r"|förvaltningar|förvaltningarna|kontoret|bolag|bolagen)$",
    re.IGNORECASE,
)
# Partners that are no public body's name and end in no body word: the ones the city's assignments
# name (read in all four reports with activity tables).
_OTHER_PARTNERS = frozenset({"näringslivet", "polisen", "civilsamhället", "landstinget", "regionen", "aktörer"})


@dataclass(frozen=True, slots=True)
class Assignment:
    """What an activity asks of whom."""

    actor: str | None  # "Kommunstyrelsen"; None for a nämnd's own activity ("Uppdatera krisledningsplan")
    partners: tuple[str, ...]  # the bodies it works with, lower case, in text order
    text: str  # action + object, partners removed: "ta fram en plan för krigsorganisation …"

    @property
    def action(self) -> str:
        """The leading verbs: "ta fram och implementera", "utreda"; "" for a goal or a noun phrase."""
        found = _ACTION.match(self.text)
        return found.group(0).strip(" ,") if found else ""

    @property
    def object(self) -> str:
        """What the action is about: the assignment without its leading verbs."""
        return self.text[len(self.action) :].strip(" ,") if self.action else self.text


def without_bodies(text: str) -> str:
    """`text` without the words that name bodies: who does the work is no part of what it is about."""
    return " ".join(w for w in text.split() if not is_body(w.strip(",.:")) and not is_body(w.strip(",.:").lower()))


def names(text: str, *, initial: bool = False) -> tuple[str, ...]:
    """The proper names in an assignment's object ("Esset", "Karolinska", "Vetenskapsstaden"), lower case;
    `initial`: the text opens a sentence, so its first word's capital says nothing."""
    found = list(_LETTERS.finditer(text))[1 if initial else 0 :]
    # A word that opens a later sentence is capitalised whatever it is ("… flytt av beställaransvaret.
    # Utredningen ska …"): no name either.
    written = [m.group(0) for m in found if not _SENTENCE_END.search(text[: m.start()])]
    return tuple(dict.fromkeys(w.lower() for w in written if w[:1].isupper() and not is_body(w) and len(w) > 2))


_SENTENCE_END = re.compile(r"[.!?]\s+$")


def written_words(text: str) -> frozenset[str]:
    """The words of `text` as written, lower case, in the form `names` gives a name."""
    return frozenset(written_words_in_order(text))


def written_words_in_order(text: str) -> list[str]:
    return [w.lower() for w in _written(text)]


def _written(text: str) -> list[str]:
    # Runs of letters, as the index counts its words (`Store.vocabulary`): "EU:s" is "EU", whose
    # frequency is known, where "eu:s" would be a word never seen and so a rare name.
    return _LETTERS.findall(text)


def parse_assignment(text: str) -> Assignment:
    """Split an activity's first line into actor, partners and the assignment."""
    line = " ".join(text.split("\n", 1)[0].split()).rstrip(" .")
    ska = _SKA.search(line)
    head, tail = (line[: ska.start()], line[ska.end() :]) if ska else ("", line)
    partners: list[str] = []
    actor = head
    marker = _MARKER.search(head)
    if marker:
        actor = head[: marker.start()]
        partners += _partner_runs(head[marker.start() :])[0]
    rest_partners, assignment = _partner_runs(tail)
    partners += rest_partners
    actor = actor.strip(" ,")
    if not is_body(actor.rsplit(" ", 1)[-1]):
        # "ska" inside a sentence that names no body before it ("Under 2013 ska S:t Julianpriset
        # delas ut", "… samgående … som ska vara genomfört"): the whole line is the assignment.
        partners, assignment = _partner_runs(line)
        return Assignment(None, tuple(dict.fromkeys(partners)), assignment)
    return Assignment(actor, tuple(dict.fromkeys(partners)), assignment)


def is_body(word: str) -> bool:
    """A word that names a body or ends its name: "Kommunstyrelsen", "AB", "SISAB"."""
    word = word.rstrip(":,")
    if not word:
        return False
    return bool(_BODY_ENDING.search(word.lower())) or word == "AB" or (len(word) > 1 and word.isupper())


def _partner_runs(text: str) -> tuple[list[str], str]:
    """The partners named after each marker in `text`, and `text` without those runs."""
    partners: list[str] = []
    kept: list[str] = []
    at = 0
    for marker in _MARKER.finditer(text):
        if marker.start() < at:
            continue
        kept.append(text[at : marker.start()])
        end, names = _body_run(text, marker.end())
        partners += names
        at = end
    kept.append(text[at:])
    rest = " ".join(" ".join(kept).split())
    rest = re.sub(r"\s+([,.])", r"\1", rest).strip(" ,")
    rest = re.sub(r"^(samt|och|,)\s+", "", rest)
    return partners, rest


def _body_run(text: str, start: int) -> tuple[int, list[str]]:
    """Where the run of bodies that starts at `start` ends, and the bodies in it."""
    end = start
    names: list[str] = []
    current: list[str] = []
    for token in _TOKEN.finditer(text, start):
        word = token.group().rstrip(":")
        lower = word.lower()
        body = (
            is_body(word)
            or lower in _OTHER_PARTNERS
            or word[0].isupper()
            or (lower.endswith("-") and len(lower) > 1)  # "miljö- och hälsoskyddsnämnden"
        )
        if body:
            current.append(lower)
            end = token.end()
        elif lower in _GLUE and current and current[-1].endswith("-"):
            current.append(lower)  # "miljö- och hälsoskyddsnämnden": one name
        elif lower in _GLUE:
            if current:
                names.append(" ".join(current))
                current = []
        else:
            break
    if current:
        names.append(" ".join(current))
    return end, [n.strip(" ,:") for n in names if n.strip(" ,:")]
