"""Small real PDFs made with reportlab for the reader tests (generated, never committed)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

# (indent in points, text) per line; one list per page. Indented lines are table-row starts.
TWO_PAGE_REPORT: list[list[tuple[int, str]]] = [
    [
        (0, "Tertialrapport 2 2021 för Norrmalms stadsdelsnämnd"),
        (0, "Nämndmål: 1.2.1 Tryggt stadsdelsområde"),
        (0, "Uppfylls delvis"),
        (0, "Förväntat resultat"),
        (0, "Invånare känner sig trygga i hela stadsdelsområdet."),
        (0, "Aktivitet Startdatum Slutdatum Avvikelse"),
        (20, "Utveckla platssamverkan vid Sergels torg tillsammans med polisen"),
        (300, "2021-01-01 2021-12-31"),
        (20, "Stadsdelsnämnden ska utreda hur beredskapslager kan utgöra en del"),
        (0, "av en stärkt försörjningsförmåga av särskilt viktiga varor inom"),
    ],
    [
        (0, "Sid 2 (2)"),
        (0, "Aktivitet Startdatum Slutdatum Avvikelse"),
        (0, "ramen för stadens krisberedskap"),
        (300, "2021-01-01 2021-06-30 Avvikelse"),
        (0, "Analys"),
        (0, "Arbetet har försenats till följd av coronapandemin."),
        (20, "Följa upp trygghetsmätningen i stadsdelsområdet"),
        (300, "2021-01-01 2021-12-31"),
    ],
]


def write_pdf(path: Path, pages: list[list[tuple[int, str]]], *, encrypt: StandardEncryption | None = None) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    for lines in pages:
        pdf.setFont("Helvetica", 10)
        y = 800
        for indent, text in lines:
            pdf.drawString(40 + indent, y, text)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """Pages with only drawn shapes: what a scan without OCR looks like to a text extractor."""
    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        for row in range(40):
            pdf.rect(40, 800 - row * 18, 400 - (row % 5) * 30, 10, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def encryption(user_password: str) -> StandardEncryption:
    return StandardEncryption(user_password, ownerPassword="ägare", canPrint=1, strength=128)


def scan_pages(source: Path, out: Path, pages: set[int], *, dpi: int = 200) -> Path:
    """`source` with the given pages (1-based) replaced by images of themselves: what a
    scanner gives, no text layer. Rendered by pdfium, grey, wrapped back into a PDF page."""
    import io

    import pypdfium2
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    document = pypdfium2.PdfDocument(str(source))
    for number, page in enumerate(PdfReader(source).pages, start=1):
        if number not in pages:
            writer.add_page(page)
            continue
        image = document[number - 1].render(scale=dpi / 72, grayscale=True).to_pil()
        scanned = io.BytesIO()
        image.save(scanned, format="PDF", resolution=dpi)
        writer.add_page(PdfReader(scanned).pages[0])
    document.close()
    with out.open("wb") as handle:
        writer.write(handle)
    return out
