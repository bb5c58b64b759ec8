"""The compliance calendar: one row per school, duty of its programme and period, with its owner and its tick."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.school import School
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


class ComplianceDuty(db.Model):
    __tablename__ = "compliance_duties"
    __table_args__ = (UniqueConstraint("school_id", "duty_code", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    duty_code: Mapped[str] = mapped_column(String(60))  # a duty of the programme's calendar
    due_on: Mapped[date] = mapped_column(Date, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    file_key: Mapped[str | None] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    # The document's size in bytes, counted in the school's storage quota (NULL: stored before sizes were recorded).
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
