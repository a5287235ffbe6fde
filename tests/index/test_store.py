"""The store on the corpus (fake vectors): lexical and dense retrieval, filters, migration."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from index.nlp.analysis import terms
from index.nlp.entities import Entity
from index.parse.chunker import chunk_report
from index.parse.records import ChunkKind, GoalStatus, IndicatorValues, ReportType
from index.store import SCHEMA_VERSION, ChunkFilter, Store
from index.store.rows import chunk_fields, entities_of_json, fields_of
from tests.conftest import AVST_2024, NORRMALM_2021, T1_2020


def test_lexical_finds_compounds_and_respects_filters(fake_index) -> None:
    with Store.open(fake_index[0]) as store:
        hits = store.chunks([rowid for rowid, _ in store.lexical(terms("pandemin"), k=500)])
        assert hits and any("coronapandemin" in h.chunk.text.lower() for h in hits)
        # Each by its own words, or (a section) by its heading's.
        assert all(
            "pandemi" in h.lemmas or "pandemi" in h.compounds or "pandemi" in " ".join(h.chunk.goal_path[-1:]).lower()
            for h in hits
        )
        only = ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True)
        filtered = store.chunks([rowid for rowid, _ in store.lexical(terms("pandemin"), only, k=500)])
        assert filtered and all(h.chunk.deviation and h.chunk.kind is ChunkKind.ACTIVITY for h in filtered)
        assert {h.rowid for h in filtered} <= {h.rowid for h in hits}


def test_dense_search_is_filtered_before_ranking(fake_index, fake_embedder) -> None:
    vector = fake_embedder.embed_query("hemlöshet och bostadslöshet")
    with Store.open(fake_index[0]) as store:
        top = store.chunks([rowid for rowid, _ in store.dense(vector, k=5)])
        assert any("hemlös" in c.chunk.text.lower() for c in top)
        # Ten deviations exist; a filtered search returns all ten, not the few that a top-k would keep.
        filtered = store.dense(vector, ChunkFilter(deviation=True), k=50)
        assert len(filtered) == 10
        norrmalm = store.dense(vector, ChunkFilter(namnd="norrmalms stadsdelsnämnd", years=(2021,)), k=20)
        assert len(norrmalm) == 20
        assert {c.chunk.citation.file for c in store.chunks([r for r, _ in norrmalm])} == {NORRMALM_2021}


def test_a_question_is_scanned_on_one_thread(fake_index, fake_embedder) -> None:
    # faiss's OpenMP threads cost more than one question's scan (28 ms against 0.3 ms under load):
    # each search sets its own thread to one, whatever faiss was set to before.
    import faiss

    faiss.omp_set_num_threads(2)
    with Store.open(fake_index[0]) as store:
        assert store.dense(fake_embedder.embed_query("hemlöshet"), k=5)
    assert faiss.omp_get_max_threads() == 1


def test_indicator_rows_follow_the_store_generation(tmp_path: Path, fake_index) -> None:
    # The rows are read once per generation (`per_generation`): a write must not leave them stale.
    from search.indicators import indicator_rows

    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with Store.open(data) as store:
        files = {r.citation.file for r in indicator_rows(store)}
        assert NORRMALM_2021 in files
        store.write(delete=[NORRMALM_2021])
        assert {r.citation.file for r in indicator_rows(store)} == files - {NORRMALM_2021}


@pytest.mark.parametrize(
    "where",
    [
        ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True),
        ChunkFilter(namnd="NORRMALMS STADSDELSNÄMND", years=(2021,)),
        ChunkFilter(statuses=(GoalStatus.DELVIS,)),
        ChunkFilter(periods=("T1", "T2"), report_types=(ReportType.TERTIALRAPPORT_2,)),
        ChunkFilter(files=(T1_2020, AVST_2024), kinds=(ChunkKind.GOAL, ChunkKind.SECTION)),
        ChunkFilter(namnd="Ingen nämnd"),
    ],
)
def test_sql_and_column_filters_agree(fake_index, where: ChunkFilter) -> None:
    """Lexical search filters in SQL, dense search with numpy columns: the same chunks either way."""
    with Store.open(fake_index[0]) as store:
        clause, params = where.sql(store._filter_columns())
        in_sql = sorted(r[0] for r in store._conn.execute(f"SELECT c.rowid FROM chunks c WHERE {clause}", params))
        assert in_sql == store.filter_rowids(where).tolist()
        assert in_sql or where.namnd == "Ingen nämnd"


def test_a_schema_1_store_is_migrated_on_open_without_losing_anything(tmp_path: Path, fake_index) -> None:
    """A store written before the FTS table had fields (one `terms` column, no vocabulary table)."""
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with Store.open(data) as store:
        before = (store.count_chunks(), store.generation, sorted(store.vector_ids().tolist()))
        store._conn.execute("BEGIN IMMEDIATE")
        for table in ("chunks_vocab", "chunks_fts", "words"):
            store._conn.execute(f"DROP TABLE {table}")
        store._conn.execute(
            'CREATE VIRTUAL TABLE chunks_fts USING fts5 (terms, tokenize = "unicode61 remove_diacritics 0")'
        )
        store._conn.execute(
            "INSERT INTO chunks_fts (rowid, terms) SELECT rowid, lemmas || ' ' || compounds FROM chunks"
        )
        store._conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        store._conn.execute("COMMIT")
    with Store.open(data) as store:  # verifies: SQLite and FAISS agree
        assert store.check().ok
        assert (store.count_chunks(), store.generation, sorted(store.vector_ids().tolist())) == before
        assert store._conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA_VERSION
        assert store.lexical(["coronapandemi"], k=5) and store.vocabulary()["hemlösheten"] >= 1


def test_a_schema_2_store_is_reanalysed_on_open(tmp_path: Path, fake_index) -> None:
    """Schema 3 keeps inner hyphens and searches a section's heading: an older store gets both."""
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with Store.open(data) as store:
        before = (store.count_chunks(), store.generation, sorted(store.vector_ids().tolist()))
        gsit = store.lexical(["gsit"], k=50)
        store._conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    with Store.open(data) as store:  # verifies: SQLite and FAISS agree
        assert (store.count_chunks(), store.generation, sorted(store.vector_ids().tolist())) == before
        assert store.doc_freqs(["it-miljö"])["it-miljö"] >= 1  # one term, as a question has it
        # The paragraph under the heading "GSIT2.0" is found by its heading, and still is.
        assert store.lexical(["gsit"], k=50) == gsit
        assert any("it-miljön" in s.chunk.text for s in store.chunks([r for r, _ in gsit]))


def test_every_chunk_reads_back_as_the_chunker_made_it(fake_index, parsed) -> None:
    """Typed fields included (title, analysis, dates, indicator figures): nothing is re-read from text."""
    made = {c.id: c for report in parsed.values() for c in chunk_report(report)}
    with Store.open(fake_index[0], verify=False) as store:
        stored = store.chunks(store.chunk_rowids().tolist())
    assert len(stored) == len(made)
    assert [s.chunk for s in stored if s.chunk != made[s.chunk.id]] == []
    kinds = {s.chunk.kind for s in stored if s.chunk.analysis}
    assert {ChunkKind.ACTIVITY, ChunkKind.INDICATOR} <= kinds
    assert all(s.chunk.values is not None for s in stored if s.chunk.kind is ChunkKind.INDICATOR)
    # The text alone, as a list's check for a name written in capitals reads it (`texts_of`), is the same
    # text; and a goal's own passages are read by an index of their own (`chunks_document_goal`).
    with Store.open(fake_index[0], verify=False) as store:
        some = [s.rowid for s in stored[:700]]
        assert store.texts_of(some) == {s.rowid: s.chunk.text for s in stored[:700]}
        plan = store._conn.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM chunks INDEXED BY chunks_document_goal"
            " WHERE document_id = 1 AND goal = 'x'"
        ).fetchall()
        assert "chunks_document_goal" in str([tuple(r) for r in plan])


def test_entities_read_back_as_records_with_their_spans(fake_index) -> None:
    with Store.open(fake_index[0], verify=False) as store:
        stored = store.chunks(store.chunk_rowids().tolist())
    entities = [(s.chunk.text, e) for s in stored for e in s.entities]
    assert entities and all(isinstance(e, Entity) for _, e in entities)
    # The span is the entity's place in the passage's text: its words stand there.
    assert all(text[e.start : e.end] == e.text for text, e in entities if e.end)
    # A store written before spans were kept reads them as 0, 0.
    assert entities_of_json('[{"label": "ORG", "text": "SISAB", "norm": "sisab"}]') == (
        Entity("ORG", "SISAB", "sisab", 0, 0),
    )


def test_a_goals_expected_result_is_a_field_of_its_passages(fake_index) -> None:
    """Norrmalm's goal 1.2.1 states its "Förväntat resultat" in its text: the passage keeps it as a
    field through the store, so a draft can tell the target from an outcome; a row stored before
    the field reads it as ""."""
    with Store.open(fake_index[0]) as store:
        goals = store.chunks(store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,), files=(NORRMALM_2021,))))
    safe = next(g.chunk for g in goals if g.chunk.number == "1.2.1")
    assert "upplever att stadsdelsområdet är tryggt" in safe.expected
    # Its text holds it (in part: a long goal's text runs on in passages of analysis, which keep it too).
    assert "upplever att stadsdelsområdet är tryggt" in " ".join(safe.text.split())
    assert fields_of(json.dumps({"title": "Sjukfrånvaro"}), "", ChunkKind.GOAL, (), None)["expected"] == ""


def test_a_row_stored_before_titles_were_fields_reads_them_from_its_text() -> None:
    """The first index format: the title was the text's first line, an indicator's Analys after "Analys: "."""
    text = "Sjukfrånvaro\n2,5 %\nAnalys: Sjukfrånvaron har minskat."
    indicator = fields_of(json.dumps({"outcome": "2.5", "unit": "%"}), text, ChunkKind.INDICATOR, (), None)
    assert (indicator["title"], indicator["analysis"]) == ("Sjukfrånvaro", "Sjukfrånvaron har minskat.")
    assert indicator["values"] == IndicatorValues(outcome=2.5, unit="%")
    # A row of this format states its fields; its text is not read for them.
    stored = fields_of(json.dumps({"title": "Sjukfrånvaro"}), text, ChunkKind.INDICATOR, (), None)
    assert stored["analysis"] == "" and stored["values"] == IndicatorValues()


@pytest.mark.parametrize(
    ("kind", "title", "path", "goal", "expected"),
    [
        # A goal's title was its label; its path ends in its number.
        (
            ChunkKind.GOAL,
            "1.2.1 Trygg stad",
            ("1", "1.2", "1.2.1"),
            "1.2.1 Trygg stad",
            ("Trygg stad", "1.2.1", "namndmal", ("1", "1.2")),
        ),
        # An unnumbered nämndmål (Verksamhetsplan 2013): its path ends in its title.
        (
            ChunkKind.GOAL,
            "Trygg stad",
            ("1", "1.2", "Trygg stad"),
            "Trygg stad",
            ("Trygg stad", None, "namndmal", ("1", "1.2")),
        ),
        (ChunkKind.ACTIVITY, "Utreda", ("1", "1.2"), "1.2 Trygg stad", ("Utreda", "1.2", "kf_mal", ("1",))),
        # An indicator's path is its goal alone.
        (
            ChunkKind.INDICATOR,
            "Sjukfrånvaro",
            ("1.2.1",),
            "1.2.1 Trygg stad",
            ("Sjukfrånvaro", "1.2.1", "namndmal", ("1", "1.2")),
        ),
        (ChunkKind.SECTION, "Ekonomi", ("Ekonomi",), None, ("Ekonomi", None, None, ())),
    ],
)
def test_a_row_stored_before_goal_numbers_were_fields_reads_them_from_its_path(
    kind: ChunkKind, title: str, path: tuple[str, ...], goal: str | None, expected: tuple
) -> None:
    """Schema 4 and older: the goal's number, level and parents are read from the row's goal path and label."""
    got = fields_of(json.dumps({"title": title}), title, kind, path, goal)
    level = got["level"].value if got["level"] else None
    assert (got["title"], got["number"], level, got["parent_numbers"]) == expected


def test_a_schema_4_store_gets_its_fields_rewritten_on_open(tmp_path: Path, fake_index) -> None:
    """Its passages read back as before, and its rows are stored in this schema's format."""
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with Store.open(data) as store:
        before = store.chunks(store.chunk_rowids().tolist())
        fts = store._conn.execute("SELECT rowid, lemmas FROM chunks_fts ORDER BY rowid").fetchall()
        store._conn.execute("BEGIN IMMEDIATE")
        for s in before:  # the format of schema 4: a goal's title is its label, no number, level or parents
            old = {
                k: v for k, v in json.loads(chunk_fields(s.chunk)).items() if k not in ("level", "number", "parents")
            }
            old["title"] = s.chunk.label
            store._conn.execute("UPDATE chunks SET extra = ? WHERE rowid = ?", (json.dumps(old), s.rowid))
        store._conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema'")
        store._conn.execute("COMMIT")
    with Store.open(data) as store:
        after = store.chunks(store.chunk_rowids().tolist())
        changed = [(a.chunk, b.chunk) for a, b in zip(after, before, strict=True) if a != b]
        # But for an indicator under an unnumbered goal: its row held the goal's title alone, which
        # says neither the goal's level nor the numbers above it (a new index has them).
        assert all(
            a.kind is ChunkKind.INDICATOR and a.number is None and a.level is None and a.parent_numbers == ()
            for a, _ in changed
        )
        assert [replace(a, level=b.level, parent_numbers=b.parent_numbers) for a, b in changed] == [
            b for _, b in changed
        ]
        assert len(changed) < len(after) / 100
        assert all("level" in json.loads(e) for (e,) in store._conn.execute("SELECT extra FROM chunks"))
        assert store._conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA_VERSION
        # The analysis of schema 4 stands: the FTS table is not rebuilt.
        assert store._conn.execute("SELECT rowid, lemmas FROM chunks_fts ORDER BY rowid").fetchall() == fts


def test_a_stored_passage_cites_as_the_chunker_made_it(fake_index, parsed) -> None:
    """Read back, every passage's citation (the section of a narrative one included) is the chunker's."""
    made = {c.id: c.citation for name in parsed for c in chunk_report(parsed[name])}
    with Store.open(fake_index[0]) as store:
        stored = store.chunks(list(range(1, store.passage_count() + 1)))
    assert len(stored) == len(made) and all(s.chunk.citation == made[s.chunk.id] for s in stored)
    assert any(s.chunk.citation.section for s in stored)
