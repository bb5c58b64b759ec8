"""A school's incident log: what happened (a category of the programme's), when, who was involved by role only,
what was done and where it was referred. Visible to the school's admins; coordinators see anonymous counts only."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow


class Incident(db.Model):
    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_school_id_occurred_on", "school_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(60))  # a code of the programme's categories
    occurred_on: Mapped[date] = mapped_column(Date)
    involved: Mapped[str] = mapped_column(String(100), default="")  # roles, comma-separated: "pupil,staff"
    description: Mapped[str] = mapped_column(Text, default="")
    action_taken: Mapped[str] = mapped_column(Text, default="")
    referral: Mapped[str | None] = mapped_column(String(60))  # a code of the country's referral routes
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def involved_roles(self) -> list[str]:
        return [role for role in self.involved.split(",") if role]
