"""File → ParsedReport, one file or a batch; a bad file is reported, the rest go on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from index.errors import ReportError
from index.layout import clean_lines
from index.metadata import ManifestEntry, infer_meta
from index.parser import parse_lines
from index.readers import DEFAULT_MAX_BYTES, read_lines
from index.records import ParsedReport


def parse_file(
    path: Path, manifest: Mapping[str, ManifestEntry] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedReport:
    """Read, clean and parse one report.

    Raises:
        ReportError: the file cannot be read; the message names the file and the reason.
    """
    raw = read_lines(path, max_bytes=max_bytes)
    meta = infer_meta(path.name, raw, manifest or {})
    return parse_lines(meta, clean_lines(raw))


@dataclass(frozen=True, slots=True)
class BatchResult:
    reports: tuple[ParsedReport, ...]
    errors: tuple[ReportError, ...]


def parse_batch(
    paths: Iterable[Path], manifest: Mapping[str, ManifestEntry] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> BatchResult:
    """Parse every file; a file that fails is collected with its error, never stopping the batch."""
    reports: list[ParsedReport] = []
    errors: list[ReportError] = []
    for path in paths:
        try:
            reports.append(parse_file(path, manifest, max_bytes=max_bytes))
        except ReportError as error:
            errors.append(error)
        except (OSError, UnicodeError) as error:
            errors.append(ReportError(str(path), f"cannot be read: {error}"))
    return BatchResult(reports=tuple(reports), errors=tuple(errors))


def report_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the report files they hold (PDF and text), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in {".pdf", ".txt"} and p.name.lower() != "readme.txt"
            )
        else:
            found.append(path)
    return found
