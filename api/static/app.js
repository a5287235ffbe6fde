// rapportsök: the search page. Plain JS, no dependencies, works offline.
"use strict";

const $ = (id) => document.getElementById(id);
const KINDS = { activity: "Aktivitet", goal: "Mål", indicator: "Indikator", analysis: "Analys", section: "Text" };
const ROW_KINDS_PLURAL = { activity: "aktiviteter", indicator: "indikatorer" };
const KIND_PLURAL = { activity: "Aktiviteter", goal: "Mål", indicator: "Indikatorer", analysis: "Analyser", section: "Text" };
const FILTERS = ["namnd", "year", "report_type", "period", "kind", "sort"];
const PAGE = 20; // hits per "Visa fler"

// What the page shows beyond the form, kept in the URL with it: how many hits, which dialog.
const state = { shown: 0, total: 0, dialog: null, lastReport: null };

// Hits as list items; by date, each report's passages come under its name.
function renderHits(hits) {
  const items = [];
  for (const hit of hits) {
    if ($("sort").value === "datum" && hit.citation.report !== state.lastReport) {
      items.push(el("li", { class: "report-heading" }, el("h2", {}, hit.citation.report)));
    }
    state.lastReport = hit.citation.report;
    items.push(renderHit(hit));
  }
  return items;
}

// replaceChildren turns null into the text "null": only real children go in.
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// The passage's words with the matched ones marked; text is never parsed as HTML.
function highlighted(text, words) {
  const out = el("div", { class: "text" });
  if (!words.length) { out.textContent = text; return out; }
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "gu");
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out.append(text.slice(last, match.index), el("mark", {}, match[0]));
    last = match.index + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

function citationLine(c) {
  const page = c.page ? `s. ${c.page}, ` : "";
  const parts = [c.report, c.namnd, [c.year, c.period].filter(Boolean).join(" "), c.goal ? `mål: ${c.goal}` : null,
    c.section ? `avsnitt: ${c.section}` : null,
    `${page}rad ${c.line_start}–${c.line_end}`];
  return parts.filter(Boolean).join(" · ");
}

const GOAL_LEVELS = { 1: "inriktningsmål", 2: "verksamhetsområdesmål", 3: "nämndmål" };
// A goal's level on its hit, as a kind is shown (api/render.py: chunk_label).
const GOAL_LEVEL_LABELS = { 1: "Inriktningsmål", 2: "Verksamhetsområdesmål", 3: "Nämndmål" };

function interpretationLine(r) {
  const i = r.interpretation;
  const parts = [];
  if (i.kind) parts.push(i.kind.map((k) => KIND_PLURAL[k] || k).join(", "));
  if (i.deviation) parts.push("avvikelse");
  if (i.status) parts.push(i.status.join(", "));
  if (i.namnd) parts.push(i.namnd);
  if (i.year) parts.push(i.year.join(", "));
  if (i.period) parts.push(i.period.join(", "));
  if (i.report_type) parts.push(i.report_type.join(", "));
  if (i.topic) parts.push(`ämne: ${i.topic}`);
  if (i.language === "en") parts.push("frågan på engelska");
  if (i.prefer_deviation) parts.push("avvikelser först");
  if (i.compare) parts.push(`jämförelse: ${i.compare.join(" och ")}`);
  if (i.goal_level) parts.push(i.goal_level.map((n) => GOAL_LEVELS[n]).join(", "));
  if (i.absent) parts.push(`utan rapport i indexet: ${i.absent.join(", ")}`);
  else if (i.named_only) parts.push(`${i.named_only.join(", ")} (ingen rapport i indexet: stycken som nämner den)`);
  if (i.goal) parts.push(`${i.goal.below ? "under mål" : "mål"} ${i.goal.number || "–"}${i.goal.file ? ` (${i.goal.file})` : ""}`);
  return parts;
}

function searchedLine(r) {
  // The CLI writes the same lines (api/render.py: search_result, alternatives_line, parts_line).
  const s = r.interpretation.searched;
  const a = r.interpretation.alternatives;
  const lines = [];
  if (s) lines.push(`Sökte på: ${s.map((c) => `${c.searched} (du skrev ${c.typed})`).join(", ")}`);
  if (a) lines.push(`Sökte också på: ${a.map((x) => `${x.terms.join(", ")} (för ${x.word})`).join("; ")}`);
  const p = r.interpretation.parts;
  if (p) lines.push(`Sökte på delarna: ${p.map((x) => `${x.terms.join(" och ")} (för ${x.word})`).join("; ")}`);
  return lines.join(" · ");
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `Fel ${response.status}`);
  return body;
}

async function loadFilters() {
  try {
    const f = await getJSON("/filters");
    for (const n of f.namnder) $("namnd").append(el("option", { value: n }, n));
    for (const y of f.years) $("year").append(el("option", { value: y }, y));
    for (const t of f.report_types) $("report_type").append(el("option", { value: t }, t));
    for (const p of f.periods || []) $("period").append(el("option", { value: p }, p === "helår" ? "Helår" : p));
  } catch (error) {
    $("status").textContent = `Kunde inte läsa filtren: ${error.message}`;
  }
}

// The question and filters as the API's parameters.
function formParams() {
  const params = new URLSearchParams({ q: $("q").value.trim() });
  for (const name of FILTERS) if ($(name).value) params.set(name, $(name).value);
  if ($("deviation").checked) params.set("deviation", "true");
  return params;
}

// Every state of the page in its URL: question, filters, hits shown, the open dialog.
function syncURL() {
  const params = formParams();
  if (state.shown > PAGE) params.set("visa", String(state.shown));
  if (state.dialog) params.set("dialog", state.dialog);
  history.replaceState(null, "", `?${params}`);
}

function statusLine() {
  if (state.total === 0) {
    // Only what is true: which words no report has, or that no passage is clearly about it (a
    // question in other words than the reports' may still be covered). As `api/render.py`.
    const unknown = state.unknownWords || [];
    if (state.absent && state.absent.length) return `Inga träffar: ingen rapport i indexet är från ${state.absent.join(" eller ")}.`;
    if (state.unnamed && state.unnamed.length) {
      return `Inga träffar: inget stycke om frågan nämner ${state.unnamed.join(" eller ")}${state.suggested ? "; de närmaste passagerna står nedan." : "."}`;
    }
    const said = unknown.length ? `${wordsMissing(unknown)} i någon rapport i indexet` : "inget stycke i rapporterna handlar tydligt om det här";
    const tail = state.suggested ? "; rapporterna kan ändå ta upp saken med andra ord (se nedan)." : ".";
    return `Inga träffar: ${said}${tail}`;
  }
  // Of the hits, those clearly about the question (api/render.py: clear_count): none said as a word.
  const clear = state.clear === null || state.clear === undefined ? ""
    : state.clear ? `, varav ${state.clear} tydligt om frågan` : ", ingen tydligt om frågan";
  const count = `${state.total} träff${state.total === 1 ? "" : "ar"}${clear}` + (state.shown < state.total ? `, visar ${state.shown}` : "");
  // Words no report has, with hits too: the hits are near in meaning, not about them (api/render.py: absent_line).
  const unknown = state.unknownWords || [];
  if (!unknown.length) return count;
  return `${count}. Obs: ${wordsMissing(unknown)} i rapporterna; träffarna är valda efter frågans övriga ord och dess innebörd.`;
}

// A list's goals with more rows than it holds: rows that name the subject only through their goal
// are not in the list (api/render.py: GOALS_HEADING, goal_share_line).
function goalsNote(goals) {
  if (!goals.length) return [];
  const line = (g) => {
    const kind = ROW_KINDS_PLURAL[g.kind] || g.kind;
    const all = g.number ? `; alla: «vilka ${kind} under mål ${g.number}»` : "";
    return el("li", {}, `mål ${g.goal} (${g.report}): ${g.listed} av ${g.total} ${kind} i listan${all}`);
  };
  return [el("li", { class: "goals-note" },
    "Målen som listans rader hör till har fler rader än listan tar med; de övriga nämner inte frågans ord men kan höra till ämnet:",
    el("ul", {}, ...goals.map(line)))];
}

// An indicator's figures with their column names (api/render.py: values_line); withUnit is figures.js's.
function valuesLine(v) {
  // A band target ("+/- 1 %") is printed with its sign (search/indicators.py: value_text).
  const shown = (value, note, band) => (value === null || value === undefined ? note : (band ? "+/- " : "") + withUnit(value, v.unit));
  const cells = [["utfall", v.outcome], ["män", v.outcome_men], ["kvinnor", v.outcome_women],
    [v.previous_label ? `utfall ${v.previous_label}` : "föregående period", v.previous], ["årsmål", v.target, v.target_note, v.band], ["KF:s årsmål", v.kf_target, v.kf_target_note, v.band]];
  const parts = cells.filter(([, value, note]) => (value !== null && value !== undefined) || note).map(([name, value, note, band]) => `${name} ${shown(value, note, band)}`);
  return parts.concat(v.period ? [`period ${v.period}`] : []).join(" · ");
}

// "ordet «dagis» förekommer inte": the word is missing, not necessarily the subject (api/render.py: words_missing).
function wordsMissing(unknown) {
  return `${unknown.length === 1 ? "ordet" : "orden"} ${unknown.map((w) => `«${w}»`).join(", ")} förekommer inte`;
}

async function runSearch(event, wanted = PAGE) {
  if (event) event.preventDefault();
  const q = $("q").value.trim();
  if (!q) return;
  const params = formParams();
  params.set("limit", String(Math.min(Math.max(wanted, PAGE), 200)));
  state.dialog = null;
  $("status").textContent = "Söker …";
  $("results").replaceChildren();
  $("more").hidden = true;
  $("facets").hidden = true;
  try {
    const result = await getJSON(`/search?${params}`);
    const reading = interpretationLine(result);
    const searched = searchedLine(result);
    $("interpretation").replaceChildren(
      ...(reading.length ? [el("span", {}, "Tolkning: "), el("strong", {}, reading.join(" · "))] : []),
      ...(searched ? [el("br"), el("span", { class: "searched" }, searched)] : []),
    );
    state.total = result.total;
    state.clear = result.clear;
    state.unknownWords = result.unknown_words;
    state.absent = result.interpretation.absent;
    state.unnamed = result.interpretation.unnamed;
    state.suggested = Boolean(result.suggestions && result.suggestions.length);
    state.shown = result.hits.length;
    $("status").textContent = statusLine();
    state.lastReport = null;
    showIndicators(result.indicators, result.indicators_met); // figures.js: the indicator table, when the question asks for one
    $("results").replaceChildren(...goalsNote(result.goals || []), ...renderHits(result.hits));
    $("more").hidden = state.shown >= state.total;
    syncURL();
    loadFacets();
    if (result.total === 0 && result.suggestions && result.suggestions.length) {
      $("results").append(
        el("li", { class: "suggestions-heading" }, "Närmaste passager (osäkra förslag som inte räknas som träffar; läs dem, de kan säga samma sak med andra ord):"),
        ...result.suggestions.map(renderHit),
      );
    }
    $("summarise").hidden = result.hits.length === 0;
  } catch (error) {
    $("status").textContent = `Sökningen misslyckades: ${error.message}`;
  }
}

// Counts for the current question, per nämnd, year, report and kind; a count is a filter button.
const FACET_LABELS = { namnd: "Nämnd", year: "År", report_type: "Rapport", kind: "Typ" };

async function loadFacets() {
  const nav = $("facets");
  nav.hidden = true;
  try {
    const counted = await getJSON(`/search/facets?${formParams()}`);
    if (!counted.total) return;
    fill(nav, ...Object.entries(FACET_LABELS).map(([facet, label]) => {
      const values = Object.entries(counted.facets[facet] || {});
      if (!values.length) return null;
      const chosen = $(facet).value;
      return el("div", { class: "facet", "data-facet": facet }, el("span", { class: "facet-label" }, `${label}:`),
        ...values.map(([value, n]) => el("button", {
          type: "button", class: "facet-value", "aria-pressed": String(chosen === value), "data-value": value,
          onclick: () => chooseFacet(facet, value),
        }, `${facet === "kind" ? (KIND_PLURAL[value] || value) : value} (${n})`)));
    }));
    nav.hidden = false;
  } catch (error) {
    fill(nav, el("p", { class: "cite" }, `Kunde inte räkna träffarna: ${error.message}`));
    nav.hidden = false;
  }
}

// Clicking a count filters on it; clicking the chosen one again lifts the filter.
function chooseFacet(facet, value) {
  const select = $(facet);
  if (![...select.options].some((o) => o.value === value)) select.append(el("option", { value }, value));
  select.value = select.value === value ? "" : value;
  runSearch();
}

// "Visa fler": the next page of the same ranking, appended; focus moves to the first new hit.
async function showMore() {
  const params = formParams();
  params.set("limit", String(PAGE));
  params.set("offset", String(state.shown));
  $("more").disabled = true;
  try {
    const result = await getJSON(`/search?${params}`);
    const items = renderHits(result.hits);
    $("results").append(...items);
    state.shown += result.hits.length;
    state.total = result.total;
    state.clear = result.clear;
    $("status").textContent = statusLine();
    $("more").hidden = state.shown >= state.total || result.hits.length === 0;
    syncURL();
    const first = items.find((i) => i.dataset.id);
    if (first) first.querySelector("button").focus();
  } catch (error) {
    $("status").textContent = `Kunde inte visa fler: ${error.message}`;
  } finally {
    $("more").disabled = false;
  }
}

function renderHit(hit) {
  const c = hit.citation;
  return el("li", { "data-id": hit.id },
    el("div", { class: "hit-head" },
      el("span", { class: "kind" }, hit.goal_level ? GOAL_LEVEL_LABELS[hit.goal_level] : KINDS[hit.kind] || hit.kind),
      hit.text.includes("Avvikelse") && hit.kind === "activity" ? el("span", { class: "dev" }, "Avvikelse") : null,
      // Which of the hits the count's "varav N tydligt om frågan" are (api/render.py: search_result).
      hit.clear ? el("span", { class: "clear" }, "Tydligt om frågan") : null),
    highlighted(hit.text, hit.highlights),
    hit.values ? el("div", { class: "values" }, valuesLine(hit.values)) : null,
    el("div", { class: "cite" }, citationLine(c)),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => openPassage(hit.id, hit.highlights) }, "Visa i sammanhang"),
      hit.kind === "activity" || hit.kind === "goal"
        ? el("button", { type: "button", onclick: () => openRelated(hit.id) }, hit.kind === "goal" ? "Målet i andra rapporter" : "Relaterade aktiviteter")
        : null,
      c.goal ? el("button", { type: "button", onclick: () => openTimeline(c.goal) }, "Målet över tid") : null,
      el("a", { href: sourceLink(c), target: "_blank", rel: "noopener" }, "Källa")));
}

// A PDF opens at the cited page (the browser's viewer reads #page=N); a text file at the cited
// lines, marked, in the small viewer beside this page.
function sourceLink(c) {
  const url = `/documents/${encodeURIComponent(c.file)}/source`;
  if (c.file.toLowerCase().endsWith(".pdf")) return c.page ? `${url}#page=${c.page}` : url;
  return `/static/kalla.html?${new URLSearchParams({ fil: c.file, fran: c.line_start, till: c.line_end })}`;
}

// The passage in context; the words that matched the search stay marked.
async function openPassage(id, words = []) {
  const body = openDialog("Passagen i sitt sammanhang", `passage:${id}`);
  try {
    const p = await getJSON(`/passages/${encodeURIComponent(id)}`);
    const lines = (rows) => el("pre", { class: "ctx" }, ...rows.map((l) => [el("span", { class: "n" }, l.number), l.text, "\n"]));
    fill(body,
      el("p", { class: "cite" }, citationLine(p.passage.citation)),
      p.goal ? el("div", { class: "goal" }, el("strong", {}, "Målet: "), p.goal.text.split("\n").slice(0, 2).join(" · ")) : null,
      p.before.length ? lines(p.before) : null,
      el("div", { class: "focus" }, highlighted(p.passage.text, words)),
      p.after.length ? lines(p.after) : null,
      p.source_available ? null : el("p", { class: "cite" }, "Källfilen finns inte längre där den indexerades."),
      el("p", {}, el("a", { href: p.document.source, target: "_blank", rel: "noopener" }, `Öppna källfilen (${p.document.file})`)));
  } catch (error) {
    body.replaceChildren(el("p", {}, `Kunde inte visa passagen: ${error.message}`));
  }
}

function openDialog(title, key) {
  state.dialog = key;
  syncURL();
  $("passage-title").textContent = title;
  $("passage-body").replaceChildren(el("p", {}, "Hämtar …"));
  if (!$("passage").open) $("passage").showModal();
  return $("passage-body");
}

async function postJSON(url, payload) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `Fel ${response.status}`);
  return body;
}

// A cited draft of the current result set: every sentence with its [n], each [n] opens its passage.
async function summarise() {
  const body = openDialog("Sammanfattning (utkast)", "sammanfattning");
  const payload = { query: $("q").value.trim() };
  if ($("namnd").value) payload.namnd = $("namnd").value;
  if ($("year").value) payload.year = Number($("year").value);
  if ($("kind").value) payload.kind = $("kind").value;
  if ($("period").value) payload.period = $("period").value;
  if ($("deviation").checked) payload.deviation = true;
  try {
    const draft = await postJSON("/summaries", payload);
    // Every section in order, with its note (counts, "inga avvikelser"), even where it quotes nothing.
    const blocks = (draft.sections || []).map((s) => ({ heading: s.heading, note: s.note, items: [] }));
    for (const s of draft.sentences) {
      let block = blocks.find((b) => b.heading === s.section);
      if (!block) {
        block = { heading: s.section, note: null, items: [] };
        blocks.push(block);
      }
      const source = draft.sources.find((x) => x.n === s.source);
      block.items.push(el("li", {}, s.text, " ",
        el("button", { type: "button", class: "ref", title: citationLine(source.citation), onclick: () => openPassage(source.passage_id) }, `[${s.source}]`)));
    }
    const file = new Blob([draft.markdown], { type: "text/markdown" });
    const word = el("button", { type: "button", id: "draft-docx" }, "Ladda ner som Word");
    word.addEventListener("click", () => downloadDocx(payload, word));
    fill(body, el("div", { class: "draft" },
      ...draft.warnings.map((w) => el("p", { class: "cite" }, `Obs: ${w}`)),
      ...blocks.map((b) => [el("h3", {}, b.heading), b.note ? el("p", {}, b.note) : null, b.items.length ? el("ul", {}, ...b.items) : null].filter(Boolean)),
      el("h3", {}, "Källor"),
      el("ol", { class: "sources" }, ...draft.sources.map((x) => el("li", {}, citationLine(x.citation)))),
      el("p", {}, el("a", { href: URL.createObjectURL(file), download: "sammanfattning.md" }, "Ladda ner som Markdown"), " ", word)));
  } catch (error) {
    body.replaceChildren(el("p", {}, `Kunde inte sammanfatta: ${error.message}`));
  }
}

// The same draft as a Word file: POST /summaries/docx, saved through a temporary link.
async function downloadDocx(payload, button) {
  button.disabled = true;
  try {
    const response = await fetch("/summaries/docx", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || `Fel ${response.status}`);
    }
    const link = el("a", { href: URL.createObjectURL(await response.blob()), download: "sammanfattning.docx" });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    button.after(el("span", { class: "cite" }, ` Kunde inte skapa Word-filen: ${error.message}`));
  } finally {
    button.disabled = false;
  }
}

// A goal's status report by report, in time order, one series per nämnd (the starting point's
// first, as the CLI prints them); each entry opens its passage.
async function openTimeline(name) {
  const body = openDialog("Målet över tid", `tidslinje:${name}`);
  try {
    const found = await getJSON(`/timeline?name=${encodeURIComponent(name)}`);
    const chart = found.entries.length ? await timelineChart(name) : null; // figures.js
    const first = found.anchor ? found.anchor.namnd : null;
    const namnder = [...new Set(found.entries.map((e) => e.namnd))]
      .sort((a, b) => (b === first) - (a === first));
    const entry = (e) => el("li", {},
      el("strong", {}, [e.year, e.period].filter(Boolean).join(" ") || "–"), ` · ${e.namnd} · `,
      e.status || e.value || "ingen bedömning", " · ", e.number ? `${e.number} ${e.title} · ` : "",
      el("button", { type: "button", class: "ref", onclick: () => openPassage(e.passage_id) }, "visa"),
      el("div", { class: "cite" }, citationLine(e.citation)),
      el("div", { class: "cite basis" }, `Grund: ${e.basis}`));
    const series = namnder.map((namnd) => [
      namnder.length > 1 ? el("h3", {}, `${namnd} – ${namnd === first ? "utgångspunktens serie" : "en egen serie"}`) : null,
      el("ol", { class: "timeline" }, ...found.entries.filter((e) => e.namnd === namnd).map(entry)),
    ]).flat();
    fill(body,
      el("p", {}, el("strong", {}, name)),
      chart,
      found.entries.length ? null : el("p", {}, "Målet finns inte i andra rapporter."),
      ...series,
      // Other titles the name matched, each a timeline of its own (api/render.py: others_line).
      found.others.length ? el("p", {}, `Namnet matchar också: ${found.others.map((t) => `«${t}»`).join("; ")}`,
        " – var och en har en egen tidslinje.") : null);
  } catch (error) {
    fill(body, el("p", {}, `Kunde inte hämta målet över tid: ${error.message}`));
  }
}

// Related activities in other reports (grouped when it is the same assignment), or a goal over time.
async function openRelated(id) {
  const body = openDialog("Relaterat i andra rapporter", `relaterat:${id}`);
  try {
    const found = await getJSON(`/passages/${encodeURIComponent(id)}/related`);
    const member = (m) => el("div", { class: "member" },
      el("strong", {}, `${m.citation.namnd}, ${[m.citation.year, m.citation.period].filter(Boolean).join(" ")}`),
      m.status ? ` · ${m.status}` : "", m.deviation ? el("span", { class: "dev" }, " · avvikelse") : "",
      el("div", {}, m.title), m.sentence ? el("blockquote", {}, m.sentence) : "",
      // How the work went there, its Analys's opening (api/render.py: related), as the CLI shows it.
      m.analysis ? el("div", { class: "analysis" }, `Analys: ${m.analysis}`) : "",
      m.basis ? el("div", { class: "cite" }, m.basis) : "",
      el("div", { class: "cite" }, citationLine(m.citation), " · ",
        el("button", { type: "button", class: "ref", onclick: () => openPassage(m.passage_id) }, "visa")));
    fill(body,
      el("p", {}, el("strong", {}, found.passage.title),
        found.passage.deviation ? el("span", { class: "dev" }, " · avvikelse") : ""),
      found.groups.length ? null : el("p", {}, "Inga relaterade aktiviteter i andra rapporter."),
      ...found.groups.map((g) => el("div", { class: "group" },
        el("h3", {}, g.relation.charAt(0).toUpperCase() + g.relation.slice(1)), ...g.members.map(member))));
  } catch (error) {
    body.replaceChildren(el("p", {}, `Kunde inte hämta relaterade: ${error.message}`));
  }
}

$("search").addEventListener("submit", runSearch);
$("summarise").addEventListener("click", summarise);
$("more").addEventListener("click", showMore);
$("close").addEventListener("click", () => $("passage").close());
$("passage").addEventListener("close", () => { state.dialog = null; syncURL(); });
for (const name of [...FILTERS, "deviation"]) {
  $(name).addEventListener("change", () => { if ($("q").value.trim()) runSearch(); });
}

// A shared URL opens the page as it was: the same question, filters, hits shown and dialog.
async function restore() {
  const params = new URLSearchParams(location.search);
  if (!params.get("q")) return;
  $("q").value = params.get("q");
  for (const name of FILTERS) if (params.get(name)) $(name).value = params.get(name);
  $("deviation").checked = params.get("deviation") === "true";
  await runSearch(null, Number(params.get("visa")) || PAGE);
  const dialog = params.get("dialog") || "";
  const colon = dialog.indexOf(":");
  const [kind, id] = colon < 0 ? [dialog, ""] : [dialog.slice(0, colon), dialog.slice(colon + 1)];
  if (kind === "passage" && id) openPassage(id);
  else if (kind === "relaterat" && id) openRelated(id);
  else if (kind === "tidslinje" && id) openTimeline(id);
  else if (kind === "indikator" && id) openIndicatorChart(id);
  else if (kind === "maluppfyllelse") openGoalStatus();
  else if (kind === "sammanfattning") summarise();
}

loadFilters().then(restore);
