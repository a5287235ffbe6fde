"""Report metadata: the manifest wins; without it, the text says what it can."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.parse.ingest import parse_file
from index.parse.metadata import load_manifest
from index.parse.records import ReportType
from tests.conftest import ALL_REPORTS, AVST_2024, CORPUS, NORRMALM_2021, T1_2020, T2_2021, VP_2013


def test_manifest_covers_the_corpus() -> None:
    manifest = load_manifest(CORPUS / "manifest.toml")
    assert set(manifest) == set(ALL_REPORTS)
    assert manifest[AVST_2024].dnr == "KS 2023/1199"
    assert manifest[NORRMALM_2021].namnd == "Norrmalms stadsdelsnämnd"


@pytest.mark.parametrize(
    ("name", "report_type", "year", "namnd", "dnr"),
    [
        (T1_2020, ReportType.TERTIALRAPPORT_1, 2020, "Kommunstyrelsen", None),
        (T2_2021, ReportType.TERTIALRAPPORT_2, 2021, "Kommunstyrelsen", None),
        (VP_2013, ReportType.VERKSAMHETSPLAN, 2013, "Kommunstyrelsen", "112-1726/2012"),
        (AVST_2024, ReportType.AVSTAMNING, 2024, "Kommunstyrelsen", "KS 2023/1199"),
        (NORRMALM_2021, ReportType.VERKSAMHETSBERATTELSE, 2021, "Norrmalms stadsdelsnämnd", None),
    ],
)
def test_inferred_without_manifest(tmp_path: Path, name: str, report_type, year, namnd, dnr) -> None:
    copy = tmp_path / f"okand-{name}"
    shutil.copy(CORPUS / name, copy)
    meta = parse_file(copy, manifest={}).meta
    assert (meta.report_type, meta.year, meta.namnd, meta.dnr) == (report_type, year, namnd, dnr)


def test_bad_manifest_entry_is_named(tmp_path: Path) -> None:
    path = tmp_path / "manifest.toml"
    path.write_text('[[report]]\nfile = "a.txt"\nnamnd = "X"\nreport_type = "Årsbok"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="manifest.toml: rapportpost 1: 'Årsbok': förväntade en av"):
        load_manifest(path)


def test_title_set_on_two_lines_names_one_namnd(tmp_path: Path) -> None:
    # A PDF's title line breaks between the district and "stadsdelsnämnd" (trial 31's reportlab report was
    # filed, listed and filtered as "Vasastadens \n                    stadsdelsnämnd").
    text = (CORPUS / NORRMALM_2021).read_text(encoding="utf-8")
    split = text.replace("Norrmalms stadsdelsnämnd", "Norrmalms \n                    stadsdelsnämnd", 1)
    assert split != text
    path = tmp_path / "vb-2021.txt"
    path.write_text(split, encoding="utf-8")
    assert parse_file(path, manifest={}).meta.namnd == "Norrmalms stadsdelsnämnd"


@pytest.mark.parametrize(
    ("title", "namnd"),
    [
        ("Tertialrapport 1 2023 för Farsta stadsdelsnämnd", "Farsta stadsdelsnämnd"),
        ("Verksamhetsberättelse 2022 för Hässelby-Vällingby stadsdelsnämnd", "Hässelby-Vällingby stadsdelsnämnd"),
        ("Tertialrapport 1 2025 för Norra innerstadens stadsdelsnämnd", "Norra innerstadens stadsdelsnämnd"),
        ("Verksamhetsberättelse 2021 för Norrmalms stadsdelsnämnd", "Norrmalms stadsdelsnämnd"),
        ("Tertialrapport 2 2022 för Kulturnämnden", "Kulturnämnd"),
    ],
)
def test_a_district_named_without_its_genitive_is_its_namnd(tmp_path: Path, title: str, namnd: str) -> None:
    # Trial 32: Farsta, Bromma and Hässelby-Vällingby reports were filed under "Okänd nämnd".
    body = (CORPUS / T1_2020).read_text(encoding="utf-8").replace("Kommunstyrelsen", "Nämnden")
    path = tmp_path / "rapport.txt"
    path.write_text(f"{title}\n\nVarje stadsdelsnämnd ska redovisa.\n{body}", encoding="utf-8")
    assert parse_file(path, manifest={}).meta.namnd == namnd


def test_one_namnd_one_name() -> None:
    from index.parse.metadata import canonical_namnd

    assert canonical_namnd(" kulturnämnden ") == canonical_namnd("Kulturnämnd") == "Kulturnämnd"
    assert canonical_namnd("Kommunstyrelsen") == "Kommunstyrelsen"
    assert canonical_namnd("Norrmalms   stadsdelsnämnd") == "Norrmalms stadsdelsnämnd"
