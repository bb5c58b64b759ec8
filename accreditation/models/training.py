"""A school's training register: who was trained in what, when and by whom; and how many people the school has in
each staff role (the denominator of its training coverage)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User
from workflows.between_awards import STAFF_ROLES

ROLE_KNOWN = f"staff_role IN ({', '.join(repr(role) for role in STAFF_ROLES)})"


class TrainingRecord(db.Model):
    """One completed training of one person: a member of the school (``user_id``) or a named person without an
    account (``person_name`` only). The course is one of the programme's (``course_code``) or free text."""

    __tablename__ = "training_records"
    __table_args__ = (
        CheckConstraint(ROLE_KNOWN, name="staff_role_known"),
        CheckConstraint("course_code IS NOT NULL OR course_text <> ''", name="course_named"),
        Index("ix_training_records_school_id_completed_on", "school_id", "completed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(120))
    staff_role: Mapped[str] = mapped_column(String(20))
    course_code: Mapped[str | None] = mapped_column(String(60))
    course_text: Mapped[str] = mapped_column(String(200), default="")
    completed_on: Mapped[date] = mapped_column(Date)
    provider: Mapped[str] = mapped_column(String(200), default="")
    # The certificate of the training, stored through accreditation.storage (its key, never a path).
    file_key: Mapped[str | None] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    # Its size in bytes, counted in the school's storage quota (NULL: stored before sizes were recorded, counts 0).
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def person_key(self) -> str:
        """Who was trained, for counting people once (``person_key``)."""
        return person_key(self.user_id, self.person_name)


def person_key(user_id: int | None, person_name: str) -> str:
    """Who was trained, for counting people once: the member, else the name as written (case and spaces aside)."""
    return f"user:{user_id}" if user_id else "name:" + " ".join(person_name.casefold().split())


class StaffCount(db.Model):
    """How many people the school has in one staff role, as its admin declared."""

    __tablename__ = "staff_counts"
    __table_args__ = (
        UniqueConstraint("school_id", "staff_role"),
        CheckConstraint(ROLE_KNOWN, name="staff_role_known"),
        CheckConstraint("people >= 0", name="people_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    staff_role: Mapped[str] = mapped_column(String(20))
    people: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
