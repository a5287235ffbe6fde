"""The related-activities gold set, and precision and recall of what `related` lists.

A gold line (tests/eval/related-*.jsonl) names its anchor and each related passage by file and a
snippet of its first line, so it survives re-chunking; `resolve` turns snippets into passage ids.
Related passages were found by reading the reports (grep of key words, synonyms and compounds,
then the hits read), never by running `related`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.embed.embedder import Embedder
from index.parse.records import ChunkKind
from index.store import ChunkFilter, Store
from summarise.related import PROSE_KINDS, Related, Thresholds, decide, related, score_candidates


@dataclass(frozen=True, slots=True)
class GoldRef:
    file: str
    text: str  # a snippet of the passage's first line
    relation: str | None = None  # a Relation's value, for related passages
    # "prose" for a sentence in a section or a goal's text ("text" is then a snippet of that
    # sentence, anywhere in the passage); "indicator" for an indicator row, which `related` does
    # not compare (left out of the figures); "" or "activity"/"goal" for the passage's first line.
    kind: str = ""


@dataclass(frozen=True, slots=True)
class GoldAnchor:
    id: str
    anchor: GoldRef
    related: tuple[GoldRef, ...]
    note: str = ""
    # The reader also looked in prose: listed prose passages are judged. Gold sets written before
    # `related` read prose named activities and goals only, and a prose passage listed for them is
    # neither right nor wrong.
    prose: bool = False


@dataclass(frozen=True, slots=True)
class RelatedMetrics:
    """Micro-averaged over anchors: every listed item and every gold item counts once."""

    anchors: int
    precision: float  # listed items that the gold relates / listed items
    recall: float  # gold items listed / gold items
    same_exact: float  # anchors whose "samma uppdrag" group equals the gold's (either side non-empty)
    empty_when_none: float  # anchors without a related passage for which nothing is listed
    relation_accuracy: float  # correctly listed items whose kind of relation matches the gold's
    listed: int
    gold: int
    prose_listed: int = 0  # of `listed`, sentences of prose (judged only where the gold has them)
    prose_hits: int = 0
    prose_gold: int = 0


def load_gold(path: Path) -> list[GoldAnchor]:
    anchors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        anchors.append(
            GoldAnchor(
                id=row["id"],
                anchor=GoldRef(row["anchor"]["file"], row["anchor"]["text"]),
                related=tuple(
                    GoldRef(r["file"], r["text"], r["relation"], r.get("kind", ""))
                    for r in row["related"]
                    if r.get("kind") != "indicator"
                ),
                note=row.get("note", ""),
                prose=bool(row.get("prose", False)),
            )
        )
    return anchors


def resolver(store: Store) -> Callable[[GoldRef], str]:
    """A function from a gold reference to the one passage it names: an activity or goal by its
    first line, a sentence of prose by the section, analysis or goal whose text holds it.

    Raises (from the function):
        LookupError: no passage, or more than one, holds the snippet in that file.
    """
    rows = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.ACTIVITY, ChunkKind.GOAL)))
    firsts = [(c.chunk.citation.file, " ".join(c.chunk.label.split()), c.chunk.id) for c in store.chunks(rows)]
    prose_rows = store.filter_rowids(ChunkFilter(kinds=PROSE_KINDS))
    texts = [(c.chunk.citation.file, " ".join(c.chunk.text.split()), c.chunk.id) for c in store.chunks(prose_rows)]

    def resolve(ref: GoldRef) -> str:
        snippet = " ".join(ref.text.split())
        found = [i for f, text, i in (texts if ref.kind == "prose" else firsts) if f == ref.file and snippet in text]
        if len(found) != 1:
            raise LookupError(f"{ref.file}: {len(found)} passages hold {ref.text!r}")
        return found[0]

    return resolve


def evaluate(
    gold: Sequence[GoldAnchor], found: Mapping[str, Related], resolve: Callable[[GoldRef], str]
) -> RelatedMetrics:
    """Precision and recall of the listed items, exact "samma uppdrag" groups, empty lists."""
    listed = hits = total = same_checked = same_ok = none = none_empty = kind_ok = 0
    prose_listed = prose_hits = prose_total = 0
    for anchor in gold:
        result = found[anchor.id]
        wanted = {resolve(r): r.relation for r in anchor.related}
        members = [m for m in result.members if anchor.prose or not m.sentence]
        got = {m.chunk.id: m.relation for m in members}
        listed += len(got)
        total += len(wanted)
        correct = got.keys() & wanted.keys()
        hits += len(correct)
        kind_ok += sum(got[i] == wanted[i] for i in correct)
        prose_got = {m.chunk.id for m in members if m.sentence}
        prose_wanted = {resolve(r) for r in anchor.related if r.kind == "prose"}
        prose_listed += len(prose_got)
        prose_total += len(prose_wanted)
        prose_hits += len(prose_got & prose_wanted)
        same_gold = {i for i, r in wanted.items() if r == "samma uppdrag"}
        same_got = {i for i, r in got.items() if r == "samma uppdrag"}
        if same_gold or same_got:
            same_checked += 1
            same_ok += same_gold == same_got
        if not wanted:
            none += 1
            none_empty += not got
    return RelatedMetrics(
        anchors=len(gold),
        precision=hits / listed if listed else 1.0,
        recall=hits / total if total else 1.0,
        same_exact=same_ok / same_checked if same_checked else 1.0,
        empty_when_none=none_empty / none if none else 1.0,
        relation_accuracy=kind_ok / hits if hits else 1.0,
        listed=listed,
        gold=total,
        prose_listed=prose_listed,
        prose_hits=prose_hits,
        prose_gold=prose_total,
    )


def run_gold(store: Store, embedder: Embedder, gold: Sequence[GoldAnchor]) -> RelatedMetrics:
    """`related` on every anchor of `gold`, evaluated."""
    resolve = resolver(store)
    found = {}
    for anchor in gold:
        result = related(store, embedder, resolve(anchor.anchor))
        if result is None:
            raise LookupError(f"{anchor.id}: anchor not in the index")
        found[anchor.id] = result
    return evaluate(gold, found, resolve)


def sweep(
    store: Store, embedder: Embedder, gold: Sequence[GoldAnchor], grid: Sequence[Thresholds]
) -> list[tuple[Thresholds, RelatedMetrics]]:
    """Every threshold set of `grid` on `gold` (the candidates scored once), best F1 first."""
    resolve = resolver(store)
    scored = {}
    for anchor in gold:
        asked = store.chunk_by_id(resolve(anchor.anchor))
        if asked is None:
            raise LookupError(f"{anchor.id}: anchor not in the index")
        scored[anchor.id] = score_candidates(store, embedder, asked)
    results = [(t, evaluate(gold, {i: decide(*scored[i], t) for i in scored}, resolve)) for t in grid]

    def rank(item: tuple[Thresholds, RelatedMetrics]) -> tuple[float, ...]:
        m = item[1]
        f1 = 2 * m.precision * m.recall / (m.precision + m.recall) if m.precision + m.recall else 0.0
        return (-f1, -m.same_exact, -m.empty_when_none, -m.relation_accuracy)

    return sorted(results, key=rank)
