"""Account security (issue 26): password links are limited per account and per network address with the same
answer, passwords are long and not easy to guess wherever they are set, and the owner of an account is e-mailed
when its password changes or an API token is issued for it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import SignInFailure, User
from tests.builders import PASSWORD, csrf_token, link_in, mail_text, outbox, sign_in
from tests.web.test_invitations import _accept_new, _invitation_link

NEW_PASSWORD = "my new long password"
SENT = "If an account exists for that address, we have e-mailed it a link"


def _ask(client, email: str, remote_addr: str = "127.0.0.1"):
    environ = {"REMOTE_ADDR": remote_addr}
    page = client.get("/forgot-password", environ_base=environ)
    token = csrf_token(page.get_data(as_text=True))
    return client.post("/forgot-password", data={"email": email, "csrf_token": token}, environ_base=environ)


def _answer(client, response) -> tuple[int, str, bool]:
    """What the person sees: the status, where it leads, and whether the neutral message is on that page."""
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    return response.status_code, response.headers["Location"], SENT in shown


def _mails_to(app, email: str) -> list:
    return [m for m in outbox(app) if m["To"] == email]


def _reset(client, link: str, password: str = NEW_PASSWORD):
    page = client.get(link)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(link, data={"csrf_token": token, "password": password, "password_again": password})


# --- password links: limited per account and per address, the same answer ---------------------------------------


def test_password_links_for_one_account_are_limited_and_the_answer_stays_the_same(app, client, world):
    email = world.emails["assessor"]
    answers = [_answer(client, _ask(client, email)) for _ in range(6)]
    assert answers == [(302, "/sign-in", True)] * 6
    assert len(_mails_to(app, email)) == app.config["ACCOUNT_MAIL_MAX_PER_ACCOUNT"] == 3
    # Someone else's account, from the same address, still gets its link.
    _ask(client, world.emails["coordinator_md"])
    assert len(_mails_to(app, world.emails["coordinator_md"])) == 1


def test_password_links_are_limited_per_network_address(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_MAX_PER_ADDRESS", 2)
    people = [world.emails[key] for key in ("assessor", "coordinator_md", "coordinator_ua", "school_admin_a")]
    for email in ["nobody@example.org", *people]:
        assert _answer(client, _ask(client, email, "203.0.113.7")) == (302, "/sign-in", True)
    # The unknown address counted too: one link went out, then the address was at its limit.
    assert [m["To"] for m in outbox(app)] == [people[0]]
    # Another network address is not held back.
    _ask(client, people[3], "198.51.100.4")
    assert [m["To"] for m in outbox(app)] == [people[0], people[3]]


def test_a_held_back_request_answers_like_one_for_an_address_without_account(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_MAX_PER_ACCOUNT", 1)
    email = world.emails["assessor"]
    first = _answer(client, _ask(client, email))
    held_back = _answer(client, _ask(client, email))
    unknown = _answer(client, _ask(client, "nobody@example.org"))
    assert first == held_back == unknown == (302, "/sign-in", True)
    assert len(_mails_to(app, email)) == 1


# --- the password rule, wherever a password is set ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("eleven char", "at least 12 characters"),
        ("password1234", "too easy to guess"),
        ("qwertyuiop123", "too easy to guess"),
        ("new.teacher@example.org", "too easy to guess"),  # the person's own address
    ],
)
def test_an_invitee_cannot_choose_a_weak_password(app, client, world, password, message):
    link = _invitation_link(app, client, world)
    response = _accept_new(client, link, password=password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new.teacher@example.org")) is None
        db.session.remove()


def test_the_minimum_length_is_a_setting(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_MIN_LENGTH", 30)
    link = _invitation_link(app, client, world)
    response = _accept_new(client, link, password="a brand new password")  # 20 characters
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "at least 30 characters" in page
    assert "At least 30 characters, and not easy to guess" in page  # the hint under the field


@pytest.mark.parametrize("password", ["password1234", "short"])
def test_the_command_line_refuses_a_weak_password(app, world, password):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "cli@example.org", "--role", "admin", "--password", password]
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output or "at least 12 characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "cli@example.org")) is None
        db.session.remove()


def test_the_command_line_accepts_a_long_phrase(app, world):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "cli@example.org", "--role", "admin", "--password", "violet kettle under rain"]
    )
    assert result.exit_code == 0, result.output


# --- e-mails to the owner of the account ---------------------------------------------------------------------------


def test_a_new_password_from_a_link_is_told_to_the_owner(app, client, world):
    email = world.emails["assessor"]
    _ask(client, email)
    [link_mail] = _mails_to(app, email)
    assert _reset(client, link_in(link_mail)).status_code == 302
    [_, notice] = _mails_to(app, email)
    assert notice["Subject"] == "Your Safe School Accreditation password was changed"
    text = mail_text(notice)
    # In the time of the first country the assessor covers (Moldova), not UTC: they have not chosen a zone.
    assert "was changed on" in text and ("EET" in text or "EEST" in text)
    assert "If you did not" in text and "http://localhost/forgot-password" in text
    assert "programme coordinator" in text


def test_a_refused_new_password_sends_no_notice(app, client, world):
    email = world.emails["assessor"]
    _ask(client, email)
    [link_mail] = _mails_to(app, email)
    assert _reset(client, link_in(link_mail), "password1234").status_code == 422
    assert len(_mails_to(app, email)) == 1  # the link only
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)).check_password(PASSWORD)
        db.session.remove()


def test_a_first_password_is_no_change_to_tell(app, client, world):
    from accreditation.accounts.password_reset import reset_url
    from accreditation.accounts.users import create_user

    with app.app_context():
        user = create_user("fresh@example.org", "Fresh Coordinator", "coordinator", None, countries=["MD"])
        db.session.commit()
        link = reset_url(user).removeprefix("http://localhost")
    assert _reset(client, link).status_code == 302
    assert _mails_to(app, "fresh@example.org") == []


def test_a_new_api_token_is_told_to_the_owner(app, client, world):
    email = world.emails["coordinator_md"]  # no school: written to in English
    response = client.post(
        "/api/v1/tokens",
        json={"email": email, "password": PASSWORD, "name": "reporting"},
        environ_base={"REMOTE_ADDR": "192.0.2.10"},
    )
    assert response.status_code == 201
    [notice] = _mails_to(app, email)
    assert notice["Subject"] == "A new API token for your Safe School Accreditation account"
    text = mail_text(notice)
    assert "reporting" in text and "192.0.2.10" in text
    assert "http://localhost/forgot-password" in text


def test_a_refused_api_token_sends_nothing(app, client, world):
    response = client.post("/api/v1/tokens", json={"email": world.emails["school_admin_a"], "password": "wrong one!"})
    assert response.status_code == 401
    assert outbox(app) == []


def test_notices_are_written_in_the_language_and_time_zone_of_the_account(app, client, world):
    email = world.emails["assessor"]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.timezone, user.language = "Europe/Chisinau", "ru"
        db.session.commit()
    client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    [notice] = _mails_to(app, email)
    text = mail_text(notice)
    assert "EET" in text or "EEST" in text  # the account's time zone
    assert "г.," in text  # the date as Russian writes it


# --- changing one's own password --------------------------------------------------------------------------------


def _change(client, current: str, new: str, again: str | None = None):
    page = client.get("/me/password")
    assert page.status_code == 200
    data = {"current_password": current, "password": new, "password_again": again or new}
    return client.post("/me/password", data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_a_signed_in_person_changes_their_password_and_is_told_by_e_mail(app, client, world):
    email = world.emails["coordinator_md"]
    elsewhere = app.test_client()
    assert sign_in(elsewhere, email).status_code == 302
    assert sign_in(client, email).status_code == 302
    assert 'href="/me/password"' in client.get("/me").get_data(as_text=True)

    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    assert "Your new password is set" in client.get("/me").get_data(as_text=True)  # still signed in here
    assert elsewhere.get("/me").status_code == 302  # signed out everywhere else
    [notice] = _mails_to(app, email)
    assert notice["Subject"] == "Your Safe School Accreditation password was changed"
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)).check_password(NEW_PASSWORD)
        db.session.remove()


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("not my password", NEW_PASSWORD, "This is not your current password."),
        (PASSWORD, "password1234", "too easy to guess"),
        (PASSWORD, PASSWORD, "the same as the current one"),
    ],
    ids=["wrong-current", "weak-new", "unchanged"],
)
def test_a_refused_change_keeps_the_password_and_sends_nothing(app, client, world, current, new, message):
    email = world.emails["coordinator_md"]
    sign_in(client, email)
    response = _change(client, current, new)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert outbox(app) == []
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)).check_password(PASSWORD)
        failures = db.session.scalar(select(func.count()).select_from(SignInFailure))
        db.session.remove()
    assert failures == (1 if current != PASSWORD else 0)  # a wrong current password counts like a failed sign-in


def test_changing_a_password_needs_a_signed_in_person_and_a_csrf_token(app, client, world):
    assert client.get("/me/password").status_code == 302
    sign_in(client, world.emails["coordinator_md"])
    data = {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert client.post("/me/password", data=data).status_code in (400, 422)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.emails["coordinator_md"]))
        assert user.check_password(PASSWORD)
        db.session.remove()
