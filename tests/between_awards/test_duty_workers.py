"""The compliance calendar's reminder and escalation exactly once with real worker processes (issue 30): two sweeps
at once on two workers, then the same send tasks delivered twice and a third sweep; an overdue duty's reminder
reaches the head once and its escalation the head and the region's coordinator once each. On the embedded broker and
on Redis."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email import policy

import pytest
from sqlalchemy import select

from accreditation.compliance.sweep import DUTY_ESCALATION, DUTY_REMINDER
from accreditation.extensions import db
from accreditation.models import ComplianceDuty, Delivery, User
from tests.applications.builders import start
from tests.tasks.brokers import BROKERS, broker_url, client_for, succeeded
from tests.tasks.worker import running_worker, wait_for

SWEEP = "accreditation.tasks.compliance.sweep_compliance"
SEND = "accreditation.tasks.reminders.send_deliveries"


def _deliveries(app) -> list[Delivery]:
    with app.app_context():
        rows = list(db.session.scalars(select(Delivery).order_by(Delivery.id)).all())
        db.session.expunge_all()
        db.session.remove()
    return rows


def _logs(tmp_path) -> str:
    return "\n".join(path.read_text() for path in sorted(tmp_path.glob("worker-*.log")))


def _overdue_duty(app, world) -> int:
    """School A in CISS, its acceptable-use agreements due 60 days ago and not done (past the 14 days' grace)."""
    with app.app_context():
        start(world, "ciss")
        row = ComplianceDuty(
            school_id=world.school_a,
            duty_code="aup-renewal",
            due_on=date.today() - timedelta(days=60),
            note="",
            file_name="",
        )
        db.session.add(row)
        db.session.commit()
        duty_id = row.id
        db.session.remove()
    return duty_id


@pytest.mark.parametrize("broker", BROKERS)
def test_an_overdue_duty_is_reminded_and_escalated_once_by_real_workers(app, world, database_url, tmp_path, broker):
    duty_id = _overdue_duty(app, world)
    url = broker_url(broker, tmp_path)
    client = client_for(url)
    with (
        running_worker(tmp_path, database_url, url, "", log_name="worker-a.log"),
        running_worker(tmp_path, database_url, url, "", log_name="worker-b.log"),
    ):
        sweeps = [client.send_task(SWEEP) for _ in range(2)]
        assert wait_for(lambda: all(succeeded(_logs(tmp_path), s.id) for s in sweeps), timeout=120), _logs(tmp_path)

        def all_sent() -> bool:
            rows = _deliveries(app)
            return bool(rows) and all(row.sent_at is not None for row in rows)

        assert wait_for(all_sent, timeout=120), _logs(tmp_path)
        ids = [row.id for row in _deliveries(app)]
        again = [client.send_task(SEND, args=[ids]) for _ in range(2)] + [client.send_task(SWEEP)]
        assert wait_for(lambda: all(succeeded(_logs(tmp_path), t.id) for t in again), timeout=90), _logs(tmp_path)
        assert wait_for(all_sent, timeout=60), _logs(tmp_path)
    rows = _deliveries(app)
    with app.app_context():
        emails = {user.id: user.email for user in db.session.scalars(select(User))}
        db.session.remove()
    ours = sorted((row.kind, emails[row.user_id]) for row in rows if row.subject_id == duty_id)
    assert ours == [
        (DUTY_ESCALATION, "coord.md@example.org"),
        (DUTY_ESCALATION, "head.a@example.org"),
        (DUTY_REMINDER, "head.a@example.org"),
    ]
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in (tmp_path / "mail").glob("*.eml")
    ]
    assert len(messages) == len(rows)  # every delivery of the sweeps sent once, however often its task ran
    assert len({message["Message-ID"] for message in messages}) == len(rows)
    about_ours = sorted(
        (message["Message-ID"].split("-")[0].strip("<"), message["To"])
        for message in messages
        if f"-{duty_id}-user-" in message["Message-ID"]
    )
    assert about_ours == [
        ("duty_escalation", "coord.md@example.org"),
        ("duty_escalation", "head.a@example.org"),
        ("duty_reminder", "head.a@example.org"),
    ]
