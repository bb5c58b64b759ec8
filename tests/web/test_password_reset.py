"""Forgotten passwords: an e-mailed link that expires and works once."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import SignInFailure, User
from tests.builders import csrf_token, link_in, outbox, sign_in, sign_out

NEW_PASSWORD = "my new long password"


def _ask(client, email: str):
    page = client.get("/forgot-password")
    assert page.status_code == 200
    return client.post("/forgot-password", data={"email": email, "csrf_token": csrf_token(page.get_data(as_text=True))})


def _reset(client, link: str, password: str = NEW_PASSWORD, again: str | None = None):
    page = client.get(link)
    assert page.status_code == 200, page.get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page.get_data(as_text=True)),
        "password": password,
        "password_again": again or password,
    }
    return client.post(link, data=data)


def _link_for(app, client, email: str) -> str:
    _ask(client, email)
    [mail] = [m for m in outbox(app) if m["To"] == email]
    return link_in(mail)


def test_sign_in_page_links_to_forgot_password(client, world):
    assert 'href="/forgot-password"' in client.get("/sign-in").get_data(as_text=True)


def test_reset_sets_a_new_password_and_clears_failed_sign_ins(app, client, world):
    email = world.emails["assessor"]
    for _ in range(3):
        sign_in(client, email, "wrong password!")
    link = _link_for(app, client, email)
    assert link.startswith("/reset-password/")

    response = _reset(client, link)
    assert response.status_code == 302
    assert client.get("/me").status_code == 200  # signed in
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)) == 0
        )
    sign_out(client)
    assert sign_in(client, email, NEW_PASSWORD).status_code == 302
    sign_out(client)
    assert sign_in(client, email).status_code == 401  # the old password no longer works


def test_unknown_email_gets_the_same_answer_and_no_mail(app, client, world):
    known = _ask(client, world.emails["assessor"])
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = _ask(client, "nobody@example.org")
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert "If an account exists for that address" in known_page
    assert "If an account exists for that address" in unknown_page
    assert [m["To"] for m in outbox(app)] == [world.emails["assessor"]]


def test_reused_link_gives_a_clear_message(app, client, world):
    link = _link_for(app, client, world.emails["assessor"])
    assert _reset(client, link).status_code == 302
    sign_out(client)
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_expired_link_gives_a_clear_message(app, client, world, monkeypatch):
    link = _link_for(app, client, world.emails["assessor"])
    later = int(time.time()) + app.config["PASSWORD_RESET_MAX_AGE"] + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)  # the clock, past the link's life
    response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)
    page = client.get("/forgot-password").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert client.post(link, data=data).status_code == 410
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.emails["assessor"]))
        assert user.check_password("correct horse battery")


def test_tampered_link_is_refused(client, world):
    assert client.get("/reset-password/not-a-real-token").status_code == 400


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("short", "short", "at least 12 characters"),
        ("password1234", "password1234", "too easy to guess"),
        (NEW_PASSWORD, "something else", "not the same"),
    ],
)
def test_bad_new_password_is_refused_and_the_link_still_works(app, client, world, password, again, message):
    link = _link_for(app, client, world.emails["assessor"])
    response = _reset(client, link, password, again)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert client.get(link).status_code == 200


def test_account_without_password_sets_its_first_one(app, client, world):
    from accreditation.accounts.password_reset import reset_url
    from accreditation.accounts.users import create_user

    with app.app_context():
        user = create_user("fresh@example.org", "Fresh Coordinator", "coordinator", None, countries=["MD"])
        db.session.commit()
        link = reset_url(user)
    assert link.startswith("http://localhost/reset-password/")
    page = client.get(link.removeprefix("http://localhost"))
    assert "Set your password" in page.get_data(as_text=True)
    assert _reset(client, link.removeprefix("http://localhost")).status_code == 302
    sign_out(client)
    assert sign_in(client, "fresh@example.org", NEW_PASSWORD).status_code == 302
