"""Certificates with real worker processes: one certificate (and one e-mail) however often the issuing task is
delivered, with the mail server refusing first; and a broker that was down when the award was committed loses
nothing. On the embedded broker and on Redis."""

from __future__ import annotations

import pytest
from celery import Celery
from sqlalchemy import func, select

from accreditation.applications import outbox, relay_outbox
from accreditation.extensions import db
from accreditation.models import Certificate, Delivery, OutboxJob
from tests.certificates.builders import award, pending_jobs
from tests.tasks.brokers import BROKERS, broker_url, client_for, succeeded
from tests.tasks.smtp import SMTPServer
from tests.tasks.worker import running_worker, wait_for, worker_log

RUN_JOB = "accreditation.tasks.outbox.run_outbox_job"


def _count(app, model) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return count


def _delivered(app) -> bool:
    with app.app_context():
        sent = db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.sent_at.is_not(None)))
        db.session.remove()
    return sent == 1


@pytest.mark.parametrize("broker", BROKERS)
def test_one_certificate_and_one_email_under_retries_and_duplicate_tasks(
    app, world, evidence, database_url, tmp_path, broker
):
    with app.app_context():
        application_id = award(world, "ciss")
        [job] = pending_jobs(application_id, "issue_certificate")
        job_id = job.id
        db.session.remove()
    url = broker_url(broker, tmp_path)
    client = client_for(url)
    with SMTPServer(plan=["refuse"]) as smtp:  # the mail server refuses the first attempt
        env = {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp.port),
            "MAIL_USE_TLS": "false",
            "MAIL_RETRY_SECONDS": "1",
        }
        with running_worker(tmp_path, database_url, url, "", env=env):
            tasks = [client.send_task(RUN_JOB, args=[job_id]) for _ in range(3)]  # delivered three times
            assert wait_for(lambda: _delivered(app), timeout=120), worker_log(tmp_path)
            assert wait_for(lambda: all(succeeded(worker_log(tmp_path), t.id) for t in tasks), 60), worker_log(tmp_path)
        assert smtp.refused == 1
        [message] = smtp.messages
    assert _count(app, Certificate) == 1
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        assert message["Message-ID"] == f"<certificate-{certificate.id}-user-{_head_a(app)}@localhost>"
        assert [part.get_filename() for part in message.iter_attachments()] == [f"{certificate.serial}.pdf"]
        assert db.session.get(OutboxJob, job_id).done_at is not None
        db.session.remove()


def _head_a(app) -> int:
    from tests.applications.builders import person

    return person("head.a@example.org").id


@pytest.mark.parametrize("broker", BROKERS)
def test_a_broker_down_at_commit_loses_nothing_once_it_is_back(
    app, world, evidence, database_url, tmp_path, broker, monkeypatch
):
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    down.conf.broker_connection_timeout = 1

    def broker_down(job_id: int) -> object:
        return down.send_task(RUN_JOB, args=[job_id], retry=False)

    monkeypatch.setattr(outbox, "send_to_celery", broker_down)
    with app.app_context():
        application_id = award(world, "esafety-label")  # committed; every relay failed
        assert [job.relayed_at for job in pending_jobs(application_id, "issue_certificate")] == [None]
        db.session.remove()
    url = broker_url(broker, tmp_path)
    client = client_for(url)
    monkeypatch.setattr(outbox, "send_to_celery", lambda job_id: client.send_task(RUN_JOB, args=[job_id]))
    mail = tmp_path / "mail"
    with running_worker(tmp_path, database_url, url, ""):
        with app.app_context():
            assert relay_outbox() >= 1  # beat's relay, now that the broker answers
            db.session.remove()
        assert wait_for(lambda: _count(app, Certificate) == 1, timeout=120), worker_log(tmp_path)
        assert wait_for(lambda: _delivered(app), timeout=60), worker_log(tmp_path)
    assert any("certificate" in path.read_text(errors="replace").lower() for path in mail.glob("*.eml"))
