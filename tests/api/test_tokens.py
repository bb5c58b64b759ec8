"""``/api/v1/tokens``: a token for an e-mail address and a password (throttled like the sign-in page), stored only
as a hash, expiring, listed and revoked by its owner; every other call needs one, and a browser's session cookie
is not one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from accreditation.accounts.api_tokens import token_hash
from accreditation.extensions import db
from accreditation.models import ApiToken, SignInFailure, User
from accreditation.models.time import utcnow
from tests.api.builders import HEAD_A, make_token
from tests.builders import PASSWORD, sign_in


def _issue(client, email: str = HEAD_A, password: str = PASSWORD, **extra):
    return client.post("/api/v1/tokens", json={"email": email, "password": password, **extra})


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_issued_for_the_right_password_and_only_its_hash_is_stored(app, client, world):
    response = _issue(client, name="School information system")
    assert response.status_code == 201
    body = response.get_json()
    assert body["token"].startswith("ssa_") and len(body["token"]) > 40
    assert body["name"] == "School information system"
    with app.app_context():
        record = db.session.get(ApiToken, body["id"])
        assert record.token_hash == token_hash(body["token"]) and body["token"] not in record.token_hash
        expected = record.created_at + timedelta(days=app.config["API_TOKEN_DAYS"])
        assert abs(record.expires_at - expected) < timedelta(seconds=1)
        assert body["expires_at"].startswith(record.expires_at.isoformat()[:19])
    assert client.get("/api/v1/tokens", headers=_bearer(body["token"])).status_code == 200


def test_the_validity_of_a_token_is_configured(app, client, world):
    app.config["API_TOKEN_DAYS"] = 2
    try:
        body = _issue(client).get_json()
    finally:
        app.config["API_TOKEN_DAYS"] = 30
    with app.app_context():
        record = db.session.get(ApiToken, body["id"])
        assert timedelta(days=2) - (record.expires_at - record.created_at) < timedelta(seconds=1)


def test_a_wrong_password_or_an_unknown_address_is_401_and_counts_as_a_failed_sign_in(app, client, world):
    for email, password in ((HEAD_A, "not the password"), ("nobody@example.org", PASSWORD)):
        response = _issue(client, email, password)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "wrong_credentials"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SignInFailure)) == 2


def test_an_inactive_account_gets_no_token(app, client, world):
    with app.app_context():
        db.session.execute(update(User).where(User.email == HEAD_A).values(active=False))
        db.session.commit()
    assert _issue(client).status_code == 401


def test_tokens_are_throttled_per_account_like_the_sign_in_page(app, client, world):
    limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert _issue(client, password="wrong password!").status_code == 401
    locked = _issue(client)  # even the right password waits
    assert locked.status_code == 429
    assert locked.get_json()["error"]["code"] == "too_many_requests"
    retry_after = int(locked.headers["Retry-After"])
    assert 0 < retry_after <= app.config["SIGNIN_LOCKOUT_MINUTES"] * 60
    assert _issue(client, "admin@example.org").status_code == 201  # another account is unaffected
    # The sign-in page shares the lock: the same account cannot sign in in a browser either.
    assert sign_in(app.test_client(), HEAD_A).status_code == 429


def test_tokens_are_throttled_per_address(app, client, world):
    app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 3
    try:
        for n in range(3):
            assert _issue(client, f"nobody{n}@example.org", "wrong password!").status_code == 401
        assert _issue(client, "admin@example.org").status_code == 429
    finally:
        app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 20


def test_a_token_request_with_unknown_fields_or_wrong_types_is_422_naming_the_field(client, world):
    unknown = _issue(client, remember_me=True)
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["fields"] == {"remember_me": ["Unknown field."]}
    assert "remember_me" in unknown.get_json()["error"]["message"]
    wrong = client.post("/api/v1/tokens", json={"email": HEAD_A, "password": 1234567890})
    assert wrong.status_code == 422 and "password" in wrong.get_json()["error"]["fields"]
    missing = client.post("/api/v1/tokens", json={"email": HEAD_A})
    assert missing.status_code == 422 and "password" in missing.get_json()["error"]["fields"]
    not_json = client.post("/api/v1/tokens", data="{", content_type="application/json")
    assert not_json.status_code == 400 and not_json.get_json()["error"]["code"] == "bad_request"


def test_a_token_request_needs_no_csrf_token(app, world):
    assert app.config["WTF_CSRF_ENABLED"]
    assert _issue(app.test_client()).status_code == 201


def test_calls_without_a_usable_token_are_401(app, client, world):
    with app.app_context():
        good, _ = make_token(HEAD_A)
        expired, _ = make_token(HEAD_A, days=-1)
        revoked, _ = make_token(HEAD_A, revoked_at=utcnow())
        db.session.commit()
    assert client.get("/api/v1/tokens", headers=_bearer(good)).status_code == 200
    for headers in (
        {},
        {"Authorization": "Basic aGVhZDpwYXNz"},
        {"Authorization": "Bearer"},
        _bearer("ssa_not-a-token"),
        _bearer("x" * 5000),
        _bearer(expired),
        _bearer(revoked),
    ):
        response = client.get("/api/v1/tokens", headers=headers)
        assert response.status_code == 401, headers
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_new_password_or_a_deactivated_account_ends_the_tokens(app, client, world):
    with app.app_context():
        token, _ = make_token(HEAD_A)
        other, _ = make_token("admin@example.org")
        db.session.commit()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == HEAD_A))
        user.set_password("a brand new password")
        db.session.execute(update(User).where(User.email == "admin@example.org").values(active=False))
        db.session.commit()
    assert client.get("/api/v1/tokens", headers=_bearer(token)).status_code == 401
    assert client.get("/api/v1/tokens", headers=_bearer(other)).status_code == 401


def test_a_signed_in_browser_is_not_authenticated_by_its_cookie(app, world):
    browser = app.test_client()
    assert sign_in(browser, "admin@example.org").status_code == 302
    assert browser.get("/me").status_code == 200
    assert browser.get("/api/v1/tokens").status_code == 401
    assert browser.get("/api/v1/schools").status_code == 401


def test_a_person_lists_their_working_tokens_only(app, client, world):
    with app.app_context():
        mine, mine_id = make_token(HEAD_A, name="mine")
        _, older_id = make_token(HEAD_A, name="older")
        make_token(HEAD_A, days=-1, name="expired")
        make_token(HEAD_A, name="revoked", revoked_at=utcnow())
        make_token("admin@example.org", name="someone else's")
        db.session.commit()
    response = client.get("/api/v1/tokens", headers=_bearer(mine))
    assert response.status_code == 200
    listed = {row["name"]: row for row in response.get_json()}
    assert set(listed) == {"mine", "older"}
    assert listed["mine"]["current"] is True and listed["older"]["current"] is False
    assert listed["mine"]["last_used_at"] is not None and listed["older"]["last_used_at"] is None
    assert {row["id"] for row in listed.values()} == {mine_id, older_id}
    assert "token" not in listed["mine"]


def test_a_person_revokes_their_own_token_and_it_stops_working(app, client, world):
    with app.app_context():
        mine, mine_id = make_token(HEAD_A)
        second, second_id = make_token(HEAD_A)
        theirs, theirs_id = make_token("admin@example.org")
        db.session.commit()
    assert client.delete(f"/api/v1/tokens/{theirs_id}", headers=_bearer(mine)).status_code == 404
    assert client.delete("/api/v1/tokens/999999", headers=_bearer(mine)).status_code == 404
    revoked = client.delete(f"/api/v1/tokens/{second_id}", headers=_bearer(mine))
    assert revoked.status_code == 204 and revoked.data == b""
    assert client.get("/api/v1/tokens", headers=_bearer(second)).status_code == 401
    assert client.delete(f"/api/v1/tokens/{second_id}", headers=_bearer(mine)).status_code == 404  # already
    assert client.get("/api/v1/tokens", headers=_bearer(theirs)).status_code == 200  # untouched
    assert client.delete(f"/api/v1/tokens/{mine_id}", headers=_bearer(mine)).status_code == 204  # itself
    assert client.get("/api/v1/tokens", headers=_bearer(mine)).status_code == 401
