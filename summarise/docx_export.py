"""A draft as a Word document (python-docx): headings, one paragraph per sentence with its [n],
and the sources as a numbered list at the end ("Källor"), each with report, nämnd, page and lines.

Footnotes would need raw XML (python-docx has no footnote API); a numbered list keeps every
marker resolvable in Word, LibreOffice and in the document's plain text.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from summarise.draft import Draft, where

DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def to_docx(draft: Draft) -> bytes:
    """The draft as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = draft.title
    document.core_properties.language = "sv-SE"
    document.add_heading(draft.title, level=1)
    if draft.backend != "extractive":
        document.add_paragraph(f"Formulerat av språkmodell ({draft.backend}); varje mening hänvisar till en källa.")
    for warning in draft.warnings:
        document.add_paragraph(f"Obs: {warning}")
    for section in draft.sections:
        document.add_heading(section.heading, level=2)
        if section.note:
            document.add_paragraph(section.note)
        for sentence in section.sentences:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{sentence.text} ")
            marker = paragraph.add_run(f"[{sentence.source}]")
            marker.font.superscript = True
        if not section.sentences and not section.note:
            document.add_paragraph("(inget att rapportera)")
    document.add_heading("Källor", level=2)
    for source in draft.sources:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(f"[{source.n}] {where(source.citation)} (passage {source.passage_id})").font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
