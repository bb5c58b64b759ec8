"""A survey's A4 poster: who is asked, the short link in large letters and its QR code, the dates, and that it is
anonymous. The texts arrive translated (``PosterPage``); the QR code and line wrapping are the certificate's."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from accreditation.pdf.certificate import _draw_qr, _wrapped
from accreditation.pdf.fonts import register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56.0
ACCENT = Color(0.09, 0.30, 0.45)
QR_SIZE = 300.0


@dataclass(frozen=True)
class PosterPage:
    heading: str  # "Tell your school what you think"
    audience: str  # "Pupils aged 12 to 14"
    school_name: str
    invitation: str  # "Scan the code or type the address: a few minutes, no name, no account."
    url: str
    dates_line: str  # "Open from … to …"
    privacy_line: str  # "Your answers are anonymous: …"
    title: str


def render_poster(page: PosterPage) -> bytes:
    """The PDF of one poster."""
    sans, sans_bold, _serif, _serif_bold = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(page.title)
    width = PAGE_WIDTH - 2 * MARGIN
    y = PAGE_HEIGHT - MARGIN - 30
    canvas.setFillColor(ACCENT)
    for line in _wrapped(page.heading, sans_bold, 30, width):
        canvas.setFont(sans_bold, 30)
        canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= 36
    canvas.setFillColor(Color(0, 0, 0))
    for text, font, size in ((page.audience, sans_bold, 20), (page.school_name, sans, 16)):
        for line in _wrapped(text, font, size, width):
            canvas.setFont(font, size)
            canvas.drawCentredString(PAGE_WIDTH / 2, y - 8, line)
            y -= size + 8
    y -= 20
    _draw_qr(canvas, page.url, (PAGE_WIDTH - QR_SIZE) / 2, y - QR_SIZE, QR_SIZE)
    y -= QR_SIZE + 30
    size = 22.0
    while size > 10 and stringWidth(page.url, sans_bold, size) > width:
        size -= 1
    canvas.setFont(sans_bold, size)
    canvas.setFillColor(ACCENT)
    canvas.drawCentredString(PAGE_WIDTH / 2, y, page.url)
    y -= size + 18
    canvas.setFillColor(Color(0, 0, 0))
    for text in (page.invitation, page.dates_line, page.privacy_line):
        for line in _wrapped(text, sans, 13, width):
            canvas.setFont(sans, 13)
            canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
            y -= 18
        y -= 8
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
