"""The yearly report: asked for on its page, made by the Celery task (run here with ``apply``, as a worker runs it,
inside its transaction), its progress shown, its PDF's text (pypdf) holding the hand-counted figures of
``index_fixture`` in English and in Russian, and an ODT with the same tables."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from accreditation.models import YearlyReport
from accreditation.reports.operations import SENDER
from accreditation.tasks.reports import make_yearly_report
from tests.builders import PASSWORD, csrf_token, sign_in, sign_out
from tests.ministry.index_fixture import build_country
from workflows.roles import COORDINATOR

EMAIL = "coord.md@ministry.example"


@pytest.fixture
def sent(app, monkeypatch) -> list[int]:
    """The reports handed to the worker (recorded instead of sent to a broker)."""
    ids: list[int] = []
    monkeypatch.setitem(app.extensions["joints"].senders, SENDER, ids.append)
    with app.app_context():
        build_country()
        create_user(EMAIL, "Maria Coordinator", COORDINATOR, PASSWORD, countries=["MD"], language="en")
        db.session.commit()
    return ids


def _ask(client, language: str, place: str = "MD", year: str = "2025"):
    form = client.get("/coordinate/reports").get_data(as_text=True)
    return client.post(
        "/coordinate/reports",
        data={
            "csrf_token": csrf_token(form),
            "programme": "ciss",
            "place": place,
            "year": year,
            "language": language,
        },
    )


def _made(app, client, sent, language: str) -> str:
    """Ask for the report in ``language``, let the task make it; the PDF's text."""
    answer = _ask(client, language)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    [report_id] = sent[-1:]
    waiting = client.get(f"/coordinate/reports/{report_id}").get_data(as_text=True)
    assert '<progress id="report-progress" max="100" value="0">' in waiting and 'http-equiv="refresh"' in waiting
    assert make_yearly_report.apply(args=[report_id]).get() == "done"
    with app.app_context():
        assert db.session.get(YearlyReport, report_id).progress == 100
    ready = client.get(f"/coordinate/reports/{report_id}").get_data(as_text=True)
    assert 'id="report-ready"' in ready and 'http-equiv="refresh"' not in ready
    pdf = client.get(f"/coordinate/reports/{report_id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    odt = client.get(f"/coordinate/reports/{report_id}.odt")
    with zipfile.ZipFile(io.BytesIO(odt.data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = archive.read("content.xml").decode()
    assert '<table:table table:name="regions">' in content and "Chișinău" in content
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)


def test_the_report_holds_the_hand_counted_figures_in_english(app, client, sent):
    sign_in(client, EMAIL)
    text = re.sub(r"\s+", " ", _made(app, client, sent, "en"))
    assert "Certified Safe Internet School: yearly report 2025" in text
    assert "Schools in the registry 24" in text
    assert "Schools that started the programme 16" in text
    assert "Schools holding a valid award at the end of the year 5" in text
    assert "1 Chișinău 12 7 (58%) 5 (42%) +16.7" in text
    assert "Methods" in text and "fewer than 5 schools is hidden" in text


def test_the_report_is_in_the_readers_language(app, client, sent):
    sign_in(client, EMAIL)
    text = re.sub(r"\s+", " ", _made(app, client, sent, "ru"))
    assert "Сертифицированная школа безопасного интернета" in text  # the programme's Russian name
    assert "Молдова" in text or "Молдавия" in text  # the country named in Russian (ISO 3166 translations)
    assert "+16,7" in text and "58 %" in text.replace("\u00a0", " ")  # Russian decimal comma and percent


def test_a_bad_request_is_refused_with_its_reason(app, client, sent):
    sign_in(client, EMAIL)
    answer = _ask(client, "en", year="1066")
    assert answer.status_code == 422
    assert "Type a year from 2000 to this year." in answer.get_data(as_text=True)
    assert _ask(client, "en", place="UA").status_code == 400  # not a choice offered to this coordinator
    assert sent == []


def test_a_report_is_seen_only_within_the_coordinators_scope(app, client, sent):
    with app.app_context():
        create_user("coord.ua@ministry.example", "Ulyana", COORDINATOR, PASSWORD, countries=["UA"], language="en")
        db.session.commit()
    sign_in(client, EMAIL)
    assert _ask(client, "en").status_code == 303
    report_id = sent[-1]
    sign_out(client)
    sign_in(client, "coord.ua@ministry.example")
    assert client.get(f"/coordinate/reports/{report_id}").status_code == 404
    assert client.get(f"/coordinate/reports/{report_id}.pdf").status_code == 404


def test_the_report_counts_the_incidents_where_schools_keep_a_log(app, client, sent):
    from datetime import date

    from sqlalchemy import select

    from accreditation.models import Incident, School

    with app.app_context():
        chisinau = db.session.scalars(select(School.id).where(School.region_code == "MD-CU")).all()
        soroca = db.session.scalars(select(School.id).where(School.region_code == "MD-SO")).all()
        for school_id in chisinau[:6]:
            db.session.add(Incident(school_id=school_id, category="cyberbullying", occurred_on=date(2025, 4, 2)))
        for school_id in soroca[:2]:
            db.session.add(Incident(school_id=school_id, category="cyberbullying", occurred_on=date(2025, 4, 2)))
        db.session.add(Incident(school_id=chisinau[0], category="cyberbullying", occurred_on=date(2024, 4, 2)))
        db.session.commit()
    sign_in(client, EMAIL)
    text = re.sub(r"\s+", " ", _made(app, client, sent, "en"))
    assert "Incidents recorded by the schools" in text
    incidents = text[text.index("Incidents recorded by the schools") :]
    assert re.search(r"Chișinău 6( 0)+ 6 ", incidents)  # six in 2025 (the 2024 one is another year's)
    assert re.search(r"Soroca hidden( 0)+ hidden ", incidents)  # two: under the threshold, and so the total
