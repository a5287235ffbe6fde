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


def test_fifty_concurrent_clients_get_no_errors(tmp_path: Path, corpus_index) -> None:
    data = tmp_path / "data"
    shutil.copytree(corpus_index[0], data)
    with serving(create_app(replace(Settings.from_env(), data_dir=data, api_token=None))) as url:
        result = run_load(url, clients=50, per_client=4, max_seconds=60)
    assert result.errors == 0 and result.requests == 200
