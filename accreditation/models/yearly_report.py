"""A yearly report asked for by a coordinator or an admin (issue 31): a programme, a country or one of its regions,
a year and a language; made by a worker (``accreditation.tasks.reports``) into a PDF and an ODT kept in the file
store, with its progress for the page to show."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow


class ReportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class YearlyReport(db.Model):
    __tablename__ = "yearly_reports"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_known"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    programme_code: Mapped[str] = mapped_column(String(40))
    country_code: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str | None] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.QUEUED.value)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    pdf_key: Mapped[str | None] = mapped_column(String(32))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    odt_key: Mapped[str | None] = mapped_column(String(32))
    odt_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
