"""A certificate as a one-page PDF: A4 landscape with the school, the programme, the level, the dates, the serial
and a QR code of the public verification URL, in the embedded DejaVu fonts (Latin and Cyrillic alike).

Drawn straight onto a ReportLab canvas (no layout engine): about a dozen strings, a frame and the QR code's
modules as one filled path. The texts arrive already translated (``CertificatePage``); this module knows nothing
of the database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from accreditation.pdf.fonts import register_fonts

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 36.0
ACCENT = Color(0.09, 0.30, 0.45)
MUTED = Color(0.30, 0.30, 0.30)
QR_SIZE = 118.0
QR_MASK = 2


@dataclass(frozen=True)
class CertificatePage:
    """Every text on the page, translated, and the URL the QR code holds."""

    heading: str  # "Certificate" or the intermediate certificate's title
    presented_to: str  # "This certifies that"
    school_name: str
    school_place: str  # region and country
    statement: str  # "has been certified in the programme"
    programme_name: str
    level_line: str  # "at the level Established" (may be empty)
    dates_line: str  # "Issued on … · valid until …"
    serial_line: str  # "Serial CISS-0000042-A"
    verify_caption: str  # "Check this certificate at"
    verify_url: str
    issuer_name: str
    title: str  # the PDF's document title


def _fitted_size(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest font size (down to ``smallest``) at which ``text`` fits in ``width``."""
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 1
    return size


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (words longer than a line stay whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _centred(canvas: Canvas, text: str, font: str, size: float, y: float, colour: Color | None = None) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(colour or Color(0, 0, 0))
    canvas.drawCentredString(PAGE_WIDTH / 2, y, text)


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code of ``data`` with its bottom-left corner at (x, y), quiet zone of four modules included.

    Each row's dark runs become rectangles of one filled path, written as PDF operators in module units (a
    transformation scales them), which is several times faster than drawing a few hundred shapes one by one. The
    mask is fixed (any mask decodes; choosing the "best" one costs more than the rest of the page).
    """
    matrix = segno.make(data, error="m", micro=False, mask=QR_MASK).matrix
    quiet = 4
    module = size / (len(matrix) + 2 * quiet)
    operators: list[str] = []
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                operators.append(f"{start + quiet} {row_index + quiet} {column - start} 1 re")
            else:
                column += 1
    canvas.saveState()
    canvas.setFillColor(Color(0, 0, 0))
    canvas.transform(module, 0, 0, -module, x, y + size)  # origin at the top-left corner, one unit per module
    canvas.addLiteral("\n".join(operators) + "\nf")
    canvas.restoreState()


def render_certificate(page: CertificatePage) -> bytes:
    """The PDF of one certificate."""
    sans, sans_bold, _, serif_bold = register_fonts()  # three fonts: each one embedded costs ~2 ms a page
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    canvas.setTitle(page.title)
    canvas.setAuthor(page.issuer_name)
    canvas.setSubject(page.verify_url)

    # The frame: a thick outer line and a thin inner one.
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(MARGIN / 2, MARGIN / 2, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN)
    canvas.setLineWidth(0.8)
    canvas.rect(MARGIN / 2 + 6, MARGIN / 2 + 6, PAGE_WIDTH - MARGIN - 12, PAGE_HEIGHT - MARGIN - 12)

    text_width = PAGE_WIDTH - 4 * MARGIN
    top = PAGE_HEIGHT - 2 * MARGIN - 20
    _centred(canvas, page.issuer_name.upper(), sans_bold, 11, top, ACCENT)
    heading_size = _fitted_size(page.heading, serif_bold, 38, 20, text_width)
    _centred(canvas, page.heading, serif_bold, heading_size, top - 56, ACCENT)
    _centred(canvas, page.presented_to, sans, 14, top - 100, MUTED)

    # The school's name: as large as fits on one line, else on up to two lines.
    y = top - 146
    name_size = _fitted_size(page.school_name, serif_bold, 32, 20, text_width)
    lines = [page.school_name]
    if stringWidth(page.school_name, serif_bold, name_size) > text_width:
        lines = _wrapped(page.school_name, serif_bold, name_size, text_width)[:2]
    for line in lines:
        _centred(canvas, line, serif_bold, name_size, y)
        y -= name_size * 1.2
    if page.school_place:
        _centred(canvas, page.school_place, sans, 12, y + 4, MUTED)
        y -= 24

    y -= 16
    _centred(canvas, page.statement, sans, 14, y, MUTED)
    y -= 36
    programme_size = _fitted_size(page.programme_name, serif_bold, 22, 14, text_width)
    _centred(canvas, page.programme_name, serif_bold, programme_size, y, MUTED)
    if page.level_line:
        y -= 40
        _centred(canvas, page.level_line, sans_bold, 20, y, ACCENT)

    # The foot: dates and serial on the left, the QR code and where to check on the right.
    foot = MARGIN + 10
    left = MARGIN + 16
    canvas.setFillColor(Color(0, 0, 0))
    canvas.setFont(sans, 11)
    canvas.drawString(left, foot + 40, page.dates_line)
    canvas.setFont(sans_bold, 11)
    canvas.drawString(left, foot + 22, page.serial_line)
    canvas.setFont(sans, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(left, foot + 4, f"{page.verify_caption} {page.verify_url}")

    qr_x = PAGE_WIDTH - MARGIN - 16 - QR_SIZE
    _draw_qr(canvas, page.verify_url, qr_x, foot - 4, QR_SIZE)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
