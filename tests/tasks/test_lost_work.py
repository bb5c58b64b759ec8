"""Work lost with a worker (SIGKILL mid-job) is sent again by the relay once it has waited
``OUTBOX_RESEND_AFTER_SECONDS`` (a minute or less by default) and done once; a job that is merely slow is not run
twice (issue 26). Real workers on the embedded broker and on Redis; the job is the coordinator's e-mail, sent to a
test mail server that holds it. bench/broker.py measures the whole window with the default settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from accreditation.applications import relay_outbox
from accreditation.applications.outbox import relay_jobs
from accreditation.config import load_config
from accreditation.extensions import db
from accreditation.models import OutboxJob
from tests.applications.builders import start
from tests.tasks.brokers import BROKERS, broker_url, client_for
from tests.tasks.smtp import SMTPServer
from tests.tasks.worker import running_worker, wait_for, worker_log

TASK = "accreditation.tasks.outbox.run_outbox_job"


def the_job(app) -> OutboxJob:
    """The one outbox job of the test (the coordinator's e-mail about the new application)."""
    with app.app_context():
        job = db.session.scalars(select(OutboxJob)).one()
        db.session.expunge(job)
        db.session.remove()
    return job


def mail_settings(smtp: SMTPServer) -> dict[str, str]:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "false", "MAIL_TIMEOUT": "300"}


def test_by_default_a_lost_job_is_sent_again_within_a_minute():
    config = load_config({"APP_ENV": "testing"})
    relay_every = config["CELERY"]["beat_schedule"]["relay-outbox"]["schedule"]
    assert config["OUTBOX_RESEND_AFTER_SECONDS"] + relay_every <= 60


@pytest.mark.parametrize("broker", BROKERS)
def test_a_job_lost_with_its_killed_worker_is_sent_again_and_done_once(
    broker, app, world, database_url, tmp_path: Path, monkeypatch
):
    url = broker_url(broker, tmp_path)
    client = client_for(url)

    def send(job_id: int) -> object:
        return client.send_task(TASK, args=[job_id])

    with app.app_context():
        start(world, "ciss")
        db.session.remove()
    job_id = the_job(app).id
    with SMTPServer(plan=["stall"]) as smtp:
        with app.app_context():
            assert relay_jobs([job_id], send) == 1
        with running_worker(tmp_path, database_url, url, "", mail_settings(smtp), "first.log") as first:
            assert smtp.wait_for_stall(90), (tmp_path / "first.log").read_text()
            first.kill()  # SIGKILL in the middle of the job (a solo worker: its only process)
            first.wait()
        smtp.release()
        assert the_job(app).done_at is None

        monkeypatch.setitem(app.config, "OUTBOX_RESEND_AFTER_SECONDS", 0)  # the wait is over
        with app.app_context():
            assert relay_outbox(send=send) == 1  # beat's relay: relayed, not done, so probably lost
        with running_worker(tmp_path, database_url, url, "", mail_settings(smtp), "second.log"):
            assert wait_for(lambda: the_job(app).done_at is not None, timeout=90), (tmp_path / "second.log").read_text()
        job = the_job(app)
    assert job.attempts == 1
    assert [message["To"] for message in smtp.messages] == ["coord.md@example.org"]


@pytest.mark.parametrize("broker", BROKERS)
def test_a_slow_job_sent_again_while_it_runs_is_done_once(
    broker, app, world, database_url, tmp_path: Path, monkeypatch
):
    url = broker_url(broker, tmp_path)
    client = client_for(url)

    def send(job_id: int) -> object:
        return client.send_task(TASK, args=[job_id])

    with app.app_context():
        start(world, "ciss")
        db.session.remove()
    job_id = the_job(app).id
    postgresql = database_url.startswith("postgresql")
    with SMTPServer(plan=["hold"]) as smtp:
        with app.app_context():
            assert relay_jobs([job_id], send) == 1
        with running_worker(tmp_path, database_url, url, "", mail_settings(smtp)):
            assert smtp.wait_for_stall(90), worker_log(tmp_path)
            monkeypatch.setitem(app.config, "OUTBOX_RESEND_AFTER_SECONDS", 0)
            with app.app_context():
                # PostgreSQL: the running job's row is locked, so the relay leaves it alone. SQLite: it is sent again
                # and the second delivery finds it done.
                assert relay_outbox(send=send) == (0 if postgresql else 1)
            smtp.release()
            assert wait_for(lambda: the_job(app).done_at is not None, timeout=90), worker_log(tmp_path)
            if not postgresql:
                assert wait_for(lambda: "'already done'" in worker_log(tmp_path), timeout=90), worker_log(tmp_path)
        job = the_job(app)
    assert job.attempts == 1
    assert [message["To"] for message in smtp.messages] == ["coord.md@example.org"]
