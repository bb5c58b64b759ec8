"""Issuing a certificate: get-or-create the one certificate of an application and kind, with its PDF, the e-mails
that send it to the school, and the older certificates it replaces.

A retried or duplicated issuing job finds the certificate the first one created (the unique constraint on
application and kind decides, even for two jobs at the same moment), so it never makes a second certificate or
serial, and the e-mails are deliveries, unique per certificate and person.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import literal, select, update

from accreditation.applications.operations import add_months, fire
from accreditation.applications.runtime import current_workflows
from accreditation.certificates.codes import new_verification_id
from accreditation.certificates.rendering import ensure_pdf
from accreditation.deliveries import dispatch
from accreditation.extensions import db
from accreditation.metrics import timed_certificate
from accreditation.models import Application, Certificate, Delivery, Membership, User
from accreditation.models.certificate import CertificateKind, CertificateStatus
from accreditation.models.inserts import insert_ignoring_duplicates
from accreditation.models.reminder import CERTIFICATE
from accreditation.models.school import MemberRole
from accreditation.models.time import UTCDateTime, utcnow
from workflows import SYSTEM, Programme, WorkflowError

log = logging.getLogger(__name__)
POSITION_ATTEMPTS = 5  # draws of a status position that another certificate took at the same moment


def serial_for(application: Application, kind: CertificateKind, issued_at: datetime) -> str:
    """E.g. CISS-2026-000042 (the award) or CISS-2026-000042-I (an intermediate certificate)."""
    prefix = application.programme_code.replace("-", "").upper()[:12]
    suffix = "" if kind == CertificateKind.AWARD else "-I"
    return f"{prefix}-{issued_at.year}-{application.id:06d}{suffix}"


def _values(application: Application, programme: Programme, kind: CertificateKind, now: datetime) -> dict:
    awards = programme.awards
    if kind == CertificateKind.AWARD:
        level = awards.level(application.award_level or "") if awards else None
        issued_at = application.awarded_at or now
        expires_at = application.expires_at
        if expires_at is None and awards is not None:
            expires_at = add_months(issued_at, awards.validity_months)
        title = level.label if level else programme.name
        level_code = level.code if level else None
    else:
        intermediate = awards.intermediate if awards else None
        issued_at = now
        months = intermediate.validity_months if intermediate else None
        expires_at = add_months(issued_at, months) if months else None
        title = intermediate.label if intermediate else programme.name
        level_code = None
    return {
        "application_id": application.id,
        "school_id": application.school_id,
        "programme_code": application.programme_code,
        "kind": kind.value,
        "serial": serial_for(application, kind, issued_at),
        "verification_id": new_verification_id(),
        "school_name": application.school.name,
        "programme_name": programme.name,
        "level": level_code,
        "title": title,
        "issued_at": issued_at,
        "expires_at": expires_at,
        "status": CertificateStatus.VALID.value,
        "status_reason": "",
    }


def certificate_of(application_id: int, kind: CertificateKind) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.application_id == application_id, Certificate.kind == kind.value)
    )


def issue(application_id: int, kind: CertificateKind, now: datetime | None = None) -> Certificate:
    """The application's certificate of ``kind``: the existing one, or a new one with its PDF stored, the older
    certificates it replaces superseded, and one e-mail delivery per school admin (sent after commit)."""
    now = now or utcnow()
    existing = certificate_of(application_id, kind)
    if existing is not None:
        return existing
    application = db.session.get(Application, application_id)
    programme = current_workflows().programme(application.programme_code)
    for _attempt in range(POSITION_ATTEMPTS):
        created = db.session.execute(
            insert_ignoring_duplicates(Certificate)
            .values(_values(application, programme, kind, now))  # its status position: the column's random draw
            .returning(Certificate.id)
        ).scalar()
        certificate = certificate_of(application_id, kind)
        if certificate is not None:
            break
        # neither written nor found: another certificate took the same random status position a moment ago
    else:
        raise RuntimeError(f"no free status position for application {application_id} after {POSITION_ATTEMPTS} draws")
    if created is None:  # another job created it a moment ago
        return certificate
    with timed_certificate():
        ensure_pdf(certificate)
    if kind == CertificateKind.AWARD:
        supersede_older(certificate, now)
    queue_deliveries(certificate, now)
    log.info("certificate %s issued for application %s", certificate.serial, application_id)
    return certificate


def queue_deliveries(certificate: Certificate, now: datetime) -> list[int]:
    """One delivery per active school admin (one INSERT … SELECT), dispatched once the transaction commits."""
    admins = (
        select(
            literal(CERTIFICATE),
            literal(certificate.id),
            Membership.user_id,
            literal(now, UTCDateTime()),
            literal(now, UTCDateTime()),
            literal(0),
            literal(""),
        )
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.school_id == certificate.school_id,
            Membership.role == MemberRole.SCHOOL_ADMIN.value,
            User.active,
        )
    )
    columns = ["kind", "certificate_id", "user_id", "created_at", "dispatched_at", "attempts", "last_error"]
    statement = insert_ignoring_duplicates(Delivery).from_select(columns, admins).returning(Delivery.id)
    delivery_ids = list(db.session.scalars(statement).all())
    dispatch.remember(delivery_ids)
    return delivery_ids


def supersede_older(certificate: Certificate, now: datetime) -> list[int]:
    """Mark the school's earlier valid certificates of this programme superseded by ``certificate`` (the previous
    cycle's award, this cycle's intermediate certificate), and fire ``supersede`` on the previous cycles'
    applications where their programme allows it now. The ids of the certificates superseded."""
    older = db.session.scalars(
        select(Certificate).where(
            Certificate.school_id == certificate.school_id,
            Certificate.programme_code == certificate.programme_code,
            Certificate.status == CertificateStatus.VALID.value,
            Certificate.id != certificate.id,
        )
    ).all()
    if not older:
        return []
    db.session.execute(
        update(Certificate)
        .where(Certificate.id.in_([row.id for row in older]))
        .values(
            status=CertificateStatus.SUPERSEDED.value,
            status_changed_at=now,
            status_reason=f"Replaced by {certificate.serial}",
            superseded_by_id=certificate.id,
        ),
        execution_options={"synchronize_session": False},
    )
    for application_id in sorted(
        {row.application_id for row in older if row.application_id != certificate.application_id}
    ):
        _fire_supersede(application_id)
    return [row.id for row in older]


def _fire_supersede(application_id: int) -> None:
    """Move the previous cycle on to its ``supersede`` state when its programme has that event from its state."""
    application = db.session.get(Application, application_id)
    programme = current_workflows().programme(application.programme_code)
    if "supersede" not in programme.events or not programme.may_fire({SYSTEM}, application.state, "supersede"):
        return
    try:
        fire(application_id, "supersede", None)  # its errors come before it writes anything
    except WorkflowError as error:
        log.info("application %s not superseded: %s", application_id, error)
