"""Sync on the corpus (fake vectors): agreement, incremental re-index, removal, repair, lock."""

from __future__ import annotations

import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.lock import IndexLockedError, index_lock
from index.parse.chunker import chunk_report
from index.parse.records import ChunkKind, ParsedReport
from index.store import ChunkFilter, Store, StoreMismatchError
from index.store.sync import SyncReport, remove_files, sync
from tests.conftest import (
    ALL_REPORTS,
    AVST_2024,
    NORRMALM_2021,
    T1_2020,
    CountingEmbedder,
    copy_corpus_and_index,
)


@pytest.fixture()
def workspace(tmp_path: Path, fake_index: tuple[Path, SyncReport]) -> tuple[Path, Path]:
    """A private copy of the corpus and of the session's index, for tests that change them."""
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_corpus_and_index(fake_index[0], corpus, data)
    return corpus, data


def _sync(corpus: Path, data: Path, embedder, manifest) -> tuple[SyncReport, CountingEmbedder]:
    counting = CountingEmbedder(embedder)
    with Store.open(data, verify=False) as store:
        report = sync([corpus], store, counting, manifest, model_name=embedder.model_dir.name)
    return report, counting


def _assert_agree(data: Path) -> Store:
    store = Store.open(data)  # verifies: raises when SQLite and FAISS disagree
    agreement = store.check()
    assert agreement.ok and store.index.ntotal == sum(store.count_chunks().values())
    return store


def test_corpus_index_holds_every_chunk(fake_index, parsed: dict[str, ParsedReport]) -> None:
    data, report = fake_index
    assert sorted(report.added) == sorted(ALL_REPORTS) and not report.errors
    with _assert_agree(data) as store:
        for document in store.documents():
            assert document.chunks == len(chunk_report(parsed[document.file]))
        assert report.chunks_embedded == report.chunks_written == sum(d.chunks for d in store.documents())
        # NLP metadata is stored per chunk.
        deviation = store.chunks(store.filter_rowids(ChunkFilter(kinds=(ChunkKind.ACTIVITY,), deviation=True)))
        assert len(deviation) == 10
        assert all(c.chunk.deviation and c.lemmas for c in deviation)
        assert any("pandemi" in c.compounds for c in deviation)


def test_second_run_embeds_nothing(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    report, counting = _sync(corpus, data, fake_embedder, manifest)
    assert counting.passages == 0 and report.chunks_embedded == 0
    assert sorted(report.unchanged) == sorted(ALL_REPORTS) and not (report.added or report.changed or report.removed)
    _assert_agree(data).close()


def test_changed_file_replaces_exactly_its_chunks(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    rest = ChunkFilter(files=tuple(f for f in ALL_REPORTS if f != AVST_2024))
    with Store.open(data) as store:
        before = {d.file: d for d in store.documents()}
        others = store.filter_rowids(rest)
    path = corpus / AVST_2024
    text = path.read_text(encoding="utf-8")
    assert "Stockholm ska vara en stad" in text
    path.write_text(text.replace("Stockholm ska vara en stad", "Stockholm ska vara en grön stad", 1), encoding="utf-8")

    report, counting = _sync(corpus, data, fake_embedder, manifest)
    assert report.changed == [AVST_2024] and not report.added
    # Only chunks whose text changed are embedded; the rest of the file reuses its vectors.
    assert 1 <= counting.passages == report.chunks_embedded < before[AVST_2024].chunks
    assert report.chunks_reused == before[AVST_2024].chunks - report.chunks_embedded
    with _assert_agree(data) as store:
        assert np.array_equal(
            store.filter_rowids(ChunkFilter(files=tuple(f for f in ALL_REPORTS if f != AVST_2024))), others
        )
        changed = store.chunks(store.filter_rowids(ChunkFilter(files=(AVST_2024,))))
        assert any("grön stad" in c.chunk.text for c in changed)
        assert store.document(AVST_2024).sha256 != before[AVST_2024].sha256


def test_removed_file_loses_its_chunks_and_vectors(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    _sync(corpus, data, fake_embedder, manifest)  # the index now follows the files to this folder
    with Store.open(data) as store:
        gone = set(store.filter_rowids(ChunkFilter(files=(T1_2020,))).tolist())
        assert Path(store.document(T1_2020).path) == (corpus / T1_2020).resolve()
    (corpus / T1_2020).unlink()
    report, counting = _sync(corpus, data, fake_embedder, manifest)
    assert report.removed == [T1_2020] and counting.passages == 0
    with _assert_agree(data) as store:
        assert store.document(T1_2020) is None
        assert not gone & set(store.vector_ids().tolist())
        assert not gone & set(store.chunk_rowids().tolist())
        assert len(store.documents()) == 4
        # And `rapportsok remove`'s function does the same by name.
        assert remove_files(store, [str(corpus / AVST_2024), "no-such-file.txt"]) == [AVST_2024]
    _assert_agree(data).close()


def test_mismatch_is_reported_then_repaired(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    with Store.open(data) as store:
        victims = store.chunk_rowids()[:3]
        name = f"vectors-{store.generation}.faiss"
    index = faiss.read_index(str(data / name))
    index.remove_ids(victims)
    faiss.write_index(index, str(data / name))  # vectors lost behind the store's back

    with pytest.raises(StoreMismatchError, match="3 passager utan vektor"):
        Store.open(data)
    report, counting = _sync(corpus, data, fake_embedder, manifest)
    assert report.repaired is not None and len(report.repaired.missing) == 3 and counting.passages == 3
    _assert_agree(data).close()


def test_duplicate_under_another_name_is_skipped_with_a_warning(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    shutil.copy(corpus / T1_2020, corpus / "kopia-av-t1.txt")
    report, counting = _sync(corpus, data, fake_embedder, manifest)
    assert report.duplicates == [("kopia-av-t1.txt", T1_2020)] and counting.passages == 0
    assert any("samma innehåll som" in w for w in report.warnings)


def test_another_copy_of_an_indexed_report_is_indexed_with_a_warning(workspace, fake_embedder, manifest) -> None:
    """Trial 31: 200 lines of T1 2020 under another name were indexed as a report of their own without a
    word. They still are (only the user knows which copy to keep), with a warning naming the other file;
    a report of another period is not so warned of."""
    corpus, data = workspace
    lines = (corpus / T1_2020).read_text(encoding="utf-8").splitlines()
    (corpus / "utdrag-t1.txt").write_text("\n".join(lines[:200]), encoding="utf-8")
    report, _ = _sync(corpus, data, fake_embedder, manifest)
    assert report.added == ["utdrag-t1.txt"]
    twins = [w for w in report.warnings if "samma rapport" in w]
    assert twins == [
        "utdrag-t1.txt: samma rapport (Kommunstyrelsen · Tertialrapport 1 · 2020) som ks-tertialrapport-1-2020.txt,"
        " som redan är indexerad; båda söks och visas, ta bort den ena om de är samma rapport (rapportsok remove)"
    ]
    (corpus / "utdrag-t1.txt").unlink()
    other = "\n".join(lines[:200]).replace("Tertialrapport 1", "Tertialrapport 2")
    (corpus / "utdrag-t2.txt").write_text(other, encoding="utf-8")
    report, _ = _sync(corpus, data, fake_embedder, manifest)
    assert report.added == ["utdrag-t2.txt"] and not [w for w in report.warnings if "samma rapport" in w]


def test_a_copy_of_an_indexed_file_never_takes_it_over(workspace, fake_embedder, manifest, tmp_path: Path) -> None:
    """Trial 32: two indexed files copied to another folder and that folder synced were followed there
    ("Oförändrade: 2"); one copy removed and the folder synced again removed its report from the index
    (204 passages), though the file it was indexed from still lay where it had always been."""
    corpus, data = workspace
    copy = tmp_path / "kopia"
    copy.mkdir()
    for name in (T1_2020, NORRMALM_2021):
        shutil.copy(corpus / name, copy / name)
    with Store.open(data, verify=False) as store:
        paths = {d.file: d.path for d in store.documents()}
        first = sync([copy], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
        assert sorted(first.unchanged) == sorted([T1_2020, NORRMALM_2021]) and not first.removed
        assert sum("samma fil som" in w and "indexet hänvisar dit" in w for w in first.warnings) == 2
        assert {d.file: d.path for d in store.documents()} == paths  # still the files it was indexed from
        (copy / T1_2020).unlink()
        second = sync([copy], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
        assert second.removed == [] and store.document(T1_2020) is not None
    # A file moved (gone from where it was indexed) is still followed, as before.
    (corpus / T1_2020).rename(tmp_path / T1_2020)
    with Store.open(data, verify=False) as store:
        moved = sync([tmp_path / T1_2020], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
        assert moved.unchanged == [T1_2020] and store.document(T1_2020).path == str((tmp_path / T1_2020).resolve())


def test_another_file_of_the_same_name_never_replaces_the_indexed_one(workspace, fake_embedder, manifest) -> None:
    """A document is known by its file name: trial 30's second "verksamhetsberattelse-2021.txt", another
    nämnd's from another folder, replaced the first without a word, and trial 31's three-line file named
    as the indexed T1 2020 (so of its nämnd, type and year) replaced its 204 passages. A file from
    elsewhere is refused, naming both files, while the indexed one still lies where it was; it replaces
    it only with `replace` (`index --replace`). A moved file is followed."""
    corpus, data = workspace
    first, second, small, moved = (corpus.parent / name for name in ("mapp1", "mapp2", "mapp3", "mapp4"))
    for folder in (first, second, small, moved):
        folder.mkdir()
    text = (corpus / T1_2020).read_text(encoding="utf-8")
    (first / "rapport.txt").write_text(text + "\n", encoding="utf-8")  # not the indexed T1 2020's duplicate
    (second / "rapport.txt").write_text((corpus / NORRMALM_2021).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (small / "rapport.txt").write_text("\n".join(text.splitlines()[:3]), encoding="utf-8")

    def run(*paths: Path, replace: bool = False) -> SyncReport:
        with Store.open(data, verify=False) as store:
            return sync(
                list(paths), store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name, replace=replace
            )

    def passages() -> int:
        with Store.open(data) as store:
            document = store.document("rapport.txt")
            return len(store.chunks(store.filter_rowids(ChunkFilter(files=(document.file,)))))

    assert run(first / "rapport.txt").added == ["rapport.txt"]
    indexed = passages()
    for other in (second, small):  # another nämnd's report; the same report's first three lines
        refused = run(other / "rapport.txt")
        assert not refused.changed and [e.file for e in refused.errors] == [str(other / "rapport.txt")]
        assert "samma filnamn är redan indexerad från" in refused.errors[0].reason
        assert str((first / "rapport.txt").resolve()) in refused.errors[0].reason
        assert "index --replace" in refused.errors[0].reason
        assert passages() == indexed
    # Two of one name in one run: the second is refused, the first indexed.
    both = run(first / "rapport.txt", small / "rapport.txt")
    assert [e.file for e in both.errors] == [str(small / "rapport.txt")]
    assert "läses också i den här körningen" in both.errors[0].reason
    # Asked to, it replaces it.
    assert run(small / "rapport.txt", replace=True).changed == ["rapport.txt"] and passages() < indexed
    # A file moved (gone from where it was indexed) and edited is the same document, updated.
    shutil.move(small / "rapport.txt", moved / "rapport.txt")
    (moved / "rapport.txt").write_text(text + "\n\n", encoding="utf-8")
    assert run(moved / "rapport.txt").changed == ["rapport.txt"] and passages() == indexed
    _assert_agree(data).close()


def test_a_second_index_run_is_refused(tmp_path: Path) -> None:
    refused = pytest.raises(IndexLockedError, match="en annan `rapportsok index` körs redan")
    with index_lock(tmp_path), refused, index_lock(tmp_path):
        pass
    with index_lock(tmp_path):  # released after the first run
        pass


def test_bad_files_are_reported_and_the_rest_indexed(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    (corpus / "tom.txt").write_bytes(b"")
    (corpus / "trasig.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    report, _ = _sync(corpus, data, fake_embedder, manifest)
    assert {Path(e.file).name for e in report.errors} == {"tom.txt", "trasig.pdf"}
    assert all(str(e) for e in report.errors)
    with _assert_agree(data) as store:
        assert len(store.documents()) == len(ALL_REPORTS)


def test_the_vocabulary_follows_every_write(workspace, fake_embedder, manifest) -> None:
    corpus, data = workspace
    _sync(corpus, data, fake_embedder, manifest)  # the index now follows the files to this folder
    with Store.open(data) as store:
        assert store.vocabulary().get("krigsplacering")  # a word of T1 2020 only
        whole = dict(store.vocabulary())
    (corpus / T1_2020).unlink()
    _sync(corpus, data, fake_embedder, manifest)
    with Store.open(data) as store:
        assert "krigsplacering" not in store.vocabulary()
        assert 0 < store.vocabulary()["pandemin"] < whole["pandemin"]


def _decoded(columns) -> dict[str, list]:
    """Each filter column as the values its codes stand for, by rowid: codes may differ, values not."""
    out: dict[str, list] = {"rowid": columns.rowid.tolist()}
    for name in ("deviation", "year", "document"):
        out[name] = getattr(columns, name).tolist()
    for name, table in columns.codes.items():
        values = {code: value for value, code in table.items()}
        out[name] = [values.get(int(code)) for code in getattr(columns, name)]
    return out


def test_a_writes_filter_columns_are_those_of_its_generation(workspace, fake_embedder, manifest) -> None:
    """Inside a write, the new generation's filter columns come from the last ones and the rows the
    write changed; they must equal the columns read whole from the committed store."""
    from index.store.columns import FilterColumns

    corpus, data = workspace
    (corpus / "ny.txt").write_text(
        "Testnämnden\nTertialrapport 1 2022\n\nNämnden har arbetat med belysning längs gångvägarna.\n",
        encoding="utf-8",
    )
    with Store.open(data) as store:
        store.kinds_carrying()  # the columns of the generation the writes start from
        made = []
        store.before_commit = lambda s: made.append(s._filter_columns())  # as a service's writer does
        report = sync([corpus / "ny.txt"], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
        assert report.added == ["ny.txt"] and len(made) == 1
        assert _decoded(made[-1]) == _decoded(FilterColumns.load(store._conn))
        # The nämnd's spelling, which the SQL filter compares, comes with the added rows.
        assert made[-1].spellings == FilterColumns.load(store._conn).spellings
        assert made[-1].spellings["testnämnd"] == {"Testnämnd"}  # as the parser names "Testnämnden"
        store.write(delete=[T1_2020])
        assert len(made) == 2
        assert _decoded(made[-1]) == _decoded(FilterColumns.load(store._conn))
        assert store.filter_rowids(ChunkFilter(files=("ny.txt",))).size > 0
        assert not store.filter_rowids(ChunkFilter(files=(T1_2020,))).size


def test_files_an_older_parser_read_are_read_again_once(workspace, fake_embedder, manifest) -> None:
    """After an upgrade that reads reports differently, unchanged files are read again (their
    unchanged passages keep their vectors), each once: the version is kept per file, so a sync of
    one folder does not read it again for files that live elsewhere."""
    from index.parse.parser import PARSER_VERSION

    corpus, data = workspace
    with Store.open(data, verify=False) as store:
        assert store.read_by(PARSER_VERSION) == set(ALL_REPORTS)  # the session's index: this parser
        store.mark_read_by("an older parser", ALL_REPORTS)  # as an index before the upgrade
        assert store.read_by(PARSER_VERSION) == frozenset()
    one = corpus.parent / "one"
    one.mkdir()
    shutil.move(str(corpus / T1_2020), one / T1_2020)
    with Store.open(data, verify=False) as store:  # only T1 2020's folder, and no pruning
        report = sync([one], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
    assert report.reread == [T1_2020] and not report.changed
    again, _ = _sync(corpus, data, fake_embedder, manifest)  # the other four, read again once
    assert sorted(again.reread) == sorted(set(ALL_REPORTS) - {T1_2020})
    assert again.chunks_reused == again.chunks_written
    store = _assert_agree(data)
    assert store.read_by(PARSER_VERSION) == set(ALL_REPORTS)
    with Store.open(data, verify=False) as store:
        last = sync([one], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
    assert last.unchanged == [T1_2020] and not last.reread
