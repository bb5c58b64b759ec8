"""Session lifetimes (idle and absolute, "keep me signed in on this device"), the self-assessment's warning before
the idle lifetime ends, no-store on everything a signed-in person receives, HSTS in production, and the address
throttling counts behind trusted proxies. The clock moves by ``accreditation.session_lifetime.now``."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update

from accreditation import create_app, session_lifetime
from accreditation.extensions import db
from accreditation.models import SignInFailure, User
from tests.api.builders import make_token
from tests.assessment.builders import HEAD_A, framework_of, ready_for_answers
from tests.builders import PASSWORD, csrf_token, sign_in

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock: ``clock.advance(seconds)`` moves it on."""

    class Clock:
        moment = 1_800_000_000

        def advance(self, seconds: int) -> None:
            self.moment += seconds

    moved = Clock()
    monkeypatch.setattr(session_lifetime, "now", lambda: moved.moment)
    return moved


@pytest.fixture
def english(app, world) -> None:
    """The people read English (school A teaches in Romanian): the messages and numbers are compared in English."""
    with app.app_context():
        db.session.execute(update(User).values(language="en"))
        db.session.commit()


def _flash(client) -> str:
    return unescape(re.sub(r"\s+", " ", client.get("/sign-in").get_data(as_text=True)))


def _signed_out_to_sign_in(response, path: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/sign-in"
    assert parse_qs(location.query)["next"] == [path]


def test_a_session_unused_for_the_idle_lifetime_is_signed_out_with_a_message(app, client, world, english, clock):
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302
    clock.advance(29 * MINUTE)
    assert client.get("/me").status_code == 200
    clock.advance(30 * MINUTE)

    _signed_out_to_sign_in(client.get("/me?tab=1"), "/me?tab=1")
    assert "You were signed out after 30 minutes without activity. Please sign in again." in _flash(client)
    assert client.get("/me").status_code == 302  # and stays signed out


def test_each_request_keeps_the_session_until_the_absolute_lifetime(app, client, world, english, clock):
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302
    for _ in range(12 * 3 - 1):  # a request every 20 minutes, for 11 h 40 min
        clock.advance(20 * MINUTE)
        assert client.get("/me").status_code == 200
    clock.advance(20 * MINUTE)

    _signed_out_to_sign_in(client.get("/me"), "/me")
    assert "You were signed out because you signed in more than 12 hours ago." in _flash(client)
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302  # a new sign-in starts anew
    assert client.get("/me").status_code == 200


def test_the_lifetimes_come_from_the_configuration(app, client, world, english, clock, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302
    clock.advance(6 * MINUTE)
    assert client.get("/me").status_code == 302
    assert "after 5 minutes without activity" in _flash(client)


def test_keep_me_signed_in_lengthens_the_idle_lifetime_but_not_the_absolute_one(app, client, world, english, clock):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Keep me signed in on this device" in page
    data = {"email": world.emails["school_admin_a"], "password": PASSWORD, "keep_signed_in": "y"}
    signed = client.post("/sign-in", data={**data, "csrf_token": csrf_token(page)})
    assert signed.status_code == 302
    assert "Expires=" in signed.headers["Set-Cookie"]  # the cookie outlives the browser window
    clock.advance(4 * HOUR)
    assert client.get("/me").status_code == 200
    clock.advance(7 * HOUR + 59 * MINUTE)
    assert client.get("/me").status_code == 200
    clock.advance(2 * MINUTE)  # past 12 hours since signing in
    assert client.get("/me").status_code == 302
    assert "more than 12 hours ago" in _flash(client)

    plain = sign_in(client, world.emails["school_admin_a"])  # without the choice: a browser-window cookie
    assert "Expires=" not in plain.headers["Set-Cookie"]
    clock.advance(31 * MINUTE)
    assert client.get("/me").status_code == 302


def test_a_session_from_before_the_lifetimes_were_recorded_has_ended(app, client, world, english):
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302
    with client.session_transaction() as session:
        del session[session_lifetime.SIGNED_IN_AT]
    assert client.get("/me").status_code == 302
    assert "Your session has ended. Please sign in again." in _flash(client)


def test_the_self_assessment_warns_before_the_idle_lifetime_and_autosave_counts(app, client, world, english, clock):
    with app.app_context():
        application_id = ready_for_answers(world)
        code = framework_of().criteria[0].code
    assert sign_in(client, HEAD_A).status_code == 302
    page = client.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True)
    assert 'data-idle-seconds="1800"' in page and 'data-warning-seconds="300"' in page
    assert "You will be signed out in a few minutes" in unescape(page)
    token = csrf_token(page)

    def autosave():
        path = f"/applications/{application_id}/self-assessment/answers/{code}"
        data = {"level": "1", "commentary": "Saved by the page.", "revision": "0"}
        return client.post(path, data=data, headers={"X-CSRFToken": token, "Accept": "application/json"})

    for _ in range(3):  # only autosaves for an hour: still signed in
        clock.advance(20 * MINUTE)
        assert autosave().status_code in (200, 409)
    clock.advance(31 * MINUTE)
    ended = autosave()
    assert ended.status_code == 401
    assert ended.get_json()["error"]["message"] == (
        "You were signed out after 30 minutes without activity. Please sign in again."
    )


def test_api_tokens_do_not_depend_on_the_session_clock(app, world, clock):
    with app.app_context():
        token, _id = make_token(HEAD_A)
        db.session.commit()
    client = app.test_client()
    clock.advance(13 * HOUR)
    answer = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"  # the token owner's data is not kept either


def test_every_response_to_a_signed_in_person_is_no_store(app, client, world):
    anonymous = client.get("/sign-in")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    sign_in(client, world.emails["school_admin_a"])
    for path in ("/", "/me", "/no-such-page"):
        response = client.get(path, follow_redirects=True)
        assert response.headers["Cache-Control"] == "no-store", path
    static = client.get("/static/site.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


def test_hsts_only_in_production(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    from accreditation.certificates.keys import new_key_pem
    from accreditation.config import load_config

    production = {"APP_ENV": "production", "SECRET_KEY": "s" * 40, "CREDENTIAL_SIGNING_KEY": new_key_pem()}
    assert load_config(production)["HSTS"] is True
    assert load_config({**production, "APP_ENV": "staging"})["HSTS"] is False
    monkeypatch.setitem(app.config, "HSTS", True)
    answer = client.get("/sign-in")
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _failed_sign_in_from(application, forwarded_for: str) -> str:
    """Post a wrong password with an X-Forwarded-For header; the address the throttle recorded."""
    client = application.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    data = {"email": "nobody@example.org", "password": "wrong password!", "csrf_token": csrf_token(page)}
    headers = {"X-Forwarded-For": forwarded_for}
    assert client.post("/sign-in", data=data, headers=headers).status_code == 401
    with application.app_context():
        address = db.session.scalar(select(SignInFailure.address).order_by(SignInFailure.id.desc()))
        db.session.remove()
    return address


def test_behind_one_trusted_proxy_throttling_counts_the_forwarded_address(app, world):
    assert app.config["TRUSTED_PROXIES"] == 0
    assert _failed_sign_in_from(app, "203.0.113.9") == "127.0.0.1"  # no proxy trusted: the header is ignored

    names = ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "UPLOAD_FOLDER", "MAIL_OUTBOX_DIR", "SERVER_NAME", "BASE_URL")
    behind_proxy = create_app({**{name: app.config[name] for name in names}, "TRUSTED_PROXIES": 1})
    # The proxy appends the address it saw to what the client sent: only the last one is believed.
    assert _failed_sign_in_from(behind_proxy, "198.51.100.1, 203.0.113.9") == "203.0.113.9"
