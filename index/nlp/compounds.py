"""Swedish compound splitting against wordfreq's Swedish word list.

Swedish writes compounds as one word ("coronapandemin", "hemtjänstinsatser"), so a
search for "pandemin" must see the parts. A word is split where both sides are known
words: the head (last part) in any inflected form, lemmatised; the modifier as its
base form after the linking forms of Swedish compounding are undone ("stadsdels" →
"stadsdel", "skol" → "skola", "gatu" → "gata"). Among the possible splits the one whose
parts are most frequent wins (Koehn & Knight's geometric mean), and a modifier that is
itself no word may be split once more ("äldreomsorgsnämnden").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.nlp.frequencies import frequency
from index.nlp.gazetteer import place_words
from index.nlp.lemmas import lemma

MIN_WORD = 6  # shorter words are not compounds worth splitting
MIN_PART = 3
MIN_PART_INNER = 4  # three-part splits only from longer parts: short ones make nonsense ("stock+hola+mara")
MIN_ZIPF_HEAD = 2.5  # wordfreq's Zipf scale: 2.5 is about once per 3 million words
MIN_ZIPF_MODIFIER = 3.0  # a modifier must be a common word: rare ones are mostly noise
MIN_ZIPF_SHORT = 4.0

# Prefixes and particles that form derivations, not compounds ("uppdrag", "samverkan").
NOT_MODIFIERS = frozenset(
    "an av be bi efter fram från för genom in med mot ner ned om på sam till ut under upp vid åter över "
    "miss sär icke o all bort hit dit när där här ny egen före förut samman fort redo inne".split()
)
# Heads that are really derivational suffixes or too vague to stand as a part.
NOT_HEADS = frozenset(
    "het heten heter skap skapet skapen else elsen ning ningen ningar ande ende lig ligt liga iga are "
    "aren arna erna ism ist ent era erar tion ell ella ellt isk iska iskt ing ingen ingar ast are "
    "ser sen sta ens ets nas ade ats ter tet orna vis ring ringen logisk logiska logiskt kap "
    # Adjective and noun suffixes of Swedish word formation (-bar, -sam, -aktig, -ling): "hållbar" is
    # no "bar" and "verksam" no "sam"; as parts they were shared by unrelated words (hållbar,
    # förnyelsebar, sårbar: 8 corpus words gave "bar").
    "bar sam aktig ling "
    # Particles and prepositions head no compound: "kanner" (a question's "känner" typed without ä)
    # was "kane" + "ner", so the speller took it for a word and left it uncorrected.
    "ner ned upp fram bort till från mot".split()
)
# Short function words: frequent, so they would win any split they take part in.
FUNCTION_WORDS = frozenset(
    "den det dem des dess ens ett en och att som men har hade var är kan ska får går gör tar för med "
    "till från man vad vem hur när nog nya nytt inte alla allt andra sig sin sitt sina samma fler flera".split()
)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    # Per word, not a dict of all 340,000 words' Zipf values made up front: that took 0.11 s of
    # CPU and 17 MB in every process, and a one-question search looks up a few hundred words.
    listed = frequency(word)
    return 9.0 + math.log10(listed) if listed > 0 else 0.0


# The domain's own words, rare in general text: known parts whatever wordfreq says.
DOMAIN_WORDS = frozenset("tertial nämndmål stadsdel hemtjänst corona covid förskola kf fullmäktige fullmäktig".split())


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a Swedish word (0 when unknown); domain words count as common."""
    return max(_zipf(word), 4.0 if word in DOMAIN_WORDS else 0.0)


def _modifier_forms(part: str) -> list[str]:
    """Base forms a modifier may stand for, in order of preference."""
    forms = []
    if part.endswith("s") and len(part) > MIN_PART:
        stem = part[:-1]
        forms += [stem, stem + "e"]  # linking -s: stadsdels → stadsdel, arbets → arbete
    forms.append(part)
    if part[-1] in "uoe" and len(part) > MIN_PART:
        forms += [part[:-1] + "a", part[:-1]]  # gatu → gata, hälso → hälsa, förskole → förskola, tjänste → tjänst
    if part[-1] not in "aeiouyåäö":
        forms += [part + "a", part + "e"]  # skol → skola, beställar → beställare
    return forms


def _known(word: str, threshold: float) -> float | None:
    """The Zipf score of a word that may stand as a part, or None."""
    if len(word) < MIN_PART or word in FUNCTION_WORDS:
        return None
    score = zipf(word)
    # Three-letter parts ("mål", "hem", "lag") only when common: rare ones are mostly noise.
    if score < threshold or (len(word) == MIN_PART and score < MIN_ZIPF_SHORT):
        return None
    return score


def _modifier(part: str) -> tuple[str, float] | None:
    """The base form and Zipf score of a known modifier (the first form that is a word), or None."""
    if part in NOT_MODIFIERS:
        return None
    known = [(f, s) for f in _modifier_forms(part) if f not in NOT_MODIFIERS and (s := _known(f, MIN_ZIPF_MODIFIER))]
    if not known:
        return None
    # The first known form, unless a later one is far more common ("skol" → "skola").
    first = known[0]
    return max(known, key=lambda fs: fs[1] - (0 if fs is first else 1.0))


def _head(part: str) -> tuple[str, float] | None:
    if part in NOT_HEADS:
        return None
    score = _known(part, MIN_ZIPF_HEAD)
    if score is None:
        return None
    base = lemma(part)
    # Participles stay whole ("omsorgsboende" is about a boende, not the verb "bo"), and so
    # does a head whose dictionary lemma is another word ("dom" is not "de").
    if part.endswith(("ande", "ende")) or len(base) < MIN_PART or base[:2] != part[:2]:
        base = part
    return base, score


def _split(word: str, depth: int) -> tuple[tuple[str, ...], float] | None:
    """Best split of `word` into (parts, mean Zipf) with at least two parts, or None."""
    best: tuple[tuple[str, ...], float] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head = _head(word[i:])
        if head is None:
            continue
        left = word[:i]
        options: list[tuple[tuple[str, ...], float]] = []
        modifier = _modifier(left)
        if modifier:
            options.append(((modifier[0],), modifier[1]))
        if depth > 0 and len(left) >= 2 * MIN_PART_INNER and len(word) - i >= MIN_PART_INNER:
            inner = _split_modifier(left, depth - 1)
            if inner:
                options.append(inner)
        for parts, score in options:
            mean = (score * len(parts) + head[1]) / (len(parts) + 1)
            # Fewer parts first (a two-part split always beats a three-part one), then frequency.
            key = mean - 10.0 * (len(parts) - 1)
            if best is None or key > best[1]:
                best = ((*parts, head[0]), key)
    if best is None and depth > 0:
        best = _split_on_compound_modifier(word)
    return best


def _split_on_compound_modifier(word: str) -> tuple[tuple[str, ...], float] | None:
    """Where no split of known parts exists, a modifier that is itself a compound of known words,
    kept whole ("växthusgas" in "växthusgasutsläpp"): it is what a question names. Tried last, so
    it never displaces a split of known parts (on compounds.tsv it did: "stadsöver+gripande")."""
    best = None
    for i in range(2 * MIN_PART_INNER, len(word) - MIN_PART_INNER + 1):
        head, inner = _head(word[i:]), _split(word[:i], 0)
        if head and inner and (best is None or (inner[1] + head[1]) / 2 > best[1]):
            best = ((word[:i], head[0]), (inner[1] + head[1]) / 2)
    return best


def _split_modifier(left: str, depth: int) -> tuple[tuple[str, ...], float] | None:
    """Split a modifier that is not itself a word: its last part is a modifier form too."""
    best = None
    for i in range(MIN_PART_INNER, len(left) - MIN_PART_INNER + 1):
        first, second = _modifier(left[:i]), _modifier(left[i:])
        if first and second:
            score = (first[1] + second[1]) / 2
            if best is None or score > best[1]:
                best = ((first[0], second[0]), score)
    return best


_PLACE_WORDS = place_words()


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Swedish compound as base forms; () when the word is not split.

    "coronapandemin" → ("corona", "pandemi"); "hemtjänstinsatser" → ("hemtjänst", "insats").
    """
    lower = word.lower()
    if lower in _PLACE_WORDS:
        return ()
    if len(lower) < MIN_WORD or not lower.isalpha():
        if "-" in lower:  # "covid-19-pandemin", "KF-målet": the hyphen already marks the parts
            return _split_hyphenated(word)
        return ()
    # Split the lemma where there is one: "pandemins" is "pandemi", not "panda" + "mina".
    base = lemma(lower)
    if base != lower and base.isalpha() and len(base) >= MIN_WORD:
        lower = base
    found = _split(lower, depth=1)
    if found is None:
        return ()
    parts, score = found
    # A word more frequent than its parts is lexicalised ("ungdomar" is not "ung" + "domare").
    if len(parts) == 2 and zipf(lower) > score:
        return ()
    return parts


def _split_hyphenated(word: str) -> tuple[str, ...]:
    pieces = [p for p in word.split("-") if p]
    if len(pieces) < 2:
        return ()
    # The last piece is lemmatised as written: "vinter-OS" ends in the abbreviation "OS", not the
    # verb "osa" that its lower case would be read as (`lemma` keeps abbreviations).
    last = pieces[-1]
    return (*(p.lower() for p in pieces[:-1]), lemma(last) if last.isalpha() else last.lower())


@dataclass(frozen=True, slots=True)
class SplitScore:
    """The splitter against a hand-checked list: precision over the words it split."""

    words: int
    split: int  # words the splitter split
    correct: int  # of those, split as the list says
    compounds: int  # words the list says are compounds
    errors: tuple[tuple[str, str, str], ...]  # (word, splitter's parts, accepted)

    @property
    def precision(self) -> float:
        return self.correct / self.split if self.split else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.compounds if self.compounds else 0.0


def score_splitter(gold_file: Path) -> SplitScore:
    """Score `split_compound` on a `word<TAB>a+b|c+d` (or `-`) list."""
    words = split = correct = compounds = 0
    errors = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, accepted = line.split("\t")
        words += 1
        compounds += accepted != "-"
        got = "+".join(split_compound(word))
        if got:
            split += 1
            if got in accepted.split("|"):
                correct += 1
        if (got or "-") not in accepted.split("|"):
            errors.append((word, got or "-", accepted))
    return SplitScore(words, split, correct, compounds, tuple(errors))
