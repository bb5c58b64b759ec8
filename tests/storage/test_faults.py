"""The object store stops: during a school's upload (a clear error, and nothing half-written in the database or the
store), and while a worker generates a certificate (issued once, when the store is back). The store is moto's real
S3 server behind a relay that cuts the connections (``cutting_proxy``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from accreditation.applications import outbox
from accreditation.certificates.keys import new_key_pem
from accreditation.extensions import db
from accreditation.models import Certificate, Delivery, Document, DocumentFile, OutboxJob
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, ready_for_answers
from tests.certificates.builders import award, pending_jobs
from tests.storage.conftest import objects_in, point_at, s3_client
from tests.storage.cutting_proxy import CuttingProxy
from tests.storage.test_object_store import BIG, _kind, upload
from tests.tasks.brokers import client_for
from tests.tasks.worker import running_worker, wait_for, worker_log

pytestmark = pytest.mark.s3
RUN_JOB = "accreditation.tasks.outbox.run_outbox_job"


@pytest.fixture
def proxy(s3_endpoint) -> Iterator[CuttingProxy]:
    relay = CuttingProxy(s3_endpoint)
    yield relay
    relay.close()


@pytest.fixture
def faulty_app(app, proxy, bucket):
    saved = point_at(app, proxy.url, bucket)
    yield app
    app.config.update(saved)
    app.extensions.pop("storage", None)


def _count(app, model) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return count


def test_the_store_stopping_during_an_upload_leaves_a_clear_error_and_nothing_half_written(
    faulty_app, world, proxy, s3_endpoint, bucket
):
    with faulty_app.app_context():
        application_id = ready_for_answers(world)
    client = signed_in(faulty_app, HEAD_A)
    kind = _kind(faulty_app)
    proxy.cut_after(3 * 1024 * 1024)  # the store stops once 3 MB of the 12 MB went out
    response = upload(client, application_id, BIG, "Child protection policy.pdf", kind)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The document store cannot be reached just now, so nothing was stored." in page
    assert proxy.sent > 3 * 1024 * 1024  # the upload had begun
    assert (_count(faulty_app, Document), _count(faulty_app, DocumentFile)) == (0, 0)
    proxy.up()
    assert objects_in(s3_endpoint, bucket) == {}  # no object, whole or partial
    # Once the store is back the same upload goes through.
    assert upload(client, application_id, BIG, "Child protection policy.pdf", kind).status_code == 302
    assert list(objects_in(s3_endpoint, bucket).values()) == [BIG]
    assert _count(faulty_app, DocumentFile) == 1
    # The parts the cut upload had sent were aborted once the store answered again: nothing half-written is kept.
    assert s3_client(s3_endpoint).list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


@pytest.mark.usefixtures("evidence")
def test_the_store_stopping_while_a_worker_makes_a_certificate_issues_it_once_when_it_is_back(
    faulty_app,
    world,
    database_url,
    tmp_path,
    proxy,
    bucket,
    s3_endpoint,
    monkeypatch,
):
    monkeypatch.setattr(outbox, "send_to_celery", lambda job_id: None)  # the test hands the job over itself
    with faulty_app.app_context():
        application_id = award(world, "esafety-label")
        [job] = pending_jobs(application_id, "issue_certificate")
        job_id = job.id
        db.session.remove()
    url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    client = client_for(url)
    env = {
        "STORAGE_URL": f"s3://{bucket}/documents",
        "STORAGE_S3_ENDPOINT_URL": proxy.url,
        "STORAGE_S3_ACCESS_KEY_ID": "test",
        "STORAGE_S3_SECRET_ACCESS_KEY": "test",
        "STORAGE_S3_TIMEOUT": "2",
        "CREDENTIAL_SIGNING_KEY": new_key_pem(),
    }
    proxy.down()
    with running_worker(tmp_path, database_url, url, "", env=env):
        client.send_task(RUN_JOB, args=[job_id])

        def failed_once() -> bool:
            with faulty_app.app_context():
                row = db.session.get(OutboxJob, job_id)
                attempts, error = row.attempts, row.last_error or ""
                db.session.remove()
            return attempts >= 1 and "StorageUnavailable" in error

        assert wait_for(failed_once, timeout=60), worker_log(tmp_path)
        assert _count(faulty_app, Certificate) == 0  # nothing issued without its PDF
        proxy.up()
        assert wait_for(lambda: _count(faulty_app, Certificate) == 1, timeout=120), worker_log(tmp_path)

        def mailed() -> bool:
            with faulty_app.app_context():
                sent = db.session.scalar(select(func.count()).where(Delivery.sent_at.is_not(None)))
                db.session.remove()
            return sent == 1

        assert wait_for(mailed, timeout=60), worker_log(tmp_path)
    assert _count(faulty_app, Certificate) == 1
    with faulty_app.app_context():
        certificate = db.session.scalar(select(Certificate))
        key, sha256 = certificate.pdf_key, certificate.pdf_sha256
        assert db.session.get(OutboxJob, job_id).done_at is not None
        db.session.remove()
    name = f"documents/{key[:2]}/{key[2:4]}/{key}"
    assert list(objects_in(s3_endpoint, bucket)) == [name]
    assert s3_client(s3_endpoint).head_object(Bucket=bucket, Key=name)["Metadata"]["sha256"] == sha256
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1
