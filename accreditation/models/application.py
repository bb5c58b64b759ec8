"""Applications (one school in one programme for one cycle), their append-only history, follow-up jobs (the
outbox), module completion and assessor assignments.

State names come from the programme definitions (data), so ``state`` is a plain string; the application's
``version`` is the optimistic-concurrency token that ``fire()`` checks and increments in one conditional UPDATE.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.school import School
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


class AssessorRole(StrEnum):
    LEAD = "lead"
    MODERATOR = "moderator"

    @property
    def title(self) -> str:
        return _("Lead assessor") if self.value == "lead" else _("Moderator")


class Application(db.Model):
    """One school × one programme × one cycle: the workflow instance."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("school_id", "programme_code", "cycle"),
        CheckConstraint("cycle >= 1", name="cycle_positive"),
        CheckConstraint("version >= 1", name="version_positive"),
        # Timer sweeps and programme dashboards: every application of a programme in a state.
        Index("ix_applications_programme_state", "programme_code", "state"),
        # Region reports join schools (indexed by region) to applications by school and count by state.
        Index("ix_applications_school_state", "school_id", "state"),
        # The coordinators' dashboard (accreditation/dashboard, bench/dashboard.py): a programme's applications
        # started or awarded in a range of dates (index-only on PostgreSQL).
        Index(
            "ix_applications_programme_created", "programme_code", "created_at", postgresql_include=["school_id", "id"]
        ),
        Index(
            "ix_applications_programme_awarded",
            "programme_code",
            "awarded_at",
            postgresql_include=["school_id"],
            postgresql_where=text("awarded_at IS NOT NULL"),
            sqlite_where=text("awarded_at IS NOT NULL"),
        ),
        # At most one open cycle per school and programme, even with two requests racing.
        Index(
            "ix_applications_one_open_cycle",
            "school_id",
            "programme_code",
            unique=True,
            postgresql_where=text("is_open"),
            sqlite_where=text("is_open"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    programme_code: Mapped[str] = mapped_column(String(40))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(40))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    state_entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[date | None] = mapped_column(Date)  # e.g. the site visit's date
    award_level: Mapped[str | None] = mapped_column(String(40))
    awarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reassessment_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    assessors: Mapped[list[ApplicationAssessor]] = relationship(
        back_populates="application", order_by="ApplicationAssessor.assigned_at"
    )
    modules: Mapped[list[ApplicationModule]] = relationship(order_by="ApplicationModule.completed_at")

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.programme_code}#{self.cycle} {self.state} v{self.version}>"


STAY_ENDED = "from_state IS NOT NULL AND seconds_in_from_state IS NOT NULL AND from_state <> to_state"


class TransitionRecord(db.Model):
    """One state change: who, when, from, to, event, comment, data. Append-only (database triggers refuse
    UPDATE and DELETE). ``version`` is the application's version after the change; the first record of a
    cycle (joining the programme) has no ``from_state``."""

    __tablename__ = "transition_records"
    __table_args__ = (
        UniqueConstraint("application_id", "version"),
        # The records that end a stay, with its length (the dashboard's time in each state for a region or a date
        # range; index-only on PostgreSQL).
        Index(
            "ix_transition_records_stays",
            "application_id",
            postgresql_include=["from_state", "seconds_in_from_state"],
            postgresql_where=text(STAY_ENDED),
            sqlite_where=text(STAY_ENDED),
        ),
        CheckConstraint(
            "actor_role IN ('school_admin', 'school_staff', 'assessor', 'coordinator', 'admin', 'system')",
            name="actor_role_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    version: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_role: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How long the application stayed in ``from_state`` (written by fire(); None on the first record of a cycle).
    seconds_in_from_state: Mapped[int | None] = mapped_column(Integer)

    actor: Mapped[User | None] = relationship()


class OutboxJob(db.Model):
    """A follow-up job (an action named by the programme) recorded in the transaction that caused it, relayed
    to Celery after commit. ``done_at`` is set once; a second delivery of the same job does nothing."""

    __tablename__ = "outbox_jobs"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index(
            "ix_outbox_jobs_pending",
            "created_at",
            postgresql_where=text("done_at IS NULL"),
            sqlite_where=text("done_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(60))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    relayed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship()


class ApplicationModule(db.Model):
    """A programme module (e.g. one of the five CISS modules) the school has put in place."""

    __tablename__ = "application_modules"
    __table_args__ = (UniqueConstraint("application_id", "module_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    module_code: Mapped[str] = mapped_column(String(40))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    completed_by: Mapped[User | None] = relationship()


class ApplicationAssessor(db.Model):
    """An assessor assigned to an application, as its lead assessor or as the moderator (a second assessor)."""

    __tablename__ = "application_assessors"
    __table_args__ = (
        UniqueConstraint("application_id", "role"),
        UniqueConstraint("application_id", "user_id"),
        CheckConstraint("role IN ('lead', 'moderator')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=AssessorRole.LEAD.value)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    application: Mapped[Application] = relationship(back_populates="assessors")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def role_title(self) -> str:
        return AssessorRole(self.role).title


# --- the history is append-only ---------------------------------------------------------------------------------
# The same statements are in migration 0002 (migrations are snapshots); these make `metadata.create_all` match.

POSTGRESQL_APPEND_ONLY = [
    """
    CREATE OR REPLACE FUNCTION transition_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'transition_records is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$
    """,
    """
    CREATE TRIGGER transition_records_append_only BEFORE UPDATE OR DELETE ON transition_records
    FOR EACH ROW EXECUTE FUNCTION transition_records_append_only()
    """,
]

SQLITE_APPEND_ONLY = [
    """
    CREATE TRIGGER transition_records_no_update BEFORE UPDATE ON transition_records
    BEGIN SELECT RAISE(ABORT, 'transition_records is append-only: UPDATE is not allowed'); END
    """,
    """
    CREATE TRIGGER transition_records_no_delete BEFORE DELETE ON transition_records
    BEGIN SELECT RAISE(ABORT, 'transition_records is append-only: DELETE is not allowed'); END
    """,
]

for _statement in POSTGRESQL_APPEND_ONLY:
    event.listen(TransitionRecord.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in SQLITE_APPEND_ONLY:
    event.listen(TransitionRecord.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
