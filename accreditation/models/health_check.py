"""The yearly health check of an awarded application: what the school re-confirmed, and its standing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow


class HealthCheck(db.Model):
    __tablename__ = "health_checks"
    __table_args__ = (UniqueConstraint("application_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    period: Mapped[int] = mapped_column(Integer)  # 1: the first year after the award, 2: the second…
    duties_done: Mapped[int] = mapped_column(Integer)
    duties_due: Mapped[int] = mapped_column(Integer)
    training_met: Mapped[bool] = mapped_column(Boolean)
    dropped_criteria: Mapped[str] = mapped_column(Text, default="")  # criterion codes, comma-separated
    note: Mapped[str] = mapped_column(Text, default="")
    good_standing: Mapped[bool] = mapped_column(Boolean)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def dropped(self) -> list[str]:
        return [code for code in self.dropped_criteria.split(",") if code]
