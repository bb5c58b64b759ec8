"""Builders for the certificate and reminder tests: applications driven to their award through fire() (with the
stand-in evidence of tests/applications), their outbox jobs run, their deliveries sent."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from accreditation.applications import run_job
from accreditation.deliveries.dispatch import dispatch_pending
from accreditation.deliveries.sending import ChunkResult, send_chunk
from accreditation.extensions import db
from accreditation.models import Certificate, Delivery, OutboxJob
from accreditation.models.certificate import CertificateKind
from tests.applications.builders import LONG_COMMENT, assign, complete_modules, fire_as, start
from tests.builders import World

ASSESSOR = "assessor@example.org"
COORDINATORS = {"a": "coord.md@example.org", "b": "coord.ua@example.org"}
HEADS = {"a": "head.a@example.org", "b": "head.b@example.org"}
LEVELS = {"ciss": "established", "esafety-label": "silver"}


def award(world: World, programme: str = "ciss", school: str = "a", level: str | None = None) -> int:
    """A new application driven through fire() into its programme's granting state (certified, labelled); its
    id. Needs the ``evidence`` fixture (the self-assessment and review stand-ins)."""
    head, coordinator = HEADS[school], COORDINATORS[school]
    application_id = start(world, programme, school)
    if programme == "ciss":
        fire_as(application_id, "accept", coordinator)
        complete_modules(application_id, head)
    fire_as(application_id, "start_self_assessment", head)
    fire_as(application_id, "submit", head, comment=LONG_COMMENT)
    assign(application_id, ASSESSOR, by=coordinator)
    fire_as(application_id, "start_review", coordinator)
    level = level or LEVELS[programme]
    if programme == "ciss":
        fire_as(application_id, "schedule_visit", ASSESSOR, date=(date.today() + timedelta(days=10)).isoformat())
        fire_as(application_id, "certify", ASSESSOR, level=level)
    else:
        fire_as(application_id, "award_label", ASSESSOR, level=level)
    return application_id


def pending_jobs(application_id: int, action: str | None = None) -> list[OutboxJob]:
    query = select(OutboxJob).where(OutboxJob.application_id == application_id, OutboxJob.done_at.is_(None))
    if action:
        query = query.where(OutboxJob.action == action)
    return list(db.session.scalars(query.order_by(OutboxJob.id)).all())


def run_jobs(application_id: int, action: str | None = None) -> list[str]:
    """Run the application's pending outbox jobs (of ``action``) in this process, as a worker would."""
    outcomes = [run_job(job.id) for job in pending_jobs(application_id, action)]
    db.session.expire_all()
    return outcomes


def certificate_of(application_id: int, kind: CertificateKind = CertificateKind.AWARD) -> Certificate | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Certificate).where(Certificate.application_id == application_id, Certificate.kind == kind.value)
    )


def certified(world: World, programme: str = "ciss", school: str = "a", level: str | None = None) -> Certificate:
    """An application awarded and its certificate issued (the issuing job run here)."""
    application_id = award(world, programme, school, level)
    run_jobs(application_id, "issue_certificate")
    return certificate_of(application_id)


def send_pending() -> ChunkResult:
    """Send every dispatchable delivery in this process."""
    delivery_ids: list[int] = []
    dispatch_pending(send=delivery_ids.extend)
    return send_chunk(delivery_ids)


def deliveries() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)).all())
