"""How the CLI shows things: search results, sync reports, parsed reports, status, related, timelines.

Commands (`cli.py`) decide what to do and with which exit code; this module only prints, in Swedish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from index.parse.records import Chunk, ChunkKind, IndicatorValues, ParsedReport
    from index.store import Store
    from index.store.sync import SyncReport
    from search.engine import SearchResult
    from search.goals import GoalShare
    from search.indicators import IndicatorRow
    from search.lexicon import Alternative
    from search.query import GoalRef
    from summarise.related import Related
    from summarise.timeline import TimelineEntry

# The kinds of passage as an official names them; the English values stay in JSON and the API.
KIND_LABELS = {
    "goal": ("mål", "mål"),
    "activity": ("aktivitet", "aktiviteter"),
    "indicator": ("indikator", "indikatorer"),
    "analysis": ("analys", "analyser"),
    "section": ("text", "övrig text"),
}
KIND_NAMES = {singular: value for value, (singular, _) in KIND_LABELS.items()} | {
    plural: value for value, (_, plural) in KIND_LABELS.items()
}


def kind_label(kind: str, *, plural: bool = False) -> str:
    singular, many = KIND_LABELS.get(kind, (kind, kind))
    return many if plural else singular


def chunk_label(chunk: Chunk) -> str:
    """What a passage is: its kind, and a goal its level ("nämndmål"), as the page shows it."""
    if chunk.kind.value == "goal" and chunk.level is not None:
        return GOAL_LEVELS[chunk.level.depth]
    return kind_label(chunk.kind.value)


GOAL_LEVELS = {1: "inriktningsmål", 2: "verksamhetsområdesmål", 3: "nämndmål"}
SUGGESTIONS_HEADING = (
    "Närmaste passager (osäkra förslag som inte räknas som träffar; läs dem, de kan säga samma sak med andra ord):"
)


def nothing_found(
    unknown_words: Sequence[str], suggestions: bool = False, absent: Sequence[str] = (), unnamed: Sequence[str] = ()
) -> str:
    """Why nothing answers, in words that are true: which of the question's words no report has,
    or that no passage is clearly about it (a question in other words than the reports' may still
    be covered, so the tool never claims that the reports do not cover a subject). Three new users
    in four read "«terrorattacken» står inte i rapporterna" as "the reports do not cover this",
    while the nearest passage was the answer in other words ("terrordådet"), so the text says that
    it is the word that is missing, and points to the passages below. The page says the same in
    `static/app.js` (`statusLine`). A report asked for that the index lacks says so first; then a
    month asked for that no passage about the question names ("augusti 2021")."""
    if absent:
        return f"ingen rapport i indexet är från {' eller '.join(absent)}."
    if unnamed:
        tail = "; de närmaste passagerna står nedan." if suggestions else "."
        return f"inget stycke om frågan nämner {' eller '.join(unnamed)}{tail}"
    if unknown_words:
        said = f"{words_missing(unknown_words)} i någon rapport i indexet"
    else:
        said = "inget stycke i rapporterna handlar tydligt om det här"
    if suggestions:
        return said + "; rapporterna kan ändå ta upp saken med andra ord (se nedan)."
    return said + "."


def words_missing(unknown_words: Sequence[str]) -> str:
    """ "ordet «dagis» förekommer inte", "orden «olympiska», «vinterspelen» förekommer inte"."""
    quoted = ", ".join(f"«{w}»" for w in unknown_words)
    return f"{'ordet' if len(unknown_words) == 1 else 'orden'} {quoted} förekommer inte"


def goal_line(goal: GoalRef) -> str:
    """ "under mål 3.2 (ks-tertialrapport-1-2020.txt)": the goal a question named. As static/app.js."""
    line = f"{'under mål' if goal.below else 'mål'} {goal.number or '–'}"
    return f"{line} ({goal.file})" if goal.file else line


def alternatives_line(alternatives: Sequence[Alternative]) -> str:
    """ "funktionsnedsättning, funktionshinder (för handikapp)": what a word no report has was
    searched as. The page writes the same line (static/app.js: searchedLine)."""
    return "; ".join(f"{', '.join(a.terms)} (för {a.word})" for a in alternatives)


def parts_line(parts: Sequence[Alternative]) -> str:
    """ "upphandling och fråga (för upphandlingsfrågor)": a compound no report has, searched by its
    parts together. The page writes the same line (static/app.js: searchedLine)."""
    return "; ".join(f"{' och '.join(a.terms)} (för {a.word})" for a in parts)


def absent_line(unknown_words: Sequence[str]) -> str:
    """An answer's note on the question's words that no report has: the hits were chosen by the
    question's other words and its meaning, which may or may not be what those words name (a new
    user's "hagastan" found Hagastaden; "olympiska vinterspelen" found sports in general). The
    page writes the same (static/app.js)."""
    missing = words_missing(unknown_words)
    return f"{missing} i rapporterna; träffarna är valda efter frågans övriga ord och dess innebörd."


def clear_count(clear: int) -> str:
    """How many of the hits are clearly about the question, after their count: "none" said as a word,
    as "varav 0" read as a figure the tool had not meant. The page writes the same (static/app.js)."""
    return f", varav {clear} tydligt om frågan" if clear else ", ingen tydligt om frågan"


GOALS_HEADING = (
    "Målen som listans rader hör till har fler rader än listan tar med; de övriga nämner inte frågans ord men kan "
    "höra till ämnet:"
)


def goal_share_line(share: GoalShare) -> str:
    """ "mål 1.5 I Stockholm har äldre … (Tertialrapport 1 2020 för kommunstyrelsen): 1 av 13
    aktiviteter i listan; alla: «vilka aktiviteter under mål 1.5»". The page writes the same
    (static/app.js: goalsNote)."""
    kind = kind_label(share.kind.value, plural=True)
    line = f"mål {share.goal} ({share.report}): {share.listed} av {share.total} {kind} i listan"
    return line + (f"; alla: «vilka {kind} under mål {share.number}»" if share.number else "")


def previous_name(label: str | None) -> str:
    """The previous outcome's column, by what the report calls it: "utfall VB 2019" is last year's
    annual report, which "föregående period" on a tertial's row misreported."""
    return f"utfall {label}" if label else "föregående period"


def values_line(v: IndicatorValues) -> str:
    """An indicator row's figures with their column names: "utfall 1,9 % · män 1,2 % · … · KF:s
    årsmål Tas fram av nämnd/styrelse · period Tertial 2 2021". A row the report prints as bare
    cells ("1,9 % 1,2 % 2,4 % 2,1 % 2,1 % 2,5 %") could not be read by a new user. The page writes
    the same (static/app.js: valuesLine)."""
    from search.indicators import value_text

    cells = [
        ("utfall", v.outcome, None),
        ("män", v.outcome_men, None),
        ("kvinnor", v.outcome_women, None),
        (previous_name(v.previous_label), v.previous, None),
        ("årsmål", v.target, v.target_note),
        ("KF:s årsmål", v.kf_target, v.kf_target_note),
    ]
    targets = {"årsmål", "KF:s årsmål"}
    parts = [
        f"{name} {value_text(value, v.unit, note, band=v.band and name in targets)}"
        for name, value, note in cells
        if value is not None or note
    ]
    return " · ".join(parts + ([f"period {v.period}"] if v.period else []))


def snippet(text: str, highlights: Sequence[str], width: int = 160) -> str:
    """About `width` characters of `text` where its rarest highlighted words are (each word counts
    one over its occurrences in the passage): a suggestion's start may be on another subject than
    the sentence that matched (a new user's 16-year-olds' vote was in the middle of a passage on
    citizen dialogue, and "stad" is on every line). A short text is shown whole."""
    if len(text) <= width:
        return text
    lead = width // 3
    found = [(m.start(), w) for w in highlights for m in re.finditer(re.escape(w), text)]
    counts = {w: sum(1 for _, x in found if x == w) for _, w in found}

    def weight_near(at: int) -> float:
        return sum(1 / counts[w] for w in {w for p, w in found if at - lead <= p < at - lead + width})

    best = max((p for p, _ in found), key=lambda p: (weight_near(p), -p), default=0)
    start = max(0, best - lead) if weight_near(best) > weight_near(lead) else 0
    if start:
        start = text.find(" ", start) + 1 or start  # from a word's start
    return ("… " if start else "") + text[start : start + width] + (" …" if start + width < len(text) else "")


def search_result(console: Console, result: SearchResult) -> None:
    """How the question was read, the count, and each hit with its source and highlighted words."""
    from rich.text import Text  # here: `--help` imports typer only

    reading = result.interpretation
    parts = [
        ", ".join(kind_label(k, plural=True) for k in reading.kind).capitalize() if reading.kind else None,
        "avvikelse" if reading.deviation else None,
        ", ".join(reading.status) if reading.status else None,
        reading.namnd,
        ", ".join(map(str, reading.year)) if reading.year else None,
        ", ".join(reading.period) if reading.period else None,
        ", ".join(reading.report_type) if reading.report_type else None,
        f"ämne: {reading.topic}" if reading.topic else None,
        "frågan på engelska" if reading.language == "en" else None,
        "avvikelser först" if reading.prefer_deviation else None,
        f"jämförelse: {' och '.join(reading.compare)}" if reading.compare else None,
        ", ".join(GOAL_LEVELS[n] for n in reading.goal_level) if reading.goal_level else None,
        goal_line(reading.goal) if reading.goal else None,
        f"utan rapport i indexet: {', '.join(reading.absent)}" if reading.absent else None,
        f"{', '.join(reading.named_only)} (ingen rapport i indexet: stycken som nämner den)"
        if reading.named_only and not reading.absent
        else None,
    ]
    console.print("[dim]Tolkning:[/dim] " + " · ".join(p for p in parts if p))
    if reading.searched:
        typed = ", ".join(f"{c.searched} (du skrev {c.typed})" for c in reading.searched)
        console.print(f"[dim]Sökte på:[/dim] {typed}")
    if reading.alternatives:
        console.print(f"[dim]Sökte också på:[/dim] {alternatives_line(reading.alternatives)}")
    if reading.parts:
        console.print(f"[dim]Sökte på delarna:[/dim] {parts_line(reading.parts)}")
    if result.indicators is not None:
        if result.indicators:
            indicators(console, result.indicators, result.indicators_met)
        else:
            console.print("Ingen indikator har frågans ämnesord i sitt namn.")
    if result.total == 0:
        said = nothing_found(
            result.unknown_words, bool(result.suggestions), reading.absent or (), reading.unnamed or ()
        )
        console.print(f"[bold]Inga träffar:[/bold] {said}")
        if result.suggestions:
            console.print(f"[dim]{SUGGESTIONS_HEADING}[/dim]")
            for hit in result.suggestions:
                c = hit.citation
                # Its goal or section too, as a hit's: a party's reservation read without it as the plan
                # of the kommunstyrelse (a new user's "bebygga Bromma flygplats").
                goal = c.goal or (f"avsnitt: {c.section}" if c.section else None)
                # With its file and id, as a hit's: a new user could not pass a suggestion to `related`.
                where = f"{c.report} ({c.file}), rad {c.line_start}–{c.line_end}, id {hit.chunk.id}"
                where += f" · {goal}" if goal else ""
                console.print(f"  [dim]{where}:[/dim] {snippet(hit.chunk.text, hit.highlights)}", highlight=False)
        return
    console.print(
        f"[bold]{result.total}[/bold] {'träff' if result.total == 1 else 'träffar'}"
        + (clear_count(result.clear) if result.clear is not None else "")
        + (f", visar {len(result.hits)}" if len(result.hits) < result.total else "")
    )
    if result.unknown_words:
        console.print(f"[bold]Obs:[/bold] {absent_line(result.unknown_words)}")
    if result.goals:
        console.print(f"[dim]{GOALS_HEADING}[/dim]")
        for share in result.goals:
            console.print(f"  {goal_share_line(share)}", highlight=False)
    last_goal = None
    for number, hit in enumerate(result.hits, 1):
        c = hit.citation
        goal = c.goal or (f"avsnitt: {c.section}" if c.section else "–")
        if goal != last_goal:
            # The goal or section in full on a line of its own: cut to the rule's width, "avsnitt:
            # Reservation av borgarrå…" hid that a passage was a party's dissent, not the plan (a new user).
            console.rule(f"[dim]{c.report}[/dim]")
            console.print(f"[dim]{goal}[/dim]", soft_wrap=True, highlight=False)
            last_goal = goal
        # A report with no page numbers shows none (a new user read "rad 6–22  · " as a value lost).
        where = f" s. {c.page}" if c.page else (f" s. ~{c.page_approx}" if c.page_approx else "")
        console.print(
            f"[bold]{number}.[/bold] [cyan]{chunk_label(hit.chunk)}[/cyan]"
            + (" [red]avvikelse[/red]" if hit.chunk.deviation else "")
            + (" [green]tydligt om frågan[/green]" if hit.clear else "")
            + f"  [dim]{c.file}, rad {c.line_start}–{c.line_end}{where} · "
            + f"{c.namnd} {c.year or ''} {c.period or ''} · id {hit.chunk.id}[/dim]"
        )
        # Styled as spans of the text, not as markup written into it: a passage's own brackets, or a
        # word inside another highlighted one ("Stockholm" in "Stockholmarnas"), left a new user's
        # piped output with "[bold yellow]Stockholm[/bold yellow]" as text.
        text = Text(hit.chunk.text)
        text.highlight_words(sorted(hit.highlights, key=len, reverse=True), "bold yellow")
        console.print(text, soft_wrap=True, highlight=False)
        if hit.chunk.values is not None and (line := values_line(hit.chunk.values)):
            console.print(f"[dim]{line}[/dim]", soft_wrap=True, highlight=False)


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    """Progress bars on stderr, one per stage of an index run; yields the `progress` callback."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

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


def sync_report(report: SyncReport, store: Store) -> None:
    """What an index run did: errors and warnings on stderr, the counts on stdout."""
    for error in report.errors:
        # A changed file that cannot be read leaves its indexed version as it was: said, so that no
        # one takes the error for the report's loss (a blind trial could not tell).
        kept = store.document(Path(error.file).name) is not None
        typer.echo(f"fel: {error}" + ("; den tidigare indexerade versionen finns kvar" if kept else ""), err=True)
    for warning in report.warnings:
        typer.echo(f"varning: {warning}", err=True)
    for name in report.removed:
        typer.echo(f"borttagen: {name} (finns inte längre i mappen)")
    if report.repaired is not None:
        typer.echo(
            f"reparerat: {len(report.repaired.missing)} passager utan vektor, "
            f"{len(report.repaired.extra)} vektorer utan passage",
            err=True,
        )
    counts = store.count_chunks()
    typer.echo(
        f"Nya: {len(report.added)} · Ändrade: {len(report.changed)} · Borttagna: {len(report.removed)} · "
        f"Oförändrade: {len(report.unchanged)} · "
        + (f"Lästa på nytt (ny tolkning av rapporterna): {len(report.reread)} · " if report.reread else "")
        + f"Fel: {len(report.errors)} · "
        f"Embeddade passager: {report.chunks_embedded} (återanvända: {report.chunks_reused}) · "
        f"I indexet: {len(store.documents())} dokument, {sum(counts.values())} passager"
    )


def parsed_report(console: Console, report: ParsedReport) -> None:
    """A parsed report's metadata, counts, goals and deviations."""
    from collections import Counter

    from rich.table import Table

    from index.parse.records import GoalLevel

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


def status(console: Console, store: Store, data_dir: Path) -> None:
    """What is indexed: a line per document, then passages by kind, model, generation and size."""
    documents = store.documents()
    # A line per document, its file name whole: a table in an 80-column terminal cut it to
    # "ks-tertialrappor…", and a new user could not tell two reports apart (the file is what `remove`
    # and the citations name).
    for d in documents:
        year = f" · {d.meta.year}" if d.meta.year else ""
        console.print(
            f"[bold]{d.file}[/bold] · {d.meta.namnd} · {d.meta.report_type.value}{year} · {d.chunks} passager",
            soft_wrap=True,
            highlight=False,
        )
    counts = store.count_chunks()
    console.print(
        f"Dokument: {len(documents)} · Passager: {sum(counts.values())} ("
        + ", ".join(f"{kind_label(k, plural=True)}: {v}" for k, v in sorted(counts.items()))
        + f") · Modell: {store.model or '–'} · Generation: {store.generation} · "
        f"Storlek: {store.size_on_disk() / 1e6:.1f} MB · {data_dir}"
    )


def related(console: Console, found: Related) -> None:
    """A passage's related activities and goals (and sentences of prose, quoted), group by group."""
    p = found.passage
    flag = " · [red]avvikelse[/red]" if p.chunk.deviation else ""
    console.print(
        f"[bold]{p.chunk.label}[/bold]\n[dim]{p.citation.report}, rad {p.citation.line_start}[/dim]{flag}",
        soft_wrap=True,
    )
    # "Jämfört:" alone was unclear to a new user: this is the assignment's text the others were compared with.
    console.print(f"[dim]Uppdraget som jämförs: {found.assignment}[/dim]", soft_wrap=True)
    if not found.groups:
        console.print("Inga relaterade aktiviteter i andra rapporter.")
    for group in found.groups:
        console.rule(group.relation.capitalize())
        for m in group.members:
            flag = " [red]avvikelse[/red]" if m.chunk.deviation else ""
            status = f" · {m.chunk.status}" if m.chunk.status else ""
            console.print(
                f"{m.citation.namnd}, {m.citation.report} (rad {m.citation.line_start}){status}{flag} "
                f"[dim]id {m.chunk.id}[/dim]\n  {m.title}\n"
                + (f"  »{m.sentence}«\n" if m.sentence else "")
                + (f"  Analys: {m.analysis}\n" if m.analysis else "")
                + f"  [dim]{m.basis}[/dim]",
                soft_wrap=True,
            )


def timeline(
    console: Console,
    entries: Sequence[TimelineEntry],
    anchor: TimelineEntry | None = None,
    others: Sequence[str] = (),
) -> None:
    """A goal's status or an indicator's value, report by report, each with the basis of its match;
    one series per nämnd, the starting point's first: a new user read Kommunstyrelsen's rows between
    Norrmalm's as one series. `others`: titles the name matched too, each a timeline of its own."""
    namnder = list(dict.fromkeys(e.citation.namnd for e in entries))
    if anchor is not None and anchor.citation.namnd in namnder:
        namnder.remove(anchor.citation.namnd)
        namnder.insert(0, anchor.citation.namnd)
    for namnd in namnder:
        if len(namnder) > 1:
            first = anchor is not None and namnd == anchor.citation.namnd
            series = "utgångspunktens serie" if first else "en egen serie"
            console.print(f"[bold underline]{namnd}[/bold underline] – {series}")
        for e in (e for e in entries if e.citation.namnd == namnd):
            _timeline_entry(console, e)
    if others and anchor is not None:
        console.print(f"[bold]{others_line(anchor.kind, others)}[/bold]", soft_wrap=True, highlight=False)


def others_line(kind: ChunkKind, others: Sequence[str]) -> str:
    """What else a timeline's name matched, each its own timeline."""
    from index.parse.records import ChunkKind

    n = len(others)
    what = ("indikator" if n == 1 else "indikatorer") if kind is ChunkKind.INDICATOR else "mål"
    titles = "; ".join(f"«{t}»" for t in others)
    each = "med en egen tidslinje" if n == 1 else "var och en med en egen tidslinje"
    return f"Namnet matchar också {n} {what} till, {each}: {titles}"


def _timeline_entry(console: Console, e: TimelineEntry) -> None:
    c = e.citation
    when = " ".join(str(p) for p in (c.year, c.period) if p)
    state = e.status or e.value or "ingen bedömning"
    number = f"{e.number} " if e.number else ""
    console.print(
        f"[bold]{when}[/bold] · {c.namnd} · {kind_label(e.kind)}: {number}{e.title} · [cyan]{state}[/cyan]\n"
        f"    [dim]{e.basis} ({c.file}, rad {c.line_start}, id {e.passage_id})[/dim]",
        soft_wrap=True,
        highlight=False,
    )


def indicators(
    console: Console, rows: Sequence[IndicatorRow], selected: bool | None = None, by: str = "frågan"
) -> None:
    """The indicator table: one row a line, met or not in words, and its source. `selected`: the rows
    are those that meet (True) or miss (False) their target, as `by` (the question, an option) asked."""
    from search.indicators import met_label, value_text

    if selected is not None:
        console.print(f"[bold]{len(rows)}[/bold] {selection_head(selected, by)}")
    else:
        _indicator_counts(console, rows)
    colour = {True: "green", False: "red", None: "dim"}
    for r in rows:
        c, v = r.citation, r.values
        when = " ".join(str(p) for p in (c.year, c.period) if p)
        basis = r.basis
        console.print(
            f"[bold]{r.indicator}[/bold] · {c.namnd} {when} · utfall {value_text(v.outcome, v.unit)} · "
            + (f"prognos helår {value_text(v.forecast, v.unit)} · " if v.forecast is not None else "")
            + f"årsmål {value_text(v.target, v.unit, v.target_note, band=v.band)} · "
            f"KF:s årsmål {value_text(v.kf_target, v.unit, v.kf_target_note, band=v.band)} · "
            f"[{colour[r.met]}]{met_label(r)}[/{colour[r.met]}] [dim]({basis}; "
            f"{c.file}, rad {c.line_start}–{c.line_end}, id {r.passage_id})[/dim]",
            soft_wrap=True,
            highlight=False,
        )


def _indicator_counts(console: Console, rows: Sequence[IndicatorRow]) -> None:
    met = sum(r.met is True for r in rows)
    missed = sum(r.met is False for r in rows)
    early = sum(r.early for r in rows)
    waiting = f" · bedöms vid helår: {early}" if early else ""
    # The rest cannot be judged (no outcome or target): said, so that the counts add up to the total
    # (a new user read "90 indikatorer · når målet: 44 · når inte målet: 39" as seven lost).
    open_ = len(rows) - met - missed - early
    unjudged = f" · kan inte bedömas: {open_}" if open_ else ""
    console.print(
        f"[bold]{len(rows)}[/bold] indikatorer · når målet: {met} · når inte målet: {missed}{waiting}{unjudged}"
    )


def selection_head(met: bool, by: str = "frågan") -> str:
    """The head of a table of the rows a question (or `by`) selected by their target, after its count."""
    which = "som når målet" if met else "som inte når målet"
    return f"indikatorer {which} · urvalet {by} bad om (alla indikatorer: rapportsok indicators)"
