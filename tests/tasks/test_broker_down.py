"""A write never waits on a broker that is down (issue 26): the page answers, its jobs wait in the outbox, and the
relay sends each of them exactly once when the broker is back. Real Redis; the broker that is down is a closed port.
How long a write takes is measured by bench/broker.py, never asserted here."""

from __future__ import annotations

import email
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import select

from accreditation import create_app
from accreditation.applications import relay_outbox
from accreditation.config import load_config
from accreditation.extensions import db
from accreditation.models import OutboxJob
from tests.applications.builders import start
from tests.builders import csrf_token, sign_in
from tests.tasks.brokers import client_for
from tests.tasks.worker import running_worker, wait_for, worker_log

COORDINATOR = "coord.md@example.org"
SETTINGS = ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "UPLOAD_FOLDER", "MAIL_OUTBOX_DIR", "MAIL_SERVER")


@contextmanager
def app_publishing_to(app: Flask, broker_url: str) -> Iterator[Flask]:
    """An application like the tests' ``app`` (same database and folders) whose Celery publishes to ``broker_url``,
    configured as ``CELERY_BROKER_URL`` configures it in production; the tests' Celery is current again afterwards."""
    previous = app.extensions["celery"]
    celery_settings = load_config({**os.environ, "APP_ENV": "testing", "CELERY_BROKER_URL": broker_url})["CELERY"]
    other = create_app(
        {
            **{name: app.config[name] for name in SETTINGS},
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
            "CELERY": celery_settings,
        }
    )
    try:
        yield other
    finally:
        other.extensions["celery"].close()
        previous.set_current()
        previous.set_default()


def accept_through_the_page(app: Flask, application_id: int) -> int:
    """The coordinator accepts the application with the page's button; the response's status."""
    client = app.test_client()
    assert sign_in(client, COORDINATOR).status_code == 302
    token = csrf_token(client.get(f"/applications/{application_id}").get_data(as_text=True))
    response = client.post(
        f"/applications/{application_id}/events/accept", data={"csrf_token": token, "expected_version": 1}
    )
    return response.status_code


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def jobs_of(app: Flask, application_id: int) -> list[OutboxJob]:
    with app.app_context():
        found = db.session.scalars(
            select(OutboxJob).where(OutboxJob.application_id == application_id).order_by(OutboxJob.id)
        ).all()
        db.session.expunge_all()
        db.session.remove()
    return list(found)


@pytest.mark.redis
def test_a_write_with_the_broker_down_succeeds_and_its_jobs_are_sent_once_when_it_is_back(
    app, world, database_url, tmp_path: Path
):
    redis_url = os.environ["TEST_REDIS_URL"]
    client_for(redis_url)  # its queue emptied
    with app.app_context():
        application_id = start(world, "ciss")
        db.session.remove()
    before = {job.id for job in jobs_of(app, application_id)}

    with app_publishing_to(app, f"redis://127.0.0.1:{closed_port()}/0") as down:
        assert accept_through_the_page(down, application_id) == 302  # done: the page moves on
    written = [job for job in jobs_of(app, application_id) if job.id not in before]
    assert sorted(job.action for job in written) == ["issue_commitment_certificate", "notify_school"]
    assert all(job.relayed_at is None and job.done_at is None for job in written)  # pending, not lost

    with app_publishing_to(app, redis_url) as back, back.app_context():
        assert relay_outbox() == 2  # beat's relay, with the broker back: the real apply_async
        assert relay_outbox() == 0  # sent a moment ago: not again
    assert redis.Redis.from_url(redis_url).llen("celery") == 2  # one message per job

    written_ids = {job.id for job in written}
    with running_worker(tmp_path, database_url, redis_url, ""):
        done = wait_for(
            lambda: all(job.done_at for job in jobs_of(app, application_id) if job.id in written_ids), timeout=90
        )
        assert done, worker_log(tmp_path)
    assert [job.attempts for job in jobs_of(app, application_id) if job.id in written_ids] == [1, 1]
    mail = [email.message_from_bytes(path.read_bytes()) for path in (tmp_path / "mail").glob("*.eml")]
    # Each job's e-mail to the school's admin, once: the news of the accept, and the certificate of commitment.
    assert [message["To"] for message in mail] == ["head.a@example.org"] * 2
    assert len({str(message["Subject"]) for message in mail}) == 2


class HangUpBroker:
    """A port that takes each connection and closes it at once, counting them: a broker that is there and refuses
    to talk. How many times one write tries it shows whether the write retries (it must not)."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    @property
    def port(self) -> int:
        return self.server.getsockname()[1]

    def close(self) -> None:
        self.server.close()


# ids that are not marker names: "redis" or "amqp" would skip the case when that server is not configured
@pytest.mark.parametrize("scheme", ["redis", "amqp"], ids=["redis-protocol", "amqp-protocol"])
def test_a_write_tries_the_broker_once_and_leaves_the_rest_to_the_relay(app, world, scheme):
    broker = HangUpBroker()
    url = f"redis://127.0.0.1:{broker.port}/0" if scheme == "redis" else f"amqp://guest:guest@127.0.0.1:{broker.port}//"
    try:
        with app.app_context():
            application_id = start(world, "ciss")
            db.session.remove()
        with app_publishing_to(app, url) as down:
            assert accept_through_the_page(down, application_id) == 302
        tries = broker.connections
    finally:
        broker.close()
    assert tries == 1  # one connection, no retry in the request: the relay sends the jobs later
    assert [job.relayed_at for job in jobs_of(app, application_id)][1:] == [None, None]
