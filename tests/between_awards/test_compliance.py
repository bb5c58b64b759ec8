"""The compliance calendar: a duty overdue sends one reminder and one escalation per person however often the sweep
runs and its deliveries are sent; a duty ticked meanwhile sends nothing; the calendar page shows and ticks duties."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from accreditation.compliance.sweep import DUTY_ESCALATION, DUTY_REMINDER, sweep_duties
from accreditation.deliveries import dispatch
from accreditation.deliveries.sending import send_chunk
from accreditation.extensions import db
from accreditation.models import ComplianceDuty, Delivery
from tests.applications.builders import start
from tests.between_awards.builders import HEAD_A, text_of
from tests.builders import csrf_token, outbox, sign_in

OVERDUE = date(2026, 10, 20)  # the acceptable-use agreements were due on 30 September, escalated after 14 days


@pytest.fixture(autouse=True)
def dispatched(monkeypatch) -> list[list[int]]:
    chunks: list[list[int]] = []
    monkeypatch.setattr(dispatch, "send_to_celery", chunks.append)
    return chunks


def _sweep_and_send(app) -> None:
    with app.app_context():
        sweep_duties(OVERDUE)
        db.session.commit()
        ids = list(db.session.scalars(select(Delivery.id)))
        send_chunk(ids)
        send_chunk(ids)  # the same task delivered twice
        db.session.commit()
        db.session.remove()


def test_an_overdue_duty_sends_one_reminder_and_one_escalation_under_duplicate_sweeps(app, world):
    with app.app_context():
        start(world, "ciss")
    for _ in range(3):
        _sweep_and_send(app)
    with app.app_context():
        rows = db.session.execute(select(Delivery.kind, Delivery.user_id, Delivery.sent_at)).all()
        kinds = sorted(kind for kind, _user, _sent in rows)
        assert kinds == [DUTY_ESCALATION, DUTY_ESCALATION, DUTY_REMINDER]  # the head; the head and the coordinator
        assert all(sent is not None for _kind, _user, sent in rows)
        duties = {row.duty_code: row.due_on for row in db.session.scalars(select(ComplianceDuty))}
        assert duties == {
            "aup-renewal": date(2026, 9, 30),
            "filtering-check": date(2026, 12, 31),
            "policy-review": date(2027, 8, 31),
        }
    mails = outbox(app)
    assert sorted(message["To"] for message in mails) == [
        "coord.md@example.org",
        "head.a@example.org",
        "head.a@example.org",
    ]
    subjects = sorted(message["Subject"] for message in mails)
    assert subjects[0].startswith("Needs attention: Liceul Teoretic A") and "acceptable-use" in subjects[0]
    body = [
        part.get_payload(decode=True).decode() for part in mails[0].walk() if part.get_content_type() == "text/plain"
    ]
    assert "is due on September 30, 2026 and is not done yet" in body[0]


def test_a_duty_ticked_on_the_calendar_is_no_longer_reminded(app, client, world):
    with app.app_context():
        start(world, "ciss")
    sign_in(client, HEAD_A)
    page = client.get(f"/schools/{world.school_a}/calendar")
    html = page.get_data(as_text=True)
    assert "Renew the acceptable-use agreements" in text_of(html)
    with app.app_context():
        row = db.session.scalars(select(ComplianceDuty).where(ComplianceDuty.duty_code == "aup-renewal")).first()
        row_id = row.id
        # the page was read today: move this row to the overdue period the sweep looks at
        row.due_on = date(2026, 9, 30)
        db.session.commit()
    answer = client.post(
        f"/schools/{world.school_a}/calendar/{row_id}/done",
        data={"csrf_token": csrf_token(html), "note": "Signed by every class."},
    )
    assert answer.status_code == 302
    assert "Signed by every class." in text_of(client.get(f"/schools/{world.school_a}/calendar").get_data(as_text=True))
    _sweep_and_send(app)
    with app.app_context():
        kinds = list(db.session.scalars(select(Delivery.kind).where(Delivery.subject_id == row_id)))
        assert kinds == []


def test_staff_read_the_calendar_but_only_an_admin_or_the_owner_ticks(app, client, world):
    with app.app_context():
        start(world, "ciss")
    sign_in(client, "staff.a@example.org")
    html = client.get(f"/schools/{world.school_a}/calendar").get_data(as_text=True)
    assert "Mark as done" not in html
    with app.app_context():
        row_id = db.session.scalars(select(ComplianceDuty.id)).first()
    answer = client.post(f"/schools/{world.school_a}/calendar/{row_id}/done", data={"csrf_token": csrf_token(html)})
    assert answer.status_code == 403
