"""50 concurrent clients against the real service on 127.0.0.1, bounded: no errors, every answer whole.

The throughput and latency figures come from `make bench` (50 clients for up to 30 s); this
test only checks correctness under concurrency, in a few seconds.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from api.app import create_app
from bench.load import run_load
from index.settings import Settings
from tests.conftest import serving


def test_fifty_concurrent_clients_get_no_errors(tmp_path: Path, fake_index, fake_model) -> None:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with serving(create_app(replace(Settings.from_env(), data_dir=data, api_token=None))) as url:
        result = run_load(url, clients=50, per_client=4, max_seconds=60)
    assert result.errors == 0 and result.requests == 200


def test_twenty_clients_while_another_uploads_and_deletes(tmp_path: Path, fake_index, fake_model) -> None:
    from bench.load import run_load_with_writes
    from tests.api.conftest import TOKEN
    from tests.conftest import ALL_REPORTS

    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    report = (
        "Lastnämnden\nTertialrapport 1 2022\n\n"
        "Nämnden har arbetat med trygghet i parkerna och med belysning längs gångvägarna.\n\n"
        "Arbetet mot hemlöshet har fortsatt tillsammans med socialtjänsten under pandemin.\n"
    ).encode()
    settings = replace(Settings.from_env(), data_dir=data, api_token=TOKEN)
    with serving(create_app(settings)) as url:
        result = run_load_with_writes(
            url, clients=20, seconds=8, token=TOKEN, report=report, known_files=frozenset(ALL_REPORTS)
        )
    assert result.searches.errors == 0 and result.searches.requests > 20
    assert result.write_errors == 0 and result.writes >= 2  # at least one upload and its delete
    assert result.foreign_hits == 0
