"""Reminders exactly once with real worker processes: two sweeps at once on two workers, a worker killed while a
slow mail server holds it, and tasks delivered twice. On the embedded broker and on Redis."""

from __future__ import annotations

import email
import os
import signal
import time
from email import policy

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Delivery
from accreditation.reminders.sweep import sweep_reminders
from tests.reminders.builders import at_state, many_at_state
from tests.tasks.brokers import BROKERS, broker_url, client_for, succeeded
from tests.tasks.smtp import SMTPServer
from tests.tasks.worker import running_worker, wait_for

SWEEP = "accreditation.tasks.reminders.sweep_reminders"
SEND = "accreditation.tasks.reminders.send_deliveries"


def _deliveries(app) -> list[Delivery]:
    with app.app_context():
        rows = list(db.session.scalars(select(Delivery).order_by(Delivery.id)).all())
        db.session.expunge_all()
        db.session.remove()
    return rows


def _all_sent(app, expected: int) -> bool:
    rows = _deliveries(app)
    return len(rows) == expected and all(row.sent_at is not None for row in rows)


def _logs(tmp_path) -> str:
    return "\n".join(path.read_text() for path in sorted(tmp_path.glob("worker-*.log")))


@pytest.mark.parametrize("broker", BROKERS)
def test_two_sweeps_on_two_workers_and_duplicated_tasks_send_each_reminder_once(
    app, world, database_url, tmp_path, broker
):
    with app.app_context():
        many_at_state(30, "esafety-label", "registered", entered_days_ago=30)
        db.session.remove()
    url = broker_url(broker, tmp_path)
    client = client_for(url)
    mail = tmp_path / "mail"
    with (
        running_worker(tmp_path, database_url, url, "", log_name="worker-a.log"),
        running_worker(tmp_path, database_url, url, "", log_name="worker-b.log"),
    ):
        sweeps = [client.send_task(SWEEP) for _ in range(2)]
        assert wait_for(lambda: _all_sent(app, 30), timeout=150), _logs(tmp_path)
        assert wait_for(lambda: all(succeeded(_logs(tmp_path), s.id) for s in sweeps), timeout=60), _logs(tmp_path)
        # The broker delivers the same tasks again, and a third sweep runs: nothing more is sent.
        ids = [row.id for row in _deliveries(app)]
        again = [client.send_task(SEND, args=[ids]) for _ in range(2)] + [client.send_task(SWEEP)]
        assert wait_for(lambda: all(succeeded(_logs(tmp_path), t.id) for t in again), timeout=90), _logs(tmp_path)
    messages = [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in mail.glob("*.eml")]
    assert len(messages) == 30
    assert len({message["Message-ID"] for message in messages}) == 30
    assert len({message["To"] for message in messages}) == 30


@pytest.mark.parametrize("broker", BROKERS)
def test_a_worker_killed_while_the_mail_server_hangs_does_not_lose_or_double_the_reminder(
    app, world, database_url, tmp_path, broker
):
    with app.app_context():
        at_state(world, "ciss", "self_assessment", entered_days_ago=30)
        sweep_reminders()  # written, not yet handed to a worker
        [delivery] = db.session.scalars(select(Delivery)).all()
        delivery_id, expected_id = delivery.id, f"<reminder-{delivery.reminder_id}-user-{delivery.user_id}@localhost>"
        db.session.remove()
    url = broker_url(broker, tmp_path)
    client = client_for(url)
    with SMTPServer(plan=["stall"]) as smtp:
        env = {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp.port),
            "MAIL_USE_TLS": "false",
            "MAIL_TIMEOUT": "120",
            "MAIL_LEASE_SECONDS": "3",
        }
        with running_worker(tmp_path, database_url, url, "", env=env, log_name="worker-a.log") as worker:
            client.send_task(SEND, args=[[delivery_id]])
            assert smtp.wait_for_stall(timeout=90), _logs(tmp_path)
            os.kill(worker.pid, signal.SIGKILL)  # dies mid-conversation, its claim still held
            worker.wait(timeout=30)
        smtp.release()
        [claimed] = _deliveries(app)
        assert claimed.sent_at is None and claimed.lease_until is not None and claimed.attempts == 1
        assert smtp.messages == []
        with running_worker(tmp_path, database_url, url, "", env=env, log_name="worker-b.log"):
            time.sleep(3.5)  # the dead worker's lease runs out
            sweeps = [client.send_task(SWEEP), client.send_task(SWEEP)]
            assert wait_for(lambda: _all_sent(app, 1), timeout=90), _logs(tmp_path)
            assert wait_for(lambda: all(succeeded(_logs(tmp_path), s.id) for s in sweeps), timeout=60), _logs(tmp_path)
    assert smtp.message_ids() == [expected_id]
    [sent] = _deliveries(app)
    assert sent.attempts == 2 and sent.last_error == ""
