"""Documents and certificate PDFs in a real S3-compatible server: stored under a random key with their SHA-256,
streamed back checked, gone again when their transaction rolls back or their removal commits, and copied from a
local store by ``flask storage migrate`` with every SHA-256 checked."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from accreditation import storage
from accreditation.config import ConfigError, load_config
from accreditation.extensions import db
from accreditation.models import DocumentFile
from accreditation.object_store.base import LocalStore
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, PDF, framework_of, ready_for_answers
from tests.builders import csrf_token
from tests.storage.conftest import objects_in, s3_client

pytestmark = pytest.mark.s3
BIG = PDF + bytes(range(256)) * (12 * 4096)  # 12 MB: sent in parts (multipart upload)


def upload(client, application_id: int, content: bytes, filename: str, kind: str):
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    data = {"csrf_token": token, "kind": kind, "file": (io.BytesIO(content), filename)}
    return client.post(f"/applications/{application_id}/documents", data=data, content_type="multipart/form-data")


@pytest.fixture
def application_id(s3_app, world):
    with s3_app.app_context():
        return ready_for_answers(world)


def _kind(app) -> str:
    with app.app_context():
        return framework_of().required_documents[0].code


def test_an_upload_is_an_object_under_a_random_key_and_downloads_checked(s3_app, application_id, s3_endpoint, bucket):
    client = signed_in(s3_app, HEAD_A)
    response = upload(client, application_id, BIG, "Child protection policy.pdf", _kind(s3_app))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with s3_app.app_context():
        stored = db.session.scalars(select(DocumentFile)).one()
        key, file_id = stored.storage_key, stored.id
        assert stored.sha256 == hashlib.sha256(BIG).hexdigest() and stored.size == len(BIG)
    objects = objects_in(s3_endpoint, bucket)
    assert list(objects) == [f"documents/{key[:2]}/{key[2:4]}/{key}"]  # nothing of the name
    assert objects[f"documents/{key[:2]}/{key[2:4]}/{key}"] == BIG
    head = s3_client(s3_endpoint).head_object(Bucket=bucket, Key=f"documents/{key[:2]}/{key[2:4]}/{key}")
    assert head["Metadata"]["sha256"] == hashlib.sha256(BIG).hexdigest()
    download = client.get(f"/documents/files/{file_id}")
    assert download.status_code == 200 and download.is_streamed
    assert download.get_data() == BIG and download.content_length == len(BIG)
    with s3_app.app_context():
        assert [(found.key, found.size) for found in storage.current_store().objects()] == [(key, len(BIG))]


def test_an_object_changed_in_the_store_fails_its_checksum_when_read(s3_app, application_id, s3_endpoint, bucket):
    client = signed_in(s3_app, HEAD_A)
    assert upload(client, application_id, PDF, "policy.pdf", _kind(s3_app)).status_code == 302
    with s3_app.app_context():
        stored = db.session.scalars(select(DocumentFile)).one()
        key, sha256 = stored.storage_key, stored.sha256
        s3_client(s3_endpoint).put_object(Bucket=bucket, Key=f"documents/{key[:2]}/{key[2:4]}/{key}", Body=b"%PDF-x")
        with pytest.raises(storage.ChecksumMismatch):
            storage.read_bytes(key, sha256)
        with pytest.raises(FileNotFoundError):
            storage.read_bytes("0" * 32)
        with pytest.raises(ValueError):
            storage.read_bytes("../etc/passwd")


def test_an_object_stored_in_a_rolled_back_transaction_is_removed(s3_app, s3_endpoint, bucket):
    with s3_app.app_context():
        db.session.execute(select(DocumentFile.id))  # a transaction is open, as in a request
        stored = storage.store_bytes(PDF)
        storage.discard_on_rollback(db.session, stored.key)
        assert len(objects_in(s3_endpoint, bucket)) == 1
        db.session.rollback()
        assert objects_in(s3_endpoint, bucket) == {}
        kept = storage.store_bytes(PDF)
        storage.discard_on_rollback(db.session, kept.key)
        db.session.commit()
        db.session.execute(select(DocumentFile.id))
        storage.discard_on_commit(db.session, kept.key)
        db.session.rollback()  # the deletion did not commit: the object stays
        assert len(objects_in(s3_endpoint, bucket)) == 1
        db.session.execute(select(DocumentFile.id))
        storage.discard_on_commit(db.session, kept.key)
        db.session.commit()
        assert objects_in(s3_endpoint, bucket) == {}


def test_storage_migrate_copies_a_local_store_checking_every_sha256(
    s3_app, application_id, tmp_path, s3_endpoint, bucket
):
    local = LocalStore(tmp_path / "uploads")
    s3_app.extensions["storage"] = local  # the files were stored before STORAGE_URL was set
    client = signed_in(s3_app, HEAD_A)
    assert upload(client, application_id, PDF, "policy.pdf", _kind(s3_app)).status_code == 302
    assert upload(client, application_id, BIG, "plan.pdf", _kind(s3_app)).status_code == 302
    s3_app.extensions.pop("storage")
    runner = s3_app.test_cli_runner()
    result = runner.invoke(args=["storage", "migrate", "--from", str(tmp_path / "uploads")])
    assert result.exit_code == 0, result.output
    assert "2 files copied, 0 already there, 0 failed" in result.output
    assert sorted(objects_in(s3_endpoint, bucket).values(), key=len) == [PDF, BIG]
    again = runner.invoke(args=["storage", "migrate", "--from", str(tmp_path / "uploads")])
    assert "0 files copied, 2 already there, 0 failed" in again.output
    # A local file that no longer matches the database's SHA-256 is refused, in one line, and the run fails.
    with s3_app.app_context():
        key = db.session.scalars(select(DocumentFile.storage_key).where(DocumentFile.size == len(PDF))).one()
    local.path(key).write_bytes(b"%PDF-changed")
    broken = runner.invoke(args=["storage", "migrate", "--from", str(tmp_path / "uploads")])
    assert broken.exit_code == 1
    assert f"error: {key}: the local file's SHA-256 differs from the one the database recorded" in broken.output


def test_storage_migrate_without_an_object_store_says_so(app):
    result = app.test_cli_runner().invoke(args=["storage", "migrate"])
    assert result.exit_code == 1 and "STORAGE_URL is not set" in result.output


def test_a_bad_storage_url_or_a_missing_signing_key_refuses_to_start():
    with pytest.raises(ConfigError, match="STORAGE_URL must be empty"):
        load_config({"APP_ENV": "testing", "STORAGE_URL": "ftp://files"})
    with pytest.raises(ConfigError, match="every node must sign with the same key"):
        load_config({"APP_ENV": "testing", "STORAGE_URL": "s3://documents/ssa"})


def test_storage_clean_aborts_unfinished_uploads_and_leaves_finished_objects(s3_app, s3_endpoint, bucket):
    client = s3_client(s3_endpoint)
    client.create_multipart_upload(Bucket=bucket, Key="documents/ab/cd/abcd" + "0" * 28)  # a process died mid-upload
    with s3_app.app_context():
        kept = storage.store_bytes(PDF)
        assert storage.current_store().clean(timedelta(0)) == 1
    assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert list(objects_in(s3_endpoint, bucket)) == [f"documents/{kept.key[:2]}/{kept.key[2:4]}/{kept.key}"]
    result = s3_app.test_cli_runner().invoke(args=["storage", "clean", "--older-than", "24"])
    assert result.exit_code == 0 and "0 unfinished uploads removed" in result.output


def test_storage_clean_removes_a_local_stores_stale_temporary_files(app, tmp_path):
    store = LocalStore(tmp_path)
    kept = store.put("ab" * 16, io.BytesIO(PDF))
    stale = tmp_path / "ab" / "ab" / ".incoming-x1"
    stale.write_bytes(b"%PDF-half")
    assert store.clean(timedelta(0)) == 1
    assert not stale.exists() and store.path(kept.key).read_bytes() == PDF


def test_the_schools_export_streams_its_documents_from_the_object_store(s3_app, world, application_id):
    client = signed_in(s3_app, HEAD_A)
    assert upload(client, application_id, BIG, "policy.pdf", _kind(s3_app)).status_code == 302
    page = client.get(f"/schools/{world.school_a}/export")
    answer = client.post(f"/schools/{world.school_a}/export", data={"csrf_token": csrf_token(page.get_data(True))})
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.get_data())) as archive:
        [name] = [name for name in archive.namelist() if name.startswith("files/")]
        assert name.endswith("policy.pdf") and archive.read(name) == BIG
