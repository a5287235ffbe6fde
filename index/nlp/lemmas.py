"""Swedish lemmas: simplemma's Swedish dictionary, with the domain's own words fixed.

simplemma is a dictionary lookup, fast and offline; its few misses in this domain
(where a report word must stay itself, e.g. "äldre" in "äldreomsorg" is not "gammal")
are overridden here rather than patched around downstream.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    CachingDictionaryFactory,
    DecodedStrMapping,
    DefaultDictionaryFactory,
)

from index.nlp.frequencies import zipf_frequency

# Domain words whose dictionary lemma is wrong for follow-up reports, or missing.
OVERRIDES: dict[str, str] = {
    "äldre": "äldre",  # the age group ("äldre", "äldrenämnden"), not the comparative of "gammal"
    "nämnd": "nämnd",
    "nämnden": "nämnd",
    "plan": "plan",
    "planen": "plan",
    "planer": "plan",
    "nämnder": "nämnd",
    "nämnderna": "nämnd",
    "avvikelser": "avvikelse",
    "avvikelsen": "avvikelse",
    "avvikelserna": "avvikelse",
    "pandemin": "pandemi",
    "pandemier": "pandemi",
    "covid": "covid-19",
    "covid-19": "covid-19",
    "coronaviruset": "coronavirus",
    "mnkr": "mnkr",
    "tkr": "tkr",
    "kf-mål": "kf-mål",
    "nämndmålet": "nämndmål",
    "nämndmålen": "nämndmål",
    "uppfylls": "uppfylla",
    "helt": "hel",
    "tertialen": "tertial",
    "tertialrapporten": "tertialrapport",
    # The noun, not the verb "uppdra" (whose imperative it also is): an assignment, as the reports
    # call their activities ("Vilka av kommunstyrelsens uppdrag …" named no kind of passage).
    "uppdrag": "uppdrag",
}


# simplemma's legacy `simplemma.lemmatize(word, lang="sv")` is this lemmatizer over its in-memory
# dictionary; `use_dictionary_cache` swaps in the same dictionary read from disk.
_lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False))


class _DiskDictionary(DecodedStrMapping):
    """simplemma's dictionary of one language as an SQLite table, looked up word by word.

    Decoding simplemma's Swedish dictionary (964,000 forms) into a dict takes 0.8 s of CPU and
    90 MB, once per process: most of a one-question `rapportsok search`, which looks up a few
    dozen words. From this table a lookup costs a few microseconds and opening it nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():  # never a connection carried across fork
            self._conn = sqlite3.connect(f"file:{self.path}?immutable=1", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def _lookup(self, key: str) -> str | None:
        with self._lock:
            row = self._connection().execute("SELECT v FROM d WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            keys = [k for (k,) in self._connection().execute("SELECT k FROM d")]
        return iter(keys)

    def __len__(self) -> int:
        with self._lock:
            return self._connection().execute("SELECT count(*) FROM d").fetchone()[0]


class _DiskDictionaryFactory(CachingDictionaryFactory):
    """simplemma's dictionaries, each copied once into an SQLite file in `folder` (atomically)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        path = self.folder / f"simplemma-{simplemma.__version__}-{lang}.sqlite"
        if not path.exists():
            _write_dictionary(DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang), path)
        return _DiskDictionary(path)


def _write_dictionary(dictionary: Mapping[str, str], path: Path) -> None:
    write_table(path, "d", "v TEXT NOT NULL", dictionary.items())


def write_table(path: Path, table: str, value: str, pairs: Iterable[tuple[str, object]]) -> None:
    """A one-table SQLite key → value file of a library's list (the lexicon caches), written whole
    or not at all: a build cut short leaves no half-written table behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with sqlite3.connect(tmp) as conn:
            conn.execute(f"CREATE TABLE {table} (k TEXT PRIMARY KEY, {value}) WITHOUT ROWID")
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", pairs)
        conn.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def use_dictionary_cache(folder: Path) -> None:
    """Look lemmas up in an on-disk copy of simplemma's dictionary in `folder` (built there on first
    use, about 3 s): the same lemmas, without loading the whole dictionary into memory. Where the
    folder cannot be written, the in-memory dictionary stays."""
    global _lemmatizer
    factory = _DiskDictionaryFactory(folder)
    try:
        factory.get_dictionary("sv")
    except (OSError, sqlite3.Error):
        return
    _lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False, dictionary_factory=factory))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one Swedish word form, lower-cased; words without a lemma stay as they are."""
    lower = word.lower()
    if lower in OVERRIDES:
        return OVERRIDES[lower]
    if not any(ch.isalpha() for ch in lower):
        return lower
    found = _lemmatizer.lemmatize(lower, "sv").lower()
    last = word.rsplit("-", 1)[-1]
    if _ACRONYM.fullmatch(last) and len(found.rsplit("-", 1)[-1]) < 2 * len(last):
        # An abbreviation is no word form ("OS" is not the verb "osa", "IT" not "se", "KRIS" not
        # "kria"): a new user's "vinter-OS" was read as "vinter och osa" and answered. The
        # dictionary's expansions stay ("AB": aktiebolag, "VM": världsmästerskap).
        return lower
    if found == lower and len(lower) >= MIN_COMPOUND and lower.isalpha() and lower not in _places():
        return _compound_lemma(lower)
    return found


# Two to four capitals: an abbreviation (OS, EU, HVB, SISAB is a name the lemmatizer keeps anyway).
_ACRONYM = re.compile(r"[A-ZÅÄÖ]{2,4}")
# A compound the dictionary lacks is inflected on its head: "skyddsmaterialet" is
# "skyddsmaterial" as "materialet" is "material". Without this, each inflection of such a
# compound stays a lemma of its own, and a question in one form misses passages in another.
MIN_COMPOUND = 8
MIN_HEAD = 4
MIN_ZIPF_HEAD = 2.5  # as for a compound's head in `compounds.py`: about once in 3 million words
# The plural endings of the first and second declensions (skola, skolor; pojke, pojkar), with
# their definite and genitive forms: what follows the stem once the lemma's -a or -e is dropped.
PLURAL_ENDINGS: dict[str, frozenset[str]] = {
    "a": frozenset("or orna ornas ors".split()),
    "e": frozenset("ar arna arnas ars".split()),
}
# Swedish noun endings (definite, plural, genitive): what an inflected head adds to its lemma.
NOUN_ENDINGS = frozenset(
    "n en et t na s ns ens ets er ar or erna arna orna ers ars ors ernas arnas ornas nas es".split()
)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    from index.nlp.gazetteer import place_words

    return place_words()


def _compound_lemma(word: str) -> str:
    """The word with its longest head that is a word replaced by that head's lemma.

    Only the longest head that Swedish uses as a word (wordfreq) is considered: a shorter one
    is no part of the compound, and the dictionary's guesses for non-words strip real letters
    ("aktivitet" is not "akt" + an inflected "ivitet", nor "mötesplats" "mötespl" + "ats").
    """
    for start in range(3, len(word) - MIN_HEAD + 1):
        head = word[start:]
        if head in OVERRIDES:
            return word[:start] + OVERRIDES[head]
        if zipf_frequency(head) < MIN_ZIPF_HEAD:
            continue
        base = _lemmatizer.lemmatize(head, "sv").lower()
        # Only an inflection ending taken off ("materialet" → "material"), never another word
        # guessed ("bidrag" → "bidra", "holm" → "holme").
        if head.startswith(base) and head[len(base) :] in NOUN_ENDINGS:
            return word[:start] + base
        # A noun in -a or -e drops its vowel before the plural's ending ("frågor" → "fråga",
        # "påsar" → "påse"): "upphandlingsfrågor" is "upphandlingsfråga". An -a lemma before -ar
        # is the dictionary's verb for a noun ("träffar" → "träffa", "ramar" → "rama"), not this.
        stem = base[:-1]
        if head.startswith(stem) and head[len(stem) :] in PLURAL_ENDINGS.get(base[-1:], ()):
            return word[:start] + base
        return word
    return word


# The endings a Swedish verb adds to its stem (its infinitive less "-a"): past and supine of the
# first and second conjugations, present, passive and participle ("kritiserade", "köpte", "ställt").
_VERB_ENDINGS = ("ade", "ades", "at", "ats", "ar", "as", "ande", "de", "des", "te", "tes", "er", "t", "ts")


def is_verb_form(word: str, lemmas: Sequence[str]) -> bool:
    """Whether `word` is an inflected form of a verb its lemma is: a verb says what was done, not what
    the question is about, so its absence from the reports neither weighs ×3 nor empties the answer (a
    new user's "vad kritiserade Socialdemokraterna i verksamhetsplanen 2013" answered "Inga träffar:
    «kritiserade»" above the reservation). Nouns in "-a" ("fråga", "skola") inflect "-or", "-an".
    On tune.jsonl no answer moved; fresh11's looked-at "felparkerade elsparkcyklar" is why a word
    before a noun it may describe stays a subject word (`_describes_next`)."""
    return any(
        lem.endswith("a") and lem != word and word.startswith(lem[:-1]) and word[len(lem) - 1 :] in _VERB_ENDINGS
        for lem in lemmas
    )
