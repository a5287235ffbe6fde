"""A draft as a Word document (python-docx): headings, one paragraph per sentence with its [n],
and the sources as a numbered list at the end ("Källor"), each with report, nämnd, page and lines.

Footnotes would need raw XML (python-docx has no footnote API); a numbered list keeps every
marker resolvable in Word, LibreOffice and in the document's plain text.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from summarise.draft import Draft, where

DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters XML 1.0 cannot hold (control characters, lone surrogates): a question typed with one
# ("\x1b") would otherwise make the whole file fail to write.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def to_docx(draft: Draft) -> bytes:
    """The draft as the bytes of a .docx file."""
    document = Document()
    _properties(document, _xml(draft.title))
    document.add_heading(_xml(draft.title), level=1)
    if draft.backend != "extractive":
        document.add_paragraph(f"Formulerat av språkmodell ({draft.backend}); varje mening hänvisar till en källa.")
    for warning in draft.warnings:
        document.add_paragraph(_xml(f"Obs: {warning}"))
    for section in draft.sections:
        document.add_heading(_xml(section.heading), level=2)
        if section.note:
            document.add_paragraph(_xml(section.note))
        for sentence in section.sentences:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(_xml(f"{sentence.text} "))
            marker = paragraph.add_run(f"[{sentence.source}]")
            marker.font.superscript = True
        if not section.sentences and not section.note:
            document.add_paragraph("(inget att rapportera)")
    document.add_heading("Källor", level=2)
    for source in draft.sources:
        # A plain paragraph: the source's own "[n]" is its number, which the sentences cite; a
        # numbered list's style had shown each twice in Word ("1. [1] Tertialrapport …").
        paragraph = document.add_paragraph()
        line = f"[{source.n}] {where(source.citation)} (passage {source.passage_id})"
        paragraph.add_run(_xml(line)).font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _properties(document: DocxDocument, title: str) -> None:
    """The file's own properties: python-docx's template says "python-docx" made it in 2013 and that
    its text is US English, which Word would spell-check the Swedish as (a new user's report)."""
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "rapportsok"
    props.comments = "Utkast från rapportsok: varje mening hänvisar till sin källa."
    props.language = "sv-SE"
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.revision = 1
    # The default language of every run (docDefaults): Word's proofing reads it, not the core property.
    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), "sv-SE")
