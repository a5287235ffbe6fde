"""The `rapportsok` command: a thin edge over index/, search/ and summarise/."""

from __future__ import annotations

import dataclasses
import errno
import json
import sqlite3
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from api import render, swedish
from api.limits import MAX_LIMIT, MAX_QUERY_CHARS, parse_met, parse_period
from index.settings import Settings, SettingsError

# Everything heavy (spaCy, FAISS, ONNX Runtime, rich's tables) is imported inside the command
# that needs it: `rapportsok --help` and `rapportsok status` then start in a fraction of a second.
if TYPE_CHECKING:
    from typer._click import Context

    from index.embed.embedder import Embedder
    from index.parse.metadata import ManifestEntry
    from search.engine import Searcher

swedish.install()

_PROCESS_OF_ITS_OWN = False


def _without_torch(settings: Settings) -> None:
    """On the ONNX path, make `import torch` fail before spaCy is imported.

    spaCy's thinc imports torch when it is installed (2 s and 300 MB on 2 cores), yet nothing on
    the ONNX path uses it. Where the ONNX model is not built yet, torch is needed to build it.
    """
    if not _PROCESS_OF_ITS_OWN or settings.backend != "onnx" or "torch" in sys.modules:
        return
    from index.embed.embedder import default_model_dir
    from index.embed.onnx_embedder import onnx_path

    if onnx_path(settings.model_dir or default_model_dir(settings.cache_dir)).exists():
        sys.modules["torch"] = None  # type: ignore[assignment]  # import torch → ImportError


def _fail(message: str, code: int = 2) -> typer.Exit:
    """One line on stderr, in Swedish, and the exit code; raise what this returns."""
    typer.echo(f"fel: {message}", err=True)
    return typer.Exit(code=code)


class _Commands(TyperGroup):
    """Every command, with one rule for a store that cannot be used: its message and exit code 2."""

    def invoke(self, ctx: Context) -> object:
        try:
            return super().invoke(ctx)
        except SettingsError as error:  # a clear line, not a traceback, for a mistyped variable
            raise _fail(str(error)) from None
        except sqlite3.DatabaseError as error:
            # A damaged or foreign file where the index's database should be (trial 31: a truncated copy
            # gave "database disk image is malformed" in an English traceback).
            raise _fail(
                f"indexets databas i {Settings.from_env().data_dir} kan inte läsas ({error}): den är skadad "
                "eller ingen rapportsok-databas; återställ den från en säkerhetskopia, eller flytta mappen "
                "och bygg ett nytt index med rapportsok index"
            ) from None
        except Exception as error:
            # Only a loaded store module raises StoreError: the check imports nothing heavy.
            store = sys.modules.get("index.store")
            if store is not None and isinstance(error, store.StoreError):
                raise _fail(str(error)) from None
            raise


app = typer.Typer(
    cls=_Commands,
    help="Sök och sammanfatta Stockholms stads uppföljningsrapporter.",
    no_args_is_help=True,
    add_completion=False,  # its options' help is click's English
)


@app.callback()
def _root() -> None:
    """rapportsok: sök, sammanfatta och följ upp mål i Stockholms stads rapporter."""
    # The settings are read (and a bad RAPPORTSOK_* variable reported: `_Commands`) by the command
    # that needs them, not here: `rapportsok search --help` then imports no pydantic.


def _manifest_for(settings: Settings, files: list[Path]) -> dict[str, ManifestEntry]:
    """The configured manifest, plus any manifest.toml beside the files given."""
    from index.parse.metadata import load_manifest

    manifest = load_manifest(settings.manifest)
    for folder in sorted({f.parent for f in files}):
        manifest = {**load_manifest(folder / "manifest.toml"), **manifest}
    return manifest


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(metavar="FILER", help="Rapportfiler (PDF eller text) eller mappar.")],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv posterna som JSON.")] = False,
) -> None:
    """Läs rapporter som mål, indikatorer, aktiviteter och avsnitt, och skriv ut dem."""
    from index.parse.export import report_to_dict
    from index.parse.ingest import link_warning, parse_batch, report_files, skipped_warning

    settings = Settings.from_env()
    links: list[Path] = []
    skipped: list[Path] = []
    paths = report_files(files, links, skipped)
    for link in links:
        typer.echo(f"varning: {link_warning(link)}", err=True)
    if skipped:
        typer.echo(f"varning: {skipped_warning(skipped)}", err=True)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        typer.echo(f"fel: {path}: filen finns inte", err=True)
    batch = parse_batch(
        [p for p in paths if p.exists()], _manifest_for(settings, paths), max_bytes=settings.max_file_bytes
    )
    for error in batch.errors:
        typer.echo(f"fel: {error}", err=True)
    if as_json:
        payload = [report_to_dict(r) for r in batch.reports]
        json.dump(payload[0] if len(payload) == 1 else payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.console import Console

        console = Console()
        for report in batch.reports:
            render.parsed_report(console, report)
    if batch.errors or missing:
        raise typer.Exit(code=1)


@app.command()
def model() -> None:
    """Bygg embeddingmodellen i cachen, och dess ONNX-fil (en gång; senare körningar kontrollerar bara)."""
    from index.embed.embedder import ensure_model, load_embedder

    settings = Settings.from_env()
    path = settings.model_dir or ensure_model(settings.cache_dir, report=typer.echo)
    source = " (från RAPPORTSOK_MODEL)" if settings.model_dir else ""
    embedder = load_embedder(path, settings.backend, report=typer.echo)
    # The on-disk lexicon and the query tokenizer's vocabulary, built here once rather than by the
    # first search (about 5 s).
    from index.nlp.frequencies import use_frequency_cache
    from index.nlp.lemmas import use_dictionary_cache

    use_dictionary_cache(settings.cache_dir / "lexicon")
    use_frequency_cache(settings.cache_dir / "lexicon")
    if hasattr(embedder, "warm_up"):
        embedder.embed_query("uppstart")
    typer.echo(f"Modell: {path}{source} · backend: {settings.backend}")


@app.command("index")
def index_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="SÖKVÄGAR", help="Rapportfiler eller mappar att indexera (synkas efter innehållets hash)."
        ),
    ],
    keep: Annotated[
        bool, typer.Option("--keep", help="Behåll indexerade filer som inte längre finns i mapparna.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processer för den svenska språkanalysen (förval: alla kärnor).")
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Ersätt en indexerad rapport med samma filnamn som finns kvar i en annan mapp (annars vägras filen).",
        ),
    ] = False,
) -> None:
    """Indexera rapporter: nya filer läggs till, ändrade ersätts, borttagna tas bort."""
    from index.backend import open_store
    from index.embed.embedder import embedder_from
    from index.lock import IndexLockedError, index_lock
    from index.parse.ingest import report_files
    from index.read.errors import ReportError
    from index.store.sync import sync

    settings = Settings.from_env()
    missing = [p for p in paths if not p.exists()]
    paths = [p for p in paths if p.exists()]
    embedder = embedder_from(settings, report=typer.echo)
    model_dir = embedder.model_dir
    with (
        _reported(IndexLockedError),
        index_lock(settings.data_dir),
        open_store(settings, verify=False) as store,
    ):
        with render.progress_bars() as tick:
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
                replace=replace,
            )
        # Counted among the run's errors, as the summary line says (trial 30: "fel: … finns inte" above
        # "Fel: 0"); a folder without a report file is said, not passed over as "Nya: 0".
        report.errors[:0] = [ReportError(str(p), "filen eller mappen finns inte") for p in missing]
        report.warnings += [
            f"{p}: inga rapportfiler (.pdf eller .txt) i mappen" for p in paths if p.is_dir() and not report_files([p])
        ]
        render.sync_report(report, store)
    if report.errors:
        raise typer.Exit(code=1)


@app.command()
def remove(
    files: Annotated[
        list[str], typer.Argument(metavar="FILER", help="Indexerade filnamn (eller sökvägar) att ta bort.")
    ],
) -> None:
    """Ta bort filer ur indexet: deras passager och vektorer raderas."""
    from index.backend import open_store
    from index.lock import IndexLockedError, index_lock
    from index.store.sync import remove_files
    from index.uploads import UPLOADS, tidy

    settings = Settings.from_env()
    with _reported(IndexLockedError), index_lock(settings.data_dir), open_store(settings) as store:
        gone = remove_files(store, files)
        tidy(settings.data_dir / UPLOADS, store)  # a removed upload's file goes with it
    for name in gone:
        typer.echo(f"borttagen: {name}")
    removed = {unicodedata.normalize("NFC", name) for name in gone}
    unknown = sorted({Path(f).name for f in files if unicodedata.normalize("NFC", Path(f).name) not in removed})
    for name in unknown:
        typer.echo(f"fel: {name}: finns inte i indexet", err=True)
    if unknown:
        raise typer.Exit(code=1)


@app.command()
def status() -> None:
    """Vad som är indexerat: dokument, passager per typ, modell, storlek på disk."""
    from rich.console import Console

    from index.backend import open_store

    settings = Settings.from_env()
    with open_store(settings) as store:
        render.status(Console(), store, settings.data_dir)


def _embedder(settings: Settings) -> Embedder:
    """The model, already loading on a thread while the caller reads the question and opens the index
    (`OnnxEmbedder.warm_up`), and lemmas and word frequencies looked up on disk: together most of a
    one-question process's start (README, Start-up)."""
    _without_torch(settings)
    from index.embed.embedder import embedder_from

    embedder = embedder_from(settings, report=typer.echo)
    warm_up = getattr(embedder, "warm_up", None)
    if warm_up is not None:
        warm_up()
    _use_lexicon(settings)
    return embedder


def _use_lexicon(settings: Settings) -> None:
    """Lemmas and word frequencies looked up in the on-disk lexicon that `rapportsok model` built,
    not decoded from simplemma's and wordfreq's packed files (measured: 4.4 s of 7 s for
    `rapportsok indicators sjukfrånvaro` without it)."""
    from index.nlp.frequencies import use_frequency_cache
    from index.nlp.lemmas import use_dictionary_cache

    use_dictionary_cache(settings.cache_dir / "lexicon")
    use_frequency_cache(settings.cache_dir / "lexicon")


def _searcher(settings: Settings, embedder: Embedder | None = None) -> Searcher:
    from index.backend import open_store
    from search.engine import Searcher

    return Searcher(open_store(settings), embedder or _embedder(settings))


def _kind(raw: str | None) -> str | None:
    """'aktivitet', 'aktiviteter' or the API's 'activity' → the stored kind."""
    if raw is None:
        return None
    wanted = raw.strip().lower()
    if wanted in render.KIND_LABELS:
        return wanted
    if wanted in render.KIND_NAMES:
        return render.KIND_NAMES[wanted]
    names = ", ".join(singular for singular, _ in render.KIND_LABELS.values())
    raise _fail(f"okänd typ {raw!r}: välj en av {names}")


def _checked_question(question: str, *, words: bool = True) -> str:
    """The question, or exit code 2 where it is empty, too long or (`words`) only stop words (as the API)."""
    if not question.strip():
        raise _fail('frågan är tom: skriv vad du söker, t.ex. "hemlöshet på Norrmalm"')
    if len(question) > MAX_QUERY_CHARS:
        raise _fail(f"frågan är {len(question)} tecken, högst {MAX_QUERY_CHARS} går")
    if not words:
        return question
    import re

    from index.nlp.stopwords import spacy_stop_words
    from search.query import STOP_WORDS

    # English's too: "what is the" was read as an English question and answered by meaning alone.
    small = STOP_WORDS | spacy_stop_words("en")
    words = re.findall(r"\w+", question.lower())
    if all(w in small for w in words):
        raise _fail(f"frågan {question.strip()!r} har bara småord (som 'och', 'det', 'om'): skriv vad du söker")
    return question


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            metavar="FRÅGA", help='En fråga på svenska, t.ex. "vilka aktiviteter har avvikelser om pandemin".'
        ),
    ],
    namnd: Annotated[str | None, typer.Option(help="Endast den här nämnden (t.ex. Norrmalm, KS).")] = None,
    year: Annotated[int | None, typer.Option(help="Endast rapporter från det här året.")] = None,
    period: Annotated[str | None, typer.Option(help="Endast den här perioden: T1, T2, T3 eller helår.")] = None,
    report_type: Annotated[
        str | None,
        typer.Option(help="Endast den här rapporttypen, t.ex. 'Tertialrapport 1' eller Verksamhetsberättelse."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Endast den här typen av passage: aktivitet, mål, indikator, analys eller text.")
    ] = None,
    deviation: Annotated[bool, typer.Option("--deviation", help="Endast aktiviteter med avvikelse.")] = False,
    limit: Annotated[
        int, typer.Option(min=1, max=MAX_LIMIT, help="Högst så många träffar (listfrågor visar alla).")
    ] = 10,
    sort: Annotated[
        str, typer.Option(help="relevans, eller datum: nyaste rapporten först, rapport för rapport.")
    ] = "relevans",
    as_json: Annotated[bool, typer.Option("--json", help="Ett JSON-objekt på stdout.")] = False,
) -> None:
    """Sök i indexet: passager med källa, och hur frågan tolkades."""
    from index.parse.records import ChunkKind

    settings = Settings.from_env()
    _without_torch(settings)
    chunk_kind = _kind(kind)
    from api.filters import filters_from

    try:
        filters = filters_from(
            kind=ChunkKind(chunk_kind) if chunk_kind else None,
            deviation=True if deviation else None,  # the flag: set or left to the question
            namnd=namnd,
            year=year,
            period=period,
            report_type=report_type,
        )
    except ValueError as error:
        raise _fail(str(error)) from None
    _checked_question(query, words=False)  # empty or too long: refused before anything loads
    embedder = _embedder(settings)  # loads on a thread while the question's words are read
    _checked_question(query)
    from search.names import UnknownNamndError

    if sort not in ("relevans", "datum"):
        raise _fail(f"okänd ordning {sort!r}: relevans eller datum")
    with _reported(UnknownNamndError):
        searcher = _searcher(settings, embedder)
        if not searcher.store.passage_count():
            # An empty index answers nothing about anything: said so, not "inget stycke handlar om det här"
            # (a new user read that as the reports being silent on the subject).
            raise _fail(
                f"indexet i {settings.data_dir} är tomt: inga rapporter är indexerade ännu (rapportsok index MAPP)",
                code=1,
            )
        if sort == "datum":  # every answering passage ordered by date, then cut, as GET /search does
            from dataclasses import replace

            from api.limits import MAX_FACET_HITS
            from search.order import newest_first

            result = searcher.search(query, filters, limit=MAX_FACET_HITS)
            result = replace(result, hits=tuple(newest_first(result.hits))[:limit])
        else:
            result = searcher.search(query, filters, limit=limit)
    if as_json:
        from api.models import SearchResponse  # the API's shape: one JSON of a result for both edges

        json.dump(SearchResponse.of(result).model_dump(mode="json"), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        from rich.console import Console

        render.search_result(Console(), result)


@app.command("eval")
def eval_command(
    gold: Annotated[
        list[Path],
        typer.Argument(
            metavar="GULDFILER",
            help="Guldfrågor: JSON-rader {query, class, relevant: [{file, must_contain}]}; en eller flera filer.",
        ),
    ],
    mode: Annotated[str, typer.Option(help="hybrid, lexical eller dense.")] = "hybrid",
) -> None:
    """Sökkvalitet på guldfrågor: nDCG@10, Recall@10, MRR, listor, 'inga träffar' och jämförelser, per klass."""
    from search.evaluate import HEADERS_SV, evaluate, load_gold, markdown_table

    settings = Settings.from_env()
    if mode not in ("hybrid", "lexical", "dense"):
        raise _fail(f"okänt läge {mode!r} (hybrid, lexical eller dense)")
    with _reported(ValueError, OSError):
        sets = [(path, load_gold(path)) for path in gold]
        searcher = _searcher(settings)
    for path, queries in sets:
        scores = evaluate(searcher, queries, mode)
        typer.echo(markdown_table(f"{path} ({len(queries)} frågor, {mode}):", scores, HEADERS_SV))


DRAFT_SUFFIXES = frozenset({"", ".md", ".markdown", ".txt", ".docx"})  # "": a name without one is Markdown


@app.command()
def summarise(
    namnd: Annotated[str | None, typer.Option(help="Nämnden (t.ex. Norrmalm, Kommunstyrelsen).")] = None,
    year: Annotated[int | None, typer.Option(help="Året för dess rapporter.")] = None,
    period: Annotated[str | None, typer.Option(help="T1, T2 eller helår.")] = None,
    query: Annotated[str | None, typer.Option(help="En fråga: ett utkast av vad dess passager säger.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Skriv utkastet hit i stället för att visa det: Markdown, eller Word för .docx."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Skriv över en fil som redan finns vid --out.")
    ] = False,
) -> None:
    """Ett sammanfattningsutkast med källor, i Markdown eller Word: av en nämnds rapporter eller en frågas passager."""
    settings = Settings.from_env()
    if query is not None and not query.strip():
        raise _fail("frågan är tom: skriv vad utkastet ska handla om, t.ex. --query 'pandemins påverkan på ekonomin'")
    if not namnd and not query:
        raise _fail("ange --namnd (med --year, --period) eller --query")
    # A format the draft is not written in is refused before any work: a new user's "x.pdf" was
    # Markdown under a PDF's name, said "Skrev x.pdf".
    if out and out.suffix.lower() not in DRAFT_SUFFIXES:
        raise _fail(f"{out}: utkast skrivs som Markdown (.md) eller Word (.docx), inte «{out.suffix}»")
    if out:
        _may_write(out, settings, overwrite=overwrite)
    _without_torch(settings)
    from summarise.draft import to_markdown
    from summarise.service import draft_for

    with _reported(ValueError):
        searcher = _searcher(settings)
        draft = draft_for(searcher, namnd=namnd, year=year, period=period, query=query)
    markdown = to_markdown(draft)
    if out and out.suffix.lower() == ".docx":
        from summarise.docx_export import to_docx

        _write(out, to_docx(draft))
        typer.echo(f"Skrev {out} ({len(draft.sentences())} meningar, {len(draft.sources)} källor, Word)")
    elif out:
        _write(out, markdown.encode("utf-8"))
        typer.echo(f"Skrev {out} ({len(draft.sentences())} meningar, {len(draft.sources)} källor)")
    else:
        typer.echo(markdown)


@app.command()
def related(
    passage_id: Annotated[str, typer.Argument(metavar="PASSAGE-ID", help="Ett passage-id («id …» i en sökträff).")],
) -> None:
    """Relaterade aktiviteter och mål i andra rapporter: samma uppdrag, nästa steg, samma ämne."""
    if not passage_id.strip():
        raise _fail("ange ett passage-id: det står som «id …» vid varje sökträff")
    settings = Settings.from_env()
    _without_torch(settings)
    from rich.console import Console

    from index.backend import open_store
    from summarise.related import related as find_related

    with open_store(settings) as store:
        found = find_related(store, _embedder(settings), passage_id)
    if found is None:
        raise _fail(f"{passage_id}: ingen sådan passage i indexet", code=1)
    render.related(Console(), found)


@app.command()
def timeline(
    name: Annotated[
        str, typer.Argument(metavar="NAMN", help="Ett mål eller en indikator: dess nummer eller ord ur rubriken.")
    ],
) -> None:
    """Ett måls status eller en indikators värden i rapport efter rapport, matchade på rubrikens innebörd."""
    # An empty name matched every title alike, and the first indicator's timeline was shown (trial 29).
    if not name.strip():
        raise _fail("ange ett mål eller en indikator: dess nummer eller ord ur rubriken, t.ex. 1.2 eller sjukfrånvaro")
    settings = Settings.from_env()
    _without_torch(settings)
    from rich.console import Console

    from index.backend import open_store
    from summarise.timeline import timeline as build_timeline

    with _reported(), open_store(settings) as store:
        found = build_timeline(store, _embedder(settings), name)
    if not found.entries:
        typer.echo(f"Inget mål eller någon indikator matchar {name!r}.")
        raise typer.Exit(code=1)
    render.timeline(Console(), found.entries, found.anchor, found.others)


@app.command()
def indicators(
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAMN", help="Ord ur indikatorns namn, t.ex. sjukfrånvaro eller ekonomiskt bistånd."),
    ] = None,
    namnd: Annotated[str | None, typer.Option(help="Endast den här nämnden (t.ex. Norrmalm, KS).")] = None,
    year: Annotated[int | None, typer.Option(min=1900, max=2100, help="Endast rapporter från det här året.")] = None,
    period: Annotated[str | None, typer.Option(help="Endast den här perioden: T1, T2, T3 eller helår.")] = None,
    met: Annotated[
        str | None, typer.Option(help="ja: endast de som når målet; nej: endast de som inte når det.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Ett JSON-objekt på stdout, som GET /indicators.")] = False,
) -> None:
    """Indikatorer med utfall, årsmål och KF:s årsmål, och om målet nås (med hänsyn till riktning)."""
    # Words of a name without quotes are one name (trial 29: "indicators ekonomiskt bistånd" was refused).
    name = " ".join(words) if words else None
    settings = Settings.from_env()
    _without_torch(settings)
    from index.backend import open_store
    from search.indicators import IndicatorFilter, indicator_rows
    from search.names import UnknownNamndError, resolve_namnd

    try:
        periods = (parse_period(period),) if period else None
        wanted_met = parse_met(met) if met else None
    except ValueError as error:
        raise _fail(str(error)) from None
    _use_lexicon(settings)  # indicator names are matched on their lemmas
    with _reported(UnknownNamndError), open_store(settings) as store:
        known = sorted({d.meta.namnd for d in store.documents()})
        where = IndicatorFilter(
            name=name,
            namnd=resolve_namnd(namnd, known) if namnd else None,
            years=(year,) if year else None,
            periods=periods,
            met=wanted_met,
        )
        rows = indicator_rows(store, where)
        # Whether the reports asked for print no indicator table at all (the 2024 avstämning): said so,
        # not "Inga indikatorer matchar", which a new user read as a name that matched nothing.
        tableless = not rows and not indicator_rows(store, dataclasses.replace(where, name=None, met=None))
    if as_json:
        from api.models import IndicatorsResponse

        json.dump(IndicatorsResponse.of(rows).model_dump(mode="json"), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if not rows:
        typer.echo("De valda rapporterna har inga indikatortabeller." if tableless else "Inga indikatorer matchar.")
        raise typer.Exit(code=1)
    from rich.console import Console

    render.indicators(Console(), rows, wanted_met, by="--met")  # "--met nej" lists the misses alone: said so


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adress att lyssna på (RAPPORTSOK_HOST, förval 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (RAPPORTSOK_PORT, förval 8000).")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=16, help="Serverprocesser; var och en laddar modellen (cirka 0,5 GB).")
    ] = 1,
) -> None:
    """Kör API:t och söksidan."""
    settings = Settings.from_env()
    _without_torch(settings)
    import uvicorn

    from api.app import create_app

    host, port = host or settings.host, port or settings.port
    from index.backend import open_store

    # Opened here first, also with several workers: a store that cannot be served stops `serve`
    # with its message, not each worker with a traceback.
    application = create_app(settings) if workers == 1 else open_store(settings).close()
    typer.echo(f"rapportsök: http://{host}:{port}/  (API: http://{host}:{port}/docs)")
    if not settings.api_token:
        typer.echo("uppladdning och borttagning är avstängda: ingen RAPPORTSOK_TOKEN är satt")
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    else:
        # Each worker builds its app from the same RAPPORTSOK_* settings; writes between them go
        # one at a time (the index lock), each from the newest generation.
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning")


def _may_write(path: Path, settings: Settings, *, overwrite: bool) -> None:
    """Refuse, before any work, to write a draft over a file that exists unless asked to (a new user's
    mistyped `--out rapport.txt` replaced the file without a word), and over an indexed report's
    source ever: the index reads it again on its next run."""
    if not path.exists() or path.is_dir():
        return  # a folder is refused where it is written ("det är en mapp")
    from index.backend import open_store
    from index.store.facade import DB_NAME

    sources = set()
    if settings.store or (settings.data_dir / DB_NAME).exists():
        with open_store(settings) as store:
            sources = {Path(d.path) for d in store.documents() if d.path}
    if path.resolve() in sources:
        raise _fail(f"{path}: en indexerad rapport; ett utkast skrivs aldrig över den, välj ett annat namn")
    if not overwrite:
        raise _fail(f"{path} finns redan: välj ett annat namn, eller lägg till --overwrite för att skriva över den")


def _write(path: Path, data: bytes) -> None:
    """Write a file the user named, its folder made where missing (a new user's `--out out/x.md`
    ended in an English traceback) and said so; a path that cannot be written is one Swedish line."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
            typer.echo(f"Skapade mappen {path.parent}")
        path.write_bytes(data)
    except OSError as error:
        raise _fail(f"kan inte skriva {path}: {_os_reason(error)}") from None


def _os_reason(error: OSError) -> str:
    """Why the system refused, in Swedish for the common causes."""
    reasons = {
        errno.EACCES: "behörighet saknas",
        errno.EPERM: "behörighet saknas",
        errno.EISDIR: "det är en mapp",
        errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
        errno.ENOSPC: "disken är full",
        errno.EROFS: "filsystemet är skrivskyddat",
        errno.ENOENT: "sökvägen finns inte eller kan inte skapas",
    }
    return reasons.get(error.errno or 0, f"systemfel {error.errno}")


@contextmanager
def _reported(*errors: type[Exception]) -> Iterator[None]:
    """One of `errors` becomes one line on stderr and exit code 2 (a StoreError always does: `_Commands`)."""
    try:
        yield
    except errors as error:
        raise _fail(str(error)) from None


def main() -> None:
    global _PROCESS_OF_ITS_OWN
    # Only a process of its own may hide torch: tests call `app` inside pytest, beside torch users.
    _PROCESS_OF_ITS_OWN = True
    app()


if __name__ == "__main__":
    main()
