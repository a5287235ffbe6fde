"""spaCy's stop-word lists, read without importing spaCy.

A question needs only spaCy's word lists, yet `import spacy` loads thinc, its registries and
pydantic models first: 0.6 s of CPU and 60 MB in a `rapportsok search` process (measured with
torch kept out). The lists are plain Python files (a `STOP_WORDS = set(...)` of one string, no
imports), so the installed spaCy's own file is executed alone: the same words, whatever
version is installed.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from functools import cache
from pathlib import Path


@cache
def spacy_stop_words(lang: str) -> frozenset[str]:
    """spaCy's STOP_WORDS for `lang` ("sv", "en"), from `spacy/lang/<lang>/stop_words.py`."""
    if "spacy" in sys.modules:  # loaded anyway (indexing): its own module
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        return frozenset(module.STOP_WORDS)
    package = importlib.util.find_spec("spacy")  # finds the package without running its __init__
    if package is None or package.origin is None:
        raise ImportError("spaCy is not installed: its stop-word lists are needed")
    path = Path(package.origin).parent / "lang" / lang / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_rapportsok_spacy_stop_words_{lang}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: spaCy's stop words for {lang!r} are missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


@cache
def spacy_abbreviations(lang: str) -> frozenset[str]:
    """spaCy's abbreviations for `lang` ("t.ex", "bl.a", "dvs"), lower case without a final dot,
    from the `ABBREVIATIONS` list of `spacy/lang/<lang>/tokenizer_exceptions.py`. That file imports
    spaCy's symbols, so it is read, not run: the list is a literal."""
    package = importlib.util.find_spec("spacy")
    if package is None or package.origin is None:
        raise ImportError("spaCy is not installed: its abbreviation lists are needed")
    path = Path(package.origin).parent / "lang" / lang / "tokenizer_exceptions.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "ABBREVIATIONS" for t in node.targets):
            return frozenset(str(a).lower().rstrip(".") for a in ast.literal_eval(node.value))
    raise ImportError(f"{path}: no ABBREVIATIONS list")
