"""The school dashboard's read model (accounts/school_page.py, issue 27): the school, its applications and its
certificates in one statement, each section's rows the same as its own statement reads them (the same order, the
same statuses), its links the addresses url_for builds, its titles the models' words."""

from __future__ import annotations

from contextlib import contextmanager

from flask import url_for
from flask_babel import force_locale
from sqlalchemy import event

from accreditation.accounts.school_page import LINKS, SchoolRow, school_row
from accreditation.applications.reads import SCHOOL_APPLICATIONS
from accreditation.certificates.school_lines import certificate_lines
from accreditation.extensions import db
from accreditation.identity import read_principal
from accreditation.models import User
from accreditation.models.school import SchoolType, Verification
from accreditation.models.time import utcnow
from tests.applications.builders import start
from tests.builders import sign_in
from tests.certificates.builders import certified


@contextmanager
def statements(app):
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_the_dashboard_reads_school_applications_and_certificates_in_one_statement(app, client, world, evidence):
    with app.app_context():
        certificate = certified(world, "ciss", "a")
        serial = certificate.serial
        start(world, "esafety-label")
        db.session.remove()
    sign_in(client, world.emails["school_admin_a"])
    client.get(f"/schools/{world.school_a}")
    with statements(app) as seen:
        page = client.get(f"/schools/{world.school_a}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Liceul Teoretic A" in text and serial in text and text.count('href="/applications/') == 2
    assert len(seen) == 2, seen  # the person (identity.py), then the page's one statement


def test_each_section_gets_the_rows_its_own_statement_reads(app, world, evidence):
    with app.app_context():
        certified(world, "ciss", "a")
        start(world, "esafety-label")
        db.session.commit()
        head = db.session.scalar(db.select(User).where(User.email == world.emails["school_admin_a"]))
        with app.test_request_context():
            school = school_row(world.school_a, read_principal(head.id))
            own = db.session.connection().execute(SCHOOL_APPLICATIONS, {"school_id": world.school_a}).all()
            assert school.application_rows == [tuple(row) for row in own] and len(own) == 2
            now = utcnow()
            assert certificate_lines(school.id, now, school.certificate_rows) == certificate_lines(school.id, now)
            assert len(school.certificate_rows) == 1
            assert (school.name, school.is_verified) == ("Liceul Teoretic A", True)


def test_the_links_are_the_addresses_url_for_builds(app):
    for root in ("", "/accreditation"):
        with app.test_request_context("/", base_url=f"http://localhost{root}"):
            for school_id in (1, 7, 98505, 2**31 - 1):
                row = SchoolRow(school_id, *[""] * 7, None, "verified", "", None, False, False)
                assert row.links == {endpoint: url_for(endpoint, school_id=school_id) for endpoint in LINKS}
                assert row.links["school.members"].startswith(f"{root}/schools/")


def test_the_titles_are_the_models_words_in_every_language(app):
    with app.test_request_context():
        for language in ("en", "ru", "uk", "ro", "be"):
            with force_locale(language):
                for verification in Verification:
                    row = SchoolRow(1, *[""] * 6, "other", None, verification.value, "", None, False, False)
                    assert row.verification_title == verification.title
                for kind in SchoolType:
                    row = SchoolRow(1, *[""] * 6, kind.value, None, "verified", "", None, False, False)
                    assert row.school_type_title == kind.title
        row = SchoolRow(1, *[""] * 6, "boarding", None, "verified", "", None, False, False)
        assert row.school_type_title == "boarding"  # a type the model does not know is shown as stored
