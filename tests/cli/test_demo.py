"""`flask demo`: the pilot loads, loads again without change, every demo user can sign in, and its applications
stand where a visitor expects them (self-assessment, peers to compare with, a review, a valid certificate)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Application, Certificate, Country, Region, School, User
from tests.builders import csrf_token, sign_in

PASSWORD = "demo password for tests"


def _table_counts(app) -> dict[str, int]:
    """The number of rows in every table."""
    with app.app_context():
        counts = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
    return counts


def _applications(app) -> dict[str, tuple[str, int, str | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(School.national_id, Application.state, Application.version, Application.award_level).join(
                School, School.id == Application.school_id
            )
        ).all()
        db.session.remove()
    return {national_id: (state, version, level) for national_id, state, version, level in rows}


def _sign_out(client) -> None:
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/me").get_data(as_text=True))})


def test_demo_is_idempotent_and_its_users_sign_in(app, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = _table_counts(app)
    assert counts[Country.__tablename__] == 6 and counts[Region.__tablename__] > 100
    assert 55 <= counts[School.__tablename__] <= 65 and counts[User.__tablename__] == 11
    applications = _applications(app)

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert "0 schools added, 0 applications added" in again.output
    assert _table_counts(app) == counts  # not one row more, in any table
    assert _applications(app) == applications

    with app.app_context():
        emails = db.session.scalars(select(User.email)).all()
        statuses = set(db.session.scalars(select(School.verification)).all())
        cis = db.session.scalars(select(School.country_code).distinct()).all()
    assert statuses == {"verified", "pending"}
    assert set(cis) == {"BY", "MD", "UA", "RU", "PL", "RO"}
    for email in emails:
        assert email in first.output
        response = sign_in(client, email, PASSWORD)
        assert response.status_code == 302, email
        _sign_out(client)


def test_demo_applications_stand_at_every_stage(app, client, monkeypatch):
    from accreditation.certificates.codes import code_for

    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    assert _applications(app) == {
        "MD-CU-0101": ("self_assessment", 2, None),
        "MD-CU-0102": ("submitted", 3, None),
        "MD-CU-0103": ("under_review", 4, None),
        "MD-CU-0104": ("labelled", 5, "silver"),
        "MD-CU-0105": ("submitted", 3, None),
    }
    with app.app_context():
        ids = dict(
            db.session.execute(
                select(School.national_id, Application.id).join(School, School.id == Application.school_id)
            ).all()
        )
        certificate = db.session.scalar(select(Certificate))
        code, serial = code_for(certificate.verification_id), certificate.serial
        assert (certificate.application_id, certificate.status) == (ids["MD-CU-0104"], "valid")
        db.session.remove()

    # the home school: some answers, so an action plan, and four peers in its region for the comparison
    sign_in(client, "head@demo.example.org", PASSWORD)
    home = ids["MD-CU-0101"]
    answers = client.get(f"/applications/{home}/self-assessment").get_data(as_text=True)
    # The demo's Moldovan head reads Romanian (her school's language): the figures, not the words, are checked.
    assert 'lang="ro"' in answers
    assert re.search(r'id="progress">\s*8\D+18\D', answers), answers[:3000]
    results = client.get(f"/applications/{home}/results").get_data(as_text=True)
    table = re.search(r'<table class="table" id="comparison-table">.*?</table>', results, re.S).group(0)
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
    assert len(rows) == 3, table
    for row in rows:  # the region, country and programme averages are all shown (four peers submitted)
        assert re.search(r"(<td>\d,\d</td>){3}", row), row  # Romanian writes a decimal comma
    plan = client.get(f"/applications/{home}/action-plan")
    assert plan.status_code == 200
    _sign_out(client)

    # the assessor's queue holds the review in progress
    sign_in(client, "assessor@demo.example.org", PASSWORD)
    queue = client.get("/assessor/queue").get_data(as_text=True)
    assert f'id="application-{ids["MD-CU-0103"]}"' in queue
    assert client.get(f"/applications/{ids['MD-CU-0103']}/review").status_code == 200
    _sign_out(client)

    # the labelled school's certificate checks out publicly
    verify = client.get(f"/verify/{code}").get_data(as_text=True)
    assert 'class="verdict verdict-valid"' in verify and serial in verify
