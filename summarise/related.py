"""Related activities across nämnder and years (a goal's or indicator's timeline: `summarise.timeline`).

Related: an activity is read as actor, partners and assignment (`summarise.assignment`), and only
the assignment is compared: its lemmas and compound parts, weighted by how rare they are in the
index, the rare names both hold (in either case, or by the description the reports give them:
`summarise.aliases`), and e5 on the assignment text alone. The boilerplate opening
("Kommunstyrelsen ska i samarbete med Stockholms Stadshus AB …") and the partners never make a
match; shared partners are shown beside one. Each related passage carries its kind of relation and the basis for it:

- *samma uppdrag*: the same assignment (or goal, by title) followed up in another report;
- *nästa steg*: the same work in another year, carried a step on ("utarbeta" → "implementera");
- *samma ämne*: another assignment on the same concrete subject (civilt försvar / höjd beredskap).

The list is as long as the evidence: nothing qualifies, nothing is listed.

A follow-up written in prose (a section, a goal's text or analysis in another report: the 2024
avstämning has no activity table) is compared by its sentences, each read as an assignment; a
passage is listed by its one sentence nearest the anchor, quoted (`Member.sentence`), and only on
shared words (`PROSE_OVERLAP`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from index.embed.embedder import Embedder
from index.nlp.analysis import STOP_WORDS, analyze_many
from index.nlp.compounds import split_compound
from index.nlp.gazetteer import place_words
from index.nlp.lemmas import lemma
from index.parse.records import Chunk, ChunkKind, Citation, GoalLevel
from index.store import ChunkFilter, Store, StoredChunk
from search.derivations import family
from summarise.aliases import aliases
from summarise.assignment import (
    Assignment,
    is_body,
    names,
    parse_assignment,
    without_bodies,
    written_words,
    written_words_in_order,
)

if TYPE_CHECKING:
    import numpy as np

# Candidates per retriever before the assignments are compared: the lexical side on the
# assignment's own terms, the dense side on its e5 vector. On the corpus every related passage of
# the tune half is within the first 20 of one of them; 100 leaves room for a larger index.
CANDIDATES = 100
# Passages whose text is prose: a follow-up the reports write as text stands in any of them.
PROSE_KINDS = (ChunkKind.SECTION, ChunkKind.ANALYSIS, ChunkKind.GOAL)
# A sentence of prose relates on its words alone, at this idf-weighted cosine. Chosen on the tune
# half of a gold set that names prose follow-ups (tests/eval/related-prose-tune.jsonl) and on the
# looked-at half of an earlier blind set: precision 0.78-0.80 on a plateau from 0.30 to 0.40
# (recall 0.40 → 0.31), 0.84 with no prose at all (recall 0.24). Named subjects (`SUBJECTS`) and
# rare names, which relate two activities, relate no sentence: with them precision fell to 0.69.
PROSE_OVERLAP = 0.35
# A prose passage's first line can be a paragraph: its title is cut to a heading's length.
PROSE_TITLE_WORDS = 12
# Prose passages per retriever, each split into its sentences: a section holds a dozen subjects.
PROSE_CANDIDATES = 30
# Thresholds, chosen on tests/eval/related-tune.jsonl only (bench/related_tune.py sweeps them), where
# they gave precision 1.00 and recall 0.92 with every "samma uppdrag" group exact; each sits on a
# plateau of the sweep, not on a single best point. Held-out figures: README, bench/results.md.
# Re-swept after compounds the dictionary lacks were lemmatised on their head (more shared terms):
# 0.35 fell to precision 0.97 on tune, 0.40 keeps 1.00 at the same recall. Re-swept again after a
# shared compound counted once (not once more per part) and names were judged by their written
# form: the same set leads (tune 1.00 / 0.92; within tune, chosen on one half of 20 random splits
# and scored on the other, F1 0.96 → 0.92). Re-swept once a shared rare name related alone: the
# same set leads (tune 1.00 / 0.97), SUPPORT_OVERLAP on a plateau from 0.10 to 0.20.
# Re-swept on tune enlarged by 11 anchors of a blind set (tests/eval/related-fresh.jsonl keeps the
# other 11): the enlarged tune half measured 0.98 / 0.64, its misses subjects named in other words
# (cykelvänliga arbetsplatser / ökat cyklande, måltidspolicy / kostsamordning) at e5 cosines of
# 0.90-0.93, where unrelated pairs reach 0.94 (no cosine threshold from 0.90 to 0.95 gains recall
# without losing precision), nor does a shared rare word (in at most 25 passages, with e5 at
# 0.91: 4 more found, 16 wrongly). With the krisberedskap subject 0.98 / 0.75. SUPPORT_OVERLAP at
# 0.10 gains one pair (0.98 / 0.76) but also lets a shared place name relate pairs it only supported
# (test_a_place_alone_relates_nothing): one pair is no plateau, 0.20 stays. e5 with its query prefix
# on both texts (its advice for symmetric tasks) ranks the unlisted pairs better (AUC 0.84 → 0.90)
# but at precision 0.98 lists no more (recall 0.75 at 0.92), and Folkets lexikon has none of
# "måltid", "hemtjänst", "äldreomsorg", "näringsliv", "medarbetare" to bridge other words with.
RELATED_OVERLAP = 0.40  # idf-weighted cosine of the objects' terms that relates two assignments alone
SUPPORT_OVERLAP = 0.20  # a smaller share suffices where a rare name, or e5 at RELATED_COSINE, agrees
# e5 cosine of the two assignment texts (not the whole passages): unrelated assignments reach 0.93
# on their own words too, so e5 confirms a lexical match and never makes one.
RELATED_COSINE = 0.94
SAME_OVERLAP = 0.60  # "samma uppdrag": Jaccard of all the words (not lemmas) of the two texts
NEXT_OVERLAP = 0.60  # "nästa steg": another year and this much of the object; less is "samma ämne"
# Candidates whose object shares less than this (idf-weighted cosine) are not embedded: no
# threshold in the tuning sweep relates a pair below it, whatever its e5 cosine.
EMBED_FLOOR = 0.05
# A compound's first part counts as shared from this length: "klimatanpassning" in
# "klimatanpassningsarbete"; shorter prefixes are often words of their own ("plan" in "planering").
MIN_PREFIX = 8
# A name (or subject) is evidence when it is rare: in at most one passage in a hundred, as "Esset"
# or "Karolinska"; "Stockholm" is in most passages of any report.
RARE_SHARE = 0.01
# A compound names its subject in its first part and its kind in its last: a "måltidspolicy" is a
# policy about måltider, "cykelvänliga arbetsplatser" are about cyklar, a "företagsklimat" is the
# climate for företag, where "riktlinje", "översyn", "strategi" are what is delivered. Two
# assignments whose shared word is such a subject (a compound's first part, or a suspended conjunct
# "mat-", on either side) are on one subject when it is rare, in at most SUBJECT_SHARE of the
# passages, and e5 agrees to SUBJECT_COSINE (below RELATED_COSINE: the shared subject is the
# evidence, e5 only confirms it). On the tune half the assignments named in other words are thus
# found: "ökat cyklande" / "cykelvänliga arbetsplatser", "måltidspolicyn" / "måltidstjänster",
# "företag etablerar sig" / "företagsklimat": recall 0.76 → 0.87, precision 0.98 → 0.95 (a
# "pilotprojekt" and a "pilotsamarbete" share a first part that names a kind of project). Swept on
# tune: recall holds at 0.87 for shares 0.02-0.04 and cosines 0.90-0.91 (precision 0.88-0.95; 0.01
# finds nothing more), at 0.92 it falls to 0.81 (precision 0.98). Held-out: precision 0.91 → 0.86,
# recall unchanged at 0.79 (two passages more, both unrelated); blind set: recall 0.36 → 0.55 at
# precision 1.00 (0.45 where e5 embeds the texts in other batches: one pair is at the bound).
# Synonyms of the subject from Synlex (`mythes-sv`: "mat" / "kost") found nothing more on tune, and
# 14 unrelated passages without the rarity bound.
SUBJECT_SHARE = 0.02
SUBJECT_COSINE = 0.91
PLACE_WORDS = place_words()
_PERIOD_ORDER = {"T1": 1, "T2": 2, "helår": 3}
# Subjects the reports name in several ways that share no word. One group: the names Swedish law
# gives the city's war-time preparedness (lag 2006:544 om kommuners och regioners åtgärder inför
# och vid extraordinära händelser i fredstid och höjd beredskap; förordning 2015:1053 om
# totalförsvar och höjd beredskap). They hold for any nämnd and year. Peace-time krisberedskap
# is another subject, named by the same law's duties (a risk- och sårbarhetsanalys, a plan and a
# krisledning for extraordinära händelser) and MSB's term for keeping services running
# (kontinuitetshantering): every nämnd reports on them in its own words ("Uppdatera
# krisledningsplan", "krisledningsövning", "process för risk- och sårbarhetsanalyser").
SUBJECTS: dict[str, tuple[str, ...]] = {
    "civilt försvar": ("civilt försvar", "höjd beredskap", "krigsorganisation", "krigsplacering", "totalförsvar"),
    "krisberedskap": (
        "krisberedskap",
        "krisledning",
        "krishantering",
        "sårbarhetsanalys",
        "extraordinär",
        "kontinuitetsplan",
        "kontinuitetshantering",
    ),
}


class Relation(StrEnum):
    """How a passage in another report relates to the asked one."""

    SAMMA_UPPDRAG = "samma uppdrag"
    NASTA_STEG = "nästa steg"
    SAMMA_AMNE = "samma ämne"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers that decide a relation; the module constants by default (tuning varies them)."""

    related_overlap: float = RELATED_OVERLAP
    support_overlap: float = SUPPORT_OVERLAP
    related_cosine: float = RELATED_COSINE
    same_overlap: float = SAME_OVERLAP
    next_overlap: float = NEXT_OVERLAP
    subject_cosine: float = SUBJECT_COSINE
    prose_overlap: float = PROSE_OVERLAP


ANALYSIS_CHARS = 240  # of a related activity's Analys shown beside it: its first sentence or two


@dataclass(frozen=True, slots=True)
class Member:
    """One passage (the chunk itself: what it is, where, how it went) and, for a related one, why it is listed."""

    chunk: Chunk
    relation: str | None = None  # a Relation's value; None for the asked passage
    basis: str = ""  # in Swedish, for the reader: "samma uppdrag – ordagrant; gemensamma ord: skyfall, värmebölja"
    shared_terms: tuple[str, ...] = ()  # the assignment words both share, rarest first
    shared_partners: tuple[str, ...] = ()
    cosine: float = 1.0  # e5 cosine of the two assignment texts
    overlap: float = 1.0  # idf-weighted cosine of their terms
    sentence: str = ""  # a prose passage's sentence that relates it; "" for an activity or goal

    @property
    def citation(self) -> Citation:
        return self.chunk.citation

    @property
    def analysis(self) -> str:
        """The opening of an activity's Analys, as the report writes it (up to `ANALYSIS_CHARS`): how the
        work went in that report, which a reader checking a "nästa steg" had to open each passage for
        (a new user's finding); "" where it has none."""
        text = " ".join((self.chunk.analysis or "").split())
        if len(text) <= ANALYSIS_CHARS:
            return text
        return text[:ANALYSIS_CHARS].rsplit(" ", 1)[0] + " …"

    @property
    def title(self) -> str:
        """What a reader knows it by: an activity's text, a goal's number and title; for a sentence of
        prose, the heading or goal it stands under (the sentence itself is quoted beside it)."""
        if not self.sentence:
            return self.chunk.label
        if self.chunk.kind is ChunkKind.GOAL or not self.citation.section:
            words = self.chunk.label.split()
            return " ".join(words[:PROSE_TITLE_WORDS]) + (" …" if len(words) > PROSE_TITLE_WORDS else "")
        return self.citation.section


@dataclass(frozen=True, slots=True)
class RelatedGroup:
    relation: str  # a Relation's value
    members: tuple[Member, ...]

    @property
    def same(self) -> bool:
        """The same assignment or goal, followed up in several reports."""
        return self.relation == Relation.SAMMA_UPPDRAG


@dataclass(frozen=True, slots=True)
class Related:
    passage: Member
    assignment: str  # what was compared: the assignment without actor and partners, or the goal's title
    groups: tuple[RelatedGroup, ...]

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(m for g in self.groups for m in g.members)


@dataclass(frozen=True, slots=True)
class Profile:
    """A passage as compared: its assignment and the assignment's terms."""

    stored: StoredChunk
    assignment: Assignment
    terms: frozenset[str]  # lemmas and compound parts of the assignment text
    parts: dict[str, frozenset[str]]  # each lemma's compound parts ("riktlinje": rikt, linje)
    key: str  # the assignment text folded for word-for-word comparison
    action: str  # the leading verbs, folded ("ta fram", "implementera")
    names: frozenset[str]  # proper names of the object ("esset", "vetenskapsstaden")
    words: frozenset[str]  # the object's words as written, lower case: where another's name is sought
    modifiers: frozenset[str]  # the first parts of its compounds, the subjects they name ("måltidspolicy": måltid)
    level: int  # goals: their level as the parser read it (`GoalLevel.depth`: 1, 2, 3 as "1", "1.2", "1.2.1")
    sentence: str = ""  # for a passage of prose: the one sentence compared, where its follow-up stands


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate against the asked passage."""

    profile: Profile
    overlap: float
    cosine: float
    shared_terms: tuple[str, ...]
    shared_partners: tuple[str, ...]
    shared_names: tuple[str, ...] = ()  # rare proper names both objects hold (in either case)
    other_names: bool = False  # each names a rare subject, and not the same one
    shared_subjects: tuple[str, ...] = ()  # rare shared terms that name a compound's subject on either side


def related(
    store: Store, embedder: Embedder, passage_id: str, *, thresholds: Thresholds | None = None
) -> Related | None:
    """Passages related to `passage_id` in other reports, by kind of relation; None when it is not indexed."""
    asked = store.chunk_by_id(passage_id)
    if asked is None:
        return None
    anchor, scored = score_candidates(store, embedder, asked)
    return decide(anchor, scored, thresholds or Thresholds())


def score_candidates(store: Store, embedder: Embedder, asked: StoredChunk) -> tuple[Profile, list[Scored]]:
    """The asked passage's profile and every candidate in other reports, scored (not yet decided)."""
    known = store.per_generation("related-aliases", lambda: _aliases(store))
    anchor = profiles_of([asked], known)[0]
    kind = ChunkKind.GOAL if asked.chunk.kind is ChunkKind.GOAL else ChunkKind.ACTIVITY
    others = tuple(d.file for d in store.documents() if d.id != asked.document_id)
    if not others or not anchor.terms:
        return anchor, []
    where = ChunkFilter(kinds=(kind,), files=others)
    query = embedder.embed_query(anchor.assignment.text)
    rowids = {r for r, _ in store.lexical(sorted(anchor.terms), where, k=CANDIDATES)}
    rowids |= {r for r, _ in store.dense(query, where, k=CANDIDATES)}
    # The other name of the anchor's subject ("Esset" for "det moderna sociala systemet", and back),
    # sought on its own: the anchor's words do not find a passage that shares none of them.
    linked = [d for d, n in known.items() if n in anchor.names] + [n for n in anchor.names if n in known.values()]
    if linked:
        terms = sorted({t for x in analyze_many(linked) for t in x.lemmas})
        rowids |= {r for r, _ in store.lexical(terms, where, k=CANDIDATES)}
    # Goals relate at their own level: a KF goal to KF goals, a nämndmål to nämndmål.
    profiles = [
        p
        for p in profiles_of(store.chunks(sorted(rowids)), known)
        if kind is ChunkKind.ACTIVITY or p.level == anchor.level
    ]
    if kind is ChunkKind.ACTIVITY:
        profiles += _prose(store, anchor, query, others, known)
    if not profiles:
        return anchor, []
    idf = _idf(store, anchor.terms.union(*(p.terms for p in profiles)))
    kin = _kin(anchor.terms, frozenset().union(*(p.terms for p in profiles)))
    pairs = [_compared(anchor, p) for p in profiles]
    overlaps = [_weighted_cosine(a, b, idf, kin) for a, b in pairs]
    rare = _rare(store, anchor.names.union(*(p.names for p in profiles)))
    named = [_shared_names(anchor, p, rare) for p in profiles]
    kept = [
        (p, o, pair, n) for p, o, pair, n in zip(profiles, overlaps, pairs, named, strict=True) if o >= EMBED_FLOOR or n
    ]
    # A passage of prose is compared by its one sentence nearest the anchor's object: a shared name
    # first, then the larger overlap.
    nearest: dict[str, int] = {}
    for i, (profile, overlap, _pair, shared_names) in enumerate(kept):
        if profile.sentence:
            held = nearest.get(profile.stored.chunk.id)
            if held is None or (bool(shared_names), overlap) > (bool(kept[held][3]), kept[held][1]):
                nearest[profile.stored.chunk.id] = i
    kept = [k for i, k in enumerate(kept) if not k[0].sentence or nearest[k[0].stored.chunk.id] == i]
    vectors = embedder.embed_passages([anchor.assignment.text, *(k[0].assignment.text for k in kept)])
    cosines = vectors[1:] @ vectors[0]
    scored = []
    for (profile, overlap, pair, shared_names), cosine in zip(kept, cosines, strict=True):
        shared = _shared(*pair, kin)
        scored.append(
            Scored(
                profile=profile,
                overlap=overlap,
                cosine=float(cosine),
                shared_terms=tuple(sorted(shared, key=lambda t: (-idf[t], t))),
                shared_partners=tuple(p for p in anchor.assignment.partners if p in profile.assignment.partners),
                shared_names=shared_names,
                other_names=bool(anchor.names & rare) and bool(profile.names & rare) and not shared_names,
                shared_subjects=tuple(
                    t
                    for t in sorted(shared, key=lambda t: (-idf[t], t))
                    if t in anchor.modifiers | profile.modifiers and idf[t] >= -math.log(SUBJECT_SHARE)
                ),
            )
        )
    return anchor, scored


def _prose(
    store: Store, anchor: Profile, query: np.ndarray, others: tuple[str, ...], known: Mapping[str, str]
) -> list[Profile]:
    """The sentences of the prose passages (sections, analyses, goals' texts) in other reports that
    the anchor's terms or vector find, each read as an assignment."""
    from summarise.sentences import sentences  # wordfreq's lists load with it: not for `--help`

    where = ChunkFilter(kinds=PROSE_KINDS, files=others)
    rowids = {r for r, _ in store.lexical(sorted(anchor.terms), where, k=PROSE_CANDIDATES)}
    rowids |= {r for r, _ in store.dense(query, where, k=PROSE_CANDIDATES)}
    items = [(stored, sentence) for stored in store.chunks(sorted(rowids)) for sentence in sentences(stored.chunk.text)]
    return sentence_profiles(items, known)


def _shared_names(a: Profile, b: Profile, rare: set[str]) -> tuple[str, ...]:
    """The rare names both objects hold, one side's name found among the other's words whatever
    their case: "Stadsteatern och Kulturhuset" (2013) and "det nyrenoverade kulturhuset" (2020)."""
    return tuple(sorted(((a.names & b.words) | (b.names & a.words)) & rare))


def decide(anchor: Profile, scored: Sequence[Scored], thresholds: Thresholds) -> Related:
    """Which candidates are related and how: partners and vectors alone never make a relation."""
    t = thresholds
    found: dict[Relation, list[Member]] = {r: [] for r in Relation}
    year = anchor.stored.chunk.citation.year
    goal = anchor.stored.chunk.kind is ChunkKind.GOAL
    same = {id(s): _word_jaccard(s.profile.key, anchor.key) >= t.same_overlap for s in scored}
    # A report that holds the asked goal itself holds its other goals as other goals: "1 En modern
    # storstad" is not "3 En ekonomiskt hållbar och innovativ storstad" of the same goal tree.
    holding = {s.profile.stored.document_id for s in scored if goal and same[id(s)]}
    for s in scored:
        if not same[id(s)] and s.profile.stored.document_id in holding:
            continue
        if not _is_related(anchor, s, t):
            continue
        if same[id(s)]:
            relation = Relation.SAMMA_UPPDRAG
        elif not goal and s.profile.stored.chunk.citation.year != year and s.overlap >= t.next_overlap:
            # A goal has no steps: a reworded goal of another year is the same subject.
            relation = Relation.NASTA_STEG
        else:
            relation = Relation.SAMMA_AMNE
        found[relation].append(_member(s.profile.stored, relation, s))
    groups = []
    for relation, members in found.items():
        if members:
            order = _chronological if relation is not Relation.SAMMA_AMNE else (lambda m: (-m.overlap, -m.cosine))
            groups.append(RelatedGroup(relation.value, tuple(sorted(members, key=order))))
    return Related(_member(anchor.stored), anchor.assignment.text, tuple(groups))


def _word_jaccard(a: str, b: str) -> float:
    x, y = set(a.split()), set(b.split())
    return len(x & y) / len(x | y) if x and y else 0.0


def _is_related(anchor: Profile, s: Scored, t: Thresholds) -> bool:
    """Enough of the object shared: by words alone, or by fewer words that e5, a rare name or a
    named subject confirm. Two different rare names (Vetenskapsstaden, Mälardalsrådet) are two subjects."""
    if s.profile.sentence:
        # A sentence of prose names in passing what it is not about ("Preliminärt släcks ljuset i …
        # Kulturhuset", beside the merger of Stadsteatern and Kulturhuset), and a subject of
        # `SUBJECTS` is in many ("krisledning" in a pandemic's account): only shared words relate it.
        return s.overlap >= t.prose_overlap
    if s.overlap >= t.related_overlap or any(x.startswith("ämne:") for x in s.shared_terms):
        return True
    # The same named thing (a system, an institute, a building) is the same concrete subject, whatever
    # else the two assignments say: on the tune half no pair that shares a rare name is unrelated
    # (7 pairs, 3 of them under SUPPORT_OVERLAP). A district or a park hosts many subjects: a place
    # name is only support.
    if any(n not in PLACE_WORDS for n in s.shared_names):
        return True
    if s.shared_subjects and not s.other_names and s.cosine >= t.subject_cosine:
        return True
    if s.overlap < t.support_overlap:
        return False
    if s.shared_names:
        return True
    if s.other_names:
        return False
    return s.cosine >= t.related_cosine


def profile_of(stored: StoredChunk) -> Profile:
    return profiles_of([stored])[0]


def profiles_of(chunks: Sequence[StoredChunk], known: Mapping[str, str] | None = None) -> list[Profile]:
    """The assignment of each activity (a goal's title) with its analysed terms; `known` (description
    → name, `summarise.aliases`) names a thing an object describes ("sociala systemet": esset)."""
    return _profiles([(s, _assignment(s), "") for s in chunks], known)


def sentence_profiles(
    items: Sequence[tuple[StoredChunk, str]], known: Mapping[str, str] | None = None
) -> list[Profile]:
    """Sentences of prose, each read as an assignment of its passage: a follow-up the reports write
    as text ("Kommunstyrelsen ska utreda hur beredskapslager …", "Handlingsplanen för klimatanpassning
    ska genomföras …"), where a report has no activity table (the 2024 avstämning) or tells more."""
    return _profiles([(s, parse_assignment(sentence), sentence) for s, sentence in items], known)


def _profiles(items: Sequence[tuple[StoredChunk, Assignment, str]], known: Mapping[str, str] | None) -> list[Profile]:
    # The object alone: the leading verbs ("utreda", "uppdatera") say what kind of step it is, not
    # what it is about, and short objects were matched on them ("Uppdatera krisledningsplan" with
    # "Utvärdera och uppdatera Vision 2030", 0.28 with the verbs on the tune half).
    analyses = analyze_many([without_bodies(a.object) for _, a, _ in items])
    profiles = []
    for (stored, a, sentence), x in zip(items, analyses, strict=True):
        words = [_conjunct(w) for w in x.lemmas]
        parts = {w: frozenset(p for p in split_compound(w) if p not in STOP_WORDS) for w in words}
        opening = sentence or _first_line(stored)
        profiles.append(
            Profile(
                stored=stored,
                assignment=a,
                terms=frozenset(words).union(*parts.values()) | _subjects(a.text),
                parts=parts,
                key=" ".join(re.findall(r"[\wåäö]+", a.text.lower())),
                action=a.action.lower(),
                # A line that opens with its object ("Staden har …", "Tryggt stadsdelsområde")
                # writes its first word capitalised whatever it is: no name.
                names=frozenset(names(a.object, initial=opening.startswith(a.object)))
                | _described(a.object, known or {}),
                words=written_words(a.object),
                modifiers=_modifiers(x.lemmas),
                # A goal's level as the parser read it; only goals are compared by level.
                level=stored.chunk.level.depth if stored.chunk.level else GoalLevel.NAMNDMAL.depth,
                sentence=sentence,
            )
        )
    return profiles


def _modifiers(lemmas: Sequence[str]) -> frozenset[str]:
    """The subjects an object's compounds name: each compound's parts but its last, and a suspended
    conjunct ("mat-" in "mat- och måltidspolicyn" is "mat")."""
    found: set[str] = set()
    for word in lemmas:
        if word.endswith("-") and len(word) > 2:
            found.add(_conjunct(word))
        else:
            found.update(split_compound(word)[:-1])
    return frozenset(found - STOP_WORDS)


def _described(text: str, known: Mapping[str, str]) -> frozenset[str]:
    """The names whose description `text` holds, word for word: "det moderna sociala systemet" → esset."""
    folded = " " + " ".join(written_words_in_order(text)) + " "
    return frozenset(name for description, name in known.items() if f" {description} " in folded)


def _aliases(store: Store) -> dict[str, str]:
    """Description → name over every passage of the index, for names as rare as RARE_SHARE."""
    every = store.chunks(store.filter_rowids(ChunkFilter(kinds=tuple(ChunkKind))))
    found = aliases((s.chunk.text for s in every), lambda name: not is_body(name))
    rare = _rare(store, set(found.values()))
    return {d: n for d, n in found.items() if n in rare}


def _rare(store: Store, names: set[str] | frozenset[str]) -> set[str]:
    """The names as rare as RARE_SHARE, both as written and as the word they inflect.

    As written ("Esset", "Karolinska"): the index's terms are lemmas ("ess"), and a name the
    lemmatiser does not know would count as unseen. As a lemma too: the first word of a name may be
    an ordinary word, written small elsewhere ("Smarta lås", "den smarta staden": "smart" is in 19
    passages of 1,268, where "Esset" is in 8 and "Kulturhuset" in 4).
    """
    if not names:
        return set()
    limit = RARE_SHARE * store.passage_count()
    written = store.vocabulary()
    ordered = sorted(names)
    lemmas = [x.lemmas[0] if x.lemmas else n for n, x in zip(ordered, analyze_many(ordered), strict=True)]
    df = store.doc_freqs(sorted(set(lemmas)))
    return {n for n, w in zip(ordered, lemmas, strict=True) if written.get(n, 0) <= limit and df[w] <= limit}


def _first_line(stored: StoredChunk) -> str:
    """The passage's first line without a goal's number: "Staden har kapacitet …"."""
    chunk = stored.chunk
    return " ".join((chunk.title if chunk.kind is ChunkKind.GOAL else chunk.text.split("\n", 1)[0]).split())


def _conjunct(word: str) -> str:
    """The first conjunct of a shared compound head as the word it stands for: "avtals-" (in
    "avtals- och verksamhetsuppföljningen") is "avtal", which another report writes whole."""
    return lemma(word.rstrip("-")) if word.endswith("-") and len(word) > 2 else word


def _compared(a: Profile, b: Profile) -> tuple[frozenset[str], frozenset[str]]:
    """The two term sets as compared: a word both hold counts once, not once more per part.

    Parts stay where the whole word is not shared ("kulturhus" meets "kultur"); counted beside a
    shared whole, every compound weighed two or three times a plain word ("riktlinje", "rikt",
    "linje"), and the splitter's stray parts ("kul", "tur" of "kultur") were shared with it.
    """
    both = a.parts.keys() & b.parts.keys()

    def kept(p: Profile) -> frozenset[str]:
        other = frozenset(p.parts.keys()).union(*(p.parts[w] for w in p.parts.keys() - both))
        return p.terms - (frozenset().union(*(p.parts[w] for w in both)) - other)

    return kept(a), kept(b)


def _subjects(text: str) -> frozenset[str]:
    lower = text.lower()
    return frozenset(f"ämne:{name}" for name, words in SUBJECTS.items() if any(w in lower for w in words))


def _assignment(stored: StoredChunk) -> Assignment:
    if stored.chunk.kind is ChunkKind.GOAL:
        return Assignment(None, (), stored.chunk.title.strip())
    return parse_assignment(stored.chunk.text)


def _idf(store: Store, terms: set[str] | frozenset[str]) -> dict[str, float]:
    """Inverse passage frequency in the whole index: "utreda" and "stad" weigh little, "Esset" much.

    Counted among activities only, deliverables such as "förstudie" weighed less, but the tune half
    lost precision (1.00 → 0.97) and recall (0.92 → 0.89): over every passage it stays.
    """
    total = max(store.passage_count(), 1)
    df = store.doc_freqs(sorted(t for t in terms if not t.startswith("ämne:")))
    # A subject weighs as a word of one passage in a hundred: as a rare word, not a unique one.
    return {t: math.log((total + 1) / (df[t] + 1 if t in df else total / 100 + 1)) for t in terms}


def _kin(anchor: frozenset[str], others: frozenset[str]) -> dict[str, frozenset[str]]:
    """Each anchor term's derivations among the candidates' terms: the words of its Snowball family
    (`search.derivations.family`), a verb and its noun in "-ning" among them ("utforma" in one
    assignment, "utformningen" in the other). Tune: recall 0.75 → 0.76 at precision 0.98; held-out
    (0.91 / 0.79) and the blind set (1.00 / 0.36) unchanged."""
    families: dict[str, set[str]] = {}
    for term in anchor | others:
        stem = family(term)
        if stem is not None:
            families.setdefault(stem, set()).add(term)
    kin = {}
    for term in anchor:
        stem = family(term)
        if stem is not None and len(families[stem]) > 1:
            kin[term] = frozenset(families[stem] - {term})
    return kin


def _shared(a: frozenset[str], b: frozenset[str], kin: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Terms both hold, a compound counting as its first part where the other holds that part:
    "klimatanpassningsarbete" shares "klimatanpassning" (the splitter gives only single parts);
    with `kin` (`_kin`), a term of `a` counts as shared where `b` holds a word of its family."""
    shared = set(a & b)
    for x in a - b:
        if kin and kin.get(x, frozenset()) & (b - a):
            shared.add(x)
        for y in b - a:
            short, long = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= MIN_PREFIX and long.startswith(short):
                shared.add(short)
    return shared


def _weighted_cosine(
    a: frozenset[str], b: frozenset[str], idf: dict[str, float], kin: Mapping[str, frozenset[str]] | None = None
) -> float:
    """Cosine of the two term sets as idf-weighted binary vectors (compound prefixes and families shared)."""
    shared = sum(idf[t] ** 2 for t in _shared(a, b, kin))
    norm = math.sqrt(sum(idf[t] ** 2 for t in a) * sum(idf[t] ** 2 for t in b))
    return shared / norm if norm else 0.0


def _member(stored: StoredChunk, relation: Relation | None = None, scored: Scored | None = None) -> Member:
    return Member(
        chunk=stored.chunk,
        relation=relation.value if relation else None,
        basis=_basis(relation, scored) if relation and scored else "",
        shared_terms=scored.shared_terms if scored else (),
        shared_partners=scored.shared_partners if scored else (),
        cosine=round(scored.cosine, 4) if scored else 1.0,
        overlap=round(scored.overlap, 4) if scored else 1.0,
        sentence=scored.profile.sentence if scored else "",
    )


def _basis(relation: Relation, scored: Scored) -> str:
    """Why a passage is listed, in Swedish words a reader can check against the two texts: the
    relation, the shared words, names and partners. The scores stay in the record (`overlap`,
    `cosine`): a new user read "ordlikhet 0.14; e5-likhet 0.92" as meaning nothing."""
    # A name's lemma ("ess" for "Esset") is the name again, shown under "samma namn".
    names = {lemma(n) for n in scored.shared_names} | set(scored.shared_names)
    words = [t for t in scored.shared_terms if not t.startswith("ämne:") and t not in names][:6]
    # A subject both name in words of one group ("krigsorganisation", "civilt försvar") is no word
    # both texts hold; and a name one text gives only as a description ("det moderna sociala
    # systemet" for Esset) is no shared name: a new user checked both claims against the texts.
    areas = [t.removeprefix("ämne:") for t in scored.shared_terms if t.startswith("ämne:")][:3]
    written = scored.profile.words  # its object's words as written; its names include what an alias describes
    named = [
        n.capitalize() if n in written else f"{n.capitalize()} (här beskrivet, inte nämnt)" for n in scored.shared_names
    ]
    evidence = [
        label + ", ".join(items)
        for label, items in (
            ("gemensamma ord: ", words),
            ("samma ämnesområde: ", areas),
            ("ämnesord: ", scored.shared_subjects[:3]),
            ("samma namn: ", named),
            ("samma parter: ", scored.shared_partners[:4]),
        )
        if items
    ]
    parts = (
        (["i löptext"] if scored.profile.sentence else [])
        + (["ordagrant"] if scored.overlap >= 0.999 else [])
        + (evidence or ["liknande innebörd"])
    )
    return f"{relation.value} – " + "; ".join(parts)


def _chronological(m: Member) -> tuple:
    return (m.citation.year or 0, _PERIOD_ORDER.get(m.citation.period or "", 0), m.citation.namnd)
