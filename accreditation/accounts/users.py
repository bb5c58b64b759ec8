"""Creating users with their roles: used by the CLI, the admin pages and the demo loader."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.accounts.passwords import password_problem
from accreditation.applications.errors import ApplicationError
from accreditation.extensions import db
from accreditation.models import AssessorLanguage, Country, Membership, Region, RoleGrant, School, User
from accreditation.models.school import MemberRole
from accreditation.models.user import Role
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR

ROLE_CHOICES = (ADMIN, COORDINATOR, ASSESSOR, "school-admin", "school-staff")


class AccountError(ApplicationError):
    """A request about accounts that cannot be carried out; the message says why. A domain error: uncaught, the
    one handler of the pages (``web.domain_error_page``) or of the API (``api/errors.py``) answers it with its
    ``status`` (422 unless a subclass says otherwise). A view that shows the message beside a field catches it."""

    status = 422


def find_user_by_email(email: str) -> User | None:
    """The user with this address, in any letter case: addresses are stored in lower case (create_user), so the
    lookup uses the unique index on ``users.email`` rather than scanning every user for ``lower(email)``."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def scoped_grants(role: str, countries: list[str], regions: list[str]) -> list[RoleGrant]:
    """The grants of the programme role ``role`` (admin, coordinator or assessor) over ``countries`` and ``regions``
    (upper-case codes), not yet added to anyone. AccountError for an unknown code or a scope the role cannot have:
    an admin has none, a coordinator needs countries or regions, an assessor countries."""
    for code in countries:
        if db.session.get(Country, code) is None:
            raise AccountError(_("Unknown country code %(code)s.", code=repr(code)))
    for code in regions:
        if db.session.get(Region, code) is None:
            raise AccountError(_("Unknown region code %(code)s.", code=repr(code)))
    if role == Role.ADMIN.value:
        if countries or regions:
            raise AccountError(_("An admin covers every country: choose no country or region."))
        return [RoleGrant(role=role)]
    if role == Role.COORDINATOR.value:
        if not (countries or regions):
            raise AccountError(_("Choose at least one country or region for a coordinator."))
        grants = [RoleGrant(role=role, country_code=code) for code in countries]
        for code in regions:
            region = db.session.get(Region, code)
            grants.append(RoleGrant(role=role, country_code=region.country_code, region_code=code))
        return grants
    if role == Role.ASSESSOR.value:
        if not countries or regions:
            raise AccountError(_("Choose at least one country for an assessor: assessors cover whole countries."))
        return [RoleGrant(role=role, country_code=code) for code in countries]
    raise AccountError(f"Unknown role {role!r}.")


def create_user(
    email: str,
    name: str,
    role: str,
    password: str | None,
    countries: Iterable[str] = (),
    regions: Iterable[str] = (),
    languages: Iterable[str] = (),
    school_id: int | None = None,
    language: str = "",
) -> User:
    """Create a user holding ``role`` (one of ROLE_CHOICES) with its scope. Flushes, never commits."""
    email = email.strip().lower()
    countries = [c.strip().upper() for c in countries]
    regions = [r.strip().upper() for r in regions]
    if role not in ROLE_CHOICES:
        raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLE_CHOICES)}.")
    if find_user_by_email(email):
        raise AccountError(_("A user with the e-mail %(email)s already exists.", email=email))
    if password is not None and (problem := password_problem(password, (email, name))):
        raise AccountError(problem)
    grants = [] if role.startswith("school-") else scoped_grants(role, countries, regions)
    school = None
    if role.startswith("school-"):
        if school_id is None:
            raise AccountError(f"A {role} needs --school ID.")
        school = db.session.get(School, school_id)
        if school is None:
            raise AccountError(f"There is no school with id {school_id}.")

    user = User(email=email, name=name or email.split("@")[0], language=language)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    if grants:
        user.grants.extend(grants)
        if role == ASSESSOR:
            user.assessor_languages.extend(AssessorLanguage(language=lang.strip().lower()) for lang in languages)
    else:
        member_role = MemberRole.SCHOOL_ADMIN if role == "school-admin" else MemberRole.SCHOOL_STAFF
        db.session.add(Membership(user=user, school=school, role=member_role.value))
    db.session.flush()
    return user
