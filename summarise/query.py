"""A query draft: the key sentences of a question's passages, chosen for relevance and variety.

Candidates are the prose sentences of the hits; they are embedded, near-identical ones merged,
and picked by maximal marginal relevance (relevance to the question against likeness to what is
already picked) until the length budget is spent. The picked sentences are then ordered by goal
and place in the report, so the draft reads in the report's own order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.embedder import Embedder
from search.engine import Hit, Searcher
from search.query import Filters
from summarise.draft import Draft, DraftSection, DraftSentence, SourceBook
from summarise.sentences import sentences

BUDGET_CHARS = 1500
MMR_LAMBDA = 0.7  # relevance weighs more than variety, but a repeat costs
DUPLICATE = 0.95  # cosine above which two sentences say the same thing
MAX_CANDIDATES = 120  # sentences embedded per draft: bounds its time on a CPU


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    hit: Hit
    order: int  # position of its hit in the ranking
    position: int  # position of the sentence in its passage
    matched: bool  # holds a word that matched the question (lemma or compound part)


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
        return Draft(title, (), (), warnings=("Inga passager matchade frågan.",))
    relevant = list(result.hits)  # the engine shows only passages with evidence for the question
    candidates = _candidates(relevant)
    if searcher.embedder is None or not candidates:
        chosen = candidates[: max(1, budget // 200)]
    else:
        chosen = select(candidates, searcher.embedder, question, budget)
    return _draft(title, chosen, len(relevant))


def _candidates(hits: Sequence[Hit]) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen: set[str] = set()
    for order, hit in enumerate(hits):
        for position, sentence in enumerate(sentences(hit.text)):
            key = sentence.lower()
            if key in seen or not 30 <= len(sentence) <= 400:
                continue
            seen.add(key)
            matched = any(word in sentence for word in hit.highlights)
            out.append(_Candidate(sentence, hit, order, position, matched))
    return out[:MAX_CANDIDATES]


def select(candidates: list[_Candidate], embedder: Embedder, question: str, budget: int) -> list[_Candidate]:
    """Maximal marginal relevance over sentence embeddings, within `budget` characters."""
    vectors = embedder.embed_passages([c.text for c in candidates])
    relevance = vectors @ embedder.embed_query(question)
    # The hit's own rank is evidence too: a sentence from the first hit beats one from the 30th.
    relevance = relevance + 0.02 * (1.0 / (1.0 + np.array([c.order for c in candidates])))
    # And so is a word of the question in the sentence itself, not only somewhere in its passage.
    relevance = relevance + 0.03 * np.array([c.matched for c in candidates], dtype=np.float32)
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


def _draft(title: str, chosen: list[_Candidate], passages: int) -> Draft:
    book = SourceBook()
    chosen = sorted(
        chosen, key=lambda c: (c.hit.citation.goal or "~", c.hit.citation.file, c.hit.citation.line_start, c.position)
    )
    sections: list[DraftSection] = []
    for candidate in chosen:
        goal = candidate.hit.citation.goal or "Övrigt"
        n = book.cite(candidate.hit.id, candidate.hit.citation, candidate.hit.text)
        sentence = DraftSentence(candidate.text, candidate.text, n)
        if sections and sections[-1].heading == goal:
            sections[-1] = DraftSection(goal, (*sections[-1].sentences, sentence))
        else:
            sections.append(DraftSection(goal, (sentence,)))
    note = f"Utdrag ur {len(book.sources())} av sökningens {passages} relevanta passager."
    if sections:
        sections[0] = DraftSection(sections[0].heading, sections[0].sentences, note=note)
    return Draft(title, tuple(sections), book.sources())
