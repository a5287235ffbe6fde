"""The `rapportsok` command: a thin edge over index/, search/ and summarise/."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.settings import Settings
from index.embedder import ensure_model
from index.export import report_to_dict
from index.ingest import parse_batch, report_files
from index.metadata import ManifestEntry, load_manifest
from index.records import GoalLevel, ParsedReport

app = typer.Typer(help="Sök och sammanfatta Stockholms stads uppföljningsrapporter.", no_args_is_help=True)


@app.callback()
def _root() -> None:
    """rapportsok: sök, sammanfatta och följ upp mål i Stockholms stads rapporter."""


def _manifest_for(settings: Settings, files: list[Path]) -> dict[str, ManifestEntry]:
    """The configured manifest, plus any manifest.toml beside the files given."""
    manifest = load_manifest(settings.manifest)
    for folder in sorted({f.parent for f in files}):
        manifest = {**load_manifest(folder / "manifest.toml"), **manifest}
    return manifest


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Report files (PDF or text) or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
) -> None:
    """Parse reports into goals, indicators, activities and sections, and print them."""
    settings = Settings.from_env()
    paths = report_files(files)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        typer.echo(f"error: {path}: no such file", err=True)
    batch = parse_batch(
        [p for p in paths if p.exists()], _manifest_for(settings, paths), max_bytes=settings.max_file_bytes
    )
    for error in batch.errors:
        typer.echo(f"error: {error}", err=True)
    if as_json:
        payload = [report_to_dict(r) for r in batch.reports]
        json.dump(payload[0] if len(payload) == 1 else payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        console = Console()
        for report in batch.reports:
            _print_report(console, report)
    if batch.errors or missing:
        raise typer.Exit(code=1)


@app.command()
def model() -> None:
    """Build the embedding model into the cache (once; later calls only check it)."""
    settings = Settings.from_env()
    if settings.model_dir is not None:
        typer.echo(f"Modell: {settings.model_dir} (från RAPPORTSOK_MODEL)")
        return
    path = ensure_model(settings.cache_dir, report=typer.echo)
    typer.echo(f"Modell: {path}")


def _print_report(console: Console, report: ParsedReport) -> None:
    meta = report.meta
    console.rule(f"[bold]{meta.title}[/bold]  ({meta.file})")
    console.print(
        f"Nämnd: {meta.namnd} · Typ: {meta.report_type.value} · År: {meta.year or '?'} · "
        f"Period: {meta.period or '–'}" + (f" · Dnr: {meta.dnr}" if meta.dnr else "")
    )
    statuses = Counter(g.raw_status or "utan status" for g in report.goals if g.level is GoalLevel.NAMNDMAL)
    console.print(
        f"Mål: {len(report.goals)} · Aktiviteter: {len(report.activities)} "
        f"(avvikelser: {len(report.deviations)}) · Indikatorer: {len(report.indicators)} · "
        f"Avsnitt: {len(report.sections)}"
    )
    if statuses:
        console.print("Nämndmål: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    if report.goals:
        table = Table("Mål", "Status", "Rader", show_lines=False)
        for goal in report.goals:
            indent = {GoalLevel.INRIKTNINGSMAL: "", GoalLevel.KF_MAL: "  ", GoalLevel.NAMNDMAL: "    "}[goal.level]
            table.add_row(
                indent + goal.label[:100], goal.raw_status or "", f"{goal.source.line_start}–{goal.source.line_end}"
            )
        console.print(table)
    for activity in report.deviations:
        console.print(
            f"[red]Avvikelse[/red] (mål {activity.goal}, rad {activity.source.line_start}–{activity.source.line_end}, "
            f"{activity.start}–{activity.end}): {activity.text}",
            soft_wrap=True,
        )
        if activity.analysis:
            console.print(f"  [dim]Analys:[/dim] {activity.analysis}", soft_wrap=True)
    for warning in report.warnings:
        console.print(f"[yellow]varning:[/yellow] {warning}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
