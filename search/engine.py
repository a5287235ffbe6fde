"""Question → cited passages: understand, retrieve (lexical + dense, filtered first), fuse, cite.

Steps, each a plain function or method:
1. `understand` reads the question into filters and a topic (`query.py`).
2. Lexical: FTS5 BM25 over the topic's terms (words, compound heads, modifiers; synonyms and,
   for English, the glossary's Swedish terms). Dense: FAISS inner product against the e5 vector
   of the corrected question. Both see only the chunks the filters admit, so a short top-k is
   never filtered into emptiness afterwards.
3. A candidate is *about* the question by the share of the topic's weight its words carry
   (`coverage`, `term_weight`). Hybrid ranks by cosine + `COVERAGE_WEIGHT` × that share (`blend`);
   the lexical and dense modes alone by reciprocal rank fusion (`fuse`). Weak cues add a preference.
4. What answers: a candidate whose words carry `COVERAGE` of the topic's weight, or whose cosine
   reaches `DENSE_SURE`. No such passage: total 0, and up to `SUGGESTIONS` nearest passages apart.
   Otherwise a list question returns every passage about it; a top-k question the best `limit` of
   those with any evidence.
5. Each hit carries its citation and the words that matched (lemma and compound aware).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from index.embed.embedder import Embedder
from index.nlp.compounds import split_compound
from index.nlp.frequencies import zipf_frequency
from index.nlp.lemmas import lemma
from index.parse.parser import DISSENT_HEADING
from index.parse.records import Chunk, ChunkKind, Citation, GoalStatus
from index.parse.results import states_result, states_whole_result
from index.store import ChunkFilter, Store, StoredChunk
from search.derivations import stem_index
from search.goals import GoalShare, area_terms, goals_with_more, rows_in_area, rows_under_titled_goals
from search.goals import prepare as prepare_goals
from search.indicators import (
    IndicatorFilter,
    IndicatorRow,
    asked_met,
    asked_without_target,
    indicator_rows,
    indicators_for_question,
)
from search.indicators import prepare as prepare_indicators
from search.language import prepare_language
from search.names import place_of, resolve_namnd
from search.query import (
    STOP_WORDS,
    WORD,
    Filters,
    GoalRef,
    IndexFacts,
    Interpretation,
    Query,
    TopicTerm,
    may_name_subject,
    understand,
)
from search.spelling import Speller
from search.spelling import prepare as prepare_speller

Mode = Literal["hybrid", "lexical", "dense"]
RRF_K = 60  # the usual constant: ranks matter, raw scores of the two sides need no calibration
# Rank-fusion weights (lexical, dense) by the question's language, for a hybrid search without a
# dense side (no embedder); with one, hybrid ranks by `blend`. Chosen on tests/eval/tune.jsonl.
# Swedish: 1 : 1 (nDCG@10 0.549 against 0.549 at 1 : 0.5 and 0.542 at 1 : 1.5; the old 1 : 0.5
# halved English and paraphrased questions). English: the lexical side sees only the glossary's
# Swedish terms (glossary.py); with them, English nDCG@10 0.566 against 0.324 dense alone.
WEIGHTS: dict[str, tuple[float, float]] = {"sv": (1.0, 1.0), "en": (1.0, 1.0)}
CANDIDATES = 200  # per side, for a top-k question
LIST_CANDIDATES = 5000  # per side, for a list question: every record the filters admit
# A passage is about the topic when its words cover this share of the topic's weight (each topic
# word weighs its idf in the index, a word with its synonyms once), as words or compound heads:
# a rare word outweighs a common one, and a modifier alone never counts. A question is answered
# only when some passage is about it, or the dense side is sure (`DENSE_SURE`); otherwise its
# total is 0. Chosen on tune.jsonl (0.4 to 0.55 swept, with `term_weight`), see README.
COVERAGE = 0.4
# A topic word that no passage has, after its synonyms, the dictionary's words and its derivations
# (nor its parts, `TopicTerm.parts`), is likely what the question asks about: the passages have the
# question's other words ("hamnavgifterna för fartyg vid stadens kajer": fartyg, kaj), not its
# subject. It weighs this many times its weight; not one of two things asked about together ("ljud-"
# in "ljud- och hörselmiljön", "bilar och lastbilar": `TopicTerm.coordinated`). Chosen on tune.jsonl, once
# it had compound traps and other no-answer questions written without seeing the tool (25 in all):
# from ×2.5 to ×6 it kept 23 of them at total 0 (19 at ×1, 21 at ×2) with no other question changed;
# ×3, near the low end. Without the coordination rule ×2.5 cut one of a list's two passages.
ABSENT_WEIGHT = 3.0
# Cosine at which the dense side alone answers a question or puts a passage in a list: e5's
# cosines crowd together (Swedish no-answer questions' best passage reaches 0.885), so only a
# high bar is safe: on tune.jsonl 0.88 kept 13 of 14 no-answer questions at 0 (0.87: 11).
# English questions meet Swedish passages lower (answered ones 0.80–0.87, unanswerable ones
# 0.82–0.84): 0.84, chosen on tune.jsonl.
DENSE_SURE: dict[str, float] = {"sv": 0.88, "en": 0.84}
# "Tydligt om frågan" for a topic of two words needs both, not one at `COVERAGE`: two words are
# mostly a phrase ("ekonomiskt resultat", "budget result"), and either alone had labelled passages
# of indicators' "resultat" or of any "budget" (112 of 216 for Norrmalm's financial result, trial 28).
# A compound's modifier counts half (`coverage`), so both words at least as modifiers reach it.
CLEAR_PAIR = 0.7
# Once a question is answered, a top-k answer shows the fused best passages that have some
# evidence: a topic word of theirs (any share), or a cosine of at least this.
DENSE_EVIDENCE: dict[str, float] = {"sv": 0.84, "en": 0.78}
# A figure: a number with its unit ("9,4 %", "55 mnkr", "1 200 tkr", "230 st"). Looked for among
# the best fused passages only: a figure far down the ranking is not what the question is about.
_FIGURE = re.compile(r"\d(?:[\d  ,.]*\d)?\s*(?:%|procent|mnkr|tkr|kr\b|kronor|miljoner|miljarder|st\b)")
FIGURE_WINDOW = 30
GOAL_CANDIDATES = 20  # goal passages read to find a goal named by its title's words
SUGGESTIONS = 3  # nearest passages offered, apart from the hits, when nothing answers
# A preference (a weak cue) is worth a first place on a side of this weight (rank fusion: the
# lexical and dense modes)...
PREFERENCE_WEIGHT = 0.5
# ...and this much cosine in the hybrid blend (`blend`).
PREFERENCE_COSINE = 0.01
# Hybrid: cosine + this × coverage (`blend`). Chosen on tune.jsonl over ranking alone: nDCG@10 0.652
# with rank fusion; 0.676, 0.680, 0.681 at 0.05, 0.08, 0.12 (flat, so the middle).
COVERAGE_WEIGHT = 0.08
# How far the dense side's first passage is ahead of its second when it alone answers a question that
# nothing else answers (see `Searcher.search`): on tune.jsonl no no-answer question's first passage is
# more than 0.015 ahead, and three answerable questions at total 0 are 0.02-0.026 ahead.
DENSE_STANDOUT = 0.02
# Where a passage's sentence ends: a stop and space before a capital or a digit.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


@dataclass(frozen=True, slots=True)
class Hit:
    """One cited passage: the chunk itself (typed fields, its citation), and why it was found."""

    chunk: Chunk
    score: float = 1.0
    highlights: tuple[str, ...] = ()
    lexical_rank: int | None = None
    dense_score: float | None = None
    # Whether the passage is clearly about the question (`SearchResult.clear`); None where every
    # hit is (a list, or a top-k answer whose hits all are). A new user saw "87 träffar, varav 1
    # tydligt om frågan" and could not tell which one.
    clear: bool | None = None

    @property
    def id(self) -> str:
        return self.chunk.id

    @property
    def citation(self) -> Citation:
        return self.chunk.citation


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one question: how it was read, how many passages match, the hits."""

    query: str
    interpretation: Interpretation
    total: int
    hits: tuple[Hit, ...]
    mode: Mode = "hybrid"
    timings_ms: dict[str, float] = field(default_factory=dict)
    # When nothing answers: the nearest passages, shown apart and labelled, never counted in `total`.
    suggestions: tuple[Hit, ...] = ()
    # A question about indicators and targets: the rows that answer it, shown above the passages
    # (`search.indicators`); None when the question asks for none.
    indicators: tuple[IndicatorRow, ...] | None = None
    # The rows are those the question selected by their target: True met, False missed, None all. A
    # table of misses alone had read "39 indikatorer · når målet: 0", which a new user took for the
    # nämnd's record (44 meet theirs).
    indicators_met: bool | None = None
    # When nothing answers: the question's topic words that no passage has, as typed. "Inga
    # träffar" then says which words the reports lack (literally true), rather than that the
    # reports do not cover the subject, which a question in other words than theirs cannot tell.
    unknown_words: tuple[str, ...] = ()
    # Of `total`, the passages clearly about the question: its topic words cover `COVERAGE` of its
    # weight, or the dense side is sure (`DENSE_SURE`). A top-k answer also shows passages with some
    # evidence (any topic word, a close cosine), which rank well but inflate a count: two new users
    # read "272 träffar" on homelessness as 272 passages about it. None: as `total` (a list).
    clear: int | None = None
    # A list's rows (activities, indicators) by the goal they sit under, where the goal has more
    # rows than listed: rows that name the subject only through their goal are not in the list.
    goals: tuple[GoalShare, ...] = ()


class Searcher:
    """Search over one opened store; the embedder is loaded on the first dense query."""

    def __init__(self, store: Store, embedder: Embedder | None) -> None:
        self.store = store
        self.embedder = embedder
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="embed")
        self._learn_index()

    def _learn_index(self) -> None:
        """What the index holds, for reading questions: nämnder, years, kinds' fields, its words
        (once per generation, shared by a service's readers: `Store.per_generation`)."""
        self.namnder, self.years, facts = self.store.per_generation("search-facts", self._index_facts)
        # The facts are shared by a service's readers, but each asks its own connection: a reader
        # that asked the first reader's connection, while that reader's thread was inside a query
        # calling a Python function (then `py_lower`, in a nämnd filter), held the GIL waiting for the
        # connection's mutex while the other held the mutex waiting for the GIL (test_load hung 1 run
        # in 10). No query calls Python now, but a connection stays its reader's.
        self.facts = replace(facts, doc_freqs=self.store.doc_freqs)
        self._version = self.store.version

    def _index_facts(self) -> tuple[list[str], list[int], IndexFacts]:
        documents = self.store.documents()
        namnder = sorted({d.meta.namnd for d in documents})
        years = sorted({d.meta.year for d in documents if d.meta.year})
        carried = self.store.kinds_carrying()
        facts = IndexFacts(
            tuple(namnder),
            tuple(years),
            kinds_with_status=carried["status"],
            kinds_with_deviation=carried["deviation"],
            speller=Speller(self.store.vocabulary()),
            stems=stem_index(self.store.index_terms()),
        )
        return namnder, years, facts

    def warm(self) -> None:
        """Build now what questions otherwise build on first need, once per generation: the goals'
        titles and parents, the indicator rows and their names' terms, the dissents, the speller's
        word list, the language detector's models. A service pays it at its start and with each new
        generation, not on its users' first questions (2–3 s at 100× the corpus, which `make bench`
        had counted in its p95; the detector's 0.9 s fell on the first English-looking question)."""
        with self.store.snapshot():
            if self.store.version != self._version:
                self._learn_index()
            prepare_goals(self.store)
            prepare_indicators(self.store)
            self._dissents()
        prepare_speller()
        prepare_language()

    def understand(self, question: str, filters: Filters | None = None) -> Query:
        """How this index reads a question (names, years, spelling against its own words).

        An explicit nämnd filter is resolved like a nämnd in the question ("Norrmalm", "KS");
        one that names no indexed nämnd raises UnknownNamndError, which lists them.
        """
        if filters is not None and filters.namnd is not None:
            filters = replace(filters, namnd=resolve_namnd(filters.namnd, self.namnder))
        return understand(question, self.namnder, filters, self.years, facts=self.facts)

    def search(
        self, question: str, filters: Filters | None = None, *, limit: int = 10, mode: Mode = "hybrid"
    ) -> SearchResult:
        """Answer one question from one consistent generation of the store."""
        with self.store.snapshot():
            if self.store.version != self._version:
                self._learn_index()
            started = time.perf_counter()
            query = self._kind_the_reports_have(self.understand(question, filters), filters)
            query = self._without_goal_title(query)
            result = self._search(question, query, limit, mode, started)
            if result.total == 0 and query.kinds and not query.is_list and not (filters and filters.kinds):
                # A kind word in a question that asks for no list may name what the text is about
                # ("vilka risker finns för målet?": a goal's analysis, a section), so where passages
                # of that kind leave nothing, the question is asked of every kind (a new user's).
                query = replace(query, kinds=None)
                result = self._search(question, query, limit, mode, started)
            rows = indicators_for_question(self.store, query)
            if rows and query.goal is not None:
                rows = self._in_goal_rows(rows, self._goal_found(query))
            judged = asked_met(query.text) is not None or asked_without_target(query.text)
            if rows and query.is_list and query.kinds == (ChunkKind.INDICATOR,) and judged:
                result = self._rows_as_list(result, rows)
            selected = asked_met(query.text)
            reached = query.prefer.kinds and selected is not None
            if query.is_list and not query.kinds and not query.terms and reached:
                result, rows = self._reached_as_list(result, query)
                selected = _reached_met(query)
            # The whole answer's time, the indicator table's included: what a user waits for.
            result.timings_ms["total_ms"] = (time.perf_counter() - started) * 1000
            if rows is None:
                return result
            return replace(result, indicators=rows, indicators_met=selected)

    def _rows_as_list(self, result: SearchResult, rows: tuple[IndicatorRow, ...]) -> SearchResult:
        """A list of the indicators that meet or miss their target is the table's rows, each its passage:
        the target the passages were searched by is a column, not a topic ("vilka indikatorer når inte
        årsmålet i Norrmalm 2021" listed 12 passages that print "årsmål" under a table of 39 misses, and a
        new user could not tell which count was the answer). The table decides met and not met as
        `rapportsok indicators` does; the passages' words cannot."""
        found = {h.chunk.id: h for h in result.hits}
        hits = []
        for row in rows:
            stored = self.store.chunk_by_id(row.passage_id)
            if stored is not None:
                hits.append(found.get(row.passage_id) or hit_of(stored))
        # The goals' shares and the suggestions were the passage list's; the table's rows are all asked for.
        kept = result.suggestions if not hits else ()
        return replace(result, total=len(hits), hits=tuple(hits), goals=(), suggestions=kept)

    def _reached_as_list(
        self, result: SearchResult, query: Query
    ) -> tuple[SearchResult, tuple[IndicatorRow, ...] | None]:
        """ "vilka mål nådde Norrmalm inte": a goal reached is a target (`query.understand` prefers goals
        and indicators, filtering neither), and with no topic to rank by, the list had been every
        passage of the nämnd (527). It is the goals not fully met (or, asked so, those met) and the
        indicators that miss (or meet) their target, as the indicator table judges them."""
        met = _reached_met(query)
        statuses = (GoalStatus.HELT,) if met else (GoalStatus.INTE, GoalStatus.DELVIS)
        where = replace(query.filter(), kinds=(ChunkKind.GOAL,), statuses=statuses)
        goals = self.store.chunks([int(r) for r in self.store.filter_rowids(where)])
        goals.sort(key=lambda s: (s.chunk.citation.file, s.chunk.citation.line_start))
        # Reached "helt", "fullt ut" or "delvis" is a goal's judgement, which no indicator has: trial 30's
        # "Vilka mål nås inte fullt ut 2021?" had 41 indicator rows above the three goals it asked for.
        asked = IndicatorFilter(namnd=query.namnd, years=query.years, periods=query.periods, met=met)
        degree = GoalStatus.DELVIS in (query.prefer.statuses or ())
        rows = None if degree else tuple(indicator_rows(self.store, asked))
        listed = self._rows_as_list(replace(result, hits=()), rows or ())
        hits = (*(hit_of(g) for g in goals), *listed.hits)
        return replace(listed, total=len(hits), hits=hits), rows

    def _without_goal_title(self, query: Query) -> Query:
        """A list under a goal named by number, without the topic words its title holds: "vilka
        indikatorer under Norrmalms trygghetsmål (1.2 trygg, säker och välskött stad) nådde inte
        årsmålet" names the goal twice, and its title's words had kept three of the goal's four
        missed indicators off the list (and the indicator table empty: no row's name has them)."""
        goal = query.goal
        if not query.is_list or goal is None or goal.number is None or not query.terms:
            return query
        asked = query.filter()
        files = (goal.file,) if goal.file is not None else asked.files
        where = replace(asked, kinds=(ChunkKind.GOAL,), deviation=None, statuses=None, files=files)
        goals = self.store.chunks([int(r) for r in self.store.filter_rowids(where)])
        titled = [s.chunk.title or "" for s in goals if s.chunk.goal_path and s.chunk.goal_path[-1] == goal.number]
        words = {lemma(m.group(0)) for title in titled for m in WORD.finditer(title)}
        kept = tuple(t for t in query.terms if not words.intersection(t.terms))
        if len(kept) == len(query.terms):
            return query
        return replace(query, terms=kept, topic=" ".join(t.word for t in kept))

    def _in_goal_rows(self, rows: tuple[IndicatorRow, ...], query: Query) -> tuple[IndicatorRow, ...]:
        """The indicator table's rows under the goal the question names, as its passages are
        ("vilka indikatorer finns under mål 3.1" listed every row of the year); none where no
        goal has the title it names. Only the indicator passages the question's filters admit are
        read (a goal found by title, in its own report), not every indicator of the index."""
        goal = query.goal
        if goal is None or goal.number is None:
            return ()
        asked = query.filter()
        where = replace(
            asked,
            kinds=(ChunkKind.INDICATOR,),
            deviation=None,
            statuses=None,
            files=(goal.file,) if goal.file is not None else asked.files,
        )
        ids = {r.passage_id for r in rows}
        stored = self.store.chunks([int(r) for r in self.store.filter_rowids(where)])  # a kind: never None
        under = {s.chunk.id for s in stored if s.chunk.id in ids and _in_goal(s, goal)}
        return tuple(r for r in rows if r.passage_id in under)

    def _search(self, question: str, asked: Query, limit: int, mode: Mode, started: float) -> SearchResult:
        query = self._comparable(self._goal_found(asked))
        if query.goal is not None and query.goal.number is None:  # no goal has that title
            return SearchResult(question, query.interpretation(), 0, (), mode, {})
        if query.absent and not (query.years and all(a.isdigit() for a in query.absent)):
            # A nämnd or a report's year the index has no report of: nothing answers. Beside a year it
            # has ("verksamhetsberättelsen 2019 jämfört med 2021"), that year's passages answer, and the
            # reading says which year is missing (the whole comparison had been "Inga träffar").
            return SearchResult(question, query.interpretation(), 0, (), mode, {})
        where = query.filter()
        reports = replace(where, kinds=None, deviation=None, statuses=None)
        if not reports.is_empty() and not len(self.store.filter_rowids(reports)):
            # Each filter names reports the index has, and together none ("--namnd Norrmalm --year 2024",
            # "tertialrapport 1 2021", "--period T3"): the answer says no such report is indexed, not that
            # no passage is about the topic (trial 29 read that as the subject being absent).
            missing = _with_absent(query, [report_description(reports)])
            return SearchResult(question, missing.interpretation(), 0, (), mode, {})
        timings: dict[str, float] = {}
        # An English question's words may all be ones no report has, and its meaning still answers on
        # the dense side; not where all it asks for is records of a kind, a flag or a status ("which
        # goals were partially achieved in 2021"), which are listed as a Swedish question's are.
        structural = bool(query.kinds or query.deviation is not None or query.statuses)
        has_topic = bool(query.terms) or (query.language == "en" and bool(query.text.strip()) and not structural)
        if not has_topic:
            if where.is_empty() and query.goal is None:
                return SearchResult(question, query.interpretation(), 0, (), mode, timings)
            return self._listing(query, limit, mode, timings, started)

        k = LIST_CANDIDATES if query.is_list else CANDIDATES
        lexical_weight, dense_weight = WEIGHTS[query.language]
        # A derivation is searched for in a list, where a passage that has only it must be found:
        # on tune.jsonl it completed a list (recall 0.85 → 0.88). For a top-k answer the dense side
        # finds such a passage and coverage credits it; searching by the derivations as well
        # changed no tune answer and cost the lexical side at 100× a third more (p95 +10 ms).
        strong = [t for term in query.terms for t in (term.about if query.is_list else term.terms) + term.parts]
        # The dense side (embed the query, then scan FAISS) runs in a second thread while the
        # lexical side runs on SQLite: all three release the GIL. The filter is resolved here
        # first, so the other thread never touches the SQLite connection.
        dense_side = None
        if mode != "lexical" and self.embedder is not None:
            allowed = self.store.filter_rowids(where)
            # The whole question, as corrected: for lists too (tune.jsonl: list nDCG@10 0.702 against
            # 0.690 with the topic words alone).
            dense_side = self._pool.submit(self._dense, query.searched_text(), allowed, k, timings)
        t = time.perf_counter()
        lexical = self.store.lexical(strong, where, k=k) if mode != "dense" and strong else []
        timings["lexical_ms"] = (time.perf_counter() - t) * 1000
        dense = dense_side.result() if dense_side is not None else []
        t = time.perf_counter()
        # Coverage decides for passages the lexical side found; a passage only the dense side found
        # is shown on its cosine (`DENSE_EVIDENCE`), so only those above it are read.
        evidence = DENSE_EVIDENCE[query.language]
        candidates = {r for r, _ in lexical} | {r for r, c in dense if c >= evidence}
        about = coverage(self.store, query, candidates) if strong else {}
        absent = about is None
        dense_only = False
        if absent and query.language == "en":
            # An English question's name may be the English for what the reports name in Swedish
            # ("the Police Authority": Polismyndigheten), so only the multilingual dense side can
            # answer, and only where it is sure (`DENSE_SURE`); the other words still rank.
            found = tuple(t for t in query.terms if not t.required or any(self.store.doc_freqs(list(t.terms)).values()))
            about = coverage(self.store, replace(query, terms=found), candidates) or {}
            absent, dense_only = False, True
        about = about or {}
        timings["coverage_ms"] = (time.perf_counter() - t) * 1000

        if mode == "hybrid" and dense:
            fused = blend(lexical, dense, about, weight=COVERAGE_WEIGHT)
            bonus = PREFERENCE_COSINE
        else:
            weights = {"hybrid": (lexical_weight, dense_weight), "lexical": (1.0, 0.0), "dense": (0.0, 1.0)}[mode]
            fused = fuse((lexical, weights[0]), (dense, weights[1]))
            bonus = PREFERENCE_WEIGHT / (RRF_K + 1)
        if query.prefer.any():
            self._prefer(fused, query, bonus)
        self._dissents_after(fused, question, bonus)
        cosine = dict(dense)
        sure = DENSE_SURE[query.language]
        relevant = (
            [r for r in fused if (about.get(r, 0.0) >= COVERAGE and not dense_only) or cosine.get(r, 0.0) >= sure]
            if not absent
            else []
        )
        standout = len(dense) > 1 and dense[0][1] >= evidence and dense[0][1] - dense[1][1] >= DENSE_STANDOUT
        if not relevant and not absent and standout:
            # A passage that stands out from every other by its cosine is what the question is about,
            # whatever words it says it in: trial 32's "minnesmärke efter terrordådet på Drottninggatan"
            # (the report: "efter händelsen") and the tune half's Essingeleden toll were "Inga träffar",
            # their passage first by e5 and 0.04 and 0.026 over the next. On the tune half no question
            # without an answer has its first passage more than 0.015 over the second (`DENSE_STANDOUT`).
            relevant = [dense[0][0]]
        if query.is_list and relevant:
            relevant = self._naming(relevant, query)
        clear: set[int] | None = None
        if relevant and not query.is_list:
            # "Tydligt om frågan" needs the passage's own words to carry the topic (`COVERAGE`), as "about
            # it" does: a passage in by its cosine alone was so labelled wrongly 22 times of 23 in
            # tune.jsonl's top tens (e5's cosines crowd at 0.88–0.93), and a new user read the label as
            # the tool's word that it answers. One shared word was not enough: "skattesats", in no
            # report, had 20 passages labelled for their "Stockholm". In tune's top tens the labelled
            # hits under `COVERAGE` were relevant 7 times of 71 (0.10), those over it 0.25.
            bar = CLEAR_PAIR if len(query.terms) == 2 else COVERAGE
            clear = {r for r in relevant if about.get(r, 0.0) >= bar}
            relevant = [r for r in fused if r in about or cosine.get(r, 0.0) >= evidence]
        if query.is_list and query.goal is None and query.kinds and ChunkKind.GOAL not in query.kinds:
            # A list asked by a goal's title is also that goal's rows (`goals.rows_under_titled_goals`).
            # On tune.jsonl one list answered (recall 0 → 1.0), no other question moved.
            listed = set(relevant)
            titled = rows_under_titled_goals(self.store, query.terms, where)
            area = area_terms(query.text, query.terms)
            if area:
                titled += rows_in_area(self.store, area, where)
            for rowid in titled:
                if rowid not in listed:
                    fused.setdefault(rowid, 0.0)
                    relevant.append(rowid)
        if query.unreported and not relevant:
            # Nothing is about the topic either: the year no report is from is still the first thing
            # the answer says (a plain "inget stycke handlar om det här" reads as the subject missing).
            query = _with_absent(query, [str(y) for y in query.unreported])
        elif (query.unreported or query.months) and relevant:
            on_topic = [r for r in relevant if about.get(r, 0.0) >= COVERAGE or cosine.get(r, 0.0) >= sure]
            stems = [form for term in query.terms for form in term.about]
            if query.unreported:
                relevant, clear = self._that_name(on_topic, clear, [str(y) for y in query.unreported], topic=stems)
                if not relevant:
                    # No report is from the year asked for, and no passage names it: the answer says so (a
                    # new user's "Norrmalms överskott 2023" had 2021's, labelled clearly about the question).
                    query = _with_absent(query, [str(y) for y in query.unreported])
            if query.months and (relevant or not query.unreported):
                relevant, clear = self._that_name(
                    relevant if query.unreported else on_topic, clear, query.months, topic=stems
                )
                if not relevant:
                    # A month's figure is only in a passage that names the month: a question for August's
                    # visitors had July's, as a year no report is from had another year's.
                    years = [str(y) for y in (query.years or ())]
                    unnamed = tuple(" ".join([m, *years]) for m in query.months)
                    query = replace(query, unnamed=unnamed)
        if query.unindexed:
            # A district's nämnd the index has no report of is discussed only where a passage names it
            # ("statsbidrag per stadsdelsnämnd" in the avstämning); a passage that does not is about
            # another nämnd's sick leave (trial 31: "sjukfrånvaro på Södermalms stadsdelsnämnd 2021"
            # had KS's and Norrmalm's rows, "tydligt om frågan"). Where none names it, it is absent.
            on_topic = [r for r in relevant if about.get(r, 0.0) >= COVERAGE or cosine.get(r, 0.0) >= sure]
            places = [place_of(n.split()[0]) or n.split()[0] for n in query.unindexed]
            relevant, clear = self._that_name(on_topic, clear, places, genitive=True) if on_topic else ([], clear)
            if not relevant:
                query = _with_absent(query, query.unindexed)
        if query.goal_levels:
            relevant = self._at_levels(relevant, query.goal_levels)
        if query.goal:
            under = self._under_goal(list(fused), query)
            about_it = [r for r in relevant if r in under]
            # A list under a numbered goal is that goal's passages: the number names them without
            # doubt, and words no passage under it is about describe the goal itself ("mål 1.4
            # (stöd i tid)"), so they only order the list.
            relevant = about_it if about_it or not query.is_list else [r for r in fused if r in under]
            if not query.goal.below:
                relevant = self._goal_first(relevant, query.goal)
        if query.compare:
            relevant = self._interleave(relevant, query.compare)
        # A list question shows every relevant passage; a top-k question its best `limit`.
        chosen = relevant if query.is_list else relevant[:limit]
        stored = self.store.chunks(chosen)
        wanted = set(strong)
        lexical_rank = {rowid: rank for rank, (rowid, _) in enumerate(lexical, 1)}
        if clear is not None and (query.goal_levels or query.goal or query.compare or len(clear) >= len(relevant)):
            clear = None  # the levels, the goal and the sides were applied to the shown list only; or all are
        hits = tuple(
            replace(
                hit_of(s, fused[s.rowid], wanted, lexical_rank.get(s.rowid), cosine.get(s.rowid)),
                clear=None if clear is None else s.rowid in clear,
            )
            for s in stored
        )
        suggestions: tuple[Hit, ...] = ()
        # The question's words no report has, with hits too: an answer found by meaning alone (the
        # dense side) lacks them, and a new user read "223 träffar" on the olympic winter games, a
        # subject no report names, as an answer about it. Not a word common in everyday Swedish, which
        # phrases the question (`may_name_subject`): a new user was told «händer» is in no report.
        unknown = tuple(
            t.word for t in query.terms if not any(self.store.doc_freqs(list(t.about)).values()) and may_name_subject(t)
        )
        if not relevant:
            nearest = self.store.chunks(list(fused)[:SUGGESTIONS])
            suggestions = tuple(hit_of(s, fused[s.rowid], wanted, None, cosine.get(s.rowid)) for s in nearest)
        # A list's goals with more rows; not under a goal the question names, whose rows are all there.
        listed_rows = query.is_list and query.goal is None
        goals = goals_with_more(self.store, [s.chunk for s in stored], where) if listed_rows else ()
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        return SearchResult(
            question,
            query.interpretation(),
            len(relevant),
            hits,
            mode,
            timings,
            suggestions,
            unknown_words=unknown,
            clear=None if clear is None else len(clear),
            goals=goals,
        )

    def _that_name(
        self,
        relevant: list[int],
        clear: set[int] | None,
        words: Sequence[str],
        *,
        genitive: bool = False,
        topic: Sequence[str] = (),
    ) -> tuple[list[int], set[int] | None]:
        """Of `relevant` (passages about the topic), those that name one of `words`: a time a figure is
        asked for (a year no report is from, a month), or the place of a district's nämnd the index has
        no report of (`genitive`: "Södermalms" names Södermalm). A later report may quote an earlier
        year's figure ("resultatet för 2019 visar 74" in T1 2020), and a figure of a year with no
        report is nowhere else: the reports of other years hold their own years' (a passage on elderly
        care that plans for 2022 holds no feriejobb of 2022). A month's figure is the same: a report
        states its period's figures and names the month of any one it gives ("I juli hade
        visningarna 4 000 besökare"). Only those are clearly about the question. With `topic` (the
        topic's words), a time counts only in a sentence that holds one of them: a passage on
        Norrmalm's surplus of 2021 that names 2019 for the number of residents ("408 personer för
        2019") gave a question for 2019's surplus 2021's 42 mnkr (trial 32)."""
        ending = "s?" if genitive else ""  # a place's genitive names it too ("Södermalms")
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + ")" + ending + r"(?!\w)", re.IGNORECASE)
        stems = [t.lower() for t in topic]
        naming = {
            s.rowid
            for s in self.store.chunks(relevant)
            if any(
                pattern.search(sentence) and (not stems or any(t in sentence.lower() for t in stems))
                for sentence in (_SENTENCE_END.split(s.chunk.text) if stems else [s.chunk.text])
            )
        }
        return [r for r in relevant if r in naming], None if clear is None else clear & naming

    def _naming(self, rowids: list[int], query: Query) -> list[int]:
        """A list's passages that hold a name the question is about, where it names one the index has:
        an item of a list about "Earth Hour" or "SIKT" is a passage that names it; one in by its
        cosine or its other words is about something else. An abbreviation counts where the passage
        writes it in capitals: lower-cased it may be an everyday word ("sikt", "på lång sikt")."""
        shouted = query.text.isupper()
        names = [t for t in query.terms if t.required or (_ACRONYM.fullmatch(t.word) and not shouted)]
        names = [t for t in names if any(self.store.doc_freqs(list(t.about)).values())]
        if not names:
            return rowids
        holding = coverage(self.store, replace(query, terms=tuple(names)), rowids) or {}
        kept = [r for r in rowids if holding.get(r, 0.0) > 0.0]
        written = [re.compile(rf"\b{re.escape(t.word)}\b") for t in names if _ACRONYM.fullmatch(t.word)]
        if written:
            texts = self.store.texts_of(kept)
            kept = [r for r in kept if any(w.search(texts[r]) for w in written) or len(written) < len(names)]
        return kept

    def _prefer(self, fused: dict[int, float], query: Query, bonus: float) -> None:
        """Raise the passages that have a weak cue (a flag, a status, a kind, a figure) by `bonus`."""
        preferred: set[int] = set()
        if query.prefer.deviation or query.prefer.statuses is not None:
            where = ChunkFilter(deviation=True if query.prefer.deviation else None, statuses=query.prefer.statuses)
            preferred |= {int(r) for r in self.store.filter_rowids(where)}
        if query.prefer.kinds:
            preferred |= {int(r) for r in self.store.filter_rowids(ChunkFilter(kinds=query.prefer.kinds))}
        measured: set[int] = set()
        if query.prefer.figures:
            top = self.store.chunks(list(fused)[:FIGURE_WINDOW])
            preferred |= {s.rowid for s in top if _FIGURE.search(s.chunk.text)}
            # The indicator that measures what the question names ("hur hög var sjukfrånvaron":
            # "Sjukfrånvaro", not "Sjukfrånvaro dag 1-14") holds its value: among passages that all
            # state figures, it is the answer (an analysis of sick leave with other figures in it
            # had come first once the goal's analysis was cut at its subheadings).
            asked = {t for term in query.terms for t in (*term.terms, *term.about)}
            measured = {s.rowid for s in top if s.chunk.kind is ChunkKind.INDICATOR and _names(s.chunk.title, asked)}
        if query.prefer.result:
            # A passage that states a result in kronor ("ett överskott om 47,3 mnkr"): an indicator's
            # "Resultat på 71 procent … budgetuppdraget" had ranked above Norrmalm's result (trial 27).
            # The whole nämnd's result ranks higher again, by two bonuses: a part's ("Förskoleverksamheten
            # visar ett överskott") is not the answer. With one, as the indicator that measures a figure
            # question's subject gets, that English question still had the indicator first; with two,
            # tune 0.734 → 0.735 (two result questions up, none down), fresh10 looked at 0.570 → 0.577.
            top = self.store.chunks(list(fused)[:FIGURE_WINDOW])
            preferred |= {s.rowid for s in top if states_result(s.chunk.text)}
            whole = {s.rowid for s in top if states_whole_result(s.chunk.text)}
            for rowid in whole.intersection(fused):
                fused[rowid] += 2 * bonus
        for rowid in preferred.intersection(fused):
            fused[rowid] += bonus
        for rowid in measured.intersection(fused):
            fused[rowid] += bonus
        _by_score(fused)

    def _kind_the_reports_have(self, query: Query, filters: Filters | None) -> Query:
        """A kind read from the question that no passage the other filters admit is of (indicators of
        the 2024 avstämning, which prints no indicator table) names what the question is about, not
        what to list: a new user's "vilka stadsdelsnämnder … årsmål för indikatorerna om legitimerade
        förskollärare i avstämningen … 2024" was "Inga träffar" above the passage that answers it.
        A kind chosen explicitly (`--kind`) stays."""
        if not query.kinds or (filters is not None and filters.kinds):
            return query
        admitted = self.store.filter_rowids(query.filter())
        if admitted is None or len(admitted):
            return query
        others = self.store.filter_rowids(replace(query, kinds=None).filter())
        return replace(query, kinds=None) if others is None or len(others) else query

    def _comparable(self, query: Query) -> Query:
        """A comparison whose filter leaves a compared side without passages, with its kind, report
        type and period taken back: reports differ in form across years ("verksamhetsplanen 2013 till
        2024", "mål 2013 jämfört med 2024": the 2024 avstämning has no goal tables) and nämnder
        ("kommunstyrelsen (T2 2021) och Norrmalm (VB 2021)": Norrmalm reports no tertial, and its side
        had vanished), so these describe one side, not what both must be. A flag or a status that
        empties a side is an answer and stays."""
        if not query.compare or (query.kinds is None and query.report_types is None and query.periods is None):
            return query
        admitted = self.store.filter_rowids(query.filter())
        if admitted is None or len(set(self.store.sides_of(admitted.tolist(), query.compare).values())) == len(
            query.compare
        ):
            return query
        return replace(query, kinds=None, report_types=None, periods=None)

    def _goal_found(self, query: Query) -> Query:
        """A goal named by its title's words ("under målet om att skattemedlen används effektivt"):
        among the goal passages BM25 finds for them, the one whose title shares most of its words
        with them (`title_match`), then the one most about them, then the higher level (a nämndmål
        repeats words of the goal it serves); the question then names it by number and report.
        None of them about the words (`COVERAGE`): the goal stays unfound and nothing answers."""
        goal = query.goal
        if goal is None or goal.number is not None:
            return query
        where = replace(query.filter(), kinds=(ChunkKind.GOAL,), deviation=None, statuses=None)
        found = [r for r, _ in self.store.lexical(list(goal.title_terms), where, k=GOAL_CANDIDATES)]
        if not found:
            return query
        title = replace(query, terms=tuple(TopicTerm(t, t, (t,)) for t in goal.title_terms))
        about = coverage(self.store, title, found) or {}
        stored = {s.rowid: s for s in self.store.chunks(found)}

        wanted = set(goal.title_terms)

        def title_match(rowid: int) -> float:
            """The share of the words of title and question together that both have: the goal whose
            title says most nearly what the question says (a goal's body may discuss another's
            subject, and "trygg stad" is in several goals' titles, the nearest one wins). Read as the
            question's own words are (`query._goal_ref`), not with `heading_lemmas`, whose spaCy
            pipeline a one-question CLI search does not load."""
            words = {lemma(m.group(0)) for m in WORD.finditer(stored[rowid].chunk.title or "")}
            words = {w for w in words if w not in STOP_WORDS and w.isalpha()}
            return len(words & wanted) / len(words | wanted)

        best = max(found, key=lambda r: (title_match(r), about.get(r, 0.0), -len(stored[r].chunk.goal_path)))
        if about.get(best, 0.0) < COVERAGE:
            return query  # no goal is about those words: nothing is under it
        # A number names another goal in another mandate's reports (1.2 is not the same goal in
        # 2013 and 2021), so a goal found by its title is read in its own report.
        chunk = stored[best].chunk
        return replace(query, goal=replace(goal, number=chunk.goal_path[-1], file=chunk.citation.file))

    def _under_goal(self, rowids: list[int], query: Query) -> set[int]:
        """The passages among `rowids` under the goal the question names (`Query.goal`), of the
        levels it asks for."""
        return {
            s.rowid
            for s in self.store.chunks(rowids)
            if _in_goal(s, query.goal) and (not query.goal_levels or _at_level(s, query.goal_levels))
        }

    def _dissents_after(self, fused: dict[int, float], question: str, weight: float) -> None:
        """A reservation or another dissent from a decision is a party's view, not what the report
        decides: it ranks `weight` lower than the report's own words, unless the question asks for
        dissents ("reservation", "särskilt uttalande", "yrkande"). A new user asking whether staff
        can get a bike through work had the Green Party's reservation to the 2013 plan first."""
        if _ASKS_FOR_DISSENT.search(question):
            return
        dissents = self._dissents()
        if not dissents.intersection(fused):
            return
        for rowid in dissents.intersection(fused):
            fused[rowid] -= weight
        _by_score(fused)

    def _dissents(self) -> frozenset[int]:
        return self.store.per_generation("dissents", lambda: _dissent_rowids(self.store))

    def _goal_first(self, rowids: list[int], goal: GoalRef) -> list[int]:
        """The goal a question names itself (by number, or its title as printed) first, then its own
        analysis, then what is under it, each in rank order: a new user's question on how the
        inriktningsmål "Ett grönt fossilfritt Stockholm …" was judged had that goal eighth, below four
        of its KF-mål, which share its words."""
        depth = {
            s.rowid: 0 if s.chunk.kind is ChunkKind.GOAL else 1
            for s in self.store.chunks(rowids)
            if s.chunk.goal_path and s.chunk.goal_path[-1] == goal.number
        }
        return sorted(rowids, key=lambda r: depth.get(r, 2))

    def _at_levels(self, rowids: list[int], levels: tuple[int, ...]) -> list[int]:
        """The passages that are not goals, or goals of the levels asked for, in their order."""
        kept = {s.rowid for s in self.store.chunks(rowids) if _at_level(s, levels)}
        return [r for r in rowids if r in kept]

    def _interleave(self, rowids: list[int], sides: tuple[str, ...]) -> list[int]:
        """Best first, taking turns between the compared years or nämnder, so each has evidence on top."""
        side_of = self.store.sides_of(rowids, sides)
        queues: list[list[int]] = [[] for _ in sides]
        rest: list[int] = []
        for rowid in rowids:
            side = side_of.get(rowid)
            (queues[side] if side is not None else rest).append(rowid)
        if all(side.isdigit() for side in sides) and len(self.namnder) > 1:
            # Years compared are a nämnd compared with itself: where some nämnd has passages on every
            # side, its passages lead each side, and a nämnd that has one side only follows. A new
            # user's "trygg och säker stad … mellan 2020 och 2021" set Kommunstyrelsen's 2020 goal
            # beside Norrmalm's 2021 one ("helt", then "delvis"), Kommunstyrelsen's own 2021 sixth.
            namnd_of = self.store.sides_of(rowids, self.namnder)
            present = [{namnd_of[r] for r in queue if r in namnd_of} for queue in queues]
            common = set.intersection(*present) if present else set()
            if common and any(p - common for p in present):
                queues = [sorted(queue, key=lambda r: namnd_of.get(r) not in common) for queue in queues]
        out: list[int] = []
        while any(queues):
            for queue in queues:
                if queue:
                    out.append(queue.pop(0))
        return out + rest

    def _dense(self, text: str, allowed: np.ndarray | None, k: int, timings: dict) -> list[tuple[int, float]]:
        if allowed is not None and not len(allowed):
            return []  # nothing admitted: no need to embed
        t = time.perf_counter()
        vector = self.embedder.embed_query(text)
        timings["embed_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        found = self.store.dense_among(vector, allowed, k)
        timings["dense_ms"] = (time.perf_counter() - t) * 1000
        return found

    def _listing(self, query: Query, limit: int, mode: Mode, timings: dict, started: float) -> SearchResult:
        """No topic: every passage the filters admit, in report order."""
        # A goal named and nothing else: every kind of passage is read for it (`ChunkFilter` has
        # no goal field; such a question is rare, and its passages few).
        where = query.filter() if not query.filter().is_empty() else ChunkFilter(kinds=tuple(ChunkKind))
        stored = self.store.chunks([int(r) for r in self.store.filter_rowids(where)])
        if query.goal_levels:
            stored = [s for s in stored if _at_level(s, query.goal_levels)]
        if query.goal:
            stored = [s for s in stored if _in_goal(s, query.goal)]
        stored.sort(key=lambda s: (s.chunk.citation.file, s.chunk.citation.line_start))
        shown = stored if query.is_list else stored[:limit]
        hits = tuple(hit_of(s) for s in shown)
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        return SearchResult(query.text, query.interpretation(), len(stored), hits, mode, timings)


# A question that asks for a dissent.
_ASKS_FOR_DISSENT = re.compile(
    r"\b(?:reserv\w*|särskil\w*\s+uttalande\w*|ersättaryttrande\w*|yrkande\w*|dissent\w*)\b", re.I
)


def _with_absent(query: Query, names: Sequence[str]) -> Query:
    """`query` with `names` (reports or years the index has none of) among `absent`, each once: an
    explicit `--year` may have put one there already (a new user read "från 1850 eller 1850")."""
    return replace(query, absent=(*query.absent, *(n for n in names if n not in query.absent)))


def _reached_met(query: Query) -> bool:
    """Whether a question for goals and indicators by their target asks for those met (or missed)."""
    return asked_met(query.text) is not False and GoalStatus.INTE not in (query.prefer.statuses or ())


def _by_score(fused: dict[int, float]) -> None:
    """Order `fused` again, best first, after some scores were moved."""
    ordered = sorted(fused.items(), key=lambda item: -item[1])
    fused.clear()
    fused.update(ordered)


def _dissent_rowids(store: Store) -> frozenset[int]:
    """The passages of the sections that record a dissent from the report's decision."""
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.SECTION,)))
    return frozenset(
        s.rowid
        for s in store.chunks([int(r) for r in rowids] if rowids is not None else [])
        if s.chunk.goal_path and DISSENT_HEADING.match(s.chunk.goal_path[0])
    )


_GOAL_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def _in_goal(stored: StoredChunk, goal: GoalRef) -> bool:
    """Whether a passage sits under the goal (its goal path has the number) or, unless only what
    is under it was asked for, is the goal itself."""
    chunk = stored.chunk
    if goal.file is not None and chunk.citation.file != goal.file:
        return False
    # A goal's number holds its ancestors' ("1.2.2" is under "1.2"): an indicator's path is its own
    # goal alone, and the rows of "1.2"'s nämndmål had been left out of a list "under mål 1.2". A
    # nämndmål printed without a number (the 2013 plan) holds no number to read: its goal's parents do.
    numbered = bool(_GOAL_NUMBER.fullmatch(goal.number or ""))
    if goal.number not in (*chunk.parent_numbers, *chunk.goal_path) and not (
        numbered and any(step.startswith(f"{goal.number}.") for step in chunk.goal_path)
    ):
        return False
    return not goal.below or chunk.kind is not ChunkKind.GOAL or chunk.goal_path[-1] != goal.number


def _at_level(stored: StoredChunk, levels: tuple[int, ...]) -> bool:
    """A goal's level, as the parser read it, is one asked for ("nämndmål": 3, as "1.2.1"); other kinds pass."""
    chunk = stored.chunk
    return chunk.kind is not ChunkKind.GOAL or (chunk.level is not None and chunk.level.depth in levels)


def report_description(where: ChunkFilter) -> str:
    """The reports a filter asks for, as the answer names them: "Norrmalms stadsdelsnämnd 2024",
    "Tertialrapport 1 2021", "T3"."""
    parts = [
        where.namnd or "",
        " eller ".join(t.value for t in where.report_types or ()),
        " eller ".join(where.periods or ()) if not where.report_types else "",
        " eller ".join(str(y) for y in where.years or ()),
    ]
    return " ".join(p for p in parts if p)


def coverage(store: Store, query: Query, candidates: Iterable[int]) -> dict[int, float] | None:
    """rowid → the share of the topic's weight that each candidate passage is about (`term_weight`).

    A topic word found only as a modifier of the passage's compound ("växthusgas" in
    "växthusgasutsläppen") counts half. None when a name the question is about ("Spotify",
    "Airbnb") is in no passage: the dense side cannot find a thing by a name the reports never
    use, so nothing answers. Only the candidates of the two sides are read: a passage that
    neither side found is not shown, whatever its coverage (and the index stays unscanned).
    """
    groups = [set(term.about) for term in query.terms]
    counts = [max(store.doc_freqs(list(g)).values(), default=0) for g in groups]
    if any(term.required and not n and not term.parts for term, n in zip(query.terms, counts, strict=True)):
        return None
    weights = topic_weights(store, query, counts)
    rowids = sorted(set(candidates))
    parted = [t for t in query.terms if t.parts]
    parts = sorted({p for t in parted for p in t.parts})
    # Which candidates hold each term's words (as words or heads, or anywhere) and each compound part:
    # from the in-memory BM25's postings where built, not each passage's fields read from FTS5 (at 100×
    # a list question's thousands of candidates took 30–140 ms there; `Store.holding`).
    held = store.holding([*groups, *([p] for p in parts)], rowids)
    anywhere_part = {p: anywhere for p, (_, anywhere) in zip(parts, held[len(groups) :], strict=True)}
    holds = {
        i: np.logical_and.reduce([anywhere_part[p] for p in t.parts]) for i, t in enumerate(query.terms) if t.parts
    }
    # Where the passages that hold every part of a compound no passage has hold them (read only then).
    with_parts = np.logical_or.reduce(list(holds.values())) if holds else np.zeros(len(rowids), dtype=bool)
    sequences = store.lemma_sequences([rowids[j] for j in np.flatnonzero(with_parts)]) if parted else {}
    # A compound no passage has whose parts no candidate holds together ("färdtjänst": "färdplan" and
    # "hemtjänst" hold its parts apart) is as absent as a word no passage has (`ABSENT_WEIGHT`), and
    # its parts apart say nothing of it. Not a compound of a light head (`LIGHT_HEADS`), which is its
    # modifier's subject ("upphandlingsfrågor" are upphandling). On tune.jsonl no-answer questions at
    # total 0 0.882 → 0.912, no answerable question lost (held-out, read after: 0.842 → 0.947).
    together = {
        i
        for i, t in enumerate(query.terms)
        if t.parts and (t.parts[-1] in LIGHT_HEADS or any(_parts_together(seq, t.parts) for seq in sequences.values()))
    }
    weights = [
        w * ABSENT_WEIGHT if t.parts and i not in together and may_name_subject(t) else w
        for i, (t, w) in enumerate(zip(query.terms, weights, strict=True))
    ]
    # An optional term (a month that bounds a period, an English compound) adds where a passage holds it,
    # and is missed by none (`TopicTerm.optional`).
    whole = sum(w for t, w in zip(query.terms, weights, strict=True) if not t.optional) or 1.0
    share = np.zeros(len(rowids))
    for i, (term, (about, anywhere), weight) in enumerate(zip(query.terms, held[: len(groups)], weights, strict=True)):
        # A word or head counts whole, a modifier alone half.
        share += np.where(about, 1.0, np.where(anywhere, 0.5, 0.0)) * weight / whole
        if i in together:
            # Every part of a compound no passage has (`TopicTerm.parts`): on tune.jsonl, at full
            # weight one more answerable question answered (a comparison), no no-answer question
            # answered; at half weight nothing changed.
            for j in np.flatnonzero(holds[i] & ~anywhere):
                apart = 1.0 if _parts_together(sequences.get(rowids[j], ()), term.parts) else APART
                share[j] += apart * weight / whole
    share = np.minimum(share, 1.0)
    return {rowids[j]: float(share[j]) for j in np.flatnonzero(share)}


def topic_weights(store: Store, query: Query, counts: Sequence[int] | None = None) -> list[float]:
    """The weight of each of the question's topic words (`term_weight`), ×`ABSENT_WEIGHT` for a word
    no passage holds that may name the subject; `counts` are the passages holding each, when read."""
    total = max(store.passage_count(), 1)
    if counts is None:
        counts = [max(store.doc_freqs(list(term.about)).values(), default=0) for term in query.terms]
    return [
        term_weight(term.searched, n, total)
        * (ABSENT_WEIGHT if not n and not term.parts and not term.coordinated and may_name_subject(term) else 1.0)
        for term, n in zip(query.terms, counts, strict=True)
    ]


# A compound's parts written apart are a phrase a few words long ("tippning av snö" for
# "snötippning"): its lemmas stand within `PARTS_WINDOW` places of each other (stop words not
# counted), and the compound counts in full. Parts anywhere else in a passage count `APART` of it:
# a new user's "färdtjänsten" was "tydligt" in passages of "färdplan" and "hemtjänst", while
# "upphandlingsfrågor" are never written together, and passages on upphandling answer them. On
# tune.jsonl at 0.5: no-answer questions at total 0 0.853 → 0.882, nothing else changed; at 0 (parts
# apart count nothing) 0.912, but "upphandlingsfrågor" answered 0, a comparison among them; at 0.25
# the same. Held-out: no-answer 0.789 → 0.842, no answerable question lost; fresh2 0.667 → 0.833.
PARTS_WINDOW = 3
APART = 0.5
# Heads that add little to their modifier: "X-frågor" are "frågor om X", "X-arbete" "arbetet med X",
# as Swedish writes either; so such a compound's passages are the modifier's.
LIGHT_HEADS = frozenset({"fråga", "arbete"})


def _parts_together(lemmas: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether every part stands, as a word or a compound's part, within `PARTS_WINDOW` of the others:
    a window slid over the places where any part stands (linear in them, however often each recurs)."""
    wanted = set(parts)
    places = [
        (i, part) for i, word in enumerate(lemmas) for part in wanted if word == part or part in split_compound(word)
    ]
    last: dict[str, int] = {}
    for i, part in places:
        last[part] = i
        if len(last) == len(wanted) and i - min(last.values()) <= PARTS_WINDOW:
            return True
    return False


def term_weight(word: str, df: int, total: int) -> float:
    """How much a topic word says about what a question is about: two rarities multiplied.

    Its idf in the index (a word in most passages picks none: "nämnd", "stad"), and its rarity in
    everyday Swedish (8 − wordfreq's zipf): the words a question is phrased with ("tycker",
    "räknade", "kopplat") are common in speech, its subject ("överskott", "hörselmiljö") is not,
    whereas in a small index a phrasing verb can be rarer than the subject. On tune.jsonl, the
    product at `COVERAGE` 0.4 answered 14 answerable questions with 0 where idf alone left 16
    (both with 13 of 14 no-answer questions at 0), and lists reached recall 0.57 against 0.54.
    """
    idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
    return idf * (8.0 - min(zipf_frequency(word.lower()), 7.0))


def fuse(*rankings: tuple[list[tuple[int, float]], float]) -> dict[int, float]:
    """Weighted reciprocal rank fusion of (best-first ranking, weight): rowid → score, best first."""
    scores: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, (rowid, _) in enumerate(ranking, 1):
            scores[rowid] = scores.get(rowid, 0.0) + weight / (RRF_K + rank)
    return dict(sorted(scores.items(), key=lambda item: -item[1]))


# An abbreviation in capitals names a thing ("SIKT", "SKR", "SISAB"), as a capitalised word does; its
# lower-case form may be an everyday word ("sikt"), so it is not read as a name elsewhere.
_ACRONYM = re.compile(r"[A-ZÅÄÖ]{3,}")

# An indicator's name opens with what kind of measure it is ("Andel …", "Antal …"); a question asks
# for it as "hur stor andel", "hur många", so these words do not count in naming the measure.
_MEASURE_WORDS = frozenset({"andel", "antal"})


def _names(title: str, asked: set[str]) -> bool:
    """Whether every content word of an indicator's name is among the question's topic words."""
    words = {lemma(w) for w in WORD.findall(title)} - STOP_WORDS - _MEASURE_WORDS
    return bool(words) and words <= asked


def blend(
    lexical: list[tuple[int, float]], dense: list[tuple[int, float]], about: dict[int, float], *, weight: float
) -> dict[int, float]:
    """Hybrid score: the passage's cosine plus `weight` × the share of the topic its words cover.

    The two sides' candidates are scored on one scale. A passage only the lexical side found takes
    the lowest cosine the dense side returned (its own is at most that). Rank fusion threw away
    how close the cosines are: e5's crowd within a few hundredths, so a passage that covers the
    topic's rare words must win by its coverage, and an English or paraphrased question whose
    words the index lacks is ranked by its cosine, not by the one common word it shares.
    """
    cosine = dict(dense)
    floor = dense[-1][1] if dense else 0.0
    rowids = dict.fromkeys([r for r, _ in dense] + [r for r, _ in lexical])
    scores = {r: cosine.get(r, floor) + weight * about.get(r, 0.0) for r in rowids}
    return dict(sorted(scores.items(), key=lambda item: -item[1]))


def highlights(text: str, wanted: set[str]) -> tuple[str, ...]:
    """The words of `text` whose lemma or compound parts are among the wanted terms."""
    # Each distinct word once, in order of first appearance: a list answer highlights hundreds of passages.
    return tuple(
        word
        for word in dict.fromkeys(WORD.findall(text))
        if lemma(word) in wanted or wanted.intersection(split_compound(word))
    )


def hit_of(
    stored: StoredChunk,
    score: float = 1.0,
    wanted: set[str] | None = None,
    rank: int | None = None,
    cosine: float | None = None,
) -> Hit:
    """A stored chunk as a hit; `wanted` terms are highlighted."""
    chunk = stored.chunk
    return Hit(chunk, score, highlights(chunk.text, wanted) if wanted else (), rank, cosine)
