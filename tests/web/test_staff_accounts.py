"""Admins and coordinators create coordinator, assessor and admin accounts, within their own scope."""

from __future__ import annotations

import email
import re
from pathlib import Path

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import User
from tests.builders import csrf_token, sign_in


def _create(client, **fields):
    token = csrf_token(client.get("/admin/people/new").get_data(as_text=True))
    data = {"csrf_token": token, "language": "en", **fields}
    return client.post("/admin/people/new", data=data)


def _user(app, email_address: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email_address))
        if user is not None:
            _ = [(g.role, g.country_code, g.region_code) for g in user.grants]
        return user


def _mails(app) -> list[email.message.Message]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def test_admin_creates_a_regional_coordinator_who_gets_a_set_password_link(app, client, world):
    sign_in(client, world.emails["admin"])
    response = _create(
        client, email="New.Coord@Example.org", name="Nadia Coordinator", role="coordinator", regions=["MD-BA"]
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    user = _user(app, "new.coord@example.org")
    assert user is not None and not user.password_hash
    assert [(g.role, g.country_code, g.region_code) for g in user.grants] == [("coordinator", "MD", "MD-BA")]

    [mail] = [m for m in _mails(app) if m["To"] == "new.coord@example.org"]
    link = re.search(r"https?://\S+", mail.get_payload(decode=True).decode()).group(0)
    assert "/reset-password/" in link
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/me").get_data(as_text=True))})
    assert client.get(link.replace("http://localhost", "")).status_code == 200


def test_country_coordinator_creates_an_assessor_for_their_country(app, client, world):
    sign_in(client, world.emails["coordinator_md"])
    response = _create(
        client, email="ion@example.org", name="Ion Assessor", role="assessor", countries=["MD"], languages="ro, ru"
    )
    assert response.status_code == 302
    user = _user(app, "ion@example.org")
    assert [(g.role, g.country_code) for g in user.grants] == [("assessor", "MD")]
    page = client.get("/admin/people").get_data(as_text=True)
    assert "Ion Assessor" in page


def test_coordinator_cannot_grant_outside_their_scope_and_nothing_is_written(app, client, world):
    sign_in(client, world.emails["coordinator_md"])
    response = _create(client, email="out@example.org", name="Out", role="assessor", countries=["UA"], languages="uk")
    assert response.status_code == 422
    assert "not a valid choice" in response.get_data(as_text=True)
    assert _user(app, "out@example.org") is None


def test_regional_coordinator_cannot_grant_another_region_of_their_country(app, client, world):
    sign_in(client, world.emails["coordinator_ua"])  # coordinates UA-46 only
    response = _create(client, email="kyiv@example.org", name="Kyiv", role="coordinator", regions=["UA-30"])
    assert response.status_code == 422
    assert _user(app, "kyiv@example.org") is None


def test_coordinator_may_not_create_admins(app, client, world):
    sign_in(client, world.emails["coordinator_md"])
    response = _create(client, email="boss@example.org", name="Boss", role="admin")
    assert response.status_code == 422
    assert _user(app, "boss@example.org") is None


def test_duplicate_email_is_refused_with_a_message(app, client, world):
    sign_in(client, world.emails["admin"])
    response = _create(
        client, email=world.emails["assessor"], name="Again", role="assessor", countries=["MD"], languages="ro"
    )
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_assessor_needs_a_language(app, client, world):
    sign_in(client, world.emails["admin"])
    response = _create(client, email="nolang@example.org", name="No Lang", role="assessor", countries=["MD"])
    assert response.status_code == 422
    assert "at least one language" in response.get_data(as_text=True)
    assert _user(app, "nolang@example.org") is None


def test_people_list_is_limited_to_the_coordinators_scope(client, world):
    sign_in(client, world.emails["coordinator_ua"])
    page = client.get("/admin/people").get_data(as_text=True)
    assert "Ulyana Coordinator" in page
    assert "Mira Coordinator" not in page
    assert "Ada Admin" not in page


def test_school_members_and_assessors_may_not_manage_people(client, world):
    for who in ("school_admin_a", "assessor"):
        sign_in(client, world.emails[who])
        assert client.get("/admin/people").status_code == 403
        assert client.get("/admin/people/new").status_code == 403
        client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/me").get_data(as_text=True))})


def test_people_pages_need_sign_in(client, world):
    response = client.get("/admin/people")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
