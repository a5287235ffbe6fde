"""The financial result or prognosis a report states for its nämnd, and the reasons it gives.

What the corpus shows, and the rule drawn from it (it holds for any nämnd's tertialrapport or
verksamhetsberättelse, since the city's templates ask every nämnd for the same): the result is
one sentence that states an amount in kronor together with a result word (överskott,
underskott, budgetavvikelse, resultat) and whose subject is the nämnd as a whole — it names the
nämnd, "nämnden", "styrelsen" or the förvaltning/kontor that runs it — not one of its parts
("Äldreomsorgen visar ett överskott om 35,4 mnkr"). The reports state it first in their summary
and again under "Uppföljning av ekonomi", so the first such sentence is the headline:

- KS T1 2020: "… prognostiseras ett nettounderskott med -7 mnkr jämfört med budget …"
- KS T2 2021: "… prognostiseras ett överskott om 55 mnkr jämfört med budget."
- Norrmalm 2021: "Stadsdelsnämnden redovisar ett överskott om 47,3 mnkr efter resultatöverföringar."

The reasons are the sentences that follow a sentence stating the same amount, in the same
passage, and explain (beror på, till följd av, främst, förbättras …): "Underskottet beror
främst på ökade kostnader till följd av coronapandemin" follows "-7,0 mnkr" under Uppföljning
av ekonomi; a part's own reasons ("Överskottet beror … på vakanta tjänster", after the
administration's 2,9 mnkr) are not the whole result's. A plan or an avstämning states no result;
there the budget sentences of the nämnd level take its place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.nlp.analysis import STOP_WORDS
from index.parse.numbers import parse_number
from index.parse.records import ChunkKind
from index.parse.results import AMOUNT, RESULT_WORDS, is_whole, states_result
from index.store import StoredChunk
from summarise.sentences import passage_sentences

BUDGET_WORDS = re.compile(r"\b\w*budget\w*", re.I)
EXPLAINS = re.compile(
    r"\b(?:beror|förklar\w*|till följd av|på grund av|främst|huvudsakligen|orsak\w*|påverk\w*|"
    r"förbättr\w*|försämr\w*|väger upp|kompenser\w*|täcks)\b",
    re.I,
)
MAX_REASONS = 3
MAX_BUDGET = 3
MAX_PARTS = 3  # the largest deficits of the nämnd's parts; a verksamhetsberättelse names five to ten
DEFICIT = re.compile(r"\b(?:netto)?underskott\w*", re.I)
_PROSE_KINDS = (ChunkKind.SECTION, ChunkKind.ANALYSIS, ChunkKind.GOAL)


# A question about the economy: its words name the result or the budget (as `RESULT_WORDS` and
# `BUDGET_WORDS` read a report's sentences), or the economy itself.
_ECONOMY = re.compile(r"\bekonomi\w*\b", re.I)


def asks_about_finance(text: str) -> bool:
    """Whether a question asks about a nämnd's economy ("… påverkat aktiviteter och ekonomi 2020")."""
    return bool(_ECONOMY.search(text) or RESULT_WORDS.search(text) or BUDGET_WORDS.search(text))


@dataclass(frozen=True, slots=True)
class FinanceLine:
    """A sentence of the finance section: the result (or budget) line, or a reason for it."""

    # "prognos", "resultat", "budget", "skäl", "påverkan" (a cause that does not say which way it moves
    # the result) or "underskott" (a part's deficit)
    role: str
    sentence: str
    passage: StoredChunk


def finance(chunks: Sequence[StoredChunk], namnd: str) -> list[FinanceLine]:
    """The headline result or prognosis in kronor with up to three reasons; budget lines when none.

    `chunks` are one report's (or one nämnd's) passages in document order.
    """
    name = _name_pattern(namnd)
    found: list[FinanceLine] = []
    headline: set[float] = set()
    for c in chunks:
        if c.chunk.kind not in _PROSE_KINDS:
            continue
        said = passage_sentences(c.chunk)
        for i, sentence in enumerate(said):
            if not (states_result(sentence) and is_whole(sentence, name)):
                continue
            role = "prognos" if re.search(r"prognos", sentence, re.I) else "resultat"
            if not found:
                found.append(FinanceLine(role, sentence, c))
                headline = amounts(sentence)
            elif not amounts(sentence) & headline:
                continue  # another figure (a part, another year): not the headline's reasons
            candidates = []
            for reason in said[i + 1 :]:
                if states_result(reason) and is_whole(reason, name):
                    break  # the next result: its reasons are its own
                if EXPLAINS.search(reason) and all(reason != f.sentence for f in found):
                    candidates.append(reason)
            room = MAX_REASONS - len([f for f in found if f.role in _CAUSES])
            chosen = _reasons(candidates, sentence)[: max(room, 0)]
            found += [FinanceLine(_cause(reason, sentence), reason, c) for reason in chosen]
        if len(found) > MAX_REASONS:
            break
    if not found:
        return _budget(chunks, name)
    return found + _parts_in_deficit(chunks, name, amounts(found[0].sentence), {f.sentence for f in found})


# What moves a result up or down: a surplus is explained by what improved it, a deficit by what
# worsened it. A new user read KS T2 2021's 55 mnkr surplus "explained" by the pandemic's costs, the
# first three causal sentences, while the report's causes of the surplus came after them (lower staff
# costs, the political organisation's surplus).
_BETTER = re.compile(r"\b(?:förbättr\w*|lägre|minskade kostnader|ökade intäkter|överskott\w*|väger upp)", re.I)
_WORSE = re.compile(r"\b(?:försämr\w*|högre|ökade kostnader|minskade intäkter|underskott\w*|merkostnad\w*)", re.I)


_CAUSES = ("skäl", "påverkan")


def _cause(reason: str, headline: str) -> str:
    """ "skäl" where a sentence moves the result its way (or the result's way is not said), else
    "påverkan": "Pandemin har stor påverkan på utfall och prognos" was shown as a reason for KS T2
    2021's 55 mnkr surplus (trial 27), which it does not explain."""
    surplus = re.search(r"överskott", headline, re.I) is not None
    deficit = DEFICIT.search(headline) is not None
    if surplus == deficit:
        return "skäl"
    return "skäl" if (_BETTER if surplus else _WORSE).search(reason) else "påverkan"


def _reasons(candidates: Sequence[str], headline: str) -> list[str]:
    """The causal sentences after a result, those that move it its way first, else in the report's order."""
    surplus = re.search(r"överskott", headline, re.I) is not None
    deficit = DEFICIT.search(headline) is not None
    if surplus == deficit:
        return list(candidates)  # neither, or both said: no way to tell
    way = _BETTER if surplus else _WORSE
    return sorted(candidates, key=lambda reason: way.search(reason) is None)


def _parts_in_deficit(
    chunks: Sequence[StoredChunk], name: re.Pattern[str], headline: set[float], listed: set[str]
) -> list[FinanceLine]:
    """The parts of the nämnd that state a deficit in kronor, the largest first: what an official
    reports upward beside the whole result (a new user missed Norrmalm's ekonomiskt bistånd −6,5 and
    stöd och service −4,9 mnkr under its 47,3 mnkr surplus). A part's surplus is not listed: the
    whole result already counts it, and a deficit is what calls for action. A sentence `listed`
    already (a reason of the whole) is not listed again."""
    found: list[tuple[float, FinanceLine]] = []
    seen = set(listed)
    for c in chunks:
        if c.chunk.kind not in _PROSE_KINDS:
            continue
        said = passage_sentences(c.chunk)
        for i, sentence in enumerate(said):
            if sentence in seen or not (DEFICIT.search(sentence) and AMOUNT.search(sentence)):
                continue
            if is_whole(sentence, name) or amounts(sentence) & headline:
                continue
            seen.add(sentence)
            shown = sentence if i == 0 or _names_its_part(sentence) else f"{said[i - 1]} {sentence}"
            found.append((max(amounts(sentence), default=0.0), FinanceLine("underskott", shown, c)))
    chosen: list[FinanceLine] = []
    stated: set[float] = set()
    for _, line in sorted(found, key=lambda f: -f[0]):
        said = amounts(line.sentence)
        if said <= stated:
            continue  # "Verksamheten ekonomiskt bistånd … 6,5 mnkr" after the summary that names it
        chosen.append(line)
        stated |= said
        if len(chosen) == MAX_PARTS:
            break
    return chosen


def _names_its_part(sentence: str) -> bool:
    """Whether a part's deficit sentence says whose it is: it opens with its subject (Swedish puts the
    subject first unless a function word opens the sentence: "Hemtjänsten har ett underskott …"), or
    names the part by "inom" or by a name. "För helåret prognostiseras intäkterna minska … vilket
    medför ett totalt underskott på cirka 1,5 mnkr" names none: its part, Stadshuset's upplåtelse, is
    in the sentence before, which a new user missed (the line read as a second result of the whole)."""
    words = sentence.split()
    if words[0].lower().strip(",") not in STOP_WORDS:
        return True
    return bool(re.search(r"\binom\s+\w", sentence)) or any(w[:1].isupper() for w in words[1:])


def amounts(sentence: str) -> set[float]:
    """The amounts a sentence states, in mnkr ("-7,0 mnkr" and "-7 mnkr" are one amount)."""
    scale = {"mnkr": 1.0, "mdkr": 1000.0, "tkr": 0.001, "miljoner kronor": 1.0, "miljarder kronor": 1000.0}
    out = set()
    for match in AMOUNT.finditer(sentence):
        value, unit = parse_number(match.group(0))
        if value is not None and unit:
            out.add(round(abs(value) * scale.get(unit.lower(), 1.0), 3))
    return out


def _budget(chunks: Sequence[StoredChunk], name: re.Pattern[str]) -> list[FinanceLine]:
    lines: list[FinanceLine] = []
    for c in chunks:
        if c.chunk.kind not in _PROSE_KINDS:
            continue
        for sentence in passage_sentences(c.chunk):
            sentence = re.sub(r"^\d{1,2}\.\s+", "", sentence)  # a point of the proposed decision: "2. Nämnderna …"
            new = all(sentence != line.sentence for line in lines)
            if new and AMOUNT.search(sentence) and BUDGET_WORDS.search(sentence) and is_whole(sentence, name):
                lines.append(FinanceLine("budget", sentence, c))
            if len(lines) >= MAX_BUDGET:
                return lines
    return lines


def _name_pattern(namnd: str) -> re.Pattern[str]:
    """The nämnd's own name word ("Kommunstyrelsen", "Norrmalm" of Norrmalms stadsdelsnämnd)."""
    first = namnd.split()[0].rstrip("s") if namnd.split() else namnd
    return re.compile(rf"\b{re.escape(first)}\w*", re.I)
