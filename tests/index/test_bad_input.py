"""A batch of bad files beside good ones: each bad one named with its problem, the rest indexed,
nothing already indexed changed. The README's bad-input table is this test's cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.read.errors import ReportError
from index.read.readers import decode_text, read_lines
from index.store import ChunkFilter, Store
from index.store.sync import sync
from tests.conftest import ALL_REPORTS, AVST_2024, CORPUS, T1_2020, CountingEmbedder
from tests.pdfgen import TWO_PAGE_REPORT, encryption, write_pdf, write_scanned_pdf


def test_bad_batch(tmp_path: Path, fake_index, fake_embedder, manifest) -> None:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    batch = tmp_path / "inkorg"
    batch.mkdir()
    (batch / "tom.txt").write_bytes(b"")
    (batch / "tom.pdf").write_bytes(b"")
    good_pdf = write_pdf(tmp_path / "hel.pdf", TWO_PAGE_REPORT).read_bytes()
    (batch / "avkortad.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    write_pdf(batch / "krypterad.pdf", TWO_PAGE_REPORT, encrypt=encryption("hemligt"))
    write_scanned_pdf(batch / "skannad.pdf")
    with (batch / "jatte.txt").open("wb") as handle:  # 200 MB, sparse: no time spent writing it
        handle.truncate(200 * 1024 * 1024)
    (batch / "kodning.txt").write_bytes("Nämndmål uppfylls ".encode("cp1252") + b"\x81\x8d\x90" * 10)
    (batch / "nul.txt").write_bytes(b"Rapport\x00\x00\x00binary")
    shutil.copy(CORPUS / T1_2020, batch / "kopia-av-t1.txt")
    (batch / "anteckning.txt").write_text("Inköpslista: mjölk, bröd, kaffe.\nRing Anna.\n", encoding="utf-8")
    (batch / "lang.txt").write_text("ord " * 2_750_000, encoding="utf-8")  # 11 million characters of text
    (batch / "enrad.txt").write_text("Rapport " + "utan punkt " * 6000, encoding="utf-8")  # one line, no sentence end
    # One sentence over and over (trial 32's 5 MB of "ord ord …" was embedded as 4 167 passages for ten minutes).
    (batch / "upprepad.txt").write_text("Nämnden redovisar ett överskott om 1 mnkr.\n" * 4000, encoding="utf-8")
    new_text = (CORPUS / AVST_2024).read_text(encoding="utf-8").replace("Stockholm", "Sthlm")
    (batch / "ny-rapport.txt").write_text(new_text, encoding="utf-8")

    with Store.open(data) as store:
        before = {f: store.filter_rowids(ChunkFilter(files=(f,))) for f in ALL_REPORTS}
        counting = CountingEmbedder(fake_embedder)
        report = sync([batch], store, counting, manifest, model_name=fake_embedder.model_dir.name)

        errors = {Path(e.file).name: str(e) for e in report.errors}
        assert set(errors) == {
            "tom.txt", "tom.pdf", "avkortad.pdf", "krypterad.pdf", "skannad.pdf", "jatte.txt", "kodning.txt", "nul.txt",
            "lang.txt", "upprepad.txt",
        }  # fmt: skip
        assert "filen är tom" in errors["tom.txt"] and "filen är tom" in errors["tom.pdf"]
        assert "filen är avkortad" in errors["avkortad.pdf"]
        assert "krypterad" in errors["krypterad.pdf"]
        assert "inget textlager" in errors["skannad.pdf"]
        assert "över gränsen" in errors["jatte.txt"]
        assert "Windows-1252" in errors["kodning.txt"]
        assert "NUL-byte" in errors["nul.txt"]
        assert "11.0 miljoner tecken, över gränsen" in errors["lang.txt"]
        assert "texten har 28 000 ord men bara 7 olika: den upprepar sig och är ingen rapport" in errors["upprepad.txt"]
        assert all(str(batch) in message for message in errors.values())  # each names its file

        assert report.duplicates == [("kopia-av-t1.txt", T1_2020)]
        assert sorted(report.added) == ["anteckning.txt", "enrad.txt", "ny-rapport.txt"]
        # A line of 66,000 characters with no sentence end is no sentence: cut into passages, not one
        # passage the Swedish analysis refuses (trial 31: a traceback for a file of one 5 MB line).
        run_on = store.chunks(store.filter_rowids(ChunkFilter(files=("enrad.txt",))))
        assert len(run_on) > 40 and max(len(s.chunk.text) for s in run_on) <= 1300
        note = store.document("anteckning.txt")
        assert note.meta.report_type.value == "Okänd" and note.chunks >= 1  # indexed as plain text, searchable
        assert store.document("ny-rapport.txt").chunks > 100
        assert counting.passages == note.chunks + len(run_on) + store.document("ny-rapport.txt").chunks
        for file, rowids in before.items():  # nothing already indexed changed
            assert np.array_equal(store.filter_rowids(ChunkFilter(files=(file,))), rowids)
        assert store.check().ok


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_decoding_random_bytes_never_crashes(data: bytes) -> None:
    try:
        text = decode_text(data, "slump.txt")
    except ReportError as error:
        assert error.file == "slump.txt" and error.reason
    else:
        assert isinstance(text, str)


@settings(
    max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2048), st.integers(min_value=0, max_value=4000))
def test_reading_mutated_pdfs_never_crashes(tmp_path: Path, noise: bytes, at: int) -> None:
    pdf = tmp_path / "hel.pdf"
    if not pdf.exists():
        write_pdf(pdf, TWO_PAGE_REPORT)
    original = pdf.read_bytes()
    at = min(at, len(original))
    mutated = tmp_path / "muterad.pdf"
    mutated.write_bytes(original[:at] + noise + original[at + len(noise) :])
    try:
        lines = read_lines(mutated)
    except ReportError as error:
        assert "muterad.pdf" in str(error)
    else:
        assert all(line.number >= 1 for line in lines)
