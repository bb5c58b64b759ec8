"""The expiry sweep: the events timers fire (expire, open renewal, open re-assessment) move certified and labelled
applications on through fire(), once; overdue certificates are marked expired."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.models import Application, Certificate
from accreditation.models.time import utcnow
from accreditation.reminders.timed_events import DueEvent, due_events, expire_certificates, fire_due
from tests.applications.builders import application, records
from tests.certificates.builders import certificate_of, certified, run_jobs


def _set(application_id: int, **values) -> None:
    db.session.execute(update(Application).where(Application.id == application_id).values(**values))
    db.session.commit()


def test_a_certificate_past_its_expiry_expires_its_application_and_itself(ctx, world, evidence):
    certificate = certified(world, "ciss")
    _set(certificate.application_id, expires_at=utcnow() - timedelta(hours=1))
    [due] = due_events()
    assert (due.application_id, due.event) == (certificate.application_id, "expire")  # not open_renewal
    assert fire_due([due]) == {"fired": 1, "skipped": 0}
    assert application(certificate.application_id).state == "expired"
    assert records(certificate.application_id)[-1].actor_role == "system"
    run_jobs(certificate.application_id, "expire_certificate")
    expired = certificate_of(certificate.application_id)
    assert (expired.status, expired.status_reason) == ("expired", "")
    assert due_events() == []  # nothing more to do: the next sweep finds nothing


def test_renewal_opens_ninety_days_before_expiry(ctx, world, evidence):
    certificate = certified(world, "ciss")
    _set(certificate.application_id, expires_at=utcnow() + timedelta(days=89))
    assert [(e.application_id, e.event) for e in due_events()] == [(certificate.application_id, "open_renewal")]
    fire_due(due_events())
    assert application(certificate.application_id).state == "renewal_open"
    assert certificate_of(certificate.application_id).status == "valid"


def test_reassessment_opens_when_its_date_comes(ctx, world, evidence):
    certificate = certified(world, "esafety-label")
    assert due_events() == []  # a fresh label: nothing due
    _set(certificate.application_id, reassessment_from=utcnow() - timedelta(minutes=1))
    assert fire_due(due_events()) == {"fired": 1, "skipped": 0}
    assert application(certificate.application_id).state == "reassessment_open"


def test_an_application_that_moved_meanwhile_is_skipped_quietly(ctx, world, evidence):
    certificate = certified(world, "esafety-label")
    _set(certificate.application_id, expires_at=utcnow() - timedelta(days=1))
    [due] = due_events()
    stale = DueEvent(due.application_id, due.version - 1, due.event)
    assert fire_due([stale]) == {"fired": 0, "skipped": 1}
    assert fire_due([due, due]) == {"fired": 1, "skipped": 1}  # a duplicated chunk fires once
    assert application(certificate.application_id).state == "expired"


def test_overdue_certificates_are_marked_expired_in_one_statement(ctx, world, evidence):
    certificate = certified(world, "ciss")
    db.session.execute(
        update(Certificate).where(Certificate.id == certificate.id).values(expires_at=utcnow() - timedelta(days=1))
    )
    db.session.commit()
    assert expire_certificates() == 1
    assert certificate_of(certificate.application_id).status == "expired"
    assert expire_certificates() == 0


def test_the_sweeps_run_from_beat(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["sweep-reminders"]["task"] == "accreditation.tasks.reminders.sweep_reminders"
    assert schedule["sweep-expiry"]["task"] == "accreditation.tasks.certificates.sweep_expiry"
    assert max(schedule["sweep-reminders"]["schedule"], schedule["sweep-expiry"]["schedule"]) <= 3600
