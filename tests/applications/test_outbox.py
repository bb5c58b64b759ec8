"""The outbox: jobs written with the change, relayed only after commit, nothing lost when the broker is down,
each job run to completion once (its e-mails to the right people)."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select, update

from accreditation.applications import commit_and_relay, fire, fire_and_commit, relay_outbox, run_job
from accreditation.applications.outbox import RELAY_AGAIN_AFTER
from accreditation.extensions import db
from accreditation.models import OutboxJob
from accreditation.models.time import utcnow
from tests.applications.builders import application, assign, fire_as, jobs, person, start

COORDINATOR = "coord.md@example.org"


def _mail(app) -> list[EmailMessage]:
    """The e-mails written to the test mail folder, oldest first."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def test_jobs_are_relayed_only_after_the_commit(ctx, world, sent):
    application_id = start(world, "ciss")
    sent.clear()
    fire(application_id, "accept", person(COORDINATOR), {})
    assert sent == []  # flushed, not committed: nothing may run yet
    assert commit_and_relay() == 2
    assert sent == [job.id for job in jobs(application_id) if job.action != "notify_coordinator"]
    assert all(job.relayed_at is not None for job in jobs(application_id) if job.id in sent)


def test_a_transaction_that_fails_leaves_no_job_and_relays_nothing(ctx, world, sent):
    application_id = start(world, "ciss")
    before = [job.id for job in jobs(application_id)]
    sent.clear()
    fire(application_id, "accept", person(COORDINATOR), {})
    db.session.rollback()  # e.g. the request failed after fire()
    assert commit_and_relay() == 0
    assert sent == []
    assert [job.id for job in jobs(application_id)] == before
    assert application(application_id).state == "applied"


def test_a_broker_that_is_down_loses_nothing(ctx, world, monkeypatch, sent):
    from accreditation.applications import outbox

    def broker_down(job_id: int) -> None:
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(outbox, "send_to_celery", broker_down)
    application_id = start(world, "ciss")
    fire_and_commit(application_id, "accept", person(COORDINATOR), {}, 1)
    assert application(application_id).state == "implementing"
    pending = jobs(application_id)
    assert len(pending) == 3 and all(job.relayed_at is None and job.done_at is None for job in pending)

    relayed: list[int] = []
    monkeypatch.setattr(outbox, "send_to_celery", relayed.append)
    assert relay_outbox() == 3  # beat's sweep once the broker is back
    assert relayed == [job.id for job in pending]
    assert relay_outbox() == 0  # relayed a moment ago: not sent twice
    long_ago = utcnow() - RELAY_AGAIN_AFTER - timedelta(minutes=1)
    db.session.execute(update(OutboxJob).values(relayed_at=long_ago))
    db.session.commit()
    assert relay_outbox() == 3  # relayed long ago and still not done: the task was lost, send again


def test_notify_coordinator_mails_the_coordinators_of_the_region_once(app, ctx, world):
    application_id = start(world, "ciss")
    [job] = jobs(application_id)
    assert run_job(job.id) == "done"
    assert run_job(job.id) == "already done"  # a second delivery does nothing
    [message] = _mail(app)
    assert message["To"] == COORDINATOR
    assert message["Subject"] == "Certified Safe Internet School: Liceul Teoretic A — Application received"
    body = _text(message)
    assert f"http://localhost/applications/{application_id}" in body
    assert jobs(application_id)[0].done_at is not None and jobs(application_id)[0].attempts == 1


def test_notify_school_mails_the_school_admins_with_the_comment(app, ctx, world):
    application_id = start(world, "ciss")
    fire_as(application_id, "decline", COORDINATOR, comment="The pilot is full this year.")
    job = next(job for job in jobs(application_id) if job.action == "notify_school")
    run_job(job.id)
    [message] = _mail(app)
    assert message["To"] == "head.a@example.org"
    body = _text(message)
    assert "Decline the application: Application received → Not admitted to the pilot." in body
    assert "The pilot is full this year." in body


def test_notify_assessor_mails_the_assigned_assessors(app, ctx, world, evidence):
    from tests.applications.builders import complete_modules

    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    complete_modules(application_id, "head.a@example.org")
    fire_as(application_id, "start_self_assessment", "head.a@example.org")
    fire_as(application_id, "submit", "head.a@example.org", comment="x" * 60)
    assign(application_id, "assessor@example.org")
    fire_as(application_id, "start_review", COORDINATOR)
    job = next(job for job in jobs(application_id) if job.action == "notify_assessor")
    run_job(job.id)
    assert [message["To"] for message in _mail(app)] == ["assessor@example.org"]


def test_the_commitment_certificate_job_issues_the_certificate_once(ctx, world):
    from accreditation.models import Certificate

    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    job = next(job for job in jobs(application_id) if job.action == "issue_commitment_certificate")
    assert run_job(job.id) == "done"
    assert run_job(job.id) == "already done"
    [certificate] = db.session.scalars(select(Certificate)).all()
    assert (certificate.application_id, certificate.kind, certificate.title) == (
        application_id,
        "intermediate",
        "Certificate of commitment",
    )


def test_a_failing_action_records_its_error_and_stays_pending(ctx, world, monkeypatch):
    from accreditation.applications import notifications
    from accreditation.mail import MailError

    def refuse(*args, **kwargs):
        raise MailError("mail server refused or timed out")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    application_id = start(world, "ciss")
    [job] = jobs(application_id)
    with pytest.raises(MailError):
        run_job(job.id)
    db.session.expire_all()
    [job] = jobs(application_id)
    assert job.done_at is None and job.attempts == 1 and "mail server refused" in job.last_error


def test_the_task_runs_a_job_in_the_app_context_and_a_duplicate_delivery_does_nothing(app, world):
    from accreditation.tasks.outbox import run_outbox_job

    with app.app_context():
        application_id = start(world, "ciss")
        [job] = jobs(application_id)
        job_id = job.id
        db.session.remove()
    assert run_outbox_job.apply(args=[job_id]).get() == "done"
    assert run_outbox_job.apply(args=[job_id]).get() == "already done"
    assert len(_mail(app)) == 1


def test_beat_relays_the_outbox_every_minute(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["relay-outbox"]["task"] == "accreditation.tasks.outbox.relay_outbox"
    assert schedule["relay-outbox"]["schedule"] <= timedelta(minutes=1).total_seconds()


def test_the_relay_sends_the_celery_task_that_runs_the_job(app, world):
    """The real send (``apply_async`` of run_outbox_job), run eagerly here: the job is done, its e-mail sent."""
    from accreditation.applications.outbox import relay_jobs
    from tests.applications.conftest import SEND_TO_CELERY

    celery = app.extensions["celery"]
    celery.conf.task_always_eager = True
    try:
        with app.app_context():
            application_id = start(world, "ciss")
            [job] = jobs(application_id)
            assert relay_jobs([job.id], SEND_TO_CELERY) == 1
            db.session.expire_all()
            assert jobs(application_id)[0].done_at is not None
    finally:
        celery.conf.task_always_eager = False
    assert [message["To"] for message in _mail(app)] == [COORDINATOR]


def test_a_real_worker_runs_the_jobs_relayed_after_a_change(app, world, database_url, tmp_path):
    """End to end: the job relayed to the embedded broker, a worker process sends the e-mail and marks it done."""
    from celery import Celery

    from accreditation.applications.outbox import relay_jobs
    from tests.tasks.worker import running_worker, wait_for, worker_log

    broker_url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    client = Celery("test-client", broker=broker_url, set_as_current=False)  # the app's Celery stays current

    def send(job_id: int) -> object:
        return client.send_task("accreditation.tasks.outbox.run_outbox_job", args=[job_id])

    with app.app_context():
        application_id = start(world, "ciss")
        [job] = jobs(application_id)
        job_id = job.id
        assert relay_jobs([job_id], send) == 1
        db.session.remove()
    mail = tmp_path / "mail"
    with running_worker(tmp_path, database_url, broker_url, ""):
        assert wait_for(lambda: mail.exists() and any(mail.glob("*.eml")), timeout=90), worker_log(tmp_path)
        assert wait_for(lambda: _done(app, job_id), timeout=30), worker_log(tmp_path)


def _done(app, job_id: int) -> bool:
    with app.app_context():
        done = db.session.get(OutboxJob, job_id).done_at is not None
        db.session.remove()
    return done
