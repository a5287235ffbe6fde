"""Records → plain dicts for JSON output (the edge); the records stay the truth."""

from __future__ import annotations

from dataclasses import asdict
from enum import Enum
from typing import Any

from index.parse.records import ParsedReport


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "body"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def report_to_dict(report: ParsedReport) -> dict[str, Any]:
    """A JSON-ready dict of the whole report, with counts up front."""
    data = _plain(asdict(report))
    data["counts"] = {
        "goals": len(report.goals),
        "activities": len(report.activities),
        "deviations": len(report.deviations),
        "indicators": len(report.indicators),
        "sections": len(report.sections),
    }
    return data
