"""Reminders due from the programmes' timers, and deliveries: e-mails to one person each, sent exactly once.

A reminder is unique per application, kind (which timer of which state) and due date: two sweeps that find it due
at the same time write one row. Each recipient gets one delivery (unique per subject and person: per reminder, per
certificate, or per subject of any other kind of delivery); a delivery is claimed for a while (``lease_until``)
before its e-mail is handed to the mail server and marked ``sent_at`` afterwards, so concurrent senders, a killed
worker and a duplicated task all end with one message.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.application import Application
from accreditation.models.certificate import Certificate
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


class Reminder(db.Model):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("application_id", "kind", "due_on"),
        CheckConstraint("action IN ('remind', 'escalate')", name="action_known"),
        Index("ix_reminders_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(120))  # e.g. "self_assessment.remind.school_admin.entered+30"
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))
    role: Mapped[str] = mapped_column(String(20))  # who is reminded
    relative_to: Mapped[str] = mapped_column(String(20))  # entered | deadline | expires | reassessment
    offset_days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped[Application] = relationship()


# The kinds of delivery whose subject has a column of its own (a foreign key, with its ON DELETE CASCADE and its
# relationship). Every other kind, registered by its feature (its composer in ``accreditation.joints``), names its
# subject in ``Delivery.subject_id``: a new kind needs no new column.
REMINDER = "reminder"
CERTIFICATE = "certificate"
OWN_SUBJECT_COLUMNS = {REMINDER: "reminder_id", CERTIFICATE: "certificate_id"}
# The subject's column matches the kind, so exactly one of the three is set.
KIND_MATCHES_SUBJECT = (
    f"((reminder_id IS NOT NULL) = (kind = '{REMINDER}'))"
    f" AND ((certificate_id IS NOT NULL) = (kind = '{CERTIFICATE}'))"
    f" AND ((subject_id IS NOT NULL) = (kind NOT IN ('{REMINDER}', '{CERTIFICATE}')))"
)


class Delivery(db.Model):
    """One e-mail to one person about one subject: a reminder, a certificate sent to the school, or the subject of
    any other kind (``kind`` names the kind, whose composer makes the message)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        # One delivery per subject and person. Partial unique indexes: a reminder's delivery adds no entry to the
        # certificates' index and the other way round (the sweep writes 100,000s of them).
        Index(
            "uq_deliveries_reminder_id_user_id",
            "reminder_id",
            "user_id",
            unique=True,
            postgresql_where=text("reminder_id IS NOT NULL"),
            sqlite_where=text("reminder_id IS NOT NULL"),
        ),
        Index(
            "uq_deliveries_certificate_id_user_id",
            "certificate_id",
            "user_id",
            unique=True,
            postgresql_where=text("certificate_id IS NOT NULL"),
            sqlite_where=text("certificate_id IS NOT NULL"),
        ),
        # Any other kind: one delivery per kind, subject and person.
        Index(
            "uq_deliveries_kind_subject_id_user_id",
            "kind",
            "subject_id",
            "user_id",
            unique=True,
            postgresql_where=text("subject_id IS NOT NULL"),
            sqlite_where=text("subject_id IS NOT NULL"),
        ),
        CheckConstraint(KIND_MATCHES_SUBJECT, name="one_subject"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The sender's sweep: deliveries not sent yet.
        Index(
            "ix_deliveries_pending",
            "created_at",
            postgresql_where=text("sent_at IS NULL"),
            sqlite_where=text("sent_at IS NULL"),
        ),
        Index("ix_deliveries_user_sent", "user_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # whose composer makes the message (REMINDER, CERTIFICATE, ...)
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"))
    subject_id: Mapped[int | None] = mapped_column(Integer)  # the subject of any other kind, read by its composer
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a task was sent for it
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # claimed by a sender until then
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())  # back-off after a failed attempt
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")

    reminder: Mapped[Reminder | None] = relationship()
    certificate: Mapped[Certificate | None] = relationship()
    user: Mapped[User] = relationship()

    @property
    def idempotency_key(self) -> str:
        """What the e-mail's Message-ID is made of: the same for every attempt at this delivery."""
        return f"{self.kind}-{self.subject_key}-user-{self.user_id}"

    @property
    def subject_key(self) -> int | None:
        """The id of the subject, whichever column holds it."""
        return next((key for key in (self.reminder_id, self.certificate_id, self.subject_id) if key is not None), None)
