"""`flask demo`: the pilot loads, loads again without change, and every demo user can sign in."""

from __future__ import annotations

from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Country, Region, School, User
from tests.builders import sign_in


def _counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model)) for model in (Country, Region, School, User)
        )


def test_demo_is_idempotent_and_its_users_sign_in(app, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = _counts(app)
    countries, regions, schools, users = counts
    assert countries == 6 and regions > 100 and 55 <= schools <= 65 and users == 6

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert _counts(app) == counts
    assert "0 schools added" in again.output

    with app.app_context():
        emails = db.session.scalars(select(User.email)).all()
        statuses = set(db.session.scalars(select(School.verification)).all())
        cis = db.session.scalars(select(School.country_code).distinct()).all()
    assert statuses == {"verified", "pending"}
    assert set(cis) == {"BY", "MD", "UA", "RU", "PL", "RO"}
    for email in emails:
        assert email in first.output
        response = sign_in(client, email, "demo password for tests")
        assert response.status_code == 302, email
        client.post("/sign-out", data={"csrf_token": _token(client)})


def _token(client) -> str:
    from tests.builders import csrf_token

    return csrf_token(client.get("/me").get_data(as_text=True))
