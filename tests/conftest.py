"""Shared fixtures: the real sample corpus, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import parse_file
from index.metadata import ManifestEntry, load_manifest
from index.records import ParsedReport

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

T1_2020 = "ks-tertialrapport-1-2020.txt"
T2_2021 = "ks-tertialrapport-2-2021.txt"
VP_2013 = "ks-verksamhetsplan-2013.txt"
AVST_2024 = "ks-avstamning-mal-och-budget-2024.txt"
NORRMALM_2021 = "norrmalm-verksamhetsberattelse-2021.txt"
ALL_REPORTS = (T1_2020, T2_2021, VP_2013, AVST_2024, NORRMALM_2021)


@pytest.fixture(scope="session")
def manifest() -> dict[str, ManifestEntry]:
    return load_manifest(CORPUS / "manifest.toml")


@pytest.fixture(scope="session")
def parsed(manifest: dict[str, ManifestEntry]) -> dict[str, ParsedReport]:
    """Every corpus report, parsed once."""
    return {name: parse_file(CORPUS / name, manifest) for name in ALL_REPORTS}
