// Figures on the page: the indicator table above the passages, and the charts (SVG rendered by the
// server, put inline so that each point is a link reachable by Tab). Uses el, fill, $, getJSON,
// openDialog, openPassage, citationLine and sourceLink of app.js.
"use strict";

const number = (v) => (v === null || v === undefined ? "–" : v.toLocaleString("sv-SE"));
const withUnit = (v, unit) => (v === null || v === undefined ? "–" : `${number(v)}${unit ? ` ${unit}` : ""}`);

function metText(row) {
  if (row.early) return "bedöms vid helår";
  if (row.met === null) return "kan inte bedömas";
  const target = { "årsmål": "årsmålet", "KF:s årsmål": "KF:s årsmål" }[row.compared_with] || "målet";
  // "(Gul)" opening the Analys: partly met, counted with those not met (search/indicators.py: met_label).
  const verdict = row.met ? `når ${target}` : row.partly ? `når delvis ${target}` : `når inte ${target}`;
  return row.by_forecast && !row.stated ? `${verdict} enligt prognosen för helåret (${withUnit(row.forecast, row.unit)})` : verdict;
}

// A chart from the server, inline, with its caption; the SVG names itself (title, desc) for screen readers.
async function chartFigure(url, caption) {
  const figure = el("figure", { class: "chart" }, el("figcaption", {}, caption), el("p", { class: "cite" }, "Hämtar diagrammet …"));
  try {
    const response = await fetch(url);
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.detail || `Fel ${response.status}`);
    }
    const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
    for (const link of svg.querySelectorAll("a")) link.setAttribute("target", "_blank");
    figure.replaceChild(document.importNode(svg, true), figure.lastChild);
  } catch (error) {
    figure.lastChild.textContent = `Kunde inte rita diagrammet: ${error.message}`;
  }
  return figure;
}

// The indicator table of a question about indicators and targets (null: the question asked for none).
// `selected`: the rows are those the question selected by their target (true met, false missed), not all.
function showIndicators(rows, selected = null) {
  const section = $("indicators");
  if (!rows) { section.hidden = true; section.replaceChildren(); return; }
  section.hidden = false;
  if (!rows.length) { fill(section, el("p", {}, "Ingen indikator har frågans ämnesord i sitt namn.")); return; }
  const met = rows.filter((r) => r.met === true).length;
  const missed = rows.filter((r) => r.met === false).length;
  // The rest are judged at the year's end or cannot be judged: said, so that the counts add up (api/render.py: indicators).
  const early = rows.filter((r) => r.met === null && r.early).length;
  const open = rows.length - met - missed - early;
  const rest = (early ? ` · bedöms vid helår: ${early}` : "") + (open ? ` · kan inte bedömas: ${open}` : "");
  const names = [...new Set(rows.map((r) => r.indicator))];
  const table = el("table", { class: "indicators" },
    el("caption", {}, selected === null
      ? `Indikatorer (${rows.length}) · når målet: ${met} · når inte målet: ${missed}${rest}`
      // A table of misses alone had read "når målet: 0", which a new user took for the nämnd's record.
      : `Indikatorer ${selected ? "som når målet" : "som inte når målet"} (${rows.length}) · urvalet frågan bad om`),
    el("thead", {}, el("tr", {}, ...["Indikator", "Nämnd", "Period", "Utfall", "Årsmål", "KF:s årsmål", "Målet", "Källa"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", { class: r.met === false ? "missed" : r.met ? "met" : "" },
      el("th", { scope: "row" }, el("button", { type: "button", class: "ref", title: "Visa indikatorn över tid",
        onclick: () => openIndicatorChart(r.indicator) }, r.indicator)),
      el("td", {}, r.namnd),
      el("td", {}, [r.year, r.period].filter(Boolean).join(" ")),
      el("td", { class: "num" }, withUnit(r.outcome, r.unit)),
      // A target of words ("Tas fram av nämnd/styrelse") as printed (search/indicators.py: value_text).
      // A band target ("+/- 1 %") with its sign.
      el("td", { class: "num" }, r.target === null && r.target_note ? r.target_note : (r.band && r.target !== null ? "+/- " : "") + withUnit(r.target, r.unit)),
      el("td", { class: "num" }, r.kf_target === null && r.kf_target_note ? r.kf_target_note : (r.band && r.kf_target !== null ? "+/- " : "") + withUnit(r.kf_target, r.unit)),
      el("td", { title: r.early ? "ett antal som räknas över året" : r.basis }, metText(r)),
      el("td", {}, el("button", { type: "button", class: "ref", title: citationLine(r.citation),
        onclick: () => openPassage(r.passage_id) }, `rad ${r.citation.line_start}`))))));
  fill(section, table);
  // A few indicators: their charts right away; many: one click on a name.
  if (names.length <= 3) {
    const slots = names.map(() => el("div"));
    section.append(...slots);  // in the table's order, whichever chart arrives first
    names.forEach((name, i) => chartFigure(`/charts/indicator.svg?${new URLSearchParams({ name })}`,
      `${name}: utfall och årsmål per rapport. Varje punkt leder till sin källa.`).then((figure) => slots[i].replaceWith(figure)));
  }
}

async function openIndicatorChart(name) {
  const body = openDialog("Indikatorn över tid", `indikator:${name}`);
  fill(body, await chartFigure(`/charts/indicator.svg?${new URLSearchParams({ name })}`,
    `${name}: utfall och årsmål per rapport och nämnd. Varje punkt leder till sin källa.`));
}

async function openGoalStatus() {
  const body = openDialog("Måluppfyllelse per rapport", "maluppfyllelse");
  fill(body, await chartFigure("/charts/goal-status.svg",
    "Antal mål som uppfylls helt, delvis och inte, per rapport. Varje stapel leder till målen."));
}

// The goal's timeline dialog gets its chart above the list.
async function timelineChart(name) {
  return chartFigure(`/charts/timeline.svg?${new URLSearchParams({ name })}`,
    "Bedömningen rapport för rapport. Varje punkt leder till sin källa.");
}

$("goal-status").addEventListener("click", openGoalStatus);
