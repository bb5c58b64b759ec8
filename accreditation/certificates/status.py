"""The end of a certificate's validity: expired (by the system, at the end of its validity), revoked (by a person,
with their reason), or superseded (see ``issuing``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.models import Certificate, TransitionRecord
from accreditation.models.certificate import CertificateStatus
from accreditation.models.time import utcnow
from workflows import SYSTEM


def end_validity(application_id: int, record: TransitionRecord | None, now: datetime | None = None) -> int:
    """End the application's valid certificates as the change in ``record`` says: revoked with the comment as the
    reason when a person made it (a coordinator revoking), expired when the system did (a timer). The number of
    certificates changed."""
    now = now or utcnow()
    by_a_person = record is not None and record.actor_role != SYSTEM
    status = CertificateStatus.REVOKED if by_a_person else CertificateStatus.EXPIRED
    reason = (record.comment or "").strip() if by_a_person else ""
    return db.session.execute(
        update(Certificate)
        .where(Certificate.application_id == application_id, Certificate.status == CertificateStatus.VALID.value)
        .values(status=status.value, status_changed_at=now, status_reason=reason),
        execution_options={"synchronize_session": False},
    ).rowcount


def expire_overdue(now: datetime | None = None) -> int:
    """Mark every valid certificate past its expiry expired (one statement); the number changed."""
    now = now or utcnow()
    return db.session.execute(
        update(Certificate)
        .where(Certificate.status == CertificateStatus.VALID.value, Certificate.expires_at <= now)
        .values(status=CertificateStatus.EXPIRED.value, status_changed_at=now),
        execution_options={"synchronize_session": False},
    ).rowcount
