"""File → ParsedReport, one file or a batch; a bad file is reported, the rest go on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.parse.metadata import ManifestEntry, infer_meta
from index.parse.parser import parse_lines
from index.parse.records import ParsedReport
from index.read.errors import FileTooLargeError, RepetitiveTextError, ReportError
from index.read.layout import clean_lines
from index.read.readers import DEFAULT_MAX_BYTES, read_lines

# The text one report may hold: the largest report of the corpus holds 0.34 million characters, and a
# report of a thousand pages about three. A file of 36 MB of text (trial 31) read for minutes without a
# word; at about 100 s per MB it would have taken an hour. A PDF's limit is its size on disk
# (`DEFAULT_MAX_BYTES`): its images, not its text, make it large.
MAX_TEXT_CHARS = 10_000_000
# A long text with few distinct words repeats itself and is no report: the five reports use 18-34
# distinct words per hundred (0.18 in the longest, 43 000 words), and natural text of a million words
# still several (Heaps' law). Trial 32's 5 MB of one word ("ord ord …") was cut into 4 167 passages
# and embedded for over ten minutes without a word. Checked from this many words: a short note or
# a table of figures may repeat itself.
REPEAT_MIN_WORDS = 20_000
# Swedish words that need no å, ä or ö: a text with this many of them is Swedish, and Swedish text of that
# length holds å, ä or ö (about one letter in thirty). Trial 32's PDF with a damaged stream lost them
# all ("Idrottsnmnden", "r frsenad") without a word.
_PLAIN_SWEDISH = frozenset({"och", "att", "som", "med", "det", "den", "har", "ett", "inte", "eller"})
_PLAIN_SWEDISH_MIN = 20
MIN_DISTINCT_SHARE = 0.01


def parse_file(
    path: Path, manifest: Mapping[str, ManifestEntry] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedReport:
    """Read, clean and parse one report.

    Raises:
        ReportError: the file cannot be read; the message names the file and the reason.
    """
    notes: list[str] = []
    raw = read_lines(path, max_bytes=max_bytes, notes=notes)
    size = sum(len(line.text) for line in raw)
    if size > MAX_TEXT_CHARS:
        raise FileTooLargeError(
            str(path),
            f"texten är {size / 1e6:.1f} miljoner tecken, över gränsen på {MAX_TEXT_CHARS / 1e6:.0f} miljoner "
            "för en rapport; dela upp filen",
        )
    words = [w for line in raw for w in line.text.split()]
    distinct = len(set(words))
    if len(words) >= REPEAT_MIN_WORDS and distinct < MIN_DISTINCT_SHARE * len(words):
        count = f"{len(words):,}".replace(",", " ")
        raise RepetitiveTextError(
            str(path), f"texten har {count} ord men bara {distinct} olika: den upprepar sig och är ingen rapport"
        )
    if _swedish_without_letters(words):
        notes.append(
            f"{path}: texten är svensk men saknar å, ä och ö: de kan ha gått förlorade när filen lästes (en "
            "skadad PDF eller en ovanlig teckenkodning); kontrollera texten mot originalet"
        )
    meta = infer_meta(path.name, raw, manifest or {})
    report = parse_lines(meta, clean_lines(raw))
    return replace(report, warnings=(*notes, *report.warnings)) if notes else report


@dataclass(frozen=True, slots=True)
class BatchResult:
    reports: tuple[ParsedReport, ...]
    errors: tuple[ReportError, ...]


def parse_batch(
    paths: Iterable[Path], manifest: Mapping[str, ManifestEntry] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> BatchResult:
    """Parse every file; a file that fails is collected with its error, never stopping the batch."""
    results = [parse_or_error(path, manifest, max_bytes=max_bytes) for path in paths]
    return BatchResult(
        reports=tuple(r for r in results if not isinstance(r, ReportError)),
        errors=tuple(r for r in results if isinstance(r, ReportError)),
    )


def parse_or_error(
    path: Path, manifest: Mapping[str, ManifestEntry] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedReport | ReportError:
    """`parse_file`, with a file that cannot be read returned as its error: what a batch collects and goes on."""
    try:
        return parse_file(path, manifest, max_bytes=max_bytes)
    except ReportError as error:
        return error
    except (OSError, UnicodeError) as error:
        return ReportError(str(path), f"kan inte läsas: {error}")


def report_files(
    paths: Iterable[Path], links: list[Path] | None = None, skipped: list[Path] | None = None
) -> list[Path]:
    """Expand folders into the report files they hold (PDF and text), sorted.

    Links to files are not followed, inside a folder or named on their own (they are added to
    `links`, when given): a link may point anywhere, and what is indexed is served as the report's
    source (trial 32: `index mapp/*.txt`, a shell's glob, indexed and served /etc/passwd through a
    link among them). A folder named is read, link or not. Hidden folders (an upload in progress,
    `.git`) are not reports. A folder's files of other types are added to `skipped`, when given. A
    file named on its own is otherwise taken as given.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            if path.is_symlink():
                if links is not None:
                    links.append(path)
            else:
                found.append(path)
            continue
        for p in sorted(path.rglob("*")):
            if any(part.startswith(".") for part in p.relative_to(path).parts[:-1]):
                continue
            if p.suffix.lower() not in {".pdf", ".txt"} or p.name.lower() == "readme.txt":
                named = not p.name.startswith(".") and p.name.lower() != "readme.txt"  # not .DS_Store
                if skipped is not None and named and (p.is_file() or p.is_symlink()):
                    skipped.append(p)
                continue
            if p.is_symlink():
                if links is not None:
                    links.append(p)
            elif p.is_file():
                found.append(p)
    return found


def link_warning(link: Path) -> str:
    """What is said of a link not followed (`report_files`): by `index` and `parse` alike."""
    return f"{link}: en länk, följs inte (den kan peka vart som helst); hoppades över"


def skipped_warning(skipped: Sequence[Path], shown: int = 5) -> str:
    """One line naming a folder's files of types no report is read from (trial 32: a folder's .docx,
    .csv and .md files were passed over without a word)."""
    names = ", ".join(p.name for p in skipped[:shown]) + (
        f" och {len(skipped) - shown} till" if len(skipped) > shown else ""
    )
    files = "1 fil" if len(skipped) == 1 else f"{len(skipped)} filer"
    return f"{files} i mapparna lästes inte, bara .pdf och .txt läses: {names}"


def _swedish_without_letters(words: Sequence[str]) -> bool:
    """Whether `words` are Swedish text (`_PLAIN_SWEDISH`) with no å, ä or ö anywhere."""
    plain = sum(1 for w in words if w.lower() in _PLAIN_SWEDISH)
    return plain >= _PLAIN_SWEDISH_MIN and not any(c in "åäöÅÄÖ" for w in words for c in w)
