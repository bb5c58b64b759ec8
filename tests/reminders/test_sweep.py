"""The reminder sweep: each due reminder written once per application, kind and due date, one delivery per
recipient by role, in a number of statements that does not grow with the applications."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event

from accreditation.extensions import db
from accreditation.models.time import utcnow
from accreditation.reminders.sweep import sweep_reminders
from tests.applications.builders import assign
from tests.reminders.builders import at_state, many_at_state, recipients, reminders


def test_a_due_reminder_is_written_once_with_one_delivery_per_school_admin(ctx, world):
    application_id = at_state(world, "ciss", "self_assessment", entered_days_ago=30)
    first = sweep_reminders()
    assert (first.reminders, first.deliveries) == (1, 1)
    [reminder] = reminders()
    assert reminder.application_id == application_id
    assert reminder.kind == "self_assessment.remind.school_admin.entered+30"
    assert reminder.due_on == (utcnow() - timedelta(days=30)).date() + timedelta(days=30)
    assert recipients() == [("self_assessment.remind.school_admin.entered+30", "head.a@example.org")]
    again = sweep_reminders()
    assert (again.reminders, again.deliveries) == (0, 0)  # the key (application, kind, due date) decides
    assert len(reminders()) == 1


def test_escalation_goes_to_the_coordinators_of_the_schools_region_only(ctx, world):
    at_state(world, "ciss", "self_assessment", entered_days_ago=75)
    sweep_reminders()
    # The 30-day reminder fell due 45 days ago, beyond the catch-up window: not sent late.
    assert recipients() == [("self_assessment.escalate.coordinator.entered+75", "coord.md@example.org")]


def test_assessor_reminders_go_to_the_assigned_assessors(ctx, world):
    application_id = at_state(world, "esafety-label", "under_review", entered_days_ago=14)
    assert sweep_reminders().deliveries == 0  # nobody assigned yet: the reminder has no recipient
    assign(application_id, "assessor@example.org")
    db.session.execute(reminders()[0].__table__.delete())
    db.session.commit()
    sweep_reminders()
    assert recipients() == [("under_review.remind.assessor.entered+14", "assessor@example.org")]


def test_an_escalation_to_admin_reaches_the_admins(ctx, world):
    at_state(world, "ciss", "applied", entered_days_ago=21, school="b")
    sweep_reminders()
    assert recipients() == [("applied.escalate.admin.entered+21", "admin@example.org")]


def test_a_site_visit_tomorrow_reminds_the_school_and_the_assessor(ctx, world):
    tomorrow = utcnow().date() + timedelta(days=1)
    application_id = at_state(world, "ciss", "visit_scheduled", deadline=tomorrow)
    assign(application_id, "assessor@example.org")
    sweep_reminders()
    assert recipients() == [
        ("visit_scheduled.remind.assessor.deadline-1", "assessor@example.org"),
        ("visit_scheduled.remind.assessor.deadline-3", "assessor@example.org"),
        ("visit_scheduled.remind.school_admin.deadline-1", "head.a@example.org"),
    ]
    assert sorted({r.due_on for r in reminders()}) == [tomorrow - timedelta(days=3), tomorrow - timedelta(days=1)]


def test_expiry_reminders_come_90_30_and_7_days_before(ctx, world):
    now = utcnow()
    application_id = at_state(world, "ciss", "renewal_open", expires_at=now + timedelta(days=90))
    sweep_reminders(now)
    assert [r.kind for r in reminders()] == ["renewal_open.remind.school_admin.expires-90"]
    sweep_reminders(now + timedelta(days=60))
    sweep_reminders(now + timedelta(days=61))  # the next day: nothing new
    sweep_reminders(now + timedelta(days=83))
    kinds = [r.kind for r in reminders()]
    assert kinds == [
        "renewal_open.remind.school_admin.expires-90",
        "renewal_open.remind.school_admin.expires-30",
        "renewal_open.remind.school_admin.expires-7",
    ]
    assert all(r.application_id == application_id for r in reminders())


def test_a_new_deadline_is_a_new_reminder(ctx, world):
    from sqlalchemy import update

    from accreditation.models import Application

    application_id = at_state(world, "ciss", "visit_scheduled", deadline=utcnow().date() + timedelta(days=1))
    sweep_reminders()
    db.session.execute(
        update(Application).where(Application.id == application_id).values(deadline=utcnow().date() + timedelta(days=1))
    )
    db.session.commit()
    assert sweep_reminders().reminders == 0  # the same visit date: nothing more
    later = utcnow() + timedelta(days=7)
    db.session.execute(
        update(Application).where(Application.id == application_id).values(deadline=later.date() + timedelta(days=1))
    )
    db.session.commit()
    assert sweep_reminders(later).reminders == 3  # a moved visit: its three reminders again, for the new date


def _statements_of_a_sweep() -> int:
    counted: list[str] = []

    def count(conn, cursor, statement, *args):
        counted.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = sweep_reminders()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert result.reminders > 0
    return len(counted)


def test_the_number_of_statements_does_not_grow_with_the_applications(ctx, world):
    many_at_state(3, "ciss", "self_assessment", entered_days_ago=30)
    few = _statements_of_a_sweep()
    db.session.execute(reminders()[0].__table__.delete())
    db.session.commit()
    many_at_state(60, "ciss", "self_assessment", entered_days_ago=30)
    many = _statements_of_a_sweep()
    assert many == few
    assert len(reminders()) == 63


@pytest.mark.postgres
def test_two_concurrent_sweeps_write_each_reminder_once(app, world):
    with app.app_context():
        many_at_state(40, "esafety-label", "registered", entered_days_ago=30)
        db.session.remove()
    barrier = threading.Barrier(2, timeout=30)
    results = []
    errors = []

    def sweep() -> None:
        with app.app_context():
            try:
                barrier.wait()
                results.append(sweep_reminders())
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(results) == 2 and sum(result.reminders for result in results) == 40  # each written by one sweep
    with app.app_context():
        assert len(reminders()) == 40 and len(recipients()) == 40
        db.session.remove()
