"""A school's self-assessment of one application: its live answers, the immutable snapshots taken at each
submission, and the improvement actions it has ticked on its action plan.

Answers carry a ``revision``: a save names the revision it was based on, so two tabs, a double submit or a late
retry end in a warning or a merge, never a silent overwrite. Snapshots are append-only (database triggers refuse
UPDATE and DELETE): what was submitted stays as it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


class SelfAssessment(db.Model):
    """The working copy of an application's self-assessment, on one framework version."""

    __tablename__ = "self_assessments"
    __table_args__ = (
        UniqueConstraint("application_id"),
        CheckConstraint("framework_version >= 1", name="framework_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    framework_code: Mapped[str] = mapped_column(String(40))
    framework_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="self_assessment", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(db.Model):
    """The school's level and commentary for one criterion. ``level`` is None until chosen."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("self_assessment_id", "criterion_code"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessments.id", ondelete="CASCADE"))
    criterion_code: Mapped[str] = mapped_column(String(60))
    level: Mapped[int | None] = mapped_column(Integer)
    commentary: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    self_assessment: Mapped[SelfAssessment] = relationship(back_populates="answers")
    updated_by: Mapped[User | None] = relationship()


class Snapshot(db.Model):
    """The self-assessment as submitted in one round, frozen against its framework version."""

    __tablename__ = "snapshots"
    __table_args__ = (
        UniqueConstraint("application_id", "round"),
        CheckConstraint("round >= 1", name="round_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    framework_code: Mapped[str] = mapped_column(String(40))
    framework_version: Mapped[int] = mapped_column(Integer)
    record_version: Mapped[int] = mapped_column(Integer)  # the transition record (application version) of the submit
    share_at_benchmark: Mapped[float] = mapped_column(Float)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    answers: Mapped[list[SnapshotAnswer]] = relationship(order_by="SnapshotAnswer.id")
    documents: Mapped[list[SnapshotDocument]] = relationship(order_by="SnapshotDocument.id")
    submitted_by: Mapped[User | None] = relationship()


class SnapshotAnswer(db.Model):
    __tablename__ = "snapshot_answers"
    __table_args__ = (UniqueConstraint("snapshot_id", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    criterion_code: Mapped[str] = mapped_column(String(60))
    area_code: Mapped[str] = mapped_column(String(60))
    level: Mapped[int | None] = mapped_column(Integer)
    benchmark: Mapped[int] = mapped_column(Integer)
    commentary: Mapped[str] = mapped_column(Text, default="")


class SnapshotDocument(db.Model):
    """A document version as it was when the self-assessment was submitted (later versions do not change it)."""

    __tablename__ = "snapshot_documents"
    __table_args__ = (UniqueConstraint("snapshot_id", "document_file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    document_file_id: Mapped[int] = mapped_column(ForeignKey("document_files.id"))
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    criterion_codes: Mapped[list[str]] = mapped_column(JSON, default=list)


class ActionTick(db.Model):
    """An improvement action of the action plan that the school marked as done."""

    __tablename__ = "action_ticks"
    __table_args__ = (UniqueConstraint("application_id", "action_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    action_key: Mapped[str] = mapped_column(String(140))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    done_by: Mapped[User | None] = relationship()


# --- snapshots are append-only --------------------------------------------------------------------------------------
# The same statements are in migration 0003; these make `metadata.create_all` match.

APPEND_ONLY_TABLES = ("snapshots", "snapshot_answers", "snapshot_documents")


def append_only_ddl(table: str) -> dict[str, list[str]]:
    """The statements that make ``table`` refuse UPDATE and DELETE, per dialect."""
    return {
        "postgresql": [
            f"""
            CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{table} is append-only: % is not allowed', TG_OP
                    USING ERRCODE = 'integrity_constraint_violation';
            END;
            $$
            """,
            f"""
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_append_only()
            """,
        ],
        "sqlite": [
            f"""
            CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE is not allowed'); END
            """,
            f"""
            CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE is not allowed'); END
            """,
        ],
    }


for _model in (Snapshot, SnapshotAnswer, SnapshotDocument):
    for _dialect, _statements in append_only_ddl(_model.__tablename__).items():
        for _statement in _statements:
            event.listen(_model.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
