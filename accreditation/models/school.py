"""Schools and the people who belong to them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.geography import Country, Region
from accreditation.models.time import UTCDateTime, utcnow
from workflows import roles

if TYPE_CHECKING:
    from accreditation.models.user import User


class Verification(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"

    @property
    def title(self) -> str:
        titles = {"pending": _("Awaiting verification"), "verified": _("Verified"), "rejected": _("Rejected")}
        return titles[self.value]


class SchoolType(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    COMBINED = "combined"
    VOCATIONAL = "vocational"
    SPECIAL = "special"
    OTHER = "other"

    @property
    def title(self) -> str:
        titles = {
            "primary": _("Primary"),
            "secondary": _("Secondary"),
            "combined": _("Combined"),
            "vocational": _("Vocational"),
            "special": _("Special"),
            "other": _("Other"),
        }
        return titles[self.value]


class MemberRole(StrEnum):
    SCHOOL_ADMIN = roles.SCHOOL_ADMIN
    SCHOOL_STAFF = roles.SCHOOL_STAFF


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class School(db.Model):
    __tablename__ = "schools"
    __table_args__ = (
        UniqueConstraint("country_code", "national_id"),
        CheckConstraint(_in("verification", Verification), name="verification_known"),
        CheckConstraint(_in("school_type", SchoolType), name="school_type_known"),
        CheckConstraint("pupils IS NULL OR pupils >= 0", name="pupils_not_negative"),
        # The dashboard's scope: the schools of countries and regions (index-only on PostgreSQL).
        Index("ix_schools_country_region", "country_code", "region_code", postgresql_include=["id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    national_id: Mapped[str] = mapped_column(String(40))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8))
    school_type: Mapped[str] = mapped_column(String(20), default=SchoolType.OTHER.value)
    pupils: Mapped[int | None] = mapped_column(Integer)
    verification: Mapped[str] = mapped_column(String(10), default=Verification.PENDING.value, index=True)
    verification_note: Mapped[str] = mapped_column(Text, default="")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Shown on the public list of certified schools while certified; the school's admin may opt out.
    listed_publicly: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Shown on the public page of certified schools by region only when the school's admin opted in (default off).
    on_regions_page: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    country: Mapped[Country] = relationship()
    region: Mapped[Region] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="school", cascade="all, delete-orphan")

    @property
    def verification_title(self) -> str:
        return Verification(self.verification).title

    @property
    def school_type_title(self) -> str:
        """The type of school in words, in the current language."""
        try:
            return SchoolType(self.school_type).title
        except ValueError:
            return self.school_type

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    def __repr__(self) -> str:
        return f"<School {self.id} {self.name!r}>"


class Membership(db.Model):
    """A user's role in one school: its school admin or a member of its staff."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "school_id"),
        CheckConstraint(_in("role", MemberRole), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")
