"""The school dashboard's certificates as plain rows (issue 27): one Core statement reads each certificate's shown
columns with its application's state, instead of Certificate entities and a lazy load of each one's application.
Each line's status is what ``status.standing`` says of the certificate now (the same rules, on the row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from accreditation.applications.runtime import current_workflows
from accreditation.certificates.codes import code_for
from accreditation.certificates.status import ENDED, ENDING_ACTION, SUSPENDED, _ending, suspension_states
from accreditation.extensions import db
from accreditation.models import Application, Certificate, TransitionRecord
from accreditation.models.certificate import CertificateKind, CertificateStatus

CERTIFICATES = Certificate.__table__
APPLICATIONS = Application.__table__
READ = (
    select(
        CERTIFICATES.c.id,
        CERTIFICATES.c.serial,
        CERTIFICATES.c.verification_id,
        CERTIFICATES.c.programme_code,
        CERTIFICATES.c.programme_name,
        CERTIFICATES.c.kind,
        CERTIFICATES.c.level,
        CERTIFICATES.c.title,
        CERTIFICATES.c.expires_at,
        CERTIFICATES.c.status,
        CERTIFICATES.c.application_id,
        APPLICATIONS.c.state,
        APPLICATIONS.c.version,
    )
    .select_from(CERTIFICATES.outerjoin(APPLICATIONS, APPLICATIONS.c.id == CERTIFICATES.c.application_id))
    .where(CERTIFICATES.c.school_id == bindparam("school_id"))
    .order_by(CERTIFICATES.c.issued_at.desc(), CERTIFICATES.c.id.desc())
)


@dataclass(frozen=True)
class CertificateLine:
    """A certificate as the dashboard shows it: the filters ``certificate_programme`` and ``certificate_title`` read
    it like a Certificate; ``status`` is its standing now, ``code`` its public verification code."""

    id: int
    serial: str
    programme_code: str
    programme_name: str
    kind: str
    level: str | None
    title: str
    expires_at: datetime | None
    status: str
    code: str

    @property
    def is_award(self) -> bool:
        return self.kind == CertificateKind.AWARD


def _status_now(row, now: datetime) -> str:
    """``standing(certificate, now).status`` for a row of READ."""
    status = row.status
    if status == CertificateStatus.VALID and row.expires_at is not None and row.expires_at <= now:
        return CertificateStatus.EXPIRED.value
    if status != CertificateStatus.VALID:
        return status
    programme = current_workflows().programmes.get(row.programme_code)
    if row.state is None or programme is None or row.state not in programme.states:
        return status
    if row.state in suspension_states(programme):
        return SUSPENDED
    state = programme.state(row.state)
    if not state.is_final:
        return status
    if ENDING_ACTION not in state.on_enter:
        return ENDED
    record = db.session.scalar(  # its job records the end in a moment: say it now (rare: one read then)
        select(TransitionRecord).where(
            TransitionRecord.application_id == row.application_id, TransitionRecord.version == row.version
        )
    )
    return _ending(record)[0].value


def certificate_lines(school_id: int, now: datetime, rows: Iterable | None = None) -> list[CertificateLine]:
    """The school's certificates, newest first, each with its standing now and its public code; from ``rows`` (as
    READ reads them) when the caller has read them already."""
    if rows is None:
        rows = db.session.connection().execute(READ, {"school_id": school_id})
    return [
        CertificateLine(
            row.id,
            row.serial,
            row.programme_code,
            row.programme_name,
            row.kind,
            row.level,
            row.title,
            row.expires_at,
            _status_now(row, now),
            code_for(row.verification_id),
        )
        for row in rows
    ]
