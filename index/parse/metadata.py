"""What a report is: nämnd, type, year, period, title, diarienummer.

The manifest (`corpus/manifest.toml`) wins; a file not in it is described from its
own text ("Tertialrapport 2", "Verksamhetsberättelse 2021", "Norrmalms stadsdelsnämnd").
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.nlp.gazetteer import STADSDELSOMRADEN
from index.parse.records import Line, ReportMeta, ReportType

UNKNOWN_NAMND = "Okänd nämnd"  # a report that names no nämnd the reader knows
_HEAD_LINES = 250  # a report says what it is on its first pages
_TITLE_LINES = 6  # its title: the first lines of its first page

_TYPE_PATTERNS: tuple[tuple[ReportType, re.Pattern[str]], ...] = (
    (ReportType.TERTIALRAPPORT_1, re.compile(r"tertialrapport\s*1\b|\bT1\s+20\d\d", re.I)),
    (ReportType.TERTIALRAPPORT_2, re.compile(r"tertialrapport\s*2\b|\bT2\s+20\d\d", re.I)),
    (ReportType.VERKSAMHETSBERATTELSE, re.compile(r"verksamhetsberättelse|under\s+verksamhetsåret\s+20\d\d", re.I)),
    (ReportType.AVSTAMNING, re.compile(r"avstämning\s+av\s+mål\s+och\s+budget", re.I)),
    (ReportType.VERKSAMHETSPLAN, re.compile(r"verksamhetsplan", re.I)),
)
# Weaker evidence, used only where no title says it: the period column of indicator tables.
_FALLBACK_TYPE_PATTERNS: tuple[tuple[ReportType, re.Pattern[str]], ...] = (
    (ReportType.TERTIALRAPPORT_1, re.compile(r"\bTertial\s*1\b|\bförsta\s+tertialet\b", re.I)),
    (ReportType.TERTIALRAPPORT_2, re.compile(r"\bTertial\s*2\b|\bandra\s+tertialet\b", re.I)),
)
_PERIOD_OF = {
    ReportType.TERTIALRAPPORT_1: "T1",
    ReportType.TERTIALRAPPORT_2: "T2",
    ReportType.VERKSAMHETSBERATTELSE: "helår",
}
# A district's nämnd by its place, in the genitive ("Norrmalms stadsdelsnämnd") or, for a place the
# city names so, as it is ("Farsta stadsdelsnämnd", "Hässelby-Vällingby stadsdelsnämnd": trial 32 filed
# three such reports under "Okänd nämnd"); or a nämnd by its own name.
_NAMND = re.compile(
    r"\b((?:Norra|Södra)\s+innerstadens?|[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)*)\s+stadsdelsnämnd\b|"
    r"\b((?:[Kk]ommunstyrelsen)|(?:[A-ZÅÄÖa-zåäö-]+nämnden))\b"
)
_DNR = re.compile(r"\bDnr\s+((?:[A-ZÅÄÖ]{1,4}\s+)?\d[\d-]*/\d{4})", re.I)


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    file: str
    namnd: str
    report_type: ReportType
    year: int | None
    period: str | None
    title: str
    dnr: str | None
    source: str | None


def load_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Entries keyed by file name. A missing manifest is an empty one.

    Raises:
        ValueError: a malformed entry, naming the manifest and the entry.
    """
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, ManifestEntry] = {}
    for number, raw in enumerate(data.get("report", []), start=1):
        try:
            entry = ManifestEntry(
                file=str(raw["file"]),
                namnd=str(raw["namnd"]),
                report_type=ReportType.parse(str(raw["report_type"])),
                year=int(raw["year"]) if "year" in raw else None,
                period=str(raw["period"]) if "period" in raw else None,
                title=str(raw.get("title") or raw["file"]),
                dnr=str(raw["dnr"]) if "dnr" in raw else None,
                source=str(raw["source"]) if "source" in raw else None,
            )
        except (KeyError, ValueError) as error:
            raise ValueError(f"{path}: rapportpost {number}: {error}") from None
        entries[entry.file] = entry
    return entries


def infer_meta(file: str, lines: Sequence[Line], manifest: Mapping[str, ManifestEntry]) -> ReportMeta:
    """The manifest's entry for `file` (by name), else what the text itself says."""
    entry = manifest.get(Path(file).name)
    if entry is not None:
        return ReportMeta(
            file=file,
            namnd=entry.namnd,
            report_type=entry.report_type,
            year=entry.year,
            period=entry.period,
            title=entry.title,
            dnr=entry.dnr or _find_dnr(lines),
        )
    head = " \n".join(line.text for line in lines[:_HEAD_LINES])
    report_type, type_match = _find_type(head)
    year = _find_year(head, type_match)
    # The nämnd the title names is the report's, however often its activities name another: a blind
    # trial's Norrmalm report, whose activities name "Utbildningsnämnden" five times, was filed under it.
    namnd = _find_namnd(" \n".join(line.text for line in lines[:_TITLE_LINES])) or _find_namnd(head)
    title = report_title(report_type, year, namnd)
    return ReportMeta(
        file=file,
        namnd=namnd or UNKNOWN_NAMND,
        report_type=report_type,
        year=year,
        period=_PERIOD_OF.get(report_type),
        title=title,
        dnr=_find_dnr(lines),
    )


def report_title(report_type: ReportType, year: int | None, namnd: str | None) -> str:
    """A report's title as the city writes them: "Tertialrapport 1 2022 för Kulturnämnd"."""
    bits = [report_type.value if report_type is not ReportType.OKAND else "Rapport"] + ([str(year)] if year else [])
    return " ".join(bits) + (f" för {namnd.lower() if namnd == 'Kommunstyrelsen' else namnd}" if namnd else "")


def _find_type(head: str) -> tuple[ReportType, re.Match[str] | None]:
    for patterns in (_TYPE_PATTERNS, _FALLBACK_TYPE_PATTERNS):
        best: tuple[int, ReportType, re.Match[str]] | None = None
        for report_type, pattern in patterns:
            match = pattern.search(head)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), report_type, match)
        if best is not None:
            return best[1], best[2]
    return ReportType.OKAND, None


def _find_year(head: str, type_match: re.Match[str] | None) -> int | None:
    if type_match is not None:
        after = re.match(r"\s*(?:för\s+)?(?:år\s+)?(20\d\d|19\d\d)", head[type_match.end() :])
        if after:
            return int(after.group(1))
    explicit = re.search(r"verksamhetsåret\s+(20\d\d)", head)
    if explicit:
        return int(explicit.group(1))
    years = Counter(re.findall(r"\b(20\d\d)\b", head))
    return int(years.most_common(1)[0][0]) if years else None


def _find_namnd(head: str) -> str | None:
    counts: Counter[str] = Counter()
    for match in _NAMND.finditer(head):
        if match.group(1):
            # A title set on two lines ("Vasastadens\n    stadsdelsnämnd" in a PDF) names it once, as one line.
            place = " ".join(match.group(1).split())
            named = place in STADSDELSOMRADEN or place.startswith(("Norra ", "Södra "))  # "Norra innerstaden"
            if not place.endswith("s") and not named:
                continue  # "Varje stadsdelsnämnd", "Respektive stadsdelsnämnd": no name
            counts[f"{place} stadsdelsnämnd"] += 1
            continue
        canonical = canonical_namnd(match.group(2))
        if canonical in {"Stadsdelsnämnd", "Nämnd"}:
            continue
        counts[canonical] += 1
    return counts.most_common(1)[0][0] if counts else None


def canonical_namnd(name: str) -> str:
    """A nämnd's name as the index keeps it, however a report or a form writes it: single spaces, a
    capital, and a nämnd by its own name without the definite ending ("Kulturnämnden" → "Kulturnämnd";
    trial 32's upload form and a report's text had filed one nämnd under both)."""
    name = " ".join(name.split())
    if not name:
        return name
    name = name[0].upper() + name[1:]
    if name.endswith("nämnden") and " " not in name and not name.startswith("Kommun"):
        name = name.removesuffix("en")  # "Servicenämnden" → "Servicenämnd"
    return name


def _find_dnr(lines: Sequence[Line]) -> str | None:
    """The report's own diarienummer: a header line "Dnr KS 2023/1199" wins over one cited in the text."""
    head = lines[:_HEAD_LINES]
    own = [m for line in head if (m := _DNR.fullmatch(line.text.strip()))]
    cited = [m for line in head if (m := _DNR.search(line.text))]
    for match in own or cited:
        return " ".join(match.group(1).split())
    return None
