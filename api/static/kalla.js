// rapportsök: a text source file with line numbers, the cited lines marked and scrolled to.
"use strict";

(async () => {
  const params = new URLSearchParams(location.search);
  const file = params.get("fil") || "";
  const first = Number(params.get("fran")) || 0;
  const last = Number(params.get("till")) || first;
  const raw = `/documents/${encodeURIComponent(file)}/source`;
  document.getElementById("raw").href = raw;
  document.getElementById("source-title").textContent =
    first ? `${file}, rad ${first}${last > first ? `–${last}` : ""}` : file;
  const out = document.getElementById("source");
  try {
    const response = await fetch(raw);
    if (!response.ok) throw new Error(`Fel ${response.status}`);
    const lines = (await response.text()).split("\n");
    out.replaceChildren(...lines.map((text, i) => {
      const row = document.createElement("span");
      const number = i + 1;
      row.className = number >= first && number <= last ? "line cited" : "line";
      row.id = `rad-${number}`;
      const n = document.createElement("span");
      n.className = "n";
      n.textContent = number;
      row.append(n, text, "\n");
      return row;
    }));
    const cited = document.getElementById(`rad-${first}`);
    if (cited) cited.scrollIntoView({ block: "center" });
  } catch (error) {
    out.textContent = `Kunde inte visa källan: ${error.message}`;
  }
})();
