"""The `rapportsok` command: a thin edge over index/, search/ and summarise/."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from index.embedder import embedder_from, ensure_model, load_embedder
from index.export import report_to_dict
from index.ingest import parse_batch, report_files
from index.lock import IndexLockedError, index_lock
from index.metadata import ManifestEntry, load_manifest
from index.records import ChunkKind, GoalLevel, ParsedReport
from index.settings import Settings, SettingsError
from index.store import Store, StoreError
from index.sync import SyncReport, remove_files, sync
from index.uploads import UPLOADS, tidy
from search.engine import Searcher, SearchResult
from search.evaluate import evaluate, load_gold, markdown_table
from search.names import UnknownNamndError
from search.query import Filters

app = typer.Typer(help="Sök och sammanfatta Stockholms stads uppföljningsrapporter.", no_args_is_help=True)


@app.callback()
def _root() -> None:
    """rapportsok: sök, sammanfatta och följ upp mål i Stockholms stads rapporter."""
    try:
        Settings.from_env()
    except SettingsError as error:  # a clear line, not a traceback, for a mistyped variable
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


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
    """Build the embedding model into the cache, and its ONNX file (once; later calls only check them)."""
    settings = Settings.from_env()
    path = settings.model_dir or ensure_model(settings.cache_dir, report=typer.echo)
    source = " (från RAPPORTSOK_MODEL)" if settings.model_dir else ""
    load_embedder(path, settings.backend, report=typer.echo)
    typer.echo(f"Modell: {path}{source} · backend: {settings.backend}")


@app.command("index")
def index_command(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders to index (synced by content hash).")],
    keep: Annotated[bool, typer.Option("--keep", help="Keep indexed files that are gone from these folders.")] = False,
    workers: Annotated[int | None, typer.Option(help="Processes for the Swedish NLP (default: all cores).")] = None,
) -> None:
    """Index reports: new files are added, changed ones replaced, removed ones deleted."""
    settings = Settings.from_env()
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        typer.echo(f"error: {path}: no such file or folder", err=True)
    paths = [p for p in paths if p.exists()]
    embedder = embedder_from(settings, report=typer.echo)
    model_dir = embedder.model_dir
    try:
        with index_lock(settings.data_dir), Store.open(settings.data_dir, verify=False) as store:
            with _progress_bars() as tick:
                report = sync(
                    paths,
                    store,
                    embedder,
                    _manifest_for(settings, report_files(paths)),
                    model_name=model_dir.name,
                    prune=not keep,
                    workers=workers,
                    max_bytes=settings.max_file_bytes,
                    progress=tick,
                )
            _print_sync(report, store)
    except (StoreError, IndexLockedError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    if report.errors or missing:
        raise typer.Exit(code=1)


@app.command()
def remove(files: Annotated[list[str], typer.Argument(help="Indexed file names (or paths) to remove.")]) -> None:
    """Remove files from the index: their passages and vectors are deleted."""
    settings = Settings.from_env()
    try:
        with index_lock(settings.data_dir), Store.open(settings.data_dir) as store:
            gone = remove_files(store, files)
            tidy(settings.data_dir / UPLOADS, store)  # a removed upload's file goes with it
    except (StoreError, IndexLockedError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    for name in gone:
        typer.echo(f"borttagen: {name}")
    unknown = sorted({Path(f).name for f in files} - set(gone))
    for name in unknown:
        typer.echo(f"error: {name}: not in the index", err=True)
    if unknown:
        raise typer.Exit(code=1)


@app.command()
def status() -> None:
    """What is indexed: documents, passages by kind, model, size on disk."""
    settings = Settings.from_env()
    try:
        with Store.open(settings.data_dir) as store:
            console = Console()
            documents = store.documents()
            table = Table("Fil", "Nämnd", "Typ", "År", "Passager")
            for d in documents:
                table.add_row(d.file, d.meta.namnd, d.meta.report_type.value, str(d.meta.year or ""), str(d.chunks))
            console.print(table)
            counts = store.count_chunks()
            console.print(
                f"Dokument: {len(documents)} · Passager: {sum(counts.values())} ("
                + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                + f") · Modell: {store.model or '–'} · Generation: {store.generation} · "
                f"Storlek: {store.size_on_disk() / 1e6:.1f} MB · {settings.data_dir}"
            )
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


def _searcher(settings: Settings) -> Searcher:
    return Searcher(Store.open(settings.data_dir), embedder_from(settings, report=typer.echo))


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help='A question in Swedish, e.g. "vilka aktiviteter har avvikelser om pandemin".')
    ],
    namnd: Annotated[str | None, typer.Option(help="Only this nämnd (e.g. 'Norrmalms stadsdelsnämnd').")] = None,
    year: Annotated[int | None, typer.Option(help="Only reports of this year.")] = None,
    kind: Annotated[ChunkKind | None, typer.Option(help="Only this kind of passage.")] = None,
    deviation: Annotated[bool, typer.Option("--deviation", help="Only activities flagged Avvikelse.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most hits shown (list questions show all).")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Search the index: cited passages, with how the question was read."""
    settings = Settings.from_env()
    filters = Filters(
        kinds=(kind,) if kind else None,
        deviation=True if deviation else None,
        namnd=namnd,
        years=(year,) if year else None,
    )
    try:
        searcher = _searcher(settings)
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    try:
        result = searcher.search(query, filters, limit=limit)
    except UnknownNamndError as error:
        typer.echo(f"fel: {error}", err=True)
        raise typer.Exit(code=2) from None
    if as_json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_result(Console(), result)


@app.command("eval")
def eval_command(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Guldfrågor: JSON-rader {query, class, relevant: [{file, must_contain}]}; en eller flera filer."
        ),
    ],
    mode: Annotated[str, typer.Option(help="hybrid, lexical eller dense.")] = "hybrid",
) -> None:
    """Sökkvalitet på guldfrågor: nDCG@10, Recall@10, MRR, listor, 'inga träffar' och jämförelser, per klass."""
    settings = Settings.from_env()
    if mode not in ("hybrid", "lexical", "dense"):
        typer.echo(f"fel: okänt läge {mode!r} (hybrid, lexical eller dense)", err=True)
        raise typer.Exit(code=2)
    try:
        sets = [(path, load_gold(path)) for path in gold]
        searcher = _searcher(settings)
    except (ValueError, OSError, StoreError) as error:
        typer.echo(f"fel: {error}", err=True)
        raise typer.Exit(code=2) from None
    for path, queries in sets:
        typer.echo(markdown_table(f"{path} ({len(queries)} frågor, {mode}):", evaluate(searcher, queries, mode)))


@app.command()
def summarise(
    namnd: Annotated[str | None, typer.Option(help="The nämnd (e.g. Norrmalm, Kommunstyrelsen).")] = None,
    year: Annotated[int | None, typer.Option(help="The year of its reports.")] = None,
    period: Annotated[str | None, typer.Option(help="T1, T2 or helår.")] = None,
    query: Annotated[str | None, typer.Option(help="A question: a draft of what its passages say.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the Markdown here instead of printing it.")] = None,
) -> None:
    """A cited summary draft in Swedish Markdown: of a nämnd's reports, or of a question's passages."""
    from summarise.draft import to_markdown
    from summarise.service import draft_for

    settings = Settings.from_env()
    if not namnd and not query:
        typer.echo("error: give --namnd (with --year, --period) or --query", err=True)
        raise typer.Exit(code=2)
    try:
        searcher = _searcher(settings)
        draft = draft_for(searcher, namnd=namnd, year=year, period=period, query=query)
    except (StoreError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    markdown = to_markdown(draft)
    if out:
        out.write_text(markdown, encoding="utf-8")
        typer.echo(f"Skrev {out} ({len(draft.sentences())} meningar, {len(draft.sources)} källor)")
    else:
        typer.echo(markdown)


@app.command()
def related(passage_id: Annotated[str, typer.Argument(help="A passage id (from search results).")]) -> None:
    """Related activities and goals in other reports: the same assignment, its next step, the same subject."""
    from summarise.related import related as find_related

    settings = Settings.from_env()
    with _reported(), Store.open(settings.data_dir) as store:
        found = find_related(store, embedder_from(settings, report=typer.echo), passage_id)
    if found is None:
        typer.echo(f"error: {passage_id}: no such passage in the index", err=True)
        raise typer.Exit(code=1)
    console = Console()
    p = found.passage
    console.print(f"[bold]{p.title}[/bold]\n[dim]{p.citation.report}, rad {p.citation.line_start}[/dim]")
    console.print(f"[dim]Jämfört: {found.assignment}[/dim]", soft_wrap=True)
    if not found.groups:
        console.print("Inga relaterade aktiviteter i andra rapporter.")
    for group in found.groups:
        console.rule(group.relation.capitalize())
        for m in group.members:
            flag = " [red]avvikelse[/red]" if m.deviation else ""
            status = f" · {m.status}" if m.status else ""
            console.print(
                f"{m.citation.namnd}, {m.citation.report} (rad {m.citation.line_start}){status}{flag} "
                f"[dim]id {m.passage_id}[/dim]\n  {m.title}\n  [dim]{m.basis}[/dim]",
                soft_wrap=True,
            )


@app.command()
def timeline(
    name: Annotated[str, typer.Argument(help="A goal or indicator: its number or words of its title.")],
) -> None:
    """A goal's status or an indicator's values across reports, by year and period."""
    from summarise.related import timeline as build_timeline

    with _reported(), Store.open(Settings.from_env().data_dir) as store:
        entries = build_timeline(store, name)
    if not entries:
        typer.echo(f"Inget mål eller någon indikator matchar {name!r}.")
        raise typer.Exit(code=1)
    console = Console()
    for e in entries:
        when = " ".join(str(p) for p in (e.year, e.period) if p)
        state = e.status or e.value or ""
        console.print(
            f"[bold]{when}[/bold] · {e.namnd} · {e.kind}: {e.title} · [cyan]{state}[/cyan] "
            f"[dim]({e.citation.file}, rad {e.citation.line_start}, id {e.passage_id})[/dim]",
            soft_wrap=True,
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (RAPPORTSOK_HOST, default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (RAPPORTSOK_PORT, default 8000).")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=16, help="Server processes; each loads the model (about 0.5 GB).")
    ] = 1,
) -> None:
    """Serve the API and the search page."""
    import uvicorn

    from api.app import create_app

    settings = Settings.from_env()
    host, port = host or settings.host, port or settings.port
    try:
        # Opened here first, also with several workers: a store that cannot be served stops
        # `serve` with its message, not each worker with a traceback.
        application = create_app(settings) if workers == 1 else Store.open(settings.data_dir).close()
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"rapportsök: http://{host}:{port}/  (API: http://{host}:{port}/docs)")
    if not settings.api_token:
        typer.echo("uppladdning och borttagning är avstängda: ingen RAPPORTSOK_TOKEN är satt")
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    else:
        # Each worker builds its app from the same RAPPORTSOK_* settings; writes between them go
        # one at a time (the index lock), each from the newest generation.
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning")


def _print_result(console: Console, result: SearchResult) -> None:
    reading = result.interpretation
    parts = [
        ", ".join(reading["kind"]) if reading["kind"] else None,
        "avvikelse" if reading["deviation"] else None,
        ", ".join(reading["status"]) if reading["status"] else None,
        reading["namnd"],
        ", ".join(map(str, reading["year"])) if reading["year"] else None,
        ", ".join(reading["period"]) if reading["period"] else None,
        ", ".join(reading["report_type"]) if reading["report_type"] else None,
        f"ämne: {reading['topic']}" if reading["topic"] else None,
        "frågan på engelska" if reading.get("language") == "en" else None,
        "avvikelser först" if reading.get("prefer_deviation") else None,
        f"jämförelse: {' och '.join(reading['compare'])}" if reading.get("compare") else None,
    ]
    console.print("[dim]Tolkning:[/dim] " + " · ".join(p for p in parts if p))
    if reading.get("searched"):
        console.print(
            "[dim]Sökte på:[/dim] " + ", ".join(f"{c['searched']} (du skrev {c['typed']})" for c in reading["searched"])
        )
    if result.total == 0:
        console.print("[bold]Inga träffar:[/bold] rapporterna i indexet tar inte upp det här.")
        if result.suggestions:
            console.print("[dim]Närliggande passager (förslag, inte svar på frågan):[/dim]")
            for hit in result.suggestions:
                c = hit.citation
                console.print(f"  [dim]{c.report}, rad {c.line_start}–{c.line_end}:[/dim] {hit.text[:160]} …")
        return
    console.print(
        f"[bold]{result.total}[/bold] träffar"
        + (f", visar {len(result.hits)}" if len(result.hits) < result.total else "")
    )
    last_goal = None
    for number, hit in enumerate(result.hits, 1):
        c = hit.citation
        goal = c.goal or "–"
        if goal != last_goal:
            console.rule(f"[dim]{c.report} · {goal[:90]}[/dim]")
            last_goal = goal
        where = f"s. {c.page}" if c.page else (f"s. ~{c.page_approx}" if c.page_approx else "")
        console.print(
            f"[bold]{number}.[/bold] [cyan]{hit.kind}[/cyan]"
            + (" [red]avvikelse[/red]" if hit.deviation else "")
            + f"  [dim]{c.file}, rad {c.line_start}–{c.line_end} {where} · "
            + f"{c.namnd} {c.year or ''} {c.period or ''}[/dim]"
        )
        text = hit.text
        for word in sorted(hit.highlights, key=len, reverse=True):
            text = text.replace(word, f"[bold yellow]{word}[/bold yellow]")
        console.print(text, soft_wrap=True, highlight=False)


@contextmanager
def _reported(*errors: type[Exception]) -> Iterator[None]:
    """A store that cannot be used (or one of `errors`) becomes one line on stderr and exit code 2."""
    try:
        yield
    except (StoreError, *errors) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


@contextmanager
def _progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    labels = {"files": "Filer (hash)", "nlp": "Svensk NLP", "embedding": "Embedding"}
    with Progress(
        TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=False,
    ) as bars:  # fmt: skip
        tasks: dict[str, TaskID] = {}

        def tick(stage: str, advance: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(labels.get(stage, stage), total=total)
            bars.update(tasks[stage], advance=advance, total=max(total, 1))

        yield tick


def _print_sync(report: SyncReport, store: Store) -> None:
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    for warning in report.warnings:
        typer.echo(f"varning: {warning}", err=True)
    if report.repaired is not None:
        typer.echo(
            f"reparerat: {len(report.repaired.missing)} passager utan vektor, "
            f"{len(report.repaired.extra)} vektorer utan passage",
            err=True,
        )
    counts = store.count_chunks()
    typer.echo(
        f"Nya: {len(report.added)} · Ändrade: {len(report.changed)} · Borttagna: {len(report.removed)} · "
        f"Oförändrade: {len(report.unchanged)} · Fel: {len(report.errors)} · "
        f"Embeddade passager: {report.chunks_embedded} (återanvända: {report.chunks_reused}) · "
        f"I indexet: {len(store.documents())} dokument, {sum(counts.values())} passager"
    )


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
