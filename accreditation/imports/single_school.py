"""Adding one school outside a file (the API's ``POST /schools``): checked by the CSV import's rules, within the
coordinator's scope, created verified like an imported school (the coordinator vouches for it), and its school
admin invited when an e-mail address is given."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from accreditation.accounts.invitations import invite_school_admin
from accreditation.accounts.users import AccountError
from accreditation.applications.errors import ApplicationError, NotPermitted
from accreditation.extensions import db
from accreditation.imports.schools_csv import COLUMNS, apply_plan, validate_school
from accreditation.models import Invitation, School, User


class SchoolRefused(ApplicationError):
    """The school's values break a rule of the import; ``field`` names the first one that does."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SchoolExists(ApplicationError):
    status = 409

    def __init__(self, school_id: int | None) -> None:
        super().__init__(_("This school exists already (same country and national identifier)."))
        self.school_id = school_id


@dataclass(frozen=True)
class AddedSchool:
    school: School
    invitation: Invitation | None
    token: str | None  # the invitation's token, for its e-mail (sent after commit)


def may_add_schools(user: User) -> bool:
    return user.is_admin or user.is_coordinator


def add_school(values: dict[str, str], actor: User) -> AddedSchool:
    """Create the school of ``values`` (the import's column names: national_id, name, country, region, address,
    language, type, pupils, email). NotPermitted outside the actor's scope, SchoolRefused for a value the import
    would refuse, SchoolExists when the country already has a school with this national identifier. Flushes,
    never commits."""
    if not may_add_schools(actor):
        raise NotPermitted(_("Only coordinators and admins add schools."))
    row, reason = validate_school(values)
    if row is None:
        named = [column for column in COLUMNS if column in reason]
        raise SchoolRefused(reason, min(named, key=reason.find) if named else None)
    if not actor.coordinates(row.country, row.region):
        raise NotPermitted(_("The region %(region)s is outside your scope.", region=row.region))
    if _existing(row.country, row.national_id) is not None:
        raise SchoolExists(_existing(row.country, row.national_id))
    try:
        with db.session.begin_nested():
            apply_plan([row])
    except IntegrityError:  # created by another request a moment ago
        raise SchoolExists(_existing(row.country, row.national_id)) from None
    school = db.session.get(School, _existing(row.country, row.national_id))
    invitation = token = None
    if row.email:
        try:
            invitation, token = invite_school_admin(school, actor, row.email)
        except AccountError as refused:
            raise SchoolRefused(str(refused), "email") from None
    return AddedSchool(school, invitation, token)


def _existing(country: str, national_id: str) -> int | None:
    query = select(School.id).where(
        School.country_code == country, func.lower(School.national_id) == national_id.lower()
    )
    return db.session.scalar(query)
