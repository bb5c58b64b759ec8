"""``flask backup`` and ``flask restore``: a journey stops half-way beside a certified school, the backup is restored
into a fresh database and a fresh store by a second application, the certificate still verifies with the published
key, its PDF is there byte for byte, and the stopped journey goes on to its own certificate."""

from __future__ import annotations

import json
import os
import re

import pytest
from sqlalchemy import text

from accreditation.certificates.codes import code_for
from accreditation.certificates.credential import verify_proof
from accreditation.certificates.keys import public_key_from_multibase
from accreditation.extensions import db
from accreditation.models import Application
from accreditation.storage import current_store, store_bytes
from tests.applications.builders import LONG_COMMENT, assign, fire_as, start
from tests.certificates.builders import ASSESSOR, certificate_of, certified, run_jobs


def halfway_application(world) -> int:
    """An eSafety Label application submitted and under review: the journey stops here."""
    application_id = start(world, "esafety-label", "b")
    fire_as(application_id, "start_self_assessment", "head.b@example.org")
    fire_as(application_id, "submit", "head.b@example.org", comment=LONG_COMMENT)
    assign(application_id, ASSESSOR, by="coord.ua@example.org")
    fire_as(application_id, "start_review", "coord.ua@example.org")
    return application_id


def verifies(client, code: str) -> bool:
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
        halfway = halfway_application(world)
        state = db.session.get(Application, halfway).state
    assert pdf.startswith(b"%PDF") and verifies(app.test_client(), code)

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
    assert verifies(client, code)
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
    assert verifies(client, second_code) and verifies(client, code)

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


@pytest.mark.postgres
def test_restore_refuses_a_database_with_a_schema_of_its_own(app, restored_app, tmp_path):
    destination = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", str(destination)]).exit_code == 0
    with restored_app.app_context(), db.engine.begin() as connection:
        connection.execute(text("CREATE SCHEMA leftover"))
    result = restored_app.test_cli_runner().invoke(args=["restore", str(destination)])
    assert result.exit_code != 0 and "already has schemas (leftover)" in result.output


def test_a_file_deleted_while_the_backup_runs_is_reported_not_fatal(app, tmp_path, monkeypatch):
    with app.app_context():
        store = current_store()
        kept, deleted = store_bytes(b"kept"), store_bytes(b"deleted meanwhile")
        listing = store.objects

        def listed_then_deleted():
            for stored in listing():
                if stored.key == deleted.key:
                    store.delete(deleted.key)  # removed after the listing saw it, before its copy
                yield stored

        monkeypatch.setattr(store, "objects", listed_then_deleted)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
        store.delete(kept.key)
    assert result.exit_code == 0, result.output
    assert "warning: 1 files were deleted while the backup ran" in result.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["store"]["vanished"] == [deleted.key]
    assert kept.key in {entry["key"] for entry in manifest["store"]["objects"]}
