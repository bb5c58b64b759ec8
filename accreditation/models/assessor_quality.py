"""Assessors one can trust (issue 32): the training path to accreditation, calibration exercises judged blind, the
moderation sample of decisions held until a second accredited assessor re-reads them, and schools' feedback.

An assessor is accredited for a programme once ``AssessorAccreditation`` has a row for them (written when their
training credits reach the programme's number, or granted by a coordinator). A held decision
(``ModerationSample``) keeps what the lead decided (``decision`` and ``arguments``) until it is carried out.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class CreditKind(StrEnum):
    MODERATED = "moderated"  # the trainee's own decision, re-read by an accredited assessor
    SHADOWED = "shadowed"  # the trainee assessed beside an accredited lead


class SampleReason(StrEnum):
    TRAINING = "training"  # the assessor is in training: every decision is re-read
    FIRST = "first"  # the assessor's first decision in the programme
    SHARE = "share"  # drawn in the programme's share


class SampleStatus(StrEnum):
    WAITING = "waiting"  # held, for the second assessor
    AGREED = "agreed"  # the second assessor agreed: carried out
    DISAGREED = "disagreed"  # the second assessor disagreed: with the coordinator
    UPHELD = "upheld"  # the coordinator kept the decision: carried out
    OVERTURNED = "overturned"  # the coordinator set it aside: the lead decides again


class AssessorAccreditation(db.Model):
    __tablename__ = "assessor_accreditations"
    __table_args__ = (UniqueConstraint("assessor_id", "programme_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    accredited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: earned
    note: Mapped[str] = mapped_column(Text, default="")

    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])


class TrainingCredit(db.Model):
    """One assessment that counts toward a trainee's accreditation, with the accredited assessor who watched it."""

    __tablename__ = "assessor_training_credits"
    __table_args__ = (
        UniqueConstraint("assessor_id", "application_id", "round"),
        CheckConstraint(_in("kind", CreditKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])


class ModerationSample(db.Model):
    __tablename__ = "moderation_samples"
    __table_args__ = (
        CheckConstraint(_in("reason", SampleReason), name="reason_known"),
        CheckConstraint(_in("status", SampleStatus), name="status_known"),
        Index("ix_moderation_samples_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    decision: Mapped[str] = mapped_column(String(20))  # award, reject, changes
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)  # who decided
    reason: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=SampleStatus.WAITING.value)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    moderator_note: Mapped[str] = mapped_column(Text, default="")
    held_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    settlement_note: Mapped[str] = mapped_column(Text, default="")

    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id])


class CalibrationExercise(db.Model):
    """A past submission (its snapshot, shown without the school), or a calibration sample shipped with the
    programme, that invited assessors judge blind."""

    __tablename__ = "calibration_exercises"
    __table_args__ = (CheckConstraint("(snapshot_id IS NULL) <> (sample_code IS NULL)", name="one_submission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    programme_code: Mapped[str] = mapped_column(String(60))
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))  # a past submission, or
    sample_code: Mapped[str | None] = mapped_column(String(120))  # a calibration sample shipped with the programme
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    invitations: Mapped[list[CalibrationInvitation]] = relationship(
        back_populates="exercise", cascade="all, delete-orphan", order_by="CalibrationInvitation.id"
    )


class CalibrationInvitation(db.Model):
    __tablename__ = "calibration_invitations"
    __table_args__ = (UniqueConstraint("exercise_id", "assessor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("calibration_exercises.id", ondelete="CASCADE"))
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    exercise: Mapped[CalibrationExercise] = relationship(back_populates="invitations")
    assessor: Mapped[User] = relationship()
    judgments: Mapped[list[CalibrationJudgment]] = relationship(
        cascade="all, delete-orphan", order_by="CalibrationJudgment.id"
    )


class CalibrationJudgment(db.Model):
    __tablename__ = "calibration_judgments"
    __table_args__ = (UniqueConstraint("invitation_id", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("calibration_invitations.id", ondelete="CASCADE"))
    criterion_code: Mapped[str] = mapped_column(String(60))
    level: Mapped[int] = mapped_column(Integer)


class SchoolFeedback(db.Model):
    """A school's answer, after a decision, on the lead assessor's work: three marks from 1 to 5."""

    __tablename__ = "school_feedback"
    __table_args__ = (
        UniqueConstraint("review_id", "respondent_id"),
        CheckConstraint("clarity BETWEEN 1 AND 5", name="clarity_range"),
        CheckConstraint("fairness BETWEEN 1 AND 5", name="fairness_range"),
        CheckConstraint("helpfulness BETWEEN 1 AND 5", name="helpfulness_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    clarity: Mapped[int] = mapped_column(Integer)
    fairness: Mapped[int] = mapped_column(Integer)
    helpfulness: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
