"""An API over a private copy of the session's corpus index."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from index.settings import Settings

TOKEN = "test-token-0123456789"


def make_client(data: Path, token: str | None = TOKEN, **overrides) -> TestClient:
    settings = replace(Settings.from_env(), data_dir=data, api_token=token, **overrides)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture()
def api_data(tmp_path: Path, fake_index, fake_model) -> Path:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    return data


@pytest.fixture()
def client(api_data: Path) -> TestClient:
    return make_client(api_data)
