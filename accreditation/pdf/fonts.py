"""The fonts embedded in every PDF: DejaVu Sans and Serif (Latin, Cyrillic, Greek and more), shipped with the
package (``accreditation/fonts``, Bitstream Vera licence). Registered once per process: ReportLab parses a
TrueType file when it is registered, not per document."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
SANS, SANS_BOLD, SERIF, SERIF_BOLD = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSerif", "DejaVuSerif-Bold"


@cache
def register_fonts() -> tuple[str, str, str, str]:
    """Register the fonts with ReportLab (once); their names: sans, sans bold, serif, serif bold."""
    for name in (SANS, SANS_BOLD, SERIF, SERIF_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD)
    return SANS, SANS_BOLD, SERIF, SERIF_BOLD


# The letters of every interface language that Latin-1 and basic Cyrillic lack (Romanian, Ukrainian, Belarusian).
LANGUAGE_LETTERS = "ĂăÂâÎîȘșȚțŞşŢţҐґЄєІіЇїЎўЁё’"


def missing_letters(text: str = LANGUAGE_LETTERS) -> dict[str, str]:
    """Per embedded font, the letters of ``text`` it has no glyph for (none: every font renders them)."""
    register_fonts()
    missing = {}
    for name in (SANS, SANS_BOLD, SERIF, SERIF_BOLD):
        widths = pdfmetrics.getFont(name).face.charWidths
        lacking = "".join(letter for letter in text if ord(letter) not in widths)
        if lacking:
            missing[name] = lacking
    return missing
