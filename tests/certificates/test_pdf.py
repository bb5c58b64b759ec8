"""The certificate PDF: A4 landscape, the school's name as text (Cyrillic too), the serial, and a QR code that
decodes to the public verification URL."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
import zxingcpp
from sqlalchemy import update

from accreditation import storage
from accreditation.applications.runtime import current_workflows
from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.models import School
from tests.certificates.builders import certified

CYRILLIC_NAME = "Ліцей № 7 імені Тараси Шевченка м. Львова"


def _pdf(certificate) -> bytes:
    return storage.read_bytes(certificate.pdf_key)


def test_the_pdf_holds_the_school_programme_level_dates_and_serial_as_text(ctx, world, evidence):
    certificate = certified(world, "ciss")
    reader = pypdf.PdfReader(io.BytesIO(_pdf(certificate)))
    [page] = reader.pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)  # A4 landscape
    text = page.extract_text()
    definition = current_workflows().programmes["ciss"].definition  # in its school's language: school A's is ro
    level = next(level for level in definition.awards.levels if level.code == certificate.level)
    for expected in ("Liceul Teoretic A", definition.name.in_("ro"), level.label.in_("ro"), certificate.serial):
        assert expected in text
    assert str(certificate.expires_at.year) in text


def test_a_cyrillic_school_name_is_embedded_and_extractable(ctx, world, evidence):
    db.session.execute(update(School).where(School.id == world.school_b).values(name=CYRILLIC_NAME))
    db.session.commit()
    certificate = certified(world, "esafety-label", school="b")
    text = pypdf.PdfReader(io.BytesIO(_pdf(certificate))).pages[0].extract_text()
    assert CYRILLIC_NAME in text
    fonts = pypdf.PdfReader(io.BytesIO(_pdf(certificate))).pages[0]["/Resources"]["/Font"]
    assert all("/FontFile2" in font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for font in
               fonts.values() if "/DescendantFonts" in font.get_object())  # fmt: skip


def test_the_qr_code_decodes_to_the_public_verification_url(ctx, world, evidence):
    certificate = certified(world, "ciss")
    image = pypdfium2.PdfDocument(_pdf(certificate))[0].render(scale=2).to_pil()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://localhost/verify/{code_for(certificate.verification_id)}"]
