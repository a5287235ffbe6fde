"""The CLI edge: readable and JSON output, a batch that survives a bad file, Swedish throughout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from index.store import Store
from summarise.related import related as find_related
from summarise.related_eval import GoldRef, resolver
from tests.conftest import ALL_REPORTS, CORPUS, NORRMALM_2021, T2_2021
from tests.english import english_words
from tests.fakes import FAKE_MODEL_NAME

runner = CliRunner()


def test_parse_json(parsed) -> None:
    result = runner.invoke(app, ["parse", str(CORPUS / T2_2021), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meta"]["report_type"] == "Tertialrapport 2"
    # Counted by hand in the file: 22 indicator rows (lines 206–253, 1453, 1472, 1774–1785, 1796–1840 (KF's
    # economic ones: budgetföljsamhet, prognossäkerhet, the city's result and soliditet), 2087–2124).
    # Sections have no count by hand; the CLI must report the parser's own.
    assert data["counts"] == {
        "goals": 37,
        "activities": 88,
        "deviations": 5,
        "indicators": 22,
        "sections": len(parsed[T2_2021].sections),
    }
    # An indicator's figures are one nested record, the one its chunk carries (IndicatorValues).
    figures = [i["values"] for i in data["indicators"]]
    assert all("outcome" not in i for i in data["indicators"])
    assert sum(v["target"] is not None for v in figures) == sum(
        i.values.target is not None for i in parsed[T2_2021].indicators
    )
    flagged = [a for a in data["activities"] if a["deviation"]]
    assert len(flagged) == 5 and all(a["analysis"] and a["source"]["line_start"] for a in flagged)


def test_parse_readable_summary() -> None:
    result = runner.invoke(app, ["parse", str(CORPUS / NORRMALM_2021)])
    assert result.exit_code == 0
    assert "Aktiviteter: 121 (avvikelser: 1)" in result.stdout
    assert "Uppfylls delvis: 1" in result.stdout and "Uppfylls helt: 19" in result.stdout
    assert "Team för psykisk ohälsa startas upp i hemtjänst i egen regi" in result.stdout


def test_parse_batch_with_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "tom.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(bad), str(CORPUS / T2_2021), "--json"])
    assert result.exit_code == 1
    assert f"fel: {bad}: filen är tom (0 byte)" in result.stderr
    assert json.loads(result.stdout)["meta"]["file"] == T2_2021


def test_parse_names_links_and_other_files_it_does_not_read(tmp_path: Path) -> None:
    # As `index` does (trial 32: a folder's .docx was passed over without a word, a named link followed).
    (tmp_path / "rapport.docx").write_bytes(b"PK")
    (tmp_path / "lank.txt").symlink_to(CORPUS / T2_2021)
    result = runner.invoke(app, ["parse", str(tmp_path), str(tmp_path / "lank.txt")])
    assert "lank.txt: en länk, följs inte" in result.stderr
    assert "1 fil i mapparna lästes inte, bara .pdf och .txt läses: rapport.docx" in result.stderr


def test_index_status_remove(tmp_path: Path, fake_index, fake_model, monkeypatch) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    monkeypatch.setenv("RAPPORTSOK_DATA", str(data))
    again = runner.invoke(app, ["index", str(CORPUS)])
    assert again.exit_code == 0, again.output
    assert "Embeddade passager: 0" in again.stdout and "Oförändrade: 5" in again.stdout

    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0 and "Dokument: 5" in status.stdout and FAKE_MODEL_NAME in status.stdout
    assert "aktiviteter: " in status.stdout and "activity" not in status.stdout
    # Every file name whole, whatever the terminal's width (a table cut them to "ks-tertialrappor…").
    narrow = runner.invoke(app, ["status"], terminal_width=60).stdout
    assert all(f"{name} · " in narrow for name in ALL_REPORTS)

    removed = runner.invoke(app, ["remove", T2_2021, "finns-inte.txt"])
    assert removed.exit_code == 1 and f"borttagen: {T2_2021}" in removed.stdout
    assert "fel: finns-inte.txt: finns inte i indexet" in removed.stderr
    assert "Dokument: 4" in runner.invoke(app, ["status"]).stdout


def test_a_folder_run_names_what_it_removed_and_what_it_kept(tmp_path: Path, fake_model, monkeypatch) -> None:
    """A file gone from a synced folder is named as removed, and a changed file that cannot be read
    says its indexed version is kept (a blind trial read "Borttagna: 1" and an error, and could not
    tell what the index held)."""
    import shutil

    folder = tmp_path / "rapporter"
    folder.mkdir()
    for name in (T2_2021, NORRMALM_2021):
        shutil.copy(CORPUS / name, folder / name)
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "data"))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    (folder / NORRMALM_2021).unlink()
    (folder / T2_2021).write_bytes(b"\x00\x01 trasig")
    again = runner.invoke(app, ["index", str(folder)])
    assert again.exit_code == 1
    assert f"borttagen: {NORRMALM_2021} (finns inte längre i mappen)" in again.stdout
    assert "den tidigare indexerade versionen finns kvar" in again.stderr and T2_2021 in again.stderr
    assert "Dokument: 1" in runner.invoke(app, ["status"]).stdout


def test_index_refuses_another_file_of_an_indexed_name_unless_replace(tmp_path: Path, fake_model, monkeypatch) -> None:
    """Trial 31: a three-line file of an indexed report's name, from another folder, replaced it. The
    CLI refuses it, naming both files and `--replace`; with `--replace` it replaces it."""
    first, other = tmp_path / "rapporter", tmp_path / "annan"
    first.mkdir()
    other.mkdir()
    shutil.copy(CORPUS / T2_2021, first / T2_2021)
    lines = (CORPUS / T2_2021).read_text(encoding="utf-8").splitlines()[:3]
    (other / T2_2021).write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "data"))
    assert runner.invoke(app, ["index", str(first)]).exit_code == 0
    refused = runner.invoke(app, ["index", str(other / T2_2021)])
    assert refused.exit_code == 1 and "samma filnamn är redan indexerad från" in refused.stderr
    assert "index --replace" in refused.stderr
    with Store.open(tmp_path / "data") as store:
        kept = store.document(T2_2021)
        assert Path(kept.path) == (first / T2_2021).resolve() and kept.chunks > 100
    replaced = runner.invoke(app, ["index", str(other / T2_2021), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    with Store.open(tmp_path / "data") as store:
        assert Path(store.document(T2_2021).path) == (other / T2_2021).resolve()


def test_index_names_missing_paths(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "data"))
    result = runner.invoke(app, ["index", str(tmp_path / "saknas")])
    assert result.exit_code == 1 and "saknas: filen eller mappen finns inte" in result.stderr
    assert "Fel: 1" in result.stdout  # counted, as it is said (trial 30's summary said "Fel: 0")
    empty = tmp_path / "tom"
    empty.mkdir()
    quiet = runner.invoke(app, ["index", str(empty)])
    assert quiet.exit_code == 0 and f"{empty}: inga rapportfiler" in quiet.stderr


def test_summarise_related_timeline(tmp_path: Path, corpus_index, embedder, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    # A folder that does not exist yet is made (a new user's `--out out/x.md` ended in a traceback).
    out = tmp_path / "utkast" / "norrmalm.md"
    result = runner.invoke(app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Skapade mappen {out.parent}" in result.stdout  # said, not made without a word
    # A path that cannot be written is one Swedish line that names it.
    blocked = tmp_path / "utkast" / "norrmalm.md" / "x.md"
    refused = runner.invoke(app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(blocked)])
    assert refused.exit_code == 2 and f"kan inte skriva {blocked}" in refused.stderr
    assert "Traceback" not in refused.output
    # A format the draft is not written in is refused, not Markdown under a PDF's name.
    pdf = tmp_path / "utkast" / "norrmalm.pdf"
    wrong = runner.invoke(app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(pdf)])
    assert wrong.exit_code == 2 and "«.pdf»" in wrong.stderr and ".docx" in wrong.stderr and not pdf.exists()
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# Sammanfattning: Verksamhetsberättelse 2021") and "## Källor" in markdown
    # A file that exists is not written over unless asked (trial 30's mistyped `--out rapport.txt`).
    mine = tmp_path / "utkast" / "mitt.txt"
    mine.write_text("mitt eget", encoding="utf-8")
    kept = runner.invoke(app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(mine)])
    assert kept.exit_code == 2 and "finns redan" in kept.stderr and "--overwrite" in kept.stderr
    assert mine.read_text(encoding="utf-8") == "mitt eget"
    asked = runner.invoke(
        app, ["summarise", "--namnd", "Norrmalm", "--year", "2021", "--out", str(mine), "--overwrite"]
    )
    assert asked.exit_code == 0 and mine.read_text(encoding="utf-8").startswith("# Sammanfattning")
    query = runner.invoke(app, ["summarise", "--query", "vilka aktiviteter har avvikelser om pandemin"])
    assert query.exit_code == 0 and "coronapandemin" in query.stdout and "[4]" in query.stdout
    assert runner.invoke(app, ["summarise"]).exit_code == 2

    search = json.loads(runner.invoke(app, ["search", "klimatanpassning skyfall", "--json", "--limit", "1"]).stdout)
    passage = search["hits"][0]["id"]
    # The plain output names each hit's id, which `related` takes (a user had to ask for --json).
    plain = runner.invoke(app, ["search", "klimatanpassning skyfall", "--limit", "1"], terminal_width=400)
    assert f"id {passage}" in plain.stdout
    related = runner.invoke(app, ["related", passage])
    assert related.exit_code == 0 and "Norrmalms stadsdelsnämnd" in related.stdout
    # The same answer as the API's (both call summarise.related): every member with its basis.
    with Store.open(corpus_index[0]) as store:
        found = find_related(store, embedder, passage)
        nothing = resolver(store)(GoldRef(T2_2021, "framtida delaktighet i Vetenskapsstaden"))
    assert found is not None and found.members
    assert f"Uppdraget som jämförs: {found.assignment[:40]}" in " ".join(related.stdout.split())
    assert all(m.chunk.id in related.stdout and m.basis in related.stdout for m in found.members)
    empty = runner.invoke(app, ["related", nothing])
    assert empty.exit_code == 0 and "Inga relaterade aktiviteter i andra rapporter." in empty.stdout
    assert runner.invoke(app, ["related", "0000000000000000"]).exit_code == 1

    timeline = runner.invoke(app, ["timeline", "1.2"])
    assert timeline.exit_code == 0 and "uppfylls delvis" in timeline.stdout and "2020" in timeline.stdout
    assert runner.invoke(app, ["timeline", "finns inget sådant mål"]).exit_code == 1
    assert "1.7 Stockholm upplevs som en trygg" in timeline.stdout and "liknande rubrik" in timeline.stdout
    # One series per nämnd, the starting point's first, a tertial's forecast beside its outcome (a new user
    # read Kommunstyrelsen's rows between Norrmalm's as one series, and T1 2020's 2,5 % as the year's).
    sick = runner.invoke(app, ["timeline", "sjukfrånvaro"], terminal_width=400).stdout
    first = sick.index("Norrmalms stadsdelsnämnd – utgångspunktens serie")
    other = sick.index("Kommunstyrelsen – en egen serie")
    assert first < sick.index("2021 helår · Norrmalms") < other < sick.index("2020 T1 · Kommunstyrelsen")
    assert "utfall 2,5 % · prognos helår 2,5 % · årsmål 2 %" in sick
    assert "Namnet matchar också" not in sick
    # A name that matches another measure too names it (trial 28: "feriejobb" left out the places offered).
    summer = runner.invoke(app, ["timeline", "feriejobb"], terminal_width=400).stdout
    assert "Namnet matchar också 1 indikator till, med en egen tidslinje: «Antal" in summer


def test_indicators(corpus_index, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    shown = runner.invoke(app, ["indicators", "sjukfrånvaro", "--namnd", "Norrmalm"])
    assert shown.exit_code == 0, shown.output
    assert "Sjukfrånvaro · Norrmalms stadsdelsnämnd 2021 helår · utfall 9,4 % · årsmål 8,5 %" in shown.stdout
    assert "når inte årsmålet" in shown.stdout and "lägre är bättre" in shown.stdout and "rad 5166" in shown.stdout
    # A name of two words needs no quotes (trial 29's "indicators ekonomiskt bistånd" was refused).
    apart = runner.invoke(app, ["indicators", "ekonomiskt", "bistånd", "--json"])
    quoted = runner.invoke(app, ["indicators", "ekonomiskt bistånd", "--json"])
    assert apart.exit_code == 0 and json.loads(apart.stdout) == json.loads(quoted.stdout)
    assert json.loads(apart.stdout)["total"] > 0
    # The counts add up to the total: the rows that cannot be judged are counted too (a new user read
    # "90 indikatorer · når målet: 44 · når inte målet: 39" as seven lost).
    year = runner.invoke(app, ["indicators", "--namnd", "Norrmalm", "--year", "2021"], terminal_width=400).stdout
    head = re.search(r"(\d+) indikatorer · når målet: (\d+) · når inte målet: (\d+) · kan inte bedömas: (\d+)", year)
    assert head and int(head[1]) == sum(int(head[i]) for i in (2, 3, 4)) and int(head[4]) > 0
    # A question that selects the misses says that its table is a selection: "39 indikatorer · når målet: 0"
    # was read as the nämnd's record (44 meet their target; trial 28).
    asked = ["search", "vilka indikatorer når inte årsmålet i Norrmalm 2021"]
    selected = runner.invoke(app, asked, terminal_width=400).stdout
    count = re.search(r"(\d+) indikatorer som inte når målet · urvalet frågan bad om", selected)
    assert count and int(count[1]) == int(head[3]) and "når målet: 0" not in selected
    # "--met nej" is a selection too, and its head says so rather than "når målet: 0".
    misses = runner.invoke(app, ["indicators", "--met", "nej", "--namnd", "Norrmalm"], terminal_width=400).stdout
    assert "indikatorer som inte når målet · urvalet --met bad om" in misses and "når målet: 0" not in misses
    missed = json.loads(runner.invoke(app, ["indicators", "--met", "nej", "--year", "2020", "--json"]).stdout)
    assert missed["total"] == missed["not_met"] > 0 and all(r["met"] is False for r in missed["rows"])
    assert runner.invoke(app, ["indicators", "--met", "kanske"]).exit_code == 2
    assert runner.invoke(app, ["indicators", "--period", "T9"]).exit_code == 2
    unknown = runner.invoke(app, ["indicators", "--namnd", "Vasastan"])
    assert unknown.exit_code == 2 and "Okänd nämnd" in unknown.stderr
    wolves = runner.invoke(app, ["indicators", "antal vargar"])
    assert wolves.exit_code == 1 and "Inga indikatorer matchar." in wolves.stdout
    # The 2024 avstämning prints no indicator table: said so, not "matchar" (trial 28).
    plain = runner.invoke(app, ["indicators", "--year", "2024"])
    assert plain.exit_code == 1 and "De valda rapporterna har inga indikatortabeller." in plain.stdout


def test_a_mistyped_setting_is_one_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_BACKEND", "gpu")
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2
    assert "RAPPORTSOK_BACKEND='gpu': förväntade ett av onnx, torch" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("RAPPORTSOK_BACKEND", "torch")
    monkeypatch.setenv("RAPPORTSOK_PORT", "åttatusen")
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2 and "RAPPORTSOK_PORT='åttatusen': förväntade ett heltal" in result.output


COMMANDS = (
    "parse", "model", "index", "remove", "status", "search", "eval", "summarise", "related", "timeline", "indicators",
)  # fmt: skip


def test_help_is_swedish() -> None:
    for args in (["--help"], *([c, "--help"] for c in (*COMMANDS, "serve"))):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # rich wraps inside its boxes
        assert "Användning:" in flat and "Visa den här hjälpen och avsluta." in flat
        assert english_words(result.output) == set(), (args, result.output)


ERRORS = [
    (["search", ""], "fel: frågan är tom"),
    (["search", "   "], "fel: frågan är tom"),
    (["search", "och det om"], "har bara småord"),
    (["search", "x" * 501], "högst 500"),
    (["search", "hemlöshet", "--limit", "201"], "högst 200"),
    (["search", "hemlöshet", "--limit", "0"], "minst 1"),
    (["search", "hemlöshet", "--year", "tjugo"], "ett heltal behövs"),
    (["search", "hemlöshet", "--bogus"], "Okänd flagga: --bogus"),
    (["search", "hemlöshet", "--kind", "foo"], "fel: okänd typ 'foo'"),
    (["search", "hemlöshet", "--period", "T7"], "fel: 'T7': förväntade en av T1, T2, T3, helår"),
    (["search"], "Argumentet 'FRÅGA' saknas"),
    (["search", "a", "b"], "Oväntat extra argument (b)"),
    (["summarise"], "fel: ange --namnd"),
    (["summarise", "--query", "  "], "fel: frågan är tom"),  # not "ange --query", which was given
    (["search", "x", "--report-type", "Årsredovisning"], "förväntade en av Tertialrapport 1, Tertialrapport 2"),
    (["summarise", "--namnd", "Norrmalm", "--year", "i fjol"], "ett heltal behövs"),
    # Every other command: its argument missing, or an option's value that cannot be used.
    (["parse"], "Argumentet 'FILER' saknas"),
    (["model", "--backend", "gpu"], "Okänd flagga: --backend"),
    (["index"], "Argumentet 'SÖKVÄGAR' saknas"),
    (["index", "corpus", "--workers", "alla"], "ett heltal behövs"),
    (["remove"], "Argumentet 'FILER' saknas"),
    (["status", "corpus"], "Oväntat extra argument (corpus)"),
    (["eval"], "Argumentet 'GULDFILER' saknas"),
    (["eval", "guld.jsonl", "--mode", "snabb"], "fel: okänt läge 'snabb'"),
    (["related"], "Argumentet 'PASSAGE-ID' saknas"),
    (["related", " "], "fel: ange ett passage-id"),
    (["timeline"], "Argumentet 'NAMN' saknas"),
    (["timeline", "   "], "fel: ange ett mål eller en indikator"),  # trial 29: one indicator came back
    (["indicators", "--period", "T9"], "fel: 'T9': förväntade en av"),
    (["indicators", "--met", "kanske"], "ange ja (målet nås) eller nej"),
    (["indicators", "--year", "1066"], "minst 1900"),
    (["serve", "--workers", "0"], "minst 1"),
    (["index", "corpus", "--workers", "0"], "minst 1"),  # trial 31: taken without a word
    (["serve", "--port", "åttatusen"], "ett heltal behövs"),
    (["finns-inte"], "Okänt kommando 'finns-inte'"),
]


@pytest.mark.parametrize(("args", "says"), ERRORS)
def test_errors_are_swedish_with_exit_code_2(args: list[str], says: str) -> None:
    assert {args[0] for args, _ in ERRORS} >= {*COMMANDS, "serve"}  # every command's errors are here
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert english_words(result.output) == set(), result.output


def test_read_errors_are_swedish(tmp_path: Path) -> None:
    bad = {
        "tom.txt": b"",
        "blank.txt": b"  \n\t\n",
        "nul.txt": b"Rapport\x00\x01",
        "binar.txt": bytes(range(1, 32)) * 40,
        "kodning.txt": b"Rapport \x81\x8d\x8f\x90\x9d om \xc3",
        "rapport.docx": b"PK\x03\x04",
        "avkortad.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
        "webbsida.pdf": b"<!DOCTYPE html><html><body>Sidan finns inte</body></html>",
    }
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    result = runner.invoke(app, ["parse", *(str(tmp_path / n) for n in bad)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad) and all(line.startswith("fel: ") for line in lines), result.stderr
    assert english_words(result.stderr.replace(str(tmp_path), "")) == set(), result.stderr


def test_search_filters_and_swedish_kinds(fake_index, fake_model, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORTSOK_DATA", str(fake_index[0]))
    found = runner.invoke(
        app,
        [
            "search",
            "klimatanpassning",
            "--period",
            "t2",
            "--report-type",
            "tertialrapport 2",
            "--kind",
            "aktivitet",
            "--json",
            "--limit",
            "200",
        ],
    )
    assert found.exit_code == 0, found.output
    result = json.loads(found.stdout)
    assert result["interpretation"]["period"] == ["T2"] and result["interpretation"]["kind"] == ["activity"]
    assert result["hits"] and all(
        h["citation"]["period"] == "T2" and h["kind"] == "activity" and "Tertialrapport 2" in h["citation"]["report"]
        for h in result["hits"]
    )
    readable = runner.invoke(app, ["search", "vilka aktiviteter har avvikelser om pandemin"])
    assert readable.exit_code == 0, readable.output
    assert "Tolkning: Aktiviteter · avvikelse · ämne: pandemin" in readable.stdout
    assert "1. aktivitet avvikelse" in readable.stdout and "activity" not in readable.stdout
    newest = json.loads(runner.invoke(app, ["search", "trygghet", "--sort", "datum", "--json"]).stdout)
    assert [h["citation"]["year"] for h in newest["hits"]] == [2024] * 10
    assert runner.invoke(app, ["search", "trygghet", "--sort", "nyast"]).exit_code == 2
    helar = json.loads(runner.invoke(app, ["search", "hemlöshet", "--period", "helår", "--json"]).stdout)
    assert helar["hits"] and {h["citation"]["period"] for h in helar["hits"]} == {"helår"}


# Modules that a command needing no model, or its help, has no use for: each costs 0.05–3 s to
# import on 2 cores (pydantic and pydantic-settings together about 0.15 s; spaCy with torch 3 s).
HEAVY = (
    "torch", "spacy", "onnxruntime", "faiss", "numpy", "wordfreq", "pypdf", "pydantic", "pydantic_settings",
    "fastapi", "starlette", "uvicorn", "matplotlib", "markdown_it", "pygments", "rich.markdown", "rich.traceback",
)  # fmt: skip


def _modules_after(args: list[str], env: dict[str, str]) -> dict[str, object]:
    """Which heavy modules a real `rapportsok` process has imported when it ends."""
    script = (
        "import sys, json, api.cli as cli\n"
        f"sys.argv = ['rapportsok', *{args!r}]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps({m: (None if sys.modules.get(m) is None else 'loaded') for m in heavy if m in sys.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, **env}, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_loads_nothing_heavy_and_search_no_torch(corpus_index) -> None:
    assert _modules_after(["--help"], {}) == {}
    for command in (*COMMANDS, "serve"):
        # typer itself validates a command's options with pydantic; nothing else heavy is imported.
        assert set(_modules_after([command, "--help"], {})) <= {"pydantic"}, command
    # A command that needs no model: no model runtime, no web framework, no spaCy.
    loaded = _modules_after(["indicators", "sjukfrånvaro", "--json"], {"RAPPORTSOK_DATA": str(corpus_index[0])})
    assert not {"torch", "spacy", "onnxruntime", "fastapi", "wordfreq"} & {m for m, v in loaded.items() if v}, loaded
    loaded = _modules_after(["search", "hemlöshet", "--json"], {"RAPPORTSOK_DATA": str(corpus_index[0])})
    assert loaded.get("onnxruntime") == "loaded" and loaded.get("faiss") == "loaded"
    assert loaded.get("torch") is None  # hidden on the ONNX path: `import torch` fails, never loads
    # A question needs spaCy's stop words only, read from their file, and wordfreq's frequencies of
    # plain Swedish words only, read from disk: neither package is imported.
    assert "spacy" not in loaded and "wordfreq" not in loaded, loaded


def test_an_unusable_store_is_one_line_and_exit_code_2_in_every_command(tmp_path: Path, fake_index, fake_model) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    for vectors in data.glob("vectors-*.faiss"):
        vectors.unlink()  # SQLite names a vector file that is gone: StoreMismatchError on open
    env = {"RAPPORTSOK_DATA": str(data)}
    for args in (["status"], ["search", "hemlöshet"], ["remove", T2_2021], ["timeline", "1.2"], ["related", "x"]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 2, (args, result.output)
        assert "fel: " in result.stderr and "saknas" in result.stderr and "Traceback" not in result.output


def test_search_says_what_it_read_in_swedish(tmp_path: Path, fake_index, fake_model, monkeypatch) -> None:
    """The readable answer: a goal named by number, the dictionary's words, a compound's parts, one
    hit in the singular, and a narrative passage cited by its section."""
    monkeypatch.setenv("RAPPORTSOK_DATA", str(fake_index[0]))
    goal = runner.invoke(app, ["search", "vilka nämndmål har Norrmalm under mål 1.4", "--limit", "1"])
    assert goal.exit_code == 0, goal.output
    assert "under mål 1.4" in goal.stdout and "träffar" in goal.stdout
    widened = runner.invoke(app, ["search", "personer med handikapp och delaktighet"])
    assert "Sökte också på:" in widened.stdout and "(för handikapp)" in widened.stdout
    apart = runner.invoke(app, ["search", "Vad säger rapporterna om upphandlingsfrågor?"])
    assert "Sökte på delarna: upphandling och fråga (för upphandlingsfrågor)" in apart.stdout
    one = runner.invoke(app, ["search", "vilka aktiviteter har avvikelser i Norrmalms verksamhetsberättelse"])
    assert re.search(r"^1 träff$", one.stdout, flags=re.MULTILINE), one.stdout
    dissent = runner.invoke(app, ["search", "16 års rösträtt i kommunvalet", "--limit", "3"])
    assert "avsnitt: Reservation av" in dissent.stdout


def test_eval_names_a_gold_lines_fault_in_swedish(tmp_path: Path) -> None:
    """A no-answer question written with the class "noanswer" (a new user's spelling): the line, the
    class given and the class wanted are named, in Swedish, before any model is loaded."""
    gold = tmp_path / "guld.jsonl"
    gold.write_text('{"query": "Vad kostar boendeparkering?", "class": "noanswer", "relevant": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 2, result.output
    assert "guld.jsonl:1: ingen guldrad" in result.output and "«noanswer», inte «no_answer»" in result.output


def test_a_draft_is_never_written_over_an_indexed_report(corpus_index, monkeypatch) -> None:
    """Not even with --overwrite: the index reads its source again on the next run. `_may_write` is
    called alone, as it refuses before anything is written (the corpus is the index's source)."""
    import typer

    from api.cli import _may_write
    from index.settings import Settings

    monkeypatch.setenv("RAPPORTSOK_DATA", str(corpus_index[0]))
    with Store.open(corpus_index[0]) as store:
        source = Path(store.document(T2_2021).path)
    with pytest.raises(typer.Exit):
        _may_write(source, Settings.from_env(), overwrite=True)


def test_an_index_folder_that_is_a_file_or_empty_is_said_so(tmp_path: Path, monkeypatch) -> None:
    """Trial 30: RAPPORTSOK_DATA naming a file ended in a FileExistsError's traceback; a search of an
    empty index said no passage was about the question, as if the reports were silent on it."""
    afile = tmp_path / "inte-en-mapp"
    afile.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RAPPORTSOK_DATA", str(afile))
    for command in (["status"], ["search", "hemlöshet"], ["index", str(tmp_path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "är en fil, inte en mapp" in result.stderr, command
        assert "Traceback" not in result.output
    monkeypatch.setenv("RAPPORTSOK_DATA", str(tmp_path / "tomt"))
    empty = runner.invoke(app, ["search", "hemlöshet"])
    assert empty.exit_code == 1 and "är tomt: inga rapporter är indexerade" in empty.stderr


def test_a_damaged_database_and_a_model_path_with_no_model_are_said_so(tmp_path: Path, fake_index, monkeypatch) -> None:
    """Trial 31: a truncated rapportsok.sqlite gave "database disk image is malformed" in an English
    traceback, and RAPPORTSOK_MODEL naming no model had an ONNX build tried there, then one too."""
    data = tmp_path / "data"
    shutil.copytree(fake_index[0], data)
    with (data / "rapportsok.sqlite").open("r+b") as handle:
        handle.truncate(100_000)
    monkeypatch.setenv("RAPPORTSOK_DATA", str(data))
    for command in (["status"], ["search", "hemlöshet"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "indexets databas i" in result.stderr and "skadad" in result.stderr, command
        assert "Traceback" not in result.output
    monkeypatch.setenv("RAPPORTSOK_DATA", str(fake_index[0]))
    monkeypatch.setenv("RAPPORTSOK_MODEL", str(tmp_path / "finns-inte"))
    model = runner.invoke(app, ["search", "hemlöshet"])
    assert model.exit_code == 2 and "RAPPORTSOK_MODEL=" in model.stderr and "modules.json saknas" in model.stderr
    assert not (tmp_path / "finns-inte").exists()  # nothing built there


def test_a_question_of_english_small_words_is_refused() -> None:
    result = runner.invoke(app, ["search", "what is the"])
    assert result.exit_code == 2 and "har bara småord" in result.stderr
