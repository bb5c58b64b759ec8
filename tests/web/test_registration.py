"""A school registers itself through the real form; bad input writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Membership, School, User
from tests.builders import csrf_token, link_in, mail_text, outbox

GOOD = {
    "school_name": "Gimnaziul Nou",
    "national_id": "MD-3003",
    "country": "MD",
    "region": "MD-BA",
    "address": "5 Independence Street, Bălți",
    "language": "ro",
    "school_type": "secondary",
    "pupils": "350",
    "name": "Natalia Director",
    "email": "Natalia@Example.org",
    "password": "a long enough password",
    "password_again": "a long enough password",
}


def _register(client, **changes):
    page = client.get("/register")
    assert page.status_code == 200
    return client.post("/register", data={**GOOD, **changes, "csrf_token": csrf_token(page.get_data(as_text=True))})


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        counts = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (School, User, Membership))
        db.session.remove()
        return counts


def test_sign_in_and_welcome_pages_link_to_registration(client, world):
    assert 'href="/register"' in client.get("/sign-in").get_data(as_text=True)
    assert 'href="/register"' in client.get("/").get_data(as_text=True)


def test_school_registers_and_its_admin_sees_it_awaits_verification(app, client, world):
    response = _register(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        school = db.session.scalar(select(School).where(School.national_id == "MD-3003"))
        assert school.verification == "pending" and school.region_code == "MD-BA" and school.pupils == 350
        user = db.session.scalar(select(User).where(User.email == "natalia@example.org"))
        assert [(m.school_id, m.role) for m in user.memberships] == [(school.id, "school_admin")]
        school_id = school.id
        db.session.remove()

    dashboard = client.get(response.headers["Location"])  # signed in straight away
    assert dashboard.status_code == 200
    page = dashboard.get_data(as_text=True)
    assert "Gimnaziul Nou" in page and "awaits verification" in page

    # The Moldovan coordinator (whole country) is told; the Ukrainian regional coordinator is not.
    mails = outbox(app)
    assert [m["To"] for m in mails] == [world.emails["coordinator_md"]]
    assert link_in(mails[0]) == f"/coordinate/schools/{school_id}"
    assert "MD-3003" in mail_text(mails[0])


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"national_id": "md-1001"}, "already registered in Moldova"),  # school A's identifier, any case
        ({"email": "HEAD.B@example.org"}, "already exists"),
        ({"region": "UA-46"}, "is not a region of Moldova"),
        ({"region": "XX-99"}, "Not a valid choice"),
        ({"country": "ZZ"}, "Not a valid choice"),
        ({"password": "short", "password_again": "short"}, "at least 10 characters"),
        ({"password_again": "something else entirely"}, "not the same"),
    ],
    ids=[
        "duplicate-identifier",
        "existing-email",
        "region-of-another-country",
        "unknown-region",
        "unknown-country",
        "short-password",
        "passwords-differ",
    ],
)
def test_bad_registration_is_refused_with_a_message_and_writes_nothing(app, client, world, changes, field_message):
    before = _counts(app)
    response = _register(client, **changes)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_message in page
    assert "nothing was created" in page
    assert _counts(app) == before
    assert outbox(app) == []
    assert client.get("/me").status_code == 302  # not signed in


def test_same_identifier_in_another_country_is_allowed(app, client, world):
    response = _register(client, national_id="UA-2001", country="MD", region="MD-CU")  # school B's id, but in UA
    assert response.status_code == 302


def test_registration_without_csrf_token_is_refused(app, client, world):
    response = client.post("/register", data=GOOD)
    assert response.status_code == 400
    assert _counts(app)[0] == 2
