"""Sentences of a passage, and which of them carry its point.

Only prose is quoted: a table row ("Kostnader 714,3 226,0 714,3 0,0") or a piece cut off by a
page or a column ("vilket är betydligt större än vad som") is never offered as a sentence.
"""

from __future__ import annotations

import re
from functools import cache

import stopwordsiso
from wordfreq import zipf_frequency

from index.nlp.gazetteer import place_words
from index.nlp.lemmas import is_verb_form, lemma
from index.nlp.sentences import _ABBREVIATIONS, split_sentences
from index.parse.records import Chunk, ChunkKind

# Words that give a reason or a consequence: the sentences an official looks for in an Analys.
REASON_CUES = re.compile(
    r"\b(på grund av|till följd av|med anledning av|beror på|eftersom|därför|försen\w*|pausa\w*|vilande|"
    r"skjut\w* upp|inte (har )?kunnat|förväntas|planeras|pågår)\b",
    re.IGNORECASE,
)
# Of them, those that say why (a cause), not what follows ("pågår", "planeras"): only such a sentence
# is labelled a deviation's reason (`deviation_reasons`).
CAUSE_CUES = re.compile(
    r"\b(på grund av|till följd av|med anledning av|beror på|berodde på|eftersom|därför|krävde|krävdes)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\S+")
_NUMERIC = re.compile(r"^[-−–+]?[\d.,%:/()]+$")
# A sentence starts as Swedish prose does: a capital letter, a digit (a year, "30 ansökningar"),
# or a quote; it ends with a full stop, a question or an exclamation mark (a closing quote or
# bracket may follow).
_STARTS = re.compile(r"^[\"”'(«]?[A-ZÅÄÖÉ0-9]")
_ENDS = re.compile(r"[.!?][\"”')»]?$")
# Table rows are mostly numbers: the corpus's budget rows ("Netto 573,5 181,4 610,5 -37,0") are
# 80 % numeric, its prose with the most figures ("... 50,7 mnkr före resultatöverföringar och
# 47,3 mnkr efter ...") under 20 %. A third is well between the two.
MAX_NUMERIC_SHARE = 1 / 3
MIN_WORDS = 5  # "Analys saknas." and headings are not a point
# In an activity's Analys (a field of its own, no heading or table in it) a short sentence is a
# reason too: "Inga anbud har inkommit." is why the cykel reward was not procured (a new user found it
# dropped for "Utredning av alternativ lösning pågår."). "Analys saknas." and "Pågår." still are not.
MIN_ANALYSIS_WORDS = 3


def is_prose(sentence: str, min_words: int = MIN_WORDS) -> bool:
    """A whole sentence of running text: starts and ends as one, has words, and is not a table row."""
    tokens = _TOKEN.findall(sentence)
    if len(tokens) < min_words or not _STARTS.match(sentence) or not _ENDS.search(sentence):
        return False
    numeric = sum(1 for t in tokens if _NUMERIC.match(t))
    return numeric / len(tokens) <= MAX_NUMERIC_SHARE


def sentences(text: str, min_words: int = MIN_WORDS) -> list[str]:
    """The prose sentences of a passage's text, whitespace-normalised, in order."""
    out = []
    # A passage's lines are its parts (heading, status, body); a body's wrapped lines are already
    # joined into one.
    for block in text.split("\n"):
        block = block.strip()
        if not block:
            continue
        for start, end in split_sentences(block):
            for sentence in _resplit(" ".join(block[start:end].split())):
                sentence = _without_heading(_after_table(sentence))
                if is_prose(sentence, min_words):
                    out.append(sentence)
    return out


def passage_sentences(chunk: Chunk) -> list[str]:
    """The prose sentences of a passage: an activity's or an indicator's of its title and Analys (its
    text adds the dates, the flag and the row's cells), any other passage's of its text."""
    if chunk.kind in (ChunkKind.ACTIVITY, ChunkKind.INDICATOR):
        return [sentence for part in (chunk.title, chunk.analysis) for sentence in sentences(part)]
    return sentences(chunk.text)


# A sentence that points back to the one before it ("Genomförandet av båda dessa program påverkas av
# pandemin", after the sentence naming the two programmes) says nothing quoted alone: a new user read
# it as garbled. Swedish demonstratives that point back, and words that name what was said before.
_REFERS_BACK = re.compile(
    r"^(?:\S+\s+){0,4}(?:dessa|detta|denna|dessa båda|båda dessa|ovanstående|ovan nämnda|nämnda|dem)\b", re.I
)


def with_antecedents(found: list[str]) -> list[str]:
    """Each sentence as quoted: one that points back (`_REFERS_BACK`) with the sentence before it."""
    return [
        f"{found[i - 1]} {sentence}" if i and _REFERS_BACK.match(sentence) else sentence
        for i, sentence in enumerate(found)
    ]


# The text layer joins a heading to the paragraph under it ("Sjukfrånvaro Förvaltningen har …",
# "Hemlöshet och vräkningsförebyggande arbete Förvaltningen arbetar …"). Inside a sentence a
# capital follows a lower-case word only for a name, and a name follows a preposition or
# another name ("med Stockholms Stadshus AB", "i Stadshuset"). A capitalised everyday word
# (wordfreq zipf ≥ 3: "Förvaltningen", "Bakgrunden") after a lower-case content word, within
# a heading's length, starts the real sentence.
HEADING_WORDS = 8
_EVERYDAY_ZIPF = 3.0


def _without_heading(sentence: str) -> str:
    words = sentence.split(" ")
    for i in range(1, min(len(words), HEADING_WORDS + 1)):
        before, word = words[i - 1], words[i]
        lower_before = before.islower() or i == 1  # a one-word heading: "Sjukfrånvaro Förvaltningen har …"
        if not (word[:1].isupper() and word[1:].islower() and before.isalpha() and lower_before):
            continue
        bare = word.lower().strip(",.")
        place = bare in place_words()  # its genitive too ("Norrmalms")
        # A place's genitive starts a sentence as an everyday word does ("… trygghetsarbetet Norrmalms
        # stadsdelsförvaltning har …"), though wordfreq has it as rare.
        if before in _function_words() or (zipf_frequency(bare, "sv") < _EVERYDAY_ZIPF and not (place and i > 1)):
            continue
        # A heading names, it does not state: words before a finite verb are a sentence's ("Stadsledningskontoret
        # ansvarar idag för förvaltning av nuvarande Sociala system …"), and a place after one capitalised
        # word is a name of two ("Lokalpolisområde Norrmalm ingår …"). Trial 30's drafts quoted both
        # cut, their subject lost.
        # A function word capitalised after a lower-case word opens a sentence whatever stands before it:
        # a goal's title states ("Parker och grönområden är välskötta, tillgängliga och välkomnande Den
        # pågående pandemin …", trial 31), and no sentence writes "Den" so inside itself.
        opens = bare in _function_words() and before.islower()
        if not opens and ((i == 1 and place) or any(is_verb_form(w.lower(), (lemma(w.lower()),)) for w in words[:i])):
            return sentence
        return " ".join(words[i:])
    return sentence


@cache
def _function_words() -> frozenset[str]:
    return frozenset(stopwordsiso.stopwords("sv"))


# A table's rows joined into the text before a paragraph ("… KS förslag till budget 1 385,60 -46,60
# 1 339,00 Investeringar Kontoret har en investeringsbudget … om 2 miljoner kronor för 2013 ."): the
# cells' numbers stand three or more in a row, as prose's never do ("om 2 miljoner", "år 2013"), and
# what follows the last such run is a sentence of its own (its heading, "Investeringar", taken off
# by `_without_heading`). A new user found the 2013 draft saying "ingen budget i kronor".
_CELL_RUN = re.compile(r"(?:(?<=\s)|^)(?:[-−–+]?\d[\d.,%]*\s+){3,}(?=[A-ZÅÄÖ])")


def _after_table(sentence: str) -> str:
    runs = list(_CELL_RUN.finditer(sentence))
    return sentence[runs[-1].end() :] if runs else sentence


# index/nlp/sentences.py keeps "hemtjänst. Därmed" together: "hemtjänst." ends like the abbreviation
# "st.". An abbreviation is a whole word; a longer word ending in a full stop ends a sentence.
_INNER = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def _resplit(sentence: str) -> list[str]:
    out, start = [], 0
    for match in _INNER.finditer(sentence):
        before = sentence[start : match.start()].split()
        word = before[-1].lower()
        # A number is a label's ("1.", "Figur 1.") only where it opens the text; after other words it
        # ends a sentence ("… i bilaga 3. En väsentlig risk …", "… ett NKI över 70. Helhetsresultatet …":
        # in the corpus every such number but "Figur 1." ends one).
        label = re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.", word) and len(before) <= 2
        if word in _ABBREVIATIONS or label or re.fullmatch(r"(?:[^\W\d_]\.)+", word):
            continue
        out.append(sentence[start : match.start()])
        start = match.end()
    out.append(sentence[start:])
    return out


# A sentence whose content words are mostly the activity's own restates what was to be done
# ("Målsättningen under året var att starta ett specialiserat team för psykisk ohälsa" under "Team
# för psykisk ohälsa startas upp …"): it gives no reason, and a new user read it as one.
RESTATES = 0.5


def deviation_reasons(analysis: str, activity: str, n: int, min_words: int = MIN_WORDS) -> list[tuple[str, bool]]:
    """Up to `n` sentences of a deviating activity's Analys, each with whether it says why
    (`CAUSE_CUES`): the first that does not restate the activity, then those that give reasons or
    what follows (`REASON_CUES`). One that says no cause ("Upphandlingsunderlag är framtaget.",
    "Utredning pågår") tells what was done, and is shown as that, not as the deviation's reason."""
    own = _content_lemmas(activity)
    found = [
        s
        for s in sentences(analysis, min_words)
        if REASON_CUES.search(s) or not own or len(_content_lemmas(s) & own) < RESTATES * len(own)
    ]
    chosen = found[:1] + [s for s in found[1:] if REASON_CUES.search(s)]
    return [(s, bool(CAUSE_CUES.search(s))) for s in chosen[:n]]


def _content_lemmas(text: str) -> set[str]:
    """A text's content words by their lemmas: simplemma's dictionary, not `index.nlp.analysis.terms`,
    whose spaCy pipeline a draft must not load for two short texts."""
    return {lemma(w) for w in re.findall(r"[\wåäöÅÄÖ-]+", text.lower()) if w not in _function_words() and len(w) > 2}
