"""The school dashboard's read model: the school as one plain row read by one Core statement (no ORM entity, no
joined region and country: the page names them through the geography filters), checked against the reader's
rights like ``access.get_school``. The page's sections read their own rows (``applications.reads``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import bindparam, select

from accreditation.access import can_see_school
from accreditation.extensions import db
from accreditation.models import School, User
from accreditation.models.school import SchoolType, Verification

SCHOOLS = School.__table__
COLUMNS = (
    "id",
    "name",
    "national_id",
    "country_code",
    "region_code",
    "address",
    "language",
    "school_type",
    "pupils",
    "verification",
    "verification_note",
    "verified_at",
    "listed_publicly",
    "on_regions_page",
)
READ = select(*(SCHOOLS.c[name] for name in COLUMNS)).where(SCHOOLS.c.id == bindparam("school_id"))


@dataclass(frozen=True)
class SchoolRow:
    """What the dashboard shows of a school, with the model's words for its type and verification."""

    id: int
    name: str
    national_id: str
    country_code: str
    region_code: str
    address: str
    language: str
    school_type: str
    pupils: int | None
    verification: str
    verification_note: str
    verified_at: datetime | None
    listed_publicly: bool
    on_regions_page: bool

    @property
    def verification_title(self) -> str:
        return Verification(self.verification).title

    @property
    def school_type_title(self) -> str:
        try:
            return SchoolType(self.school_type).title
        except ValueError:
            return self.school_type

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


def school_row(school_id: int, user: User) -> SchoolRow:
    """The school for ``user``'s dashboard: 404 when it does not exist, 403 when they may not see it."""
    found = db.session.connection().execute(READ, {"school_id": school_id}).first()  # Core: no ORM session step
    if found is None:
        abort(404)
    school = SchoolRow(*found)
    if not can_see_school(user, school):
        abort(403)
    return school
