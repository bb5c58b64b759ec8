"""Bulk onboarding: a coordinator's upload of a CSV of schools, imported (and its school admins invited) inline or
by a background task, with counts that the job's page shows while it runs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


class JobStatus(StrEnum):
    QUEUED = "queued"
    CHECKING = "checking"
    IMPORTING = "importing"
    INVITING = "inviting"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


class OnboardingJob(db.Model):
    """One uploaded file. ``content`` holds the CSV until the job has finished (then it is emptied); ``problems``
    is a list of ``[line, reason]``; ``rows_written`` and ``invitations_done`` let a retried task resume."""

    __tablename__ = "onboarding_jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'checking', 'importing', 'inviting', 'done', 'failed')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    skip_invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    in_background: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=JobStatus.QUEUED.value)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    good_rows: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    schools_created: Mapped[int] = mapped_column(Integer, default=0)
    schools_updated: Mapped[int] = mapped_column(Integer, default=0)
    invitations_total: Mapped[int] = mapped_column(Integer, default=0)
    invitations_done: Mapped[int] = mapped_column(Integer, default=0)
    invitations_sent: Mapped[int] = mapped_column(Integer, default=0)
    invitations_skipped: Mapped[int] = mapped_column(Integer, default=0)
    invitations_failed: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped[User | None] = relationship()

    @property
    def job_status(self) -> JobStatus:
        return JobStatus(self.status)

    @property
    def finished(self) -> bool:
        return self.job_status.finished

    def __repr__(self) -> str:
        return f"<OnboardingJob {self.id} {self.status} {self.rows_written}/{self.good_rows}>"
