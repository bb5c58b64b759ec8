"""Users and the roles they hold, with their scope."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow
from workflows import roles

if TYPE_CHECKING:
    from accreditation.models.school import Membership


class Role(StrEnum):
    """Roles held through a grant. School roles are held through a Membership instead."""

    ADMIN = roles.ADMIN
    COORDINATOR = roles.COORDINATOR
    ASSESSOR = roles.ASSESSOR


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    language: Mapped[str] = mapped_column(String(8), default="")  # empty: automatic (school, then browser)
    timezone: Mapped[str] = mapped_column(String(64), default="")  # empty: automatic (where they work, else UTC)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Part of what a session cookie holds (see get_id): raising it ends every session signed in before.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    grants: Mapped[list[RoleGrant]] = relationship(back_populates="user", cascade="all, delete-orphan")
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")
    assessor_languages: Mapped[list[AssessorLanguage]] = relationship(cascade="all, delete-orphan")

    # --- passwords -------------------------------------------------------------------------------------------
    def set_password(self, password: str) -> None:
        """Set a new password; the sessions signed in under the old one end."""
        self.password_hash = generate_password_hash(password)  # scrypt, salted
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    # --- flask-login -----------------------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        """What a signed-in session holds: the id and the session epoch. A session cookie is signed, not stored, so
        signing out could not otherwise end a copy of it; identity.load_principal refuses a session from an older
        epoch."""
        return f"{self.id}:{self.session_epoch or 0}"

    def end_sessions(self) -> None:
        """End every session of this user, in every browser (at sign-out and when the password changes)."""
        self.session_epoch = (self.session_epoch or 0) + 1

    # --- roles -----------------------------------------------------------------------------------------------
    def has_role(self, role: Role | str) -> bool:
        return any(g.role == role for g in self.grants)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_assessor(self) -> bool:
        return self.has_role(Role.ASSESSOR)

    @property
    def role_names(self) -> list[str]:
        names = sorted({g.role for g in self.grants})
        names += sorted({m.role for m in self.memberships})
        return names

    def scope(self, role: Role) -> tuple[set[str], set[str]]:
        """The (countries, regions) covered by this user's grants of ``role``."""
        countries = {g.country_code for g in self.grants if g.role == role and g.country_code and not g.region_code}
        regions = {g.region_code for g in self.grants if g.role == role and g.region_code}
        return countries, regions

    def coordinates(self, country_code: str, region_code: str) -> bool:
        """True when this user coordinates (or administers) the given region."""
        if self.is_admin:
            return True
        countries, regions = self.scope(Role.COORDINATOR)
        return country_code in countries or region_code in regions

    def membership_of(self, school_id: int) -> Membership | None:
        return next((m for m in self.memberships if m.school_id == school_id), None)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RoleGrant(db.Model):
    """A role given to a user, optionally scoped to a country or a region.

    Coordinators are scoped to countries or regions; assessors cover countries; admins are unscoped.
    """

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'coordinator', 'assessor')", name="role_known"),
        CheckConstraint("role != 'admin' OR (country_code IS NULL AND region_code IS NULL)", name="admin_unscoped"),
        UniqueConstraint("user_id", "role", "country_code", "region_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    user: Mapped[User] = relationship(back_populates="grants")


class AssessorLanguage(db.Model):
    """A language an assessor can assess in (ISO 639-1)."""

    __tablename__ = "assessor_languages"
    __table_args__ = (UniqueConstraint("user_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
