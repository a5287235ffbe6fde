"""Charts as SVG, rendered on the server with pygal: an indicator over periods and nämnder with its
target line, goal status per report, and a goal's timeline.

Why server-side SVG (pygal, LGPL, maintained by Kozea) rather than a chart package vendored into the
page: the figures are already here (indicator rows, statuses, timelines), so one request returns a
finished chart and the page needs no chart code; an SVG's points can be real links (`<a>` around
each dot or bar, reachable by Tab, named for screen readers); and the tests can read every point's
link and value without a browser. pygal's own script (tooltips, from a CDN) is switched off: nothing
is fetched at run time. Each point links to its cited passage; a bar of goal statuses, which counts
several goals, links to the list of them (a search for that status in that report).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from lxml import etree

from index.parse.records import ChunkKind, Citation, GoalStatus, goal_label
from index.store import ChunkFilter, Store
from search.indicators import IndicatorRow, met_label, value_text
from summarise.timeline import Timeline, TimelineEntry

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_PERIOD_ORDER = {"T1": 1, "T2": 2, "T3": 3, "helår": 4}
# Status as a level on the timeline's y axis, and the words the axis shows.
STATUS_LEVEL = {GoalStatus.INTE.value: 1, GoalStatus.DELVIS.value: 2, GoalStatus.HELT.value: 3}
STATUS_ORDER = (GoalStatus.HELT, GoalStatus.DELVIS, GoalStatus.INTE)
# Colours a reader with red-green colour blindness tells apart (Okabe & Ito), in series order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
STATUS_COLOURS = ("#009E73", "#E69F00", "#D55E00")  # helt, delvis, inte


def passage_href(c: Citation) -> str:
    """Where a point leads: the cited lines of a text file, marked; a PDF at its cited page."""
    if c.file.lower().endswith(".pdf"):
        page = c.page if c.page is not None else c.page_approx
        return f"/documents/{c.file}/source" + (f"#page={page}" if page else "")
    return "/static/kalla.html?" + urlencode({"fil": c.file, "fran": c.line_start, "till": c.line_end})


def when(year: int | None, period: str | None) -> str:
    """ "2021 T2", "2021 helår", "2013" (a plan has no period)."""
    return " ".join(str(p) for p in (year, period) if p) or "–"


def _when_key(year: int | None, period: str | None) -> tuple:
    return (year or 0, _PERIOD_ORDER.get(period or "", 0))


def _sv(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _chart(kind: str, title: str, y_title: str, colours: Sequence[str] = PALETTE, **options):
    import pygal
    from pygal.style import Style

    style = Style(
        colors=tuple(colours),
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1d1d1f",
        foreground_strong="#1d1d1f",
        foreground_subtle="#5b5b66",
        font_family="system-ui, sans-serif",
        title_font_size=16,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=12,
        value_font_size=12,
    )
    return getattr(pygal, kind)(
        js=[],  # pygal's tooltip script comes from a CDN: nothing is fetched at run time
        style=style,
        title=title,
        y_title=y_title,
        width=720,
        height=360,
        explicit_size=False,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        dots_size=5,
        value_formatter=_sv,
        truncate_label=-1,  # "Kommunstyrelsen 2021 T2" whole
        margin_right=36,  # room for the last label
        **options,
    )


def indicator_chart(rows: Sequence[IndicatorRow]) -> str:
    """One indicator's outcome report by report, a line per nämnd, and its årsmål as a dashed line."""
    if not rows:
        raise ValueError("no indicator rows to chart")
    name = rows[0].indicator
    unit = next((r.values.unit for r in rows if r.values.unit), None)
    labels = sorted({(r.citation.year, r.citation.period) for r in rows}, key=lambda p: _when_key(*p))
    chart = _chart("Line", name, unit or "", x_title="Rapport", allow_interruptions=True, include_x_axis=True)
    chart.x_labels = [when(*p) for p in labels]
    for namnd in dict.fromkeys(r.citation.namnd for r in rows):
        mine = {}
        for r in rows:
            if r.citation.namnd == namnd:
                # A row printed twice (under two goals) counts once.
                mine.setdefault((r.citation.year, r.citation.period), r)
        outcome = [_point(mine.get(p), mine[p].values.outcome if p in mine else None, "utfall") for p in labels]
        target = [_point(mine.get(p), mine[p].values.target if p in mine else None, "årsmål") for p in labels]
        chart.add(f"Utfall {namnd}", outcome)
        if any(t is not None for t in target):
            chart.add(f"Årsmål {namnd}", target, stroke_style={"dasharray": "8, 6", "width": 2})
    described = "; ".join(
        f"{c.namnd} {when(c.year, c.period)}: utfall {value_text(v.outcome, v.unit)}, "
        f"årsmål {value_text(v.target, v.unit, v.target_note, band=v.band)} ({met_label(r)})"
        for r, c, v in ((r, r.citation, r.values) for r in rows)
    )
    return _accessible(chart.render(is_unicode=True), f"Indikatorn {name} över tid", described)


def _point(row: IndicatorRow | None, value: float | None, what: str) -> dict | None:
    if row is None or value is None:
        return None
    c = row.citation
    label = f"{c.namnd} {when(c.year, c.period)}: {what} {value_text(value, row.values.unit)}"
    if what == "utfall":
        label += f" ({met_label(row)})"
    return {"value": value, "label": f"{label}; källa {c.report}, rad {c.line_start}", "xlink": _link(c)}


def _link(c: Citation) -> dict:
    return {"href": passage_href(c), "target": "_blank"}


def goal_status_chart(store: Store, namnd: str | None = None) -> str:
    """How many goals each report assesses as met fully, partly or not: a stacked bar per report."""
    rowids = store.filter_rowids(ChunkFilter(kinds=(ChunkKind.GOAL,), namnd=namnd))
    counts: dict[str, dict[GoalStatus, int]] = {}
    meta = {d.file: d.meta for d in store.documents()}
    for stored in store.chunks(rowids):
        chunk = stored.chunk
        if chunk.status in STATUS_ORDER:
            per = counts.setdefault(chunk.citation.file, dict.fromkeys(STATUS_ORDER, 0))
            per[chunk.status] += 1
    if not counts:
        raise ValueError("no assessed goals to chart")
    files = sorted(counts, key=lambda f: (*_when_key(meta[f].year, meta[f].period), meta[f].namnd))
    chart = _chart("StackedBar", "Måluppfyllelse per rapport", "antal mål", STATUS_COLOURS, x_title="Rapport")
    chart.x_labels = [f"{meta[f].namnd} {when(meta[f].year, meta[f].period)}" for f in files]
    for status in STATUS_ORDER:
        values = []
        for f in files:
            n = counts[f][status]
            m = meta[f]
            label = f"{m.title}, {m.namnd}: {n} mål {status.value}"
            query = {"q": f"vilka mål {status.value}", "namnd": m.namnd, "report_type": m.report_type.value}
            query.update({k: v for k, v in (("year", m.year), ("period", m.period)) if v})
            values.append({"value": n, "label": label, "xlink": {"href": "/?" + urlencode(query)}} if n else None)
        chart.add(status.value.capitalize(), values)
    described = "; ".join(
        f"{meta[f].title} ({meta[f].namnd}): " + ", ".join(f"{counts[f][s]} {s.value}" for s in STATUS_ORDER)
        for f in files
    )
    return _accessible(chart.render(is_unicode=True), "Måluppfyllelse per rapport", described)


def timeline_chart(found: Timeline) -> str:
    """A goal's status report by report (helt, delvis, inte; a gap where a report assesses none), or an
    indicator's outcome and årsmål."""
    if not found.entries:
        raise ValueError("an empty timeline")
    rows = [e.indicator for e in found.entries if e.indicator is not None]
    if rows:
        return indicator_chart(rows)
    anchor = found.anchor or found.entries[-1]
    title = goal_label(anchor.number, anchor.title)
    chart = _chart(
        "Line",
        title if len(title) <= 70 else title[:67] + "…",
        "bedömning",
        x_title="Rapport",
        allow_interruptions=True,
        range=(0.5, 3.5),
    )
    chart.y_labels = [{"label": s, "value": v} for s, v in STATUS_LEVEL.items()]
    cited = [(e, e.citation) for e in found.entries]
    labels = list(dict.fromkeys((c.year, c.period) for _, c in cited))
    chart.x_labels = [when(*p) for p in labels]
    for namnd in dict.fromkeys(c.namnd for _, c in cited):  # a line per nämnd, as for indicators
        mine = {(c.year, c.period): e for e, c in cited if c.namnd == namnd}
        chart.add(namnd, [_status_point(mine.get(p)) for p in labels])
    described = "; ".join(f"{c.namnd} {when(c.year, c.period)}: {e.status or 'ingen bedömning'}" for e, c in cited)
    return _accessible(chart.render(is_unicode=True), f"Målet över tid: {title}", described)


def _status_point(e: TimelineEntry | None) -> dict | None:
    level = STATUS_LEVEL.get(e.status or "") if e else None
    if e is None or level is None:
        return None  # a report that assesses no status (a plan): a gap, said in the description
    c = e.citation
    label = f"{c.namnd} {when(c.year, c.period)}: {e.number or ''} {e.title} – {e.status} ({e.basis})"
    return {"value": level, "label": label, "xlink": _link(e.citation)}


def _accessible(svg: str, title: str, description: str) -> str:
    """The chart without scripts, named for assistive technology (a `<title>` and `<desc>` it is labelled by), each
    linked point named by its label (a `<title>` in the link, also the browser's tooltip)."""
    root = etree.fromstring(svg.encode("utf-8"))
    for script in list(root.iter(f"{{{_SVG}}}script")):  # pygal's inline tooltip config: no script at all
        script.getparent().remove(script)
    chart_id = root.get("id") or "chart"
    root.set("role", "group")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("aria-describedby", f"{chart_id}-desc")
    heading = etree.Element(f"{{{_SVG}}}title", id=f"{chart_id}-title")
    heading.text = title
    desc = etree.Element(f"{{{_SVG}}}desc", id=f"{chart_id}-desc")
    desc.text = description
    root.insert(0, desc)
    root.insert(0, heading)
    for link in root.iter(f"{{{_SVG}}}a"):
        label = link.find(f"{{{_SVG}}}desc[@class='label']")
        if label is not None and label.text:
            named = etree.Element(f"{{{_SVG}}}title")
            named.text = label.text
            link.insert(0, named)
            link.set("aria-label", label.text)
        href = link.get(f"{{{_XLINK}}}href")
        if href:
            link.set("href", href)  # SVG 2: the plain attribute, which every current browser reads
    return etree.tostring(root, encoding="unicode")
