"""A school registers itself through the real form; bad input writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Membership, School, User
from tests.builders import csrf_token, link_in, mail_text, outbox, sign_in

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
SENT = "We have sent a message to natalia@example.org: follow it to continue."


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
    assert response.headers["Location"] == "/sign-in"
    assert SENT in client.get("/sign-in").get_data(as_text=True)
    with app.app_context():
        school = db.session.scalar(select(School).where(School.national_id == "MD-3003"))
        assert school.verification == "pending" and school.region_code == "MD-BA" and school.pupils == 350
        user = db.session.scalar(select(User).where(User.email == "natalia@example.org"))
        assert [(m.school_id, m.role) for m in user.memberships] == [(school.id, "school_admin")]
        school_id = school.id
        db.session.remove()

    # The Moldovan coordinator (whole country) is told; the Ukrainian regional coordinator is not. The new school
    # admin gets the way to sign in.
    mails = outbox(app)
    assert sorted(m["To"] for m in mails) == sorted([world.emails["coordinator_md"], "natalia@example.org"])
    [to_coordinator] = [m for m in mails if m["To"] == world.emails["coordinator_md"]]
    assert link_in(to_coordinator) == f"/coordinate/schools/{school_id}"
    assert "MD-3003" in mail_text(to_coordinator)
    [to_admin] = [m for m in mails if m["To"] == "natalia@example.org"]
    assert "Gimnaziul Nou" in mail_text(to_admin)  # in the school's language
    assert link_in(to_admin) == "/sign-in"

    assert sign_in(client, "natalia@example.org", GOOD["password"]).status_code == 302
    dashboard = client.get(f"/schools/{school_id}")
    assert dashboard.status_code == 200
    page = dashboard.get_data(as_text=True)
    assert "Gimnaziul Nou" in page and "status-pending" in page  # awaits verification (in the school's language)


def test_registering_with_an_address_that_has_an_account_answers_the_same_and_tells_its_owner(app, client, world):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == world.emails["school_admin_b"])).language = "en"
        db.session.commit()
    before = _counts(app)
    new = _register(client, email="someone.new@example.org")
    new_page = client.get("/sign-in").get_data(as_text=True)
    existing = _register(client, email="HEAD.B@example.org", national_id="MD-3004")
    existing_page = client.get("/sign-in").get_data(as_text=True)

    assert new.status_code == existing.status_code == 302
    assert new.headers["Location"] == existing.headers["Location"] == "/sign-in"
    assert "We have sent a message to someone.new@example.org: follow it to continue." in new_page
    assert "We have sent a message to head.b@example.org: follow it to continue." in existing_page
    assert "already" not in existing_page
    # The first registration created its school; the second nothing.
    assert _counts(app) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with app.app_context():
        assert db.session.scalar(select(School).where(School.national_id == "MD-3004")) is None
        db.session.remove()

    [to_owner] = [m for m in outbox(app) if m["To"] == world.emails["school_admin_b"]]
    text = mail_text(to_owner)  # in the owner's language, chosen below
    assert "Someone tried to register a new school" in text and "nothing was created" in text
    assert "http://localhost/sign-in" in text and "http://localhost/forgot-password" in text
    # Coordinators hear of the new school only.
    assert len([m for m in outbox(app) if m["To"] == world.emails["coordinator_md"]]) == 1


def test_registration_attempts_on_an_existing_address_mail_its_owner_a_limited_number_of_times(
    app, client, world, monkeypatch
):
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_MAX_PER_ACCOUNT", 2)
    for attempt in range(4):
        response = _register(client, email=world.emails["school_admin_b"], national_id=f"MD-40{attempt}")
        assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert len([m for m in outbox(app) if m["To"] == world.emails["school_admin_b"]]) == 2


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"national_id": "md-1001"}, "already registered in Moldova"),  # school A's identifier, any case
        ({"region": "UA-46"}, "is not a region of Moldova"),
        ({"region": "XX-99"}, "Not a valid choice"),
        ({"country": "ZZ"}, "Not a valid choice"),
        ({"password": "eleven char", "password_again": "eleven char"}, "at least 12 characters"),
        ({"password": "password1234", "password_again": "password1234"}, "too easy to guess"),
        ({"password": "Natalia@Example.org", "password_again": "Natalia@Example.org"}, "too easy to guess"),
        ({"password_again": "something else entirely"}, "not the same"),
    ],
    ids=[
        "duplicate-identifier",
        "region-of-another-country",
        "unknown-region",
        "unknown-country",
        "short-password",
        "common-password",
        "password-from-own-address",
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
