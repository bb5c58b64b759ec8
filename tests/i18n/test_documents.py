"""The certificate and the action plan as PDFs in the school's language: Cyrillic text embedded with a font that
covers it, extractable from the PDF (which is how a reader's search, copy and screen reader get at it)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
from sqlalchemy import update

from accreditation import storage
from accreditation.extensions import db
from accreditation.models import School, User
from tests.applications.web import signed_in
from tests.builders import csrf_token
from tests.certificates.builders import certified

UKRAINIAN_NAME = "Ліцей № 7 імені Тараса Шевченка м. Львова"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _embedded_fonts(content: bytes) -> list[str]:
    """The names of the TrueType fonts whose font file is embedded in the PDF's first page."""
    fonts = pypdf.PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"]
    names = []
    for font in (font.get_object() for font in fonts.values()):
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            names.append(str(font["/BaseFont"]))
    return names


def test_a_ukrainian_schools_certificate_is_in_ukrainian_with_its_cyrillic_name_and_level(ctx, world, evidence):
    db.session.execute(update(School).where(School.id == world.school_b).values(name=UKRAINIAN_NAME))
    db.session.commit()
    certificate = certified(world, "ciss", school="b", level="established")
    content = storage.read_bytes(certificate.pdf_key)
    text = _text(content)
    assert UKRAINIAN_NAME in text
    assert "Сталий" in text  # the level "Established", from the programme file
    assert "на рівні «Сталий»" in text
    assert "Сертифікована школа безпечного інтернету" in text  # the programme's name
    assert "Цим засвідчується, що" in text and "сертифікована за програмою" in text
    assert "Сертифікат" in text and "Видано" in text
    assert "Established" not in text and "This certifies that" not in text
    assert any("DejaVu" in name for name in _embedded_fonts(content))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "i18n-certificate-uk.pdf").write_bytes(content)  # to look at: pdftoppm -png


def test_a_moldovan_schools_certificate_is_in_romanian_with_its_letters_intact(ctx, world, evidence):
    certificate = certified(world, "ciss", school="a", level="established")  # school A teaches in Romanian
    text = _text(storage.read_bytes(certificate.pdf_key))
    assert "This certifies that" not in text and "Liceul Teoretic A" in text
    assert re.search("[șțăîâȘȚĂÎÂ]", text.replace("Chișinău", "")), text  # Romanian words, ș and ț as letters


def _join(client, school_id: int, programme: str) -> int:
    token = csrf_token(client.get(f"/schools/{school_id}").get_data(as_text=True))
    response = client.post(f"/schools/{school_id}/programmes/{programme}/join", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/applications/(\d+)", response.headers["Location"]).group(1))


def test_the_action_plan_pdf_is_in_the_language_of_its_reader(app, world):
    client = signed_in(app, "head.b@example.org")  # no choice of their own: their school's language, Ukrainian
    application_id = _join(client, world.school_b, "esafety-label")
    # joining opened the self-assessment: its first question is the next page
    pdf = client.get(f"/applications/{application_id}/action-plan.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = _text(pdf.data)
    assert "План дій" in text and "Знак eSafety Label" in text
    assert "Відповіді ще немає; еталон" in text  # every criterion is still unanswered
    with app.app_context():
        from tests.assessment.builders import framework_of

        first = framework_of().criteria[0]
        assert first.title.in_("uk") != first.title.en
        assert first.title.in_("uk").split()[0] in text  # the framework's own Ukrainian text
    assert "Action plan" not in text
    assert any("DejaVu" in name for name in _embedded_fonts(pdf.data))

    with app.app_context():
        db.session.execute(update(User).where(User.email == "head.b@example.org").values(language="ru"))
        db.session.commit()
    text = _text(client.get(f"/applications/{application_id}/action-plan.pdf").data)
    assert "План действий" in text and "Ответа ещё нет" in text
