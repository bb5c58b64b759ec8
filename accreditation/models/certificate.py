"""Certificates: what an application earned, with a serial, dates, a status, a stored PDF and a public
verification id.

One certificate per application and kind (the award, or an intermediate one such as a certificate of commitment):
the unique constraint is what makes a retried or duplicated issuing task harmless. What the certificate says
(school, programme, level) is copied when it is issued, so renaming a school later does not rewrite a certificate
that was already handed out.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.application import Application
from accreditation.models.school import School
from accreditation.models.status_positions import draw_for_insert
from accreditation.models.time import UTCDateTime, utcnow


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


class CertificateKind(StrEnum):
    AWARD = "award"  # the programme's award, at a level
    INTERMEDIATE = "intermediate"  # the programme's intermediate certificate (e.g. of commitment)


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("application_id", "kind"),
        UniqueConstraint("serial"),
        UniqueConstraint("verification_id"),
        UniqueConstraint("status_position"),
        CheckConstraint(_in("status", CertificateStatus), name="status_known"),
        CheckConstraint(_in("kind", CertificateKind), name="kind_known"),
        # The public list of certified schools: valid award certificates of one programme.
        Index("ix_certificates_programme_status", "programme_code", "status"),
        Index("ix_certificates_school_programme", "school_id", "programme_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    programme_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    serial: Mapped[str] = mapped_column(String(40))
    verification_id: Mapped[str] = mapped_column(String(32))  # random; the public code is it plus its HMAC
    # What the certificate says, as it was when issued.
    school_name: Mapped[str] = mapped_column(String(200))
    programme_name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(40))  # the award level's code (None: intermediate)
    title: Mapped[str] = mapped_column(String(200))  # the level's label, or the intermediate certificate's
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default=CertificateStatus.VALID.value)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_reason: Mapped[str] = mapped_column(Text, default="")  # e.g. the coordinator's reason to revoke
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    pdf_key: Mapped[str | None] = mapped_column(String(32))  # accreditation.storage key
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    # Its entry in the published status lists: drawn at random once, when written (models/status_positions.py).
    status_position: Mapped[int] = mapped_column(Integer, default=draw_for_insert)

    application: Mapped[Application] = relationship()
    school: Mapped[School] = relationship()

    @property
    def is_award(self) -> bool:
        return self.kind == CertificateKind.AWARD

    def status_at(self, moment: datetime) -> str:
        """The status as of ``moment``: a valid certificate past its expiry is expired even before the sweep ran."""
        if self.status == CertificateStatus.VALID and self.expires_at is not None and self.expires_at <= moment:
            return CertificateStatus.EXPIRED.value
        return self.status

    def __repr__(self) -> str:
        return f"<Certificate {self.serial} {self.status}>"
