"""Words that give English away in text shown to a user (help, errors), for the Swedish tests."""

from __future__ import annotations

import re

# Common English words that are not Swedish words too; command and option names are excluded below.
ENGLISH = (
    "the", "only", "show", "this", "and", "error", "usage", "options", "commands", "arguments", "missing",
    "invalid", "required", "default", "given", "question", "print", "exit", "should", "such", "with",
    "unexpected", "not", "found", "try", "help for", "value", "could", "read", "stream", "has", "ended",
    "file", "cannot", "object", "unexpectedly",
)  # fmt: skip


def english_words(text: str) -> set[str]:
    """The words of `ENGLISH` in `text`, leaving out option names and the program's own names."""
    # JSON keys ({query, class, relevant: [{file, …}]}) stay as they are, in help as in output.
    prose = re.sub(r"--?[\w-]+|python -m api\.cli|rapportsok|\{[^{}]*\}", " ", text.lower())
    prose = re.sub(r"\{[^{}]*\}", " ", prose)  # the outer braces, once the inner are gone
    return {w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", prose)}
