"""OWASP ASVS 4.0.3 level 2 (chapters 2, 3, 8 and 12): the requirements docs/security.md says are met and that no
other test showed. Each test names its requirements; everything goes through real HTTP and the real database."""

from __future__ import annotations

import io
import re
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from accreditation import create_app
from accreditation.extensions import db
from accreditation.models import DocumentFile, User
from tests.api.builders import make_token
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, PDF, framework_of, ready_for_answers
from tests.builders import PASSWORD, csrf_token, mail_text, outbox, sign_in, sign_out

SIXTY_FOUR = "orange bicycle, quiet lantern; meadow at 7 o'clock near the river"[:64]
# The longest password zxcvbn rates whole (it refuses more than 72 characters; longer ones, up to 128, are rated on
# their first 72: tests/web/test_asvs_gaps.py).
SEVENTY_TWO = "violet kettle under rain, amber fox behind the old mill; seven quiet bells"[:72]


def _change_password(client, new: str):
    page = client.get("/me/password")
    assert page.status_code == 200
    data = {"current_password": PASSWORD, "password": new, "password_again": new}
    return client.post("/me/password", data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))})


def _session_of(app, client) -> dict:
    """What the browser's session cookie holds, decoded as anyone holding the cookie could (it is signed, not
    encrypted)."""
    cookie = client.get_cookie("session")
    if cookie is None or not cookie.value:
        return {}
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)


# --- V2.1 passwords ------------------------------------------------------------------------------------------------


@pytest.mark.real_password_hashes  # the application's scrypt, whose lack of a length cut is the claim
@pytest.mark.parametrize(
    "password",
    [
        SIXTY_FOUR,
        SEVENTY_TWO,
        "Школа 🌻 безопасна — ünïcödé ☀ 中文 пароль",  # any script, emoji, spaces
    ],
    ids=["64-characters", "72-characters", "unicode-and-emoji"],
)
def test_long_and_unicode_passwords_are_accepted_and_never_truncated(app, client, world, password):
    """2.1.2 (64 characters permitted), 2.1.3 (no truncation), 2.1.4 (any printable Unicode), 2.1.9 (no
    composition rule: lower case letters and spaces are enough)."""
    assert (len(SIXTY_FOUR), len(SEVENTY_TWO)) == (64, 72)
    email = world.emails["coordinator_md"]
    assert sign_in(client, email).status_code == 302
    assert _change_password(client, password).status_code == 302
    sign_out(client)
    for length in sorted({len(password) - 1, 64, 32}):  # what a hash that truncated would keep
        if length < len(password):
            assert sign_in(client, email, password[:length]).status_code == 401, length
    assert sign_in(client, email, password).status_code == 302
    assert client.get("/me").status_code == 200


def test_password_fields_let_password_managers_fill_and_people_paste(app, client, world):
    """2.1.11: no field forbids pasting or autofill; each says what a password manager should put there."""
    pages = {"/sign-in": {"current-password"}, "/register": {"new-password"}}
    signed = app.test_client()
    sign_in(signed, world.emails["coordinator_md"])
    for path, expected in pages.items():
        html = client.get(path).get_data(as_text=True)
        fields = re.findall(r"<input[^>]*type=\"password\"[^>]*>", html)
        assert fields, path
        assert {re.search(r'autocomplete="([^"]+)"', f).group(1) for f in fields} == expected, path
        assert "onpaste" not in html.lower() and 'autocomplete="off"' not in html, path
    html = signed.get("/me/password").get_data(as_text=True)
    assert 'autocomplete="username"' in html  # the account's address, for the password manager to file it under
    fields = re.findall(r"<input[^>]*type=\"password\"[^>]*>", html)
    assert sorted(re.search(r'autocomplete="([^"]+)"', f).group(1) for f in fields) == [
        "current-password",
        "new-password",
        "new-password",
    ]
    assert "onpaste" not in html.lower()


# --- V2.4 stored passwords, V2.5 recovery -------------------------------------------------------------------------


@pytest.mark.real_password_hashes
def test_passwords_are_stored_as_salted_scrypt_hashes(app, world):
    """2.4.1 (an approved password hashing function, salted), 2.4.2 (a unique salt of well over 32 bits)."""
    shared = "the same new password for both"
    people = (world.emails["coordinator_md"], world.emails["assessor"])
    for email in people:
        client = app.test_client()
        sign_in(client, email)
        assert _change_password(client, shared).status_code == 302
    with app.app_context():
        hashes = [db.session.scalar(select(User.password_hash).where(User.email == email)) for email in people]
        db.session.remove()
    salts = []
    for stored in hashes:
        method, salt, digest = stored.split("$")
        assert method.startswith("scrypt:")  # scrypt:N:r:p
        assert shared not in stored
        assert len(salt) >= 16  # 16 characters of 62: about 95 bits
        assert len(digest) == 128  # 64 bytes, hex
        salts.append(salt)
    assert salts[0] != salts[1] and hashes[0] != hashes[1]


def test_a_password_link_e_mail_reveals_no_password(app, client, world):
    """2.5.1, 2.5.3: recovery sends a one-time link, never the current or a generated password."""
    email = world.emails["coordinator_md"]
    page = client.get("/forgot-password").get_data(as_text=True)
    client.post("/forgot-password", data={"email": email, "csrf_token": csrf_token(page)})
    [mail] = [m for m in outbox(app) if m["To"] == email]
    text = mail_text(mail)
    assert "/reset-password/" in text
    assert PASSWORD not in text and "password:" not in text.lower()


# --- V2.10 service secrets -----------------------------------------------------------------------------------------


def test_outside_development_the_secret_key_must_come_from_the_environment():
    """2.10.4: no secret of a real installation is in the code: without SECRET_KEY it does not start."""
    from accreditation.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config({"APP_ENV": "production"})
    assert load_config({"APP_ENV": "development"})["SECRET_KEY"].startswith("development-only")


# --- V3 sessions ---------------------------------------------------------------------------------------------------


@pytest.fixture
def production_app(app):
    """The application as APP_ENV=production configures it, on the tests' database and folders."""
    from accreditation.certificates.keys import new_key_pem
    from accreditation.config import load_config

    config = load_config({"APP_ENV": "production", "SECRET_KEY": "p" * 48, "CREDENTIAL_SIGNING_KEY": new_key_pem()})
    kept = ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "UPLOAD_FOLDER", "MAIL_OUTBOX_DIR", "SERVER_NAME", "BASE_URL")
    production = create_app({**config, **{name: app.config[name] for name in kept}, "CELERY": app.config["CELERY"]})
    yield production
    app.extensions["celery"].set_default()  # the tests' own Celery app again


def test_in_production_the_session_cookie_is_secure_httponly_samesite_and_host_only(production_app, world):
    """3.4.1 Secure, 3.4.2 HttpOnly, 3.4.3 SameSite, 3.4.5 the narrowest path for an application at the root of its
    own host name (and no Domain: the cookie goes back to this host only); 3.2.3 the session lives in that cookie."""
    client = production_app.test_client()
    page = client.get("/sign-in", base_url="https://localhost")
    data = {"email": world.emails["coordinator_md"], "password": PASSWORD, "csrf_token": csrf_token(page.text)}
    referer = {"Referer": "https://localhost/sign-in"}  # Flask-WTF checks it on HTTPS, as a browser sends it
    signed = client.post("/sign-in", data=data, base_url="https://localhost", headers=referer)
    assert signed.status_code == 302
    [cookie] = [c for c in signed.headers.getlist("Set-Cookie") if c.startswith("__Host-session=")]
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert "secure" in attributes and "httponly" in attributes
    assert attributes.get("samesite") == "SameSite=Lax"
    assert attributes.get("path") == "Path=/"
    assert "domain" not in attributes
    assert client.get("/me", base_url="https://localhost").status_code == 200


def test_the_session_is_never_in_a_url_and_api_tokens_are_read_from_the_header_only(app, client, world):
    """3.1.1: the session travels in its cookie only; the API ignores a token put in the query string."""
    signed = sign_in(client, world.emails["coordinator_md"])
    session_value = client.get_cookie("session").value
    landing = client.get(signed.headers["Location"])
    assert session_value not in signed.headers["Location"] and session_value not in landing.get_data(as_text=True)
    with app.app_context():
        token, _id = make_token(world.emails["coordinator_md"])
        db.session.commit()
    api = app.test_client()
    for name in ("access_token", "token", "api_token"):
        assert api.get(f"/api/v1/tokens?{name}={token}").status_code == 401, name
    assert api.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_changed_or_foreign_signed_session_cookie_signs_nobody_in(app, client, world):
    """3.5.3 (the stateless session is signed: changed contents, a changed signature or another key's signature
    are refused), 3.2.4 (HMAC with the installation's SECRET_KEY)."""
    sign_in(client, world.emails["school_staff_a"])
    value = client.get_cookie("session").value
    payload = _session_of(app, client)
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == world.emails["admin"]))
        admin_id, admin_epoch = admin.id, admin.session_epoch
        db.session.remove()

    body, _dot, signature = value.rpartition(".")
    flipped = signature[:5] + ("A" if signature[5] != "A" else "B") + signature[6:]
    foreign = Flask("elsewhere")
    foreign.secret_key = "a key that is not this installation's"
    forged = SecureCookieSessionInterface().get_signing_serializer(foreign)
    as_admin = {**payload, "_user_id": f"{admin_id}:{admin_epoch}"}
    for cookie in (f"{body}.{flipped}", forged.dumps(payload), forged.dumps(as_admin)):
        other = app.test_client()
        other.set_cookie("session", cookie, domain="localhost")
        answer = other.get("/me")
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")
    assert client.get("/me").status_code == 200  # the genuine cookie still works


# --- V8 data protection --------------------------------------------------------------------------------------------


def test_the_session_cookie_holds_no_personal_data_and_is_emptied_at_sign_out(app, client, world):
    """8.2.2: what the browser keeps in its cookie is an account number, a session epoch, times and the form token;
    8.2.3 (the cookie's part): signing out leaves nothing of the person in it."""
    email = world.emails["coordinator_md"]
    signed = sign_in(client, email)
    client.get(signed.headers["Location"])  # the welcome message is shown, and leaves the cookie
    held = _session_of(app, client)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        name, user_id = user.name, user.id
        db.session.remove()
    assert held["_user_id"].startswith(f"{user_id}:")
    written = repr(held)
    for personal in (email, name, PASSWORD):
        assert personal not in written
    sign_out(client)
    assert "_user_id" not in _session_of(app, client)


def test_credentials_go_in_the_body_never_in_the_query_string(app, client, world):
    """8.3.1: the sign-in form posts its fields; the same fields in a query string sign nobody in."""
    html = client.get("/sign-in").get_data(as_text=True)
    assert re.search(r'<form[^>]*method="post"', html, re.I)
    query = {"email": world.emails["coordinator_md"], "password": PASSWORD, "csrf_token": csrf_token(html)}
    assert client.get("/sign-in", query_string=query).status_code == 200
    assert client.get("/me").status_code == 302  # still signed out


# --- V12 files -----------------------------------------------------------------------------------------------------


@pytest.fixture
def application_id(app, world):
    with app.app_context():
        return ready_for_answers(world)


def _upload(app, client, application_id: int, filename: str):
    with app.app_context():
        kind = framework_of().required_documents[0].code
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    data = {"csrf_token": token, "kind": kind, "file": (io.BytesIO(PDF), filename)}
    return client.post(f"/applications/{application_id}/documents", data=data, content_type="multipart/form-data")


@pytest.fixture
def uploads(app):
    """The stored files, removed after the test."""
    root = Path(app.config["UPLOAD_FOLDER"])
    yield root
    for path in [p for p in root.rglob("*") if p.is_file()] if root.exists() else []:
        path.unlink()


@pytest.mark.parametrize("filename", [".htaccess", "..pdf", "...", "con.pdf"])
def test_an_upload_is_a_private_file_under_a_random_key_whatever_its_name(app, application_id, uploads, filename):
    """12.3.1, 12.3.2: the name a person sent never reaches the file system; 12.4.1: the file is stored outside the
    web root, readable and writable by the application's own user only."""
    response = _upload(app, signed_in(app, HEAD_A), application_id, filename)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        stored = db.session.scalars(select(DocumentFile)).one()
        key, shown = stored.storage_key, stored.filename
        db.session.remove()
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    assert shown.endswith(".pdf") and "/" not in shown and not shown.startswith(".")
    path = uploads / key[:2] / key[2:4] / key  # the folder may hold other tests' files: look for this one's
    assert path.is_file()
    assert not any(filename in str(p) for p in uploads.rglob("*"))  # the sent name appears nowhere on disk
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0  # no access for the group or others
    static = Path(app.static_folder).resolve()
    assert static not in path.resolve().parents


def test_only_the_static_folder_is_served(app, client, application_id, uploads):
    """12.5.1: the web tier serves the stylesheets, scripts and icon of the static folder and nothing else: no
    source, database, configuration or uploaded file by its path."""
    assert _upload(app, signed_in(app, HEAD_A), application_id, "policy.pdf").status_code == 302
    with app.app_context():
        key = db.session.scalars(select(DocumentFile.storage_key)).one()
        db.session.remove()
    stored = (uploads / key[:2] / key[2:4] / key).relative_to(uploads)
    static = client.get("/static/site.css")
    assert static.status_code == 200
    static.close()
    for path in (
        "/static/../config.py",
        "/static/%2e%2e/config.py",
        "/static/..%2fconfig.py",
        "/accreditation/config.py",
        "/instance/accreditation.sqlite",
        "/.git/config",
        "/pyproject.toml",
        f"/uploads/{stored.as_posix()}",
        f"/static/../../instance/uploads/{stored.as_posix()}",
    ):
        assert client.get(path).status_code == 404, path
    assert {p.suffix for p in Path(app.static_folder).rglob("*") if p.is_file()} <= {".css", ".js", ".svg"}


def test_pages_run_only_the_sites_own_scripts(app, client, world):
    """12.3.6: no script or stylesheet from a content delivery network or any other site, and the browser is told
    to run none (Content-Security-Policy)."""
    signed = app.test_client()
    sign_in(signed, world.emails["coordinator_md"])
    for browser, path in ((client, "/sign-in"), (client, "/register"), (signed, "/"), (signed, "/me")):
        response = browser.get(path, follow_redirects=True)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'self'" in policy
        html = response.get_data(as_text=True)
        for source in re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html):
            assert source.startswith("/"), (path, source)
            assert not source.startswith("//"), (path, source)
