"""Account support tables: staff invitations and failed sign-ins (for throttling)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.school import School
from accreditation.models.time import UTCDateTime, utcnow
from workflows.roles import SCHOOL_STAFF


class Invitation(db.Model):
    """An e-mailed invitation to join a school's staff. Only the token's SHA-256 is stored."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint("role IN ('school_admin', 'school_staff')", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20), default=SCHOOL_STAFF)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    school: Mapped[School] = relationship()


class SignInFailure(db.Model):
    """One failed sign-in, kept for the throttling window."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class AccountMailRequest(db.Model):
    """One request that e-mails an account (a password link, a registration with its address), kept for the
    throttling window; counted per e-mail address asked for and per network address asking."""

    __tablename__ = "account_mail_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
