"""A query draft: the key sentences of a question's passages, chosen for relevance and variety.

Candidates are the prose sentences of the hits; they are embedded, near-identical ones merged,
and picked by maximal marginal relevance (relevance to the question against likeness to what is
already picked) until the length budget is spent. The picked sentences are then grouped by goal,
the goal of the most relevant sentence first, and within a goal in the report's own order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from index.embed.embedder import Embedder
from index.nlp.analysis import analyze_many
from index.parse.records import ChunkKind, Citation, GoalStatus
from index.parse.results import AMOUNT
from index.store import ChunkFilter, Store
from search.engine import Hit, Searcher, SearchResult, topic_weights
from search.query import Filters
from summarise.draft import Draft, DraftSection, DraftSentence, SourceBook, swedish_number
from summarise.finance import BUDGET_WORDS, asks_about_finance, finance
from summarise.report import finance_section, judged_as_forecast
from summarise.sentences import passage_sentences, sentences, with_antecedents

BUDGET_CHARS = 1500
MMR_LAMBDA = 0.7  # relevance weighs more than variety, but a repeat costs
DUPLICATE = 0.95  # cosine above which two sentences say the same thing
MAX_CANDIDATES = 120  # sentences embedded per draft: bounds its time on a CPU
COVERED_WEIGHT = 0.05
MAX_SENTENCE_CHARS = 400  # longer: a table's run of cells, or a back-pointing sentence with a long antecedent
ORDER_WEIGHT = 0.1
# A question about the economy: a sentence that states an amount in kronor is what an official reports
# upward, whichever words it uses for the cause ("Den totala kostnaden för året beräknas uppgå till 20
# mnkr", of the pandemic's purchases, names neither "pandemi" nor "ekonomi"). It weighs as much as a
# sentence that holds the whole topic (`COVERED_WEIGHT`), and such sentences of later hits are read
# past `MAX_CANDIDATES` (up to `MORE_AMOUNTS`): trial 29's pandemic draft had left out 20 and 62,4 mnkr.
AMOUNT_WEIGHT = 0.05
MORE_AMOUNTS = 40


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    hit: Hit
    order: int  # position of its hit in the ranking
    position: int  # position of the sentence in its passage
    matched: bool  # holds a word that matched the question (lemma or compound part)
    covered: float = 0.0  # the share of the question's topic weight its own words hold (`topic_weights`)
    amount: bool = False  # states an amount in kronor, in a draft for a question about the economy


def _topic(searcher: Searcher, question: str, filters: Filters | None) -> list[tuple[frozenset[str], float]]:
    """The question's topic words, each as the index terms that stand for it, with the weight the
    search gives it (`search.engine.topic_weights`): rare subject words weigh most."""
    query = searcher.understand(question, filters)
    weights = topic_weights(searcher.store, query)
    return [(frozenset(t.about) | frozenset(t.parts), w) for t, w in zip(query.terms, weights, strict=True)]


def query_draft(
    searcher: Searcher,
    question: str,
    filters: Filters | None = None,
    *,
    budget: int = BUDGET_CHARS,
    limit: int = 30,
) -> Draft:
    """A cited draft of what the passages matching `question` say."""
    result = searcher.search(question, filters, limit=limit)
    title = f"Sammanfattning: {question}"
    if not result.hits:
        return _nothing_found(title, result)
    relevant = list(result.hits)  # the engine shows only passages with evidence for the question
    economy = asks_about_finance(question)
    candidates = _candidates(relevant, _topic(searcher, question, filters), amounts=economy)
    sides = tuple(result.interpretation.compare or ())
    if not sides:
        chosen = _pick(searcher, candidates, question, budget)
        draft = _draft(title, chosen, len(relevant), goal_statuses(searcher.store, [c.hit for c in chosen]))
        if result.interpretation.list:
            return _with_listing(draft, relevant)
    else:
        # A comparison covers every year or nämnd it names: each side gets its share of the budget
        # and its own selection, so one side's stronger passages cannot crowd out the other's.
        picked = {
            side: _pick(
                searcher, [c for c in candidates if _side_of(c.hit, sides) == side], question, budget // len(sides)
            )
            for side in sides
        }
        draft = _comparison_draft(title, picked, len(relevant))
    return _with_economy(searcher, draft, relevant, question) if economy else draft


MAX_ECONOMY_REPORTS = 3


def _with_economy(searcher: Searcher, draft: Draft, hits: Sequence[Hit], question: str) -> Draft:
    """A question about the economy leads with each report's result or prognosis and its reasons, as a
    nämnd's draft does (`report.finance_section`), for the reports its passages are from (the first
    `MAX_ECONOMY_REPORTS`). A new user's "Hur har coronapandemin påverkat kommunstyrelsens aktiviteter
    och ekonomi 2020?" got a draft with no mnkr, while T1 2020 states −7 mnkr and why.

    A report that states no result leads only where the question asks about the budget: a question on
    how the pandemic affected the economy had the 2024 avstämning's budget adjustments of the
    nämnder, "Kommunstyrelsen 2024: Budget: … 57,9 mnkr", read as Kommunstyrelsen's own (trial 27).
    A sentence the lead quotes is not quoted again below it."""
    files = list(dict.fromkeys(h.citation.file for h in hits))[:MAX_ECONOMY_REPORTS]
    documents = {d.file: d for d in searcher.store.documents() if d.file in files}
    per_document = []
    for file in files:
        chunks = sorted(
            searcher.store.chunks(searcher.store.filter_rowids(ChunkFilter(files=(file,)))),
            key=lambda c: c.chunk.citation.line_start,
        )
        roles = {line.role for line in finance(chunks, documents[file].meta.namnd)}
        if roles & {"resultat", "prognos"} or BUDGET_WORDS.search(question):
            per_document.append((documents[file], chunks))
    files = [document.file for document, _ in per_document]
    book = SourceBook()
    economy = finance_section(per_document, book, several=False)
    if not economy.sentences:
        return draft
    if len(files) > 1 or len({s.citation.file for s in draft.sources}) > 1:
        # Named as every sentence of a draft from several reports is (`_lead`): "Kommunstyrelsen 2020 T1: "
        sources = {source.n: source.citation for source in book.sources()}
        economy = replace(
            economy, sentences=tuple(replace(x, text=_named(sources[x.source]) + x.text) for x in economy.sentences)
        )
    quoted = {s.quote for s in economy.sentences}
    sections = tuple(
        replace(x, sentences=tuple(s for s in x.sentences if s.quote not in quoted)) for x in draft.sections
    )
    return _led_by(economy, replace(draft, sections=tuple(x for x in sections if x.sentences or x.note)), book)


def _led_by(first: DraftSection, draft: Draft, book: SourceBook) -> Draft:
    """`draft` with `first` before its sections, cited from `book`: the draft's own sources are numbered
    on after `first`'s, each once, in order of first use."""
    by_n = {source.n: source for source in draft.sources}

    def renumbered(sentence: DraftSentence) -> DraftSentence:
        source = by_n[sentence.source]
        return replace(sentence, source=book.cite(source.passage_id, source.citation, source.text))

    sections = [first, *(replace(x, sentences=tuple(map(renumbered, x.sentences))) for x in draft.sections)]
    return replace(draft, sections=tuple(sections), sources=book.sources())


def _with_listing(draft: Draft, hits: Sequence[Hit]) -> Draft:
    """A list question's draft leads with the list: each activity, goal or indicator found, by its
    name as the report prints it, with its flag or status, cited. A new user's "Vilka aktiviteter har
    avvikelse i kommunstyrelsens tertialrapport 2 2021?" got a draft of their analyses' sentences
    that named none of the five activities (a name is no sentence, so none was ever quoted)."""
    book = SourceBook()
    several = len({h.citation.file for h in hits}) > 1
    items = []
    for hit in hits:
        chunk = hit.chunk
        marks = [m for m in ("avvikelse" if chunk.deviation else "", chunk.status.value if chunk.status else "") if m]
        shown = (_lead(hit) if several else "") + chunk.label + (f" ({', '.join(marks)})" if marks else "")
        items.append(DraftSentence(shown, chunk.label, book.cite(hit.id, hit.citation, chunk.text)))
    listing = DraftSection("Förteckning", tuple(items), note=f"{len(items)} passager, som sökningen listar dem.")
    return _led_by(listing, draft, book)


def _nothing_found(title: str, result: SearchResult) -> Draft:
    """No passage answers: the draft says so, names the question's words no report has, and lists the
    search's nearest passages under a heading that says they are uncertain, each by its first sentence
    and citation, and summarises none of them. A new user's "Vilka aktiviteter inom trygghet och
    krisberedskap har försenats av pandemin?" got an empty draft, while the search's three suggestions
    were the three activities asked for."""
    warnings = ["Inga passager matchade frågan tydligt; ingen sammanfattning är gjord."]
    reading = result.interpretation
    if reading.absent:
        warnings.append(f"Ingen rapport i indexet är från {' eller '.join(reading.absent)}.")
    elif reading.unnamed:
        warnings.append(f"Inget stycke om frågan nämner {' eller '.join(reading.unnamed)}.")
    if result.unknown_words:
        words = ", ".join(f"«{w}»" for w in result.unknown_words)
        warnings.append(f"Ord i frågan som ingen rapport har: {words}; rapporterna kan säga samma sak med andra ord.")
    book = SourceBook()
    sentences = []
    for hit in result.suggestions:
        first = next(iter(passage_sentences(hit.chunk)), hit.chunk.text.split("\n", 1)[0])
        n = book.cite(hit.id, hit.citation, hit.chunk.text)
        sentences.append(DraftSentence(_lead(hit) + first, first, n))
    if not sentences:
        return Draft(title, (), (), warnings=tuple(warnings))
    note = "Osäkra förslag, inga träffar: läs passagerna, de kan säga samma sak med andra ord."
    section = DraftSection("Närmaste passager (osäkra förslag)", tuple(sentences), note=note)
    return Draft(title, (section,), book.sources(), warnings=tuple(warnings))


def _pick(searcher: Searcher, candidates: list[_Candidate], question: str, budget: int) -> list[_Candidate]:
    if searcher.embedder is None or not candidates:
        return candidates[: max(1, budget // 200)]
    return select(candidates, searcher.embedder, question, budget)


def _side_of(hit: Hit, sides: Sequence[str]) -> str | None:
    """The compared side a hit belongs to: its year ("2021") or its nämnd (any case)."""
    for side in sides:
        if side.isdigit() and hit.citation.year == int(side):
            return side
        if not side.isdigit() and hit.citation.namnd.lower() == side.lower():
            return side
    return None


EXPECTED_LABEL = "Förväntat resultat (ett mål, inget utfall): "


def _as_target(hit: Hit, shown: str, sentence: str) -> str:
    """`shown`, said to be a goal's expected result where the sentence is one (`Chunk.expected`): trial
    30's draft on safety in Norrmalm quoted "Invånare … upplever att stadsdelsområdet är tryggt" as
    a fact, while the report had it under "Förväntat resultat" and the goal was met only in part."""
    expected = " ".join(hit.chunk.expected.split())
    return EXPECTED_LABEL + shown if expected and " ".join(sentence.split()) in expected else shown


def _lead(hit: Hit) -> str:
    """The nämnd and report of a sentence, named where a draft draws on several reports."""
    return _named(hit.citation)


def _named(c: Citation) -> str:
    when = " ".join(str(p) for p in (c.year, c.period) if p)
    who = f"{c.namnd} {when}" if when else c.namnd
    dissent = _dissent(c.section or "")
    return f"{dissent} i {who}: " if dissent else f"{who}: "


# A party's dissent printed in a nämnd's document: a reservation or a särskilt uttalande (yttrande) by a
# named member, the party in brackets ("Reservation av borgarrådet Daniel Helldén (MP)"). What it says
# is the party's proposal, not the nämnd's decision.
_DISSENT = re.compile(r"\b(Reservation|Särskilt (?:uttalande|yttrande))\b[^›]*?(?:\(([A-ZÅÄÖ]{1,5})\))?(?:\s*›|$)")


def _dissent(section: str) -> str:
    """ "Reservation (MP)" where a sentence stands under a party's dissent (its heading in the section
    path), else "". Trial 31: "Kommunstyrelsen 2013: 200 miljoner avsätts till … sociala
    investeringsfonden" was Miljöpartiet's reservation, stamped as the nämnd's."""
    match = _DISSENT.search(section)
    if match is None:
        return ""
    return f"{match.group(1)} ({match.group(2)})" if match.group(2) else match.group(1)


def _candidates(
    hits: Sequence[Hit], topic: Sequence[tuple[frozenset[str], float]] = (), *, amounts: bool = False
) -> list[_Candidate]:
    """The hits' sentences in rank order, the first `MAX_CANDIDATES`; where `amounts` (a question about
    the economy), those of later hits that state an amount in kronor too (`MORE_AMOUNTS`)."""
    out: list[_Candidate] = []
    more: list[_Candidate] = []
    seen: set[str] = set()
    for order, hit in enumerate(hits):
        for position, sentence in enumerate(with_antecedents(passage_sentences(hit.chunk))):
            key = sentence.lower()
            if key in seen or not 30 <= len(sentence) <= MAX_SENTENCE_CHARS:
                continue
            seen.add(key)
            matched = any(word in sentence for word in hit.highlights)
            amount = amounts and bool(AMOUNT.search(sentence))
            candidate = _Candidate(sentence, hit, order, position, matched, amount=amount)
            if len(out) < MAX_CANDIDATES:
                out.append(candidate)
            elif candidate.amount and len(more) < MORE_AMOUNTS:
                more.append(candidate)
    out += more
    whole = sum(weight for _, weight in topic)
    if not out or not whole:
        return out
    analysed = analyze_many([c.text for c in out])
    return [
        replace(c, covered=sum(w for group, w in topic if group & {*a.lemmas, *a.compounds}) / whole)
        for c, a in zip(out, analysed, strict=True)
    ]


def select(candidates: list[_Candidate], embedder: Embedder, question: str, budget: int) -> list[_Candidate]:
    """Maximal marginal relevance over sentence embeddings, within `budget` characters; most
    relevant first."""
    vectors = embedder.embed_passages([c.text for c in candidates])
    relevance = vectors @ embedder.embed_query(question)
    # The hit's own rank is evidence too: a sentence from the first hit beats one from the 30th.
    relevance = relevance + ORDER_WEIGHT * (1.0 / (1.0 + np.array([c.order for c in candidates])))
    # And so is a word of the question in the sentence itself, not only somewhere in its passage,
    # by how much of the question's topic the sentence's words hold (`COVERED_WEIGHT`).
    relevance = relevance + 0.03 * np.array([c.matched for c in candidates], dtype=np.float32)
    relevance = relevance + COVERED_WEIGHT * np.array([c.covered for c in candidates], dtype=np.float32)
    relevance = relevance + AMOUNT_WEIGHT * np.array([c.amount for c in candidates], dtype=np.float32)
    chosen: list[int] = []
    used = 0
    remaining = set(range(len(candidates)))
    while remaining:
        if chosen:
            likeness = vectors[list(remaining)] @ vectors[chosen].T
            closest = likeness.max(axis=1)
        else:
            closest = np.zeros(len(remaining))
        order = list(remaining)
        scores = MMR_LAMBDA * relevance[order] - (1 - MMR_LAMBDA) * closest
        best = order[int(np.argmax(scores))]
        remaining.discard(best)
        if chosen and float((vectors[chosen] @ vectors[best]).max()) >= DUPLICATE:
            continue  # near-identical to a chosen sentence: merged into it
        if used + len(candidates[best].text) > budget and chosen:
            continue
        chosen.append(best)
        used += len(candidates[best].text)
    return [candidates[i] for i in chosen]


def _in_report_order(chosen: list[_Candidate]) -> list[_Candidate]:
    return sorted(
        chosen, key=lambda c: (c.hit.citation.goal or "~", c.hit.citation.file, c.hit.citation.line_start, c.position)
    )


def _comparison_draft(title: str, picked: dict[str, list[_Candidate]], passages: int) -> Draft:
    """One section per compared year or nämnd, each sentence led by its nämnd and report."""
    book = SourceBook()
    sections = []
    for side, chosen in picked.items():
        sentences = []
        for candidate in _in_report_order(chosen):
            n = book.cite(candidate.hit.id, candidate.hit.citation, candidate.hit.chunk.text)
            shown = _as_target(candidate.hit, candidate.text, candidate.text)
            sentences.append(DraftSentence(_lead(candidate.hit) + shown, candidate.text, n))
        note = None if sentences else f"Inga relevanta passager för {side}."
        sections.append(DraftSection(side, tuple(sentences), note=note))
    warnings = tuple(f"Jämförelsen saknar underlag för {side}." for side, chosen in picked.items() if not chosen)
    note = f"Jämförelse av {', '.join(picked)}: utdrag ur {len(book.sources())} av sökningens {passages} passager."
    sections[0] = DraftSection(
        sections[0].heading, sections[0].sentences, note=note + (f" {sections[0].note}" if sections[0].note else "")
    )
    return Draft(title, tuple(sections), book.sources(), warnings=warnings)


def _by_relevance_then_report(chosen: list[_Candidate]) -> list[_Candidate]:
    """The goal of the most relevant sentence first, then the goal of the next; within a goal, the
    passage of its most relevant sentence first, each passage's sentences in its own order: a draft
    leads with what answers the question. In goal-number order the first sentence was from a gold
    passage for 0.22 of the tune questions; by goal, in report order within it, 0.49; by goal and
    passage 0.59 (held-out 0.38 → 0.56, read afterwards)."""
    goal_rank: dict[str, int] = {}
    passage_rank: dict[str, int] = {}
    for i, c in enumerate(chosen):  # `select` picks the most relevant first
        goal_rank.setdefault(_heading(c.hit), i)
        passage_rank.setdefault(c.hit.id, i)
    in_report = _in_report_order(chosen)
    return sorted(in_report, key=lambda c: (goal_rank[_heading(c.hit)], passage_rank[c.hit.id]))


def _heading(hit: Hit) -> str:
    """A sentence's heading in the draft: its goal, or the report's section it is from ("Kvalitetsarbete ›
    Konsekvenser av pågående pandemi"). A new user found a draft's answer under "Övrigt", every
    passage outside a goal gathered there whatever its section."""
    c = hit.citation
    return c.goal or c.section or "Övrigt"


TITLE_WORDS = 12  # a record named before its Analys's sentence: its title's first words
_RECORDS = (ChunkKind.ACTIVITY, ChunkKind.INDICATOR)  # a title, then its Analys (`passage_sentences`)


def _title_sentences(hit: Hit) -> int:
    """How many of a record's sentences (`passage_sentences`) are its title's (none where the title is
    no sentence: "Sjukfrånvaro"); 0 for any other passage."""
    return len(sentences(hit.chunk.title)) if hit.chunk.kind in _RECORDS else 0


def _figures(hit: Hit) -> str:
    """An indicator's outcome against its target, as its row gives them ("utfall 9,4 % mot årsmål
    8,5 %"): what an official reports upward first. Trial 32's draft on sick leave quoted the rows'
    Analys ("Pandemin har stor påverkan …") and never a figure; "" for any other passage."""
    v = hit.chunk.values
    if hit.chunk.kind is not ChunkKind.INDICATOR or v is None or v.outcome is None:
        return ""
    text = " ".join(hit.chunk.text.split())

    def printed(value: float) -> str:
        # With its unit where the row prints it so: a cell "66,67" under a "%" column stays "66,67", as
        # every figure a draft states stands in its cited passage.
        number = swedish_number(value)
        return (
            f"{number} {v.unit}"
            if v.unit and re.search(rf"(?<![\d,]){re.escape(number)} ?{re.escape(v.unit)}", text)
            else number
        )

    said = f"utfall {printed(v.outcome)}"
    target, label = (v.target, "årsmål") if v.target is not None else (v.kf_target, "KF:s årsmål")
    if target is not None:
        said += f" mot {label} {'+/- ' if v.band else ''}{printed(target)}"
    return said


def _short(title: str) -> str:
    words = title.split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")


def goal_statuses(store: Store, hits: Sequence[Hit]) -> dict[tuple[str, str], str]:
    """(file, goal label) → how the report judges the goal, for the goals the hits stand under:
    "uppfylls delvis", or "prognos för helåret: uppfylls helt" before the year is over, as a report's
    draft says it (`judged_as_forecast`). A draft's sentences under
    a goal read as its outcome unless its judgement is beside them: trial 30's draft on safety in
    Norrmalm quoted the goal's text and never said that goals 1.2 and 1.2.1 are met only in part."""
    files = tuple(sorted({h.citation.file for h in hits if h.citation.goal}))
    if not files:
        return {}
    goals = store.chunks(store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,), files=files)))
    out = {}
    for goal in goals:
        if goal.chunk.status is None or goal.chunk.status is GoalStatus.EJ_BEDOMD or not goal.chunk.citation.goal:
            continue
        forecast = judged_as_forecast(goal.chunk.report_type)
        said = f"prognos för helåret: {goal.chunk.status.value}" if forecast else goal.chunk.status.value
        out[(goal.chunk.citation.file, goal.chunk.citation.goal)] = said
    return out


def _draft(
    title: str, chosen: list[_Candidate], passages: int, statuses: dict[tuple[str, str], str] | None = None
) -> Draft:
    book = SourceBook()
    statuses = statuses or {}
    chosen = _by_relevance_then_report(chosen)
    # Another nämnd's or year's figure must not read as if it were the first one's: where the draft
    # draws on several reports, every sentence names its own (two new users read a draft that mixed
    # 2020 and 2021 as one year's).
    several = len({c.hit.citation.file for c in chosen}) > 1
    titled = {c.hit.id for c in chosen if c.position < _title_sentences(c.hit)}
    sections: list[DraftSection] = []
    for candidate in chosen:
        goal = _heading(candidate.hit)
        n = book.cite(candidate.hit.id, candidate.hit.citation, candidate.hit.chunk.text)
        shown = candidate.text
        if candidate.hit.id not in titled and candidate.hit.chunk.kind in _RECORDS:
            # A sentence of an activity's or indicator's Analys says "Aktiviteten har påbörjats … fått
            # pausas" of a record the reader must be told: a new user could not tell which activity.
            figures = _figures(candidate.hit)
            shown = f"«{_short(candidate.hit.chunk.title)}»{f' ({figures})' if figures else ''}: {shown}"
            titled.add(candidate.hit.id)
        shown = _as_target(candidate.hit, shown, candidate.text)
        shown = _lead(candidate.hit) + shown if several else shown
        sentence = DraftSentence(shown, candidate.text, n)
        judged = statuses.get((candidate.hit.citation.file, candidate.hit.citation.goal or ""))
        goal = f"{goal} ({judged})" if judged and not several else goal
        if sections and sections[-1].heading == goal:
            sections[-1] = DraftSection(goal, (*sections[-1].sentences, sentence))
        else:
            sections.append(DraftSection(goal, (sentence,)))
    note = f"Utdrag ur {len(book.sources())} av sökningens {passages} relevanta passager."
    if sections:
        sections[0] = DraftSection(sections[0].heading, sections[0].sentences, note=note)
    return Draft(title, tuple(sections), book.sources())
