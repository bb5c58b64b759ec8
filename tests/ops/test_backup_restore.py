"""``flask backup`` and ``flask restore``: a journey stops half-way beside a certified school, the backup is restored
into a fresh database and a fresh store by a second application, the certificate still verifies with the published
key, its PDF is there byte for byte, and the stopped journey goes on to its own certificate."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from accreditation import create_app
from accreditation.certificates.codes import code_for
from accreditation.certificates.credential import verify_proof
from accreditation.certificates.keys import KEY_FILE, current_issuer, public_key_from_multibase
from accreditation.extensions import db
from accreditation.models import Application
from accreditation.storage import current_store
from tests.applications.builders import LONG_COMMENT, CompleteEvidence, assign, fire_as, start
from tests.certificates.builders import ASSESSOR, certificate_of, certified, run_jobs


def _fresh_database(url: str, tmp_path: Path) -> str:
    """An empty database beside the test one: ``<name>_restore`` on PostgreSQL, a new file on SQLite."""
    if not url.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'restored.sqlite'}"
    base, name = url.rsplit("/", 1)
    fresh = f"{base}/{name}_restore"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = text("SELECT 1 FROM pg_database WHERE datname = :n")
        if not connection.execute(exists, {"n": f"{name}_restore"}).first():
            connection.execute(text(f'CREATE DATABASE "{name}_restore"'))
    admin.dispose()
    engine = create_engine(fresh, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return fresh


@pytest.fixture
def restored_app(app, database_url, tmp_path) -> Iterator[Flask]:
    """A second application on an empty database and an empty store, signing with the first one's key."""
    with app.app_context():
        current_issuer()  # the development key, generated into the first instance folder if it is not there yet
    key = app.config["CREDENTIAL_SIGNING_KEY"] or (Path(app.instance_path) / KEY_FILE).read_text()
    instance = tmp_path / "instance-restored"
    second = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _fresh_database(database_url, tmp_path),
            "INSTANCE_PATH": str(instance),
            "UPLOAD_FOLDER": str(instance / "uploads"),
            "MAIL_OUTBOX_DIR": str(instance / "mail"),
            "MAIL_SERVER": "",
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
            "CREDENTIAL_SIGNING_KEY": key,  # from the configuration: a new instance folder has no key of its own
        }
    )
    second.extensions["workflows"].evidence = CompleteEvidence()
    try:
        yield second
    finally:
        with second.app_context():
            db.session.remove()
            db.engine.dispose()
        app.extensions["celery"].set_default()  # the first application's Celery stays the one tasks use


def _halfway(world) -> int:
    """An eSafety Label application submitted and under review: the journey stops here."""
    application_id = start(world, "esafety-label", "b")
    fire_as(application_id, "start_self_assessment", "head.b@example.org")
    fire_as(application_id, "submit", "head.b@example.org", comment=LONG_COMMENT)
    assign(application_id, ASSESSOR, by="coord.ua@example.org")
    fire_as(application_id, "start_review", "coord.ua@example.org")
    return application_id


def _verifies(client, code: str) -> bool:
    response = client.get(f"/verify/{code}/credential.json")
    assert response.status_code == 200, response.status_code
    credential = response.get_json(force=True)
    document = client.get("/.well-known/did.json").get_json(force=True)
    method = credential["proof"]["verificationMethod"]
    [published] = [m for m in document["verificationMethod"] if m["id"] == method]
    return verify_proof(credential, public_key_from_multibase(published["publicKeyMultibase"]))


def test_a_restored_backup_continues_the_journey_and_its_certificates_verify(
    app, world, evidence, sent, dispatched, restored_app, tmp_path
):
    with app.app_context():
        certificate = certified(world)
        code, pdf_key = code_for(certificate.verification_id), certificate.pdf_key
        with current_store().open(pdf_key) as file:
            pdf = file.read()
        halfway = _halfway(world)
        state = db.session.get(Application, halfway).state
    assert pdf.startswith(b"%PDF") and _verifies(app.test_client(), code)

    destination = tmp_path / "backup"
    result = app.test_cli_runner().invoke(args=["backup", str(destination)])
    assert result.exit_code == 0, result.output
    assert re.search(r"backup written to .*: schema \S+, [1-9]\d* files", result.output)
    manifest = json.loads((destination / "manifest.json").read_text())
    assert pdf_key in {entry["key"] for entry in manifest["store"]["objects"]}
    assert (destination / manifest["database"]["file"]).stat().st_size > 0

    runner = restored_app.test_cli_runner()
    result = runner.invoke(args=["restore", str(destination)])
    assert result.exit_code == 0, result.output

    client = restored_app.test_client()
    assert client.get("/readyz").status_code == 200
    assert _verifies(client, code)
    with restored_app.app_context():
        with current_store().open(pdf_key) as file:
            assert file.read() == pdf
        restored = db.session.get(Application, halfway)
        assert restored.state == state == "under_review"
        fire_as(halfway, "award_label", ASSESSOR, level="silver")
        run_jobs(halfway, "issue_certificate")
        second = certificate_of(halfway)
        assert second is not None and second.pdf_key
        second_code = code_for(second.verification_id)
    assert _verifies(client, second_code) and _verifies(client, code)

    again = runner.invoke(args=["restore", str(destination)])
    assert again.exit_code != 0 and "already has tables" in again.output


def test_backup_refuses_a_folder_that_is_not_empty_and_restore_a_folder_without_manifest(app, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "used")])
    assert result.exit_code != 0 and "not an empty folder" in result.output
    result = runner.invoke(args=["restore", str(tmp_path / "used")])
    assert result.exit_code != 0 and "no manifest.json" in result.output


def test_restore_refuses_a_damaged_dump(app, world, tmp_path):
    destination = tmp_path / "backup"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(destination)]).exit_code == 0
    manifest = json.loads((destination / "manifest.json").read_text())
    with open(destination / manifest["database"]["file"], "ab") as dump:
        dump.write(b"tampered")
    result = runner.invoke(args=["restore", str(destination)])
    assert result.exit_code != 0 and "does not match the SHA-256" in result.output
    assert os.path.exists(destination / "manifest.json")
