"""OWASP ASVS 4.0.3 level 2: the requirements docs/security.md listed as not met and that are now met (issue 26).
Each test names its requirements and fails on the code before: passwords of 73 to 128 characters accepted and longer
ones refused (2.1.2), runs of spaces counted once (2.1.1), a long SECRET_KEY and the ``__Host-`` cookie in production
(3.2.2, 3.4.4), an audit line for every read of a document, an export or a certificate (8.3.5), a cap on the stored
document versions (12.1.3), and no demo in production."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from accreditation import create_app
from accreditation.deliveries import dispatch
from accreditation.extensions import db
from accreditation.models import DocumentFile, User
from tests.applications.conftest import evidence, sent  # noqa: F401  (fixtures)
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, PDF, framework_of, ready_for_answers
from tests.builders import PASSWORD, csrf_token, link_in, outbox, sign_in

LONG = "violet kettle under rain, amber fox behind the old mill; seven quiet bells ring over the harbour at dusk "
SEVENTY_THREE = LONG[:73]
ONE_HUNDRED_TWENTY_EIGHT = (LONG * 2)[:128]
ONE_HUNDRED_TWENTY_NINE = (LONG * 2)[:129]
TOO_LONG = "The password must be at most 128 characters long."
TOO_SHORT = "The password must be at least 12 characters long."


@pytest.fixture(autouse=True)
def _empty_uploads(app) -> Iterator[None]:
    """The files stored by a test are removed after it (other modules count what the upload folder holds)."""
    yield
    root = Path(app.config["UPLOAD_FOLDER"])
    for path in [p for p in root.rglob("*") if p.is_file()] if root.exists() else []:
        path.unlink()


@pytest.fixture(autouse=True)
def english(app, world) -> None:
    """Everyone reads English (school A teaches in Romanian): the messages are compared in English."""
    with app.app_context():
        db.session.execute(update(User).values(language="en"))
        db.session.commit()


# --- 2.1.1, 2.1.2: the length of a new password, wherever one is set -------------------------------------------


def _register(client, password: str):
    page = client.get("/register")
    data = {
        "school_name": "Gimnaziul Nou",
        "national_id": "MD-3003",
        "country": "MD",
        "region": "MD-BA",
        "address": "5 Independence Street, Bălți",
        "language": "ro",
        "school_type": "secondary",
        "pupils": "350",
        "name": "Natalia Director",
        "email": "natalia@example.org",
        "password": password,
        "password_again": password,
        "csrf_token": csrf_token(page.get_data(as_text=True)),
    }
    return client.post("/register", data=data)


def _reset(app, client, email: str, password: str):
    page = client.get("/forgot-password")
    client.post("/forgot-password", data={"email": email, "csrf_token": csrf_token(page.get_data(as_text=True))})
    [mail] = [m for m in outbox(app) if m["To"] == email]
    link = link_in(mail)
    page = client.get(link)
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "password": password, "password_again": password}
    return client.post(link, data=data)


def _change(client, email: str, password: str):
    sign_in(client, email)
    page = client.get("/me/password")
    data = {"current_password": PASSWORD, "password": password, "password_again": password}
    return client.post("/me/password", data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))})


def _set_password(app, client, world, surface: str, password: str) -> tuple[int, str, str]:
    """Set ``password`` through ``surface``: the HTTP status (or the command's exit code), what the person reads,
    and the address of the account it is for."""
    if surface == "registration":
        response = _register(client, password)
        return response.status_code, response.get_data(as_text=True), "natalia@example.org"
    if surface == "reset":
        email = world.emails["assessor"]
        response = _reset(app, client, email, password)
        return response.status_code, response.get_data(as_text=True), email
    if surface == "change":
        email = world.emails["coordinator_md"]
        response = _change(client, email, password)
        return response.status_code, response.get_data(as_text=True), email
    email = "cli@example.org"
    args = ["users", "create", email, "--role", "admin", "--password", password]
    result = app.test_cli_runner().invoke(args=args)
    return result.exit_code, result.output, email


SURFACES = ["registration", "reset", "change", "command-line"]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("password", [SEVENTY_THREE, ONE_HUNDRED_TWENTY_EIGHT], ids=["73", "128"])
def test_passwords_of_73_to_128_characters_are_accepted_whole(app, client, world, surface, password):
    """2.1.2: more than 64 characters are permitted, up to 128 (zxcvbn, which rates at most 72, failed with a
    server error from 73); 2.1.3: the whole password counts, not its first 72 characters."""
    assert (len(SEVENTY_THREE), len(ONE_HUNDRED_TWENTY_EIGHT)) == (73, 128)
    status, text, email = _set_password(app, client, world, surface, password)
    assert status in (0, 302), text[:2000]
    browser = app.test_client()
    assert sign_in(browser, email, password[:72]).status_code == 401
    assert sign_in(browser, email, password).status_code == 302


@pytest.mark.parametrize("surface", SURFACES)
def test_a_password_of_129_characters_is_refused_with_a_clear_message(app, client, world, surface):
    """2.1.2: more than 128 characters are denied, with the reason, and nothing changes."""
    assert len(ONE_HUNDRED_TWENTY_NINE) == 129
    with app.app_context():
        users_before = db.session.scalar(select(func.count()).select_from(User))
        db.session.remove()
    status, text, email = _set_password(app, client, world, surface, ONE_HUNDRED_TWENTY_NINE)
    assert status in (1, 422), text[:2000]
    assert TOO_LONG in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users_before
        db.session.remove()
    assert sign_in(app.test_client(), email, ONE_HUNDRED_TWENTY_NINE).status_code == 401


def test_the_minimum_length_counts_a_run_of_spaces_once(app, client, world):
    """2.1.1: at least 12 characters once runs of spaces are combined: 13 characters of which 5 spaces in a row are
    9 such characters, refused; a password of 12 characters after combining is accepted."""
    email = world.emails["coordinator_md"]
    refused = _change(client, email, "Xq9#     vL2!")
    assert refused.status_code == 422
    assert TOO_SHORT in refused.get_data(as_text=True)
    assert _change(app.test_client(), email, "Xq9#     vL2!7pW$").status_code == 302  # 13 once combined


# --- 3.2.2, 3.4.4: the session cookie's key and name in production ----------------------------------------------------


def _production_environment(monkeypatch, secret_key: str) -> None:
    from accreditation.certificates.keys import new_key_pem

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret_key)
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEY", new_key_pem())


def test_in_production_a_secret_key_under_32_bytes_stops_the_start_with_one_line(monkeypatch, capsys):
    """3.2.2: the session cookie cannot be forged only because of the key that signs it: at least 32 random bytes
    (256 bits) are required outside development."""
    _production_environment(monkeypatch, "k" * 31)
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("error: SECRET_KEY is too short: give at least 32 random bytes")
    assert error.count("\n") == 1
    _production_environment(monkeypatch, "é" * 16)  # 16 characters, 32 bytes
    create_app().extensions["celery"]  # starts
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "short")
    assert create_app().config["SESSION_COOKIE_NAME"] == "session"  # development keeps the plain name


def test_in_production_the_session_cookie_is_a_host_cookie(app, monkeypatch, world):
    """3.4.4: the cookie is named ``__Host-session``: the browser keeps it only when it is Secure, for Path=/ and
    without Domain, so no other host of the domain can set or overwrite it."""
    _production_environment(monkeypatch, "p" * 48)
    kept = ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "UPLOAD_FOLDER", "MAIL_OUTBOX_DIR", "BASE_URL", "CELERY")
    production = create_app({name: app.config[name] for name in kept})
    try:
        client = production.test_client()
        page = client.get("/sign-in", base_url="https://localhost")
        data = {"email": world.emails["coordinator_md"], "password": PASSWORD, "csrf_token": csrf_token(page.text)}
        referer = {"Referer": "https://localhost/sign-in"}
        signed = client.post("/sign-in", data=data, base_url="https://localhost", headers=referer)
        assert signed.status_code == 302
        cookies = signed.headers.getlist("Set-Cookie")
        [cookie] = [c for c in cookies if c.startswith("__Host-session=")]
        assert not [c for c in cookies if c.startswith("session=")]
        attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
        assert "secure" in attributes and attributes.get("path") == "Path=/" and "domain" not in attributes
        assert client.get("/me", base_url="https://localhost").status_code == 200
    finally:
        app.extensions["celery"].set_default()  # the tests' own Celery app again


# --- 8.3.5: reads of sensitive data are audited -------------------------------------------------------------------


@pytest.fixture
def audit(caplog):
    """The audit lines written during the test."""
    caplog.set_level(logging.INFO, logger="accreditation.audit")
    return lambda: [r for r in caplog.records if r.name == "accreditation.audit"]


def _user_id(app, email: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == email))
        db.session.remove()
        return found


def _upload(client, application_id: int, content: bytes = PDF):
    with client.application.app_context():
        kind = framework_of().required_documents[0].code
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    data = {"csrf_token": token, "kind": kind, "file": (io.BytesIO(content), "policy.pdf")}
    return client.post(f"/applications/{application_id}/documents", data=data, content_type="multipart/form-data")


def test_downloading_a_document_or_the_schools_export_writes_an_audit_line(app, world, audit):
    """8.3.5: who read which document version or export, when and from where; never the content."""
    with app.app_context():
        application_id = ready_for_answers(world)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # where the school's browser is
    sign_in(client, HEAD_A)
    assert _upload(client, application_id).status_code == 302
    with app.app_context():
        file_id = db.session.scalar(select(DocumentFile.id))
        db.session.remove()
    assert audit() == []  # uploading is not reading
    head = _user_id(app, HEAD_A)

    assert client.get(f"/documents/files/{file_id}").status_code == 200
    [line] = audit()
    text = line.getMessage()
    assert text.startswith("read document_version ")
    for part in (f"user={head}", f"document_file={file_id}", "version=1", "address=192.0.2.7", " at=20"):
        assert part in text, text
    assert PDF.decode("latin-1")[:8] not in text and "policy.pdf" not in text
    assert line.audit["user"] == head and line.audit["what"] == "document_version"

    page = client.get(f"/schools/{world.school_a}/export")
    exported = client.post(f"/schools/{world.school_a}/export", data={"csrf_token": csrf_token(page.text)})
    assert exported.status_code == 200
    assert audit()[-1].getMessage().startswith(f"read school_export user={head} school={world.school_a} ")

    refused = signed_in(app, world.emails["school_admin_b"]).get(f"/documents/files/{file_id}")
    assert refused.status_code in (403, 404)
    assert len(audit()) == 2  # a refused read is not a read


def test_the_api_download_of_a_document_writes_an_audit_line_naming_the_token(app, world, audit):
    from tests.api.builders import make_token

    with app.app_context():
        application_id = ready_for_answers(world)
        token, token_id = make_token(HEAD_A)
        db.session.commit()
    assert _upload(signed_in(app, HEAD_A), application_id).status_code == 302
    with app.app_context():
        path = f"/api/v1/documents/files/{db.session.scalar(select(DocumentFile.id))}"
        db.session.remove()
    response = app.test_client().get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    [line] = audit()
    assert f"user={_user_id(app, HEAD_A)} api_token={token_id} " in line.getMessage()


@pytest.fixture
def no_dispatch(monkeypatch) -> None:
    monkeypatch.setattr(dispatch, "send_to_celery", lambda chunk: None)


def test_reading_a_certificates_pdf_writes_an_audit_line(app, world, evidence, no_dispatch, audit):  # noqa: F811
    from tests.certificates.builders import certified

    with app.app_context():
        certificate = certified(world)
        certificate_id, school_id = certificate.id, certificate.school_id
    coordinator = app.test_client()
    sign_in(coordinator, world.emails["coordinator_md"])
    assert coordinator.get(f"/certificates/{certificate_id}.pdf").status_code == 200
    [line] = audit()
    who = _user_id(app, world.emails["coordinator_md"])
    assert line.getMessage().startswith(
        f"read certificate_pdf user={who} certificate={certificate_id} school={school_id}"
    )


def test_a_coordinators_csv_export_writes_an_audit_line(app, world, audit):
    coordinator = signed_in(app, world.emails["coordinator_md"])
    response = coordinator.get("/coordinate/dashboard/export/schools.csv?programme=ciss")
    assert response.status_code == 200
    response.get_data()
    [line] = audit()
    who = _user_id(app, world.emails["coordinator_md"])
    assert line.getMessage().startswith(f"read dashboard_export user={who} export=schools-ciss.csv ")


# --- 12.1.3: a cap on the number of stored document versions -----------------------------------------------------


def test_an_application_keeps_at_most_the_configured_number_of_document_versions(app, world, monkeypatch):
    """12.1.3: besides the byte quotas, the number of stored versions of one application is capped
    (UPLOAD_MAX_FILES_APPLICATION, 200 by default): one more is refused with the reason and nothing is stored."""
    assert app.config["UPLOAD_MAX_FILES_APPLICATION"] == 200
    monkeypatch.setitem(app.config, "UPLOAD_MAX_FILES_APPLICATION", 2)
    with app.app_context():
        application_id = ready_for_answers(world)
    client = signed_in(app, HEAD_A)
    assert _upload(client, application_id).status_code == 302
    assert _upload(client, application_id).status_code == 302
    refused = _upload(client, application_id)
    assert refused.status_code == 413
    text = refused.get_data(as_text=True)
    assert "This application already keeps 2 document versions, the most it may keep." in text
    assert "Remove documents that are no longer needed. Nothing was stored." in text
    with app.app_context():
        assert db.session.scalar(select(func.count(DocumentFile.id))) == 2
        db.session.remove()
    monkeypatch.setitem(app.config, "UPLOAD_MAX_FILES_APPLICATION", 0)  # no limit
    assert _upload(client, application_id).status_code == 302


# --- the demo ------------------------------------------------------------------------------------------------------


def test_the_demo_refuses_to_run_in_production(app, world, monkeypatch):
    """The demo's users share a printed password: it never runs in production (one line, a non-zero exit)."""
    with app.app_context():
        users_before = db.session.scalar(select(func.count()).select_from(User))
        db.session.remove()
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert result.output == "Error: the demo is for trying the system: it does not run with APP_ENV=production\n"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users_before
        db.session.remove()
