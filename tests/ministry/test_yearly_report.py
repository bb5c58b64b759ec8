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


def _record_trainings() -> None:
    """Chișinău: six schools record two teachers each in 2025 (one of them twice, written in another case, and one
    more in 2023, before the 24 months' window) and declare ten teachers, but the sixth declares one (it counts
    one, not two): 12 teachers trained, 11 counted of 51 declared (22%). Soroca: two schools record a support
    worker each (too few schools to show). Nobody records leadership."""
    from datetime import date

    from sqlalchemy import select

    from accreditation.models import School, StaffCount, TrainingRecord

    def trained(school_id: int, name: str, role: str, day: date) -> None:
        db.session.add(
            TrainingRecord(
                school_id=school_id, person_name=name, staff_role=role, course_text="Online safety", completed_on=day
            )
        )

    chisinau = db.session.scalars(select(School.id).where(School.region_code == "MD-CU").order_by(School.id)).all()
    soroca = db.session.scalars(select(School.id).where(School.region_code == "MD-SO").order_by(School.id)).all()
    for n, school_id in enumerate(chisinau[:6]):
        trained(school_id, f"Ana Teacher {n}", "teacher", date(2025, 3, 1))
        trained(school_id, f"Ion Teacher {n}", "teacher", date(2024, 11, 20))
        db.session.add(StaffCount(school_id=school_id, staff_role="teacher", people=1 if n == 5 else 10))
    trained(chisinau[0], "  ana   TEACHER 0", "teacher", date(2025, 9, 1))  # the same person again
    trained(chisinau[1], "Old Teacher", "teacher", date(2023, 6, 1))  # before the window
    db.session.add(StaffCount(school_id=chisinau[0], staff_role="support", people=3))
    for school_id in soroca[:2]:
        trained(school_id, "Vera Support", "support", date(2025, 5, 5))
    db.session.commit()


def _training_part(text: str, heading: str, next_heading: str) -> str:
    return text[text.index(heading) : text.index(next_heading, text.index(heading))]


def test_the_report_says_when_no_school_recorded_a_training(app, client, sent):
    sign_in(client, EMAIL)
    text = re.sub(r"\s+", " ", _made(app, client, sent, "en"))
    part = _training_part(text, "Training coverage", "Methods")
    assert "Trained between December 31, 2023 and December 31, 2025 (the programme's window of 24 months)." in part
    assert "No school of the registry recorded a training in this window." in part
    assert "Training coverage: the people each school of the registry recorded" in text  # the methods say how


def test_the_report_holds_the_training_coverage_in_english(app, client, sent):
    with app.app_context():
        _record_trainings()
    sign_in(client, EMAIL)
    text = re.sub(r"\s+", " ", _made(app, client, sent, "en"))
    part = _training_part(text, "Training coverage", "Methods")
    assert "Schools of the registry that recorded at least one training: 8." in part
    assert "Teacher 12 6 schools 51 (6 schools) 22%" in part
    assert "Support staff hidden fewer than 5 schools fewer than 5 schools –" in part  # two and one schools
    assert "Leadership 0 0 schools – –" in part
    odt = client.get(f"/coordinate/reports/{sent[-1]}.odt")
    with zipfile.ZipFile(io.BytesIO(odt.data)) as archive:
        content = archive.read("content.xml").decode()
    assert '<table:table table:name="training">' in content and "51 (6 schools)" in content  # the same table


def test_the_report_holds_the_training_coverage_in_russian(app, client, sent):
    from flask_babel import force_locale, gettext

    with app.app_context():
        _record_trainings()
    sign_in(client, EMAIL)
    text = re.sub(r"\s+", " ", _made(app, client, sent, "ru")).replace("\u00a0", " ")
    with app.test_request_context(), force_locale("ru"):
        heading, methods = gettext("Training coverage"), gettext("Methods")
    part = _training_part(text, heading, methods)
    assert "31 декабря 2025" in part  # the window's end, a Russian date
    assert re.search(r"Учитель 12 \D*6\D* 51 \(\D*6\D*\) 22 %", part), part  # 12 trained in 6 schools, 22 % of 51
    assert "Администрация 0" in part
