"""The assessor's side of an application: conflicts of interest, the history of assessor assignments, review rounds
with their judgments per criterion, and site visits.

A review belongs to one submitted round (a snapshot). Its judgments are a draft the lead assessor edits until a
decision closes the round (changes requested, awarded, rejected); a decided review is never changed again. A site
visit is one row per scheduling: a reschedule adds a row with the same calendar UID and the next sequence.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from accreditation.extensions import db
from accreditation.models.school import School
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class ConflictKind(StrEnum):
    DECLARED = "declared"  # a personal or professional tie the assessor or a coordinator declared
    ADVISED = "advised"  # the assessor advised or trained the school, so cannot judge it


class Verdict(StrEnum):
    AGREE = "agree"
    DIFFERENT = "different"
    INSUFFICIENT = "insufficient"


class Gap(StrEnum):
    MINOR = "minor"
    SIGNIFICANT = "significant"


class ReviewScope(StrEnum):
    FULL = "full"
    PARTIAL = "partial"


class Decision(StrEnum):
    CHANGES_REQUESTED = "changes_requested"
    AWARDED = "awarded"
    REJECTED = "rejected"


class AssessorConflict(db.Model):
    """An assessor who may not assess a school: a declared conflict of interest, or having advised it. A conflict
    recorded in error is withdrawn by a coordinator, with a reason, never deleted: ``withdrawn_at`` set, the row kept
    as history; a new one of the same kind may be recorded later."""

    __tablename__ = "assessor_conflicts"
    __table_args__ = (
        # One standing conflict of each kind per assessor and school; withdrawn ones are history.
        Index(
            "uq_assessor_conflicts_standing",
            "assessor_id",
            "school_id",
            "kind",
            unique=True,
            postgresql_where=text("withdrawn_at IS NULL"),
            sqlite_where=text("withdrawn_at IS NULL"),
        ),
        CheckConstraint(_in("kind", ConflictKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawal_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    school: Mapped[School] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @hybrid_property
    def standing(self) -> bool:
        """Not withdrawn: it bars the assessor (also usable in a query's WHERE)."""
        return self.withdrawn_at is None

    @standing.inplace.expression
    @classmethod
    def _standing_expression(cls) -> ColumnElement[bool]:
        return cls.withdrawn_at.is_(None)


class AssessorAssignment(db.Model):
    """One assignment of an assessor to an application in a role, kept after it ends (``ended_at``): the history
    of who assessed and moderated an application. ``application_assessors`` holds the current ones only."""

    __tablename__ = "assessor_assignments"
    __table_args__ = (
        CheckConstraint("role IN ('lead', 'moderator')", name="role_known"),
        Index("ix_assessor_assignments_application", "application_id", "assigned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])


class Review(db.Model):
    """The review of one submitted round (snapshot). ``scope`` is full, or partial when the previous round found
    only minor gaps (the criteria not found wanting then carry their judgments over). Undecided: a draft."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("snapshot_id"),
        UniqueConstraint("application_id", "round"),
        CheckConstraint(_in("scope", ReviewScope), name="scope_known"),
        CheckConstraint(f"decision IS NULL OR {_in('decision', Decision)}", name="decision_known"),
        CheckConstraint("(decision IS NULL) = (decided_at IS NULL)", name="decided_with_a_date"),
        CheckConstraint("round >= 1", name="round_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    round: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(10), default=ReviewScope.FULL.value)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_version: Mapped[int | None] = mapped_column(Integer)  # the application's version after the decision
    recommended_level: Mapped[str | None] = mapped_column(String(40))
    awarded_level: Mapped[str | None] = mapped_column(String(40))
    justification: Mapped[str] = mapped_column(Text, default="")

    judgments: Mapped[list[Judgment]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Judgment.id"
    )
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_decided(self) -> bool:
        return self.decision is not None

    def judgment(self, criterion_code: str) -> Judgment | None:
        return next((j for j in self.judgments if j.criterion_code == criterion_code), None)


class Judgment(db.Model):
    """The assessor's judgment of one criterion in one round: agree with the level claimed (``claimed_level``), a
    different level (``level``), or insufficient evidence; a comment; for a shortfall, how big the gap is.
    ``carried_from_round``: judged in that earlier round and carried over unchanged."""

    __tablename__ = "review_judgments"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_code"),
        CheckConstraint(_in("verdict", Verdict), name="verdict_known"),
        CheckConstraint(f"gap IS NULL OR {_in('gap', Gap)}", name="gap_known"),
        CheckConstraint("(verdict = 'different') = (level IS NOT NULL)", name="level_with_different"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    criterion_code: Mapped[str] = mapped_column(String(60))
    claimed_level: Mapped[int | None] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(20))
    level: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    gap: Mapped[str | None] = mapped_column(String(20))
    carried_from_round: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    review: Mapped[Review] = relationship(back_populates="judgments")
    updated_by: Mapped[User | None] = relationship()

    @property
    def carried_over(self) -> bool:
        return self.carried_from_round is not None


class SiteVisit(db.Model):
    """One scheduling of an application's site visit. Every (re)scheduling adds a row with the same ``uid`` and
    the next ``sequence`` (the calendar file's UID and SEQUENCE); the latest row is the visit as it stands."""

    __tablename__ = "site_visits"
    __table_args__ = (
        UniqueConstraint("application_id", "sequence"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(160))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    record_version: Mapped[int] = mapped_column(Integer)  # the transition record that (re)scheduled it
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    scheduled_by: Mapped[User | None] = relationship()
