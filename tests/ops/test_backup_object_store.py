"""Backup and restore with the documents in an S3-compatible store (the real server of ``TEST_S3_URL``): the files
are copied out of one bucket and into a fresh one; a manifest-only backup restores onto the bucket it lists and
refuses a bucket without its objects."""

from __future__ import annotations

import json

import pytest

from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.storage import current_store
from tests.certificates.builders import certified
from tests.ops.test_backup_restore import verifies
from tests.storage.conftest import objects_in, point_at, s3_client

pytestmark = pytest.mark.s3


def _certificate_in_s3(app, world) -> tuple[str, str, bytes]:
    with app.app_context():
        certificate = certified(world)
        with current_store().open(certificate.pdf_key) as file:
            return code_for(certificate.verification_id), certificate.pdf_key, file.read()


def test_the_files_move_from_one_bucket_into_a_fresh_one(
    s3_app, s3_endpoint, world, evidence, sent, dispatched, restored_app, tmp_path
):
    code, pdf_key, pdf = _certificate_in_s3(s3_app, world)
    destination = tmp_path / "backup"
    result = s3_app.test_cli_runner().invoke(args=["backup", str(destination)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((destination / "manifest.json").read_text())
    assert manifest["store"]["files_included"] and pdf_key in {o["key"] for o in manifest["store"]["objects"]}

    fresh = f"restored-{pdf_key[:8]}"
    s3_client(s3_endpoint).create_bucket(Bucket=fresh)
    point_at(restored_app, s3_endpoint, fresh)
    result = restored_app.test_cli_runner().invoke(args=["restore", str(destination)])
    assert result.exit_code == 0, result.output
    assert [body for name, body in objects_in(s3_endpoint, fresh).items() if name.endswith(pdf_key)] == [pdf]
    with restored_app.app_context():
        with current_store().open(pdf_key) as file:
            assert file.read() == pdf
        db.session.remove()
    assert verifies(restored_app.test_client(), code)


def test_a_manifest_only_backup_needs_the_bucket_it_lists(
    s3_app, s3_endpoint, bucket, world, evidence, sent, dispatched, restored_app, tmp_path
):
    _, pdf_key, _ = _certificate_in_s3(s3_app, world)
    destination = tmp_path / "backup"
    result = s3_app.test_cli_runner().invoke(args=["backup", "--manifest-only", str(destination)])
    assert result.exit_code == 0, result.output
    assert not (destination / "store").exists()

    empty = f"empty-{pdf_key[:8]}"
    s3_client(s3_endpoint).create_bucket(Bucket=empty)
    point_at(restored_app, s3_endpoint, empty)
    result = restored_app.test_cli_runner().invoke(args=["restore", str(destination)])
    assert result.exit_code != 0 and "holds only its manifest" in result.output
