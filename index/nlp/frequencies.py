"""Swedish word frequencies from wordfreq's list, read word by word from disk when configured.

wordfreq decodes its whole Swedish list (340,000 words) into a dict on first use, after importing
its tokenizer's dependencies (ftfy, langcodes, regex): 0.32 s of CPU and 50 MB in a one-question
`rapportsok search`, which asks about a few hundred words (the question's, and the parts tried
when its hits' compounds are split). `use_frequency_cache` copies the list once into an SQLite file
(the same floats) and looks words up there.

`zipf_frequency` is wordfreq's own for a word of plain Swedish letters, computed by the same
float operations from the same frequency: wordfreq tokenizes such a word to itself, so only its
arithmetic is left (a test compares the two over the index's vocabulary). Any other word goes to
wordfreq.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

LANG = "sv"
_PLAIN = re.compile(r"[a-zåäö]+")  # precomposed, lower case, no digits or marks: its own single token


class _DiskFrequencies:
    """wordfreq's frequency dict of one language as an SQLite table."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None

    def get(self, word: str, default: float = 0.0) -> float:
        with self._lock:
            if self._conn is None or self._pid != os.getpid():  # never a connection carried across fork
                self._conn = sqlite3.connect(f"file:{self.path}?immutable=1", uri=True, check_same_thread=False)
                self._pid = os.getpid()
            row = self._conn.execute("SELECT f FROM w WHERE k = ?", (word,)).fetchone()
        return row[0] if row else default

    def __contains__(self, word: str) -> bool:
        return self.get(word, -1.0) != -1.0


_disk: _DiskFrequencies | None = None


def use_frequency_cache(folder: Path) -> None:
    """Look frequencies up in an SQLite copy of wordfreq's Swedish list in `folder` (built there on
    first use, about 2 s). Where the folder cannot be written, wordfreq's in-memory dict stays."""
    global _disk
    from importlib.metadata import version

    path = folder / f"wordfreq-{version('wordfreq')}-{LANG}.sqlite"
    try:
        if not path.exists():
            _write(path)
    except (OSError, sqlite3.Error):
        return
    _disk = _DiskFrequencies(path)
    frequency.cache_clear()


def _write(path: Path) -> None:
    from wordfreq import get_frequency_dict

    from index.nlp.lemmas import write_table  # here: lemmas reads its head check from this module

    write_table(path, "w", "f REAL NOT NULL", get_frequency_dict(LANG).items())


def prepare_wordfreq() -> None:
    """Read wordfreq's Swedish list now: `zipf_frequency` asks wordfreq itself for a word of more than
    one token ("it-tjänster"), whose first read takes 0.2 s."""
    from wordfreq import get_frequency_dict

    get_frequency_dict(LANG)


@lru_cache(maxsize=200_000)
def frequency(word: str) -> float:
    """wordfreq's frequency of a Swedish word as listed (`get_frequency_dict("sv")`), 0 when unlisted."""
    if _disk is not None:
        return _disk.get(word)
    from wordfreq import get_frequency_dict

    return get_frequency_dict(LANG).get(word, 0.0)


@lru_cache(maxsize=200_000)
def zipf_frequency(word: str) -> float:
    """`wordfreq.zipf_frequency(word, "sv")`."""
    if not _PLAIN.fullmatch(word):
        from wordfreq import zipf_frequency as theirs

        return theirs(word, LANG)
    # wordfreq.zipf_frequency → word_frequency(word, minimum=zipf_to_freq(0)) → _word_frequency,
    # for a word that is its own only token; the same operations in the same order.
    minimum = 10**0.0 / 1e9
    listed = frequency(word)
    if not listed:
        freq = minimum
    else:
        one_over_result = 0.0
        one_over_result += 1.0 / listed
        unrounded = max(1.0 / one_over_result, minimum)
        freq = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)
