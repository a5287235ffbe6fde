"""Optional fluent prose from a language model: any OpenAI-compatible endpoint, off by default.

The model sees only the passages the extractive draft cites, numbered as in the draft, and
must end every sentence with a marker [n] naming one of them. Its text is kept only if every
sentence does; otherwise the extractive draft is returned with a warning saying why.
Configuration (environment): RAPPORTSOK_LLM_URL (e.g. http://127.0.0.1:8080/v1),
RAPPORTSOK_LLM_MODEL, RAPPORTSOK_LLM_KEY (optional). Nothing is sent anywhere without a URL.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace

from index.nlp.sentences import split_sentences
from index.settings import Settings
from summarise.draft import Draft, DraftSection, DraftSentence

SYSTEM = (
    "Du sammanfattar Stockholms stads uppföljningsrapporter på svenska. Använd endast de numrerade "
    "passagerna. Skriv korta, sakliga meningar. Varje mening ska sluta med en hänvisning i hakparentes "
    "till den passage den bygger på, till exempel [2]. Hitta inte på något som inte står i passagerna."
)
_MARKERS = re.compile(r"\s*((?:\[\d+\]\s*)+)[.!?]?$")


@dataclass(frozen=True, slots=True)
class LLMConfig:
    url: str | None = None
    model: str | None = None
    key: str | None = None
    timeout: float = 120.0

    @property
    def enabled(self) -> bool:
        return bool(self.url and self.model)

    @classmethod
    def from_env(cls) -> LLMConfig:
        """RAPPORTSOK_LLM_URL, _MODEL and _KEY, read with every other setting (`index.settings`)."""
        settings = Settings.from_env()
        return cls(url=settings.llm_url, model=settings.llm_model, key=settings.llm_key)


def rewrite(draft: Draft, config: LLMConfig) -> Draft:
    """The draft in the model's words, or the draft itself with a warning when that fails a check."""
    if not draft.sources:
        return draft
    try:
        text = _complete(config, _prompt(draft))
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
        return _fallback(draft, f"språkmodellen svarade inte användbart ({type(error).__name__}: {error})")
    sentences, problem = _cited_sentences(text, {s.n for s in draft.sources})
    if problem:
        return _fallback(draft, problem)
    section = DraftSection("Sammanfattning", tuple(DraftSentence(t, "", n) for t, n in sentences))
    return replace(draft, sections=(section,), backend=config.model or "llm")


def _prompt(draft: Draft) -> str:
    passages = "\n\n".join(f"[{s.n}] {' '.join(s.text.split())}" for s in draft.sources)
    guide = "\n".join(f"- {s.text} [{s.source}]" for s in draft.sentences())
    return f"{draft.title}\n\nPassager:\n{passages}\n\nUtdrag att utgå från:\n{guide}\n\nSkriv sammanfattningen."


def _complete(config: LLMConfig, prompt: str) -> str:
    body = json.dumps(
        {
            "model": config.model,
            "temperature": 0,
            "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    if config.key:
        headers["Authorization"] = f"Bearer {config.key}"
    request = urllib.request.Request(f"{config.url.rstrip('/')}/chat/completions", body, headers, method="POST")
    # Only the URL the user configured is ever called.
    with urllib.request.urlopen(request, timeout=config.timeout) as response:
        payload = json.loads(response.read().decode("utf-8"))
    return str(payload["choices"][0]["message"]["content"])


def _cited_sentences(text: str, allowed: set[int]) -> tuple[list[tuple[str, int]], str | None]:
    """(sentence, first cited n) for each sentence, or a reason to reject the text."""
    out: list[tuple[str, int]] = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*• ").strip()
        if not line or line.startswith("#"):
            continue
        for start, end in split_sentences(line):
            sentence = line[start:end].strip()
            match = _MARKERS.search(sentence)
            if not match:
                return [], f"språkmodellens mening saknar källhänvisning: {sentence[:80]!r}"
            cited = [int(n) for n in re.findall(r"\d+", match.group(1))]
            unknown = [n for n in cited if n not in allowed]
            if unknown:
                return [], f"språkmodellen hänvisar till passager den inte fått: {unknown}"
            out.append((sentence[: match.start()].rstrip().rstrip(".") + ".", cited[0]))
    if not out:
        return [], "språkmodellen gav ingen text"
    return out, None


def _fallback(draft: Draft, reason: str) -> Draft:
    return replace(draft, warnings=(*draft.warnings, f"{reason}; det extraktiva utkastet visas i stället"))
