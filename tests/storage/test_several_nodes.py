"""Several nodes for real: two web processes (gunicorn) and two Celery workers, each with an instance folder of its
own, sharing only PostgreSQL, Redis and the S3 server. A school uploads through web 1, its assessor downloads
through web 2, a worker issues the certificate: exactly one certificate and one e-mail, the PDF made by a worker
served by a web node, and nothing written to any node's own disk but its mail folder."""

from __future__ import annotations

import email
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from email import policy
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from accreditation.applications import outbox
from accreditation.certificates.keys import new_key_pem
from accreditation.certificates.rendering import verify_url
from accreditation.config import PROJECT_ROOT
from accreditation.extensions import db
from accreditation.models import Certificate, Delivery, DocumentFile
from tests.applications.builders import LONG_COMMENT, assign, fire_as
from tests.assessment.builders import HEAD_A, ready_for_answers
from tests.builders import PASSWORD, csrf_token
from tests.certificates.builders import ASSESSOR, COORDINATORS, pending_jobs
from tests.storage.conftest import objects_in
from tests.storage.test_object_store import BIG, _kind
from tests.tasks.brokers import client_for
from tests.tasks.worker import running_worker, wait_for, worker_log

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.s3]
RUN_JOB = "accreditation.tasks.outbox.run_outbox_job"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def web_node(instance: Path, env: dict[str, str]) -> Iterator[str]:
    """A gunicorn web process with its own instance folder; its base URL."""
    instance.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log = open(instance / "web.log", "a")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
        + ["accreditation:create_app()"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env, "INSTANCE_PATH": str(instance)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/sign-in", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            raise AssertionError((instance / "web.log").read_text())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def signed_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token(session.get(f"{base}/sign-in").text)
    answer = session.post(
        f"{base}/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}, allow_redirects=False
    )
    assert answer.status_code in (302, 303), answer.text[:500]
    return session


def _count(app, query) -> int:
    with app.app_context():
        count = db.session.scalar(query)
        db.session.remove()
    return count


def _local_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.usefixtures("evidence")
def test_two_web_nodes_and_two_workers_share_only_the_database_the_broker_and_the_store(
    app,
    world,
    database_url,
    tmp_path,
    s3_endpoint,
    bucket,
    monkeypatch,
):
    redis_url = os.environ["TEST_REDIS_URL"]
    broker = client_for(redis_url)  # its queue emptied
    monkeypatch.setattr(outbox, "send_to_celery", lambda job_id: broker.send_task(RUN_JOB, args=[job_id]))
    shared = {
        "APP_ENV": "testing",
        "SECRET_KEY": app.config["SECRET_KEY"],
        "CREDENTIAL_SIGNING_KEY": new_key_pem(),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "STORAGE_URL": f"s3://{bucket}/documents",
        "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
        "STORAGE_S3_ACCESS_KEY_ID": "test",
        "STORAGE_S3_SECRET_ACCESS_KEY": "test",
        "BASE_URL": "http://localhost",
        "MAIL_SERVER": "",
    }
    with app.app_context():
        application_id = ready_for_answers(world)
        assign(application_id, ASSESSOR, by=COORDINATORS["a"])
        db.session.remove()
    kind = _kind(app)
    nodes = {name: tmp_path / name for name in ("web1", "web2", "worker1", "worker2")}
    with ExitStack() as stack:
        web1 = stack.enter_context(web_node(nodes["web1"], shared))
        web2 = stack.enter_context(web_node(nodes["web2"], shared))
        for name in ("worker1", "worker2"):
            nodes[name].mkdir()
            stack.enter_context(
                running_worker(nodes[name], database_url, redis_url, "", env=shared, log_name=f"{name}.log")
            )

        # The school uploads through web 1.
        school = signed_in(web1, HEAD_A)
        documents = f"{web1}/applications/{application_id}/documents"
        token = csrf_token(school.get(documents).text)
        answer = school.post(
            documents,
            data={"csrf_token": token, "kind": kind},
            files={"file": ("Child protection policy.pdf", BIG, "application/pdf")},
            allow_redirects=False,
        )
        assert answer.status_code in (302, 303), answer.text[:500]
        with app.app_context():
            file_id = db.session.scalar(select(DocumentFile.id))
            db.session.remove()

        # Its assessor downloads it through web 2.
        assessor = signed_in(web2, ASSESSOR)
        download = assessor.get(f"{web2}/documents/files/{file_id}", stream=True)
        assert download.status_code == 200
        assert b"".join(download.iter_content(1024 * 1024)) == BIG

        # The award, then a worker (either one) issues the certificate; the job is handed over twice.
        with app.app_context():
            fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
            fire_as(application_id, "start_review", COORDINATORS["a"])
            fire_as(application_id, "award_label", ASSESSOR, level="silver")
            [job] = pending_jobs(application_id, "issue_certificate")
            job_id = job.id
            db.session.remove()
        broker.send_task(RUN_JOB, args=[job_id])

        def issued_and_mailed() -> bool:
            sent = select(func.count()).select_from(Delivery).where(Delivery.sent_at.is_not(None))
            return _count(app, select(func.count()).select_from(Certificate)) == 1 and _count(app, sent) == 1

        logs = lambda: worker_log(nodes["worker1"]) + worker_log(nodes["worker2"])  # noqa: E731
        assert wait_for(issued_and_mailed, timeout=120), logs()
        time.sleep(2)  # a second delivery of the job would show by now
        with app.app_context():
            certificate = db.session.scalar(select(Certificate))
            certificate_id, pdf_key, code_url = certificate.id, certificate.pdf_key, verify_url(certificate)
            serial = certificate.serial
            db.session.remove()

        # The PDF a worker stored is served by web 1; the certificate verifies on web 2, signed with the same key.
        pdf = school.get(f"{web1}/certificates/{certificate_id}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        code_path = code_url.removeprefix("http://localhost")
        assert requests.get(f"{web2}{code_path}", timeout=10).status_code == 200
        assert (
            requests.get(f"{web1}/.well-known/jwks.json").json() == requests.get(f"{web2}/.well-known/jwks.json").json()
        )

    assert _count(app, select(func.count()).select_from(Certificate)) == 1
    mails = [p for node in nodes.values() for p in (node / "mail").glob("*.eml")]
    assert all(path.parent.parent.name.startswith("worker") for path in mails)  # sent by the workers only
    messages = [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in mails]
    subjects = sorted(str(message["Subject"]) for message in messages)
    assert len(subjects) == len(set(subjects))  # each notice once (assignment, submitted, under review, labelled)
    [sent] = [message for message in messages if message["Message-ID"].startswith("<certificate-")]
    assert [part.get_filename() for part in sent.iter_attachments()] == [f"{serial}.pdf"]
    stored = objects_in(s3_endpoint, bucket)
    assert len(stored) == 2 and any(name.endswith(pdf_key) for name in stored)
    for node in nodes.values():  # nothing kept on a node's own disk: no uploads, no generated signing key
        assert _local_files(node / "uploads") == []
        assert not (node / "credential-signing-key.pem").exists()
