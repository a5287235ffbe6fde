"""Hostile requests generated from the OpenAPI schema (schemathesis): never a server error,
never a stack trace or a file path in a response."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from index.settings import Settings


def test_generated_requests_get_no_server_errors(tmp_path: Path, fake_index, fake_model) -> None:
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    # Writes stay closed (no token): generated requests cannot change the index.
    app = create_app(replace(Settings.from_env(), data_dir=data, api_token=None))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            response = case.call()
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            # Bytes, not text: a Word draft (POST /summaries/docx) is binary. A stack trace's own first
            # line, not the word: a 404 names the id asked for, which the fuzzer once made "Traceback".
            trace = b"Traceback (most recent call last)"
            assert trace not in response.content and str(data).encode() not in response.content

        check()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert {"GET /search", "GET /passages/{passage_id}", "POST /documents", "POST /summaries"} <= set(checked)
