"""Accounts for the programme's own people — coordinators, assessors, admins — created by admins and coordinators,
and deactivated (or reactivated) by the same people when someone leaves the programme.

Admins create any of them. A coordinator creates assessors and coordinators, but only within their own scope:
a country-wide coordinator may grant their countries or regions in them; a regional coordinator only their regions
(and, for assessors, who are scoped by country, only the countries of those regions).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from accreditation.accounts.users import AccountError, create_user, scoped_grants
from accreditation.applications.permissions import visible_applications
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name, sorted_places
from accreditation.models import ApiToken, Application, ApplicationAssessor, AssessorLanguage, Region, RoleGrant, User
from accreditation.models.time import utcnow
from accreditation.models.user import Role
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR

STAFF_ROLES = (COORDINATOR, ASSESSOR, ADMIN)
STAFF_ROLE_TITLES = {COORDINATOR: _l("Coordinator"), ASSESSOR: _l("Assessor"), ADMIN: _l("Admin")}


def grantable_roles(creator: User) -> tuple[str, ...]:
    """The roles ``creator`` may give to a new account, in the order a form offers them."""
    if creator.is_admin:
        return STAFF_ROLES
    if creator.is_coordinator:
        return (COORDINATOR, ASSESSOR)
    return ()


def _scope_problem(creator: User, role: str, countries: list[str], regions: list[str]) -> str | None:
    if creator.is_admin:
        return None
    own_countries, own_regions = creator.scope(Role.COORDINATOR)
    region_countries = {
        r.country_code: r.code for r in db.session.scalars(select(Region).where(Region.code.in_(own_regions)))
    }
    for code in countries:
        if code in own_countries:
            continue
        if role == ASSESSOR and code in region_countries:
            continue  # an assessor covers a country; a regional coordinator may recruit one for their country
        return _("You coordinate no part of %(code)s: you cannot grant it.", code=code)
    for code in regions:
        region = db.session.get(Region, code)
        if region is None:
            return _("Unknown region code %(code)s.", code=repr(code))
        if code not in own_regions and region.country_code not in own_countries:
            return _("The region %(code)s is outside the area you coordinate.", code=code)
    return None


def create_staff_account(
    creator: User,
    email: str,
    name: str,
    role: str,
    countries: Iterable[str] = (),
    regions: Iterable[str] = (),
    languages: Iterable[str] = (),
    language: str = "en",
) -> User:
    """Create an account without a password (the new user sets one from an e-mailed link); an assessor needs the
    languages they work in. AccountError when ``creator`` may not. Flushes only."""
    countries, regions = _places_to_grant(creator, role, countries, regions)
    languages = list(dict.fromkeys(code.strip().lower() for code in languages if code.strip()))
    if role == Role.ASSESSOR.value and not languages:
        raise AccountError(_("Give at least one language the assessor works in."))
    return create_user(email, name, role, None, countries, regions, languages, language=language)


def _places_to_grant(
    granter: User, role: str, countries: Iterable[str], regions: Iterable[str]
) -> tuple[list[str], list[str]]:
    """The country and region codes of a role ``granter`` gives, normalised; AccountError when they may not give the
    role, or not there."""
    if role not in grantable_roles(granter):
        raise AccountError(_("You may not grant the role %(role)s.", role=STAFF_ROLE_TITLES.get(role, role)))
    countries = list(dict.fromkeys(c.strip().upper() for c in countries if c.strip()))
    regions = list(dict.fromkeys(r.strip().upper() for r in regions if r.strip()))
    if problem := _scope_problem(granter, role, countries, regions):
        raise AccountError(problem)
    if role == ASSESSOR and regions:
        raise AccountError(_("Assessors cover whole countries: choose countries, not regions."))
    return countries, regions


def staff_query(viewer: User, role: str | None = None, search: str = "") -> Select:
    """Users holding a programme role, limited to those whose grants fall in ``viewer``'s scope."""
    grants = select(RoleGrant.user_id)
    if role:
        grants = grants.where(RoleGrant.role == role)
    if not viewer.is_admin:
        countries, regions = viewer.scope(Role.COORDINATOR)
        grants = grants.where(
            RoleGrant.role != Role.ADMIN.value,
            or_(RoleGrant.country_code.in_(countries), RoleGrant.region_code.in_(regions)),
        )
    query = select(User).where(User.id.in_(grants)).order_by(func.lower(User.name))
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern)))
    return query


def grantable_places(creator: User) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (code, name) countries and regions ``creator`` may put in a new account's scope."""
    from accreditation.models import Country

    countries = select(Country).order_by(Country.name)
    regions = select(Region).order_by(Region.country_code, Region.name)
    if not creator.is_admin:
        own_countries, own_regions = creator.scope(Role.COORDINATOR)
        region_countries = set(
            db.session.scalars(select(Region.country_code).where(Region.code.in_(own_regions))).all()
        )
        countries = countries.where(Country.code.in_(own_countries | region_countries))
        regions = regions.where(or_(Region.country_code.in_(own_countries), Region.code.in_(own_regions)))
    named_countries = [(c.code, country_name(c.code, fallback=c.name)) for c in db.session.scalars(countries)]
    named_regions = [(r.code, region_name(r.code, fallback=r.name)) for r in db.session.scalars(regions)]
    return (  # in the reader's language and alphabetical order
        [(code, f"{name} ({code})") for code, name in sorted_places(named_countries, key=lambda pair: pair[1])],
        [(code, f"{name} ({code})") for code, name in sorted_places(named_regions, key=lambda pair: pair[1])],
    )


# --- deactivating and reactivating an account ----------------------------------------------------------------------


class NotYoursToManage(AccountError):
    """The account is not one the person may change (their own, an admin's, or one with roles outside their area)."""

    status = 403


def staff_person(viewer: User, user_id: int) -> User | None:
    """The programme person ``user_id`` if ``viewer`` sees them on the people page (the same scope), else None."""
    return db.session.scalar(staff_query(viewer).where(User.id == user_id))


def management_problem(manager: User, person: User) -> str | None:
    """Why ``manager`` may not deactivate or reactivate ``person``, or None when they may. The rule is creation's: an
    admin manages anyone but themselves; a coordinator manages an account only when they could have created every
    role it holds (a person with roles elsewhere, or an admin, is for an admin)."""
    if person.id == manager.id:
        return _("You cannot deactivate or reactivate your own account; another admin can.")
    if manager.is_admin:
        return None
    for role in sorted({grant.role for grant in person.grants}):
        if role not in grantable_roles(manager):
            return _("%(name)s is an admin: only an admin can change the account.", name=person.name)
        countries, regions = person.scope(Role(role))
        if _scope_problem(manager, role, sorted(countries), sorted(regions)) is not None:
            return _(
                "%(name)s also holds roles outside the area you coordinate: an admin can change the account.",
                name=person.name,
            )
    return None


def status_title(person: User) -> str:
    """How the people pages name an account's state: deactivated, invited (no password set yet) or active."""
    if not person.active:
        return _("Deactivated")
    return _("Invited") if not person.password_hash else _("Active")


def set_active(manager: User, person: User, active: bool) -> bool:
    """Deactivate (``active`` False) or reactivate ``person``; whether anything changed. A deactivated person is
    signed out everywhere at once, cannot sign in, and their API tokens are revoked for good; their assignments stay
    until a coordinator reassigns them. AccountError when ``manager`` may not. Flushes only."""
    if problem := management_problem(manager, person):
        raise NotYoursToManage(problem)
    if person.active == active:
        return False
    person.active = active
    if not active:
        person.end_sessions()
        now = utcnow()
        for token in db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == person.id, ApiToken.revoked_at.is_(None))
        ):
            token.revoked_at = now
    db.session.flush()
    return True


# --- changing an account's roles ------------------------------------------------------------------------------------


def _grant_key(grant: RoleGrant) -> tuple[str, str | None, str | None]:
    return grant.role, grant.country_code, grant.region_code


def add_role(
    manager: User,
    person: User,
    role: str,
    countries: Iterable[str] = (),
    regions: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> list[RoleGrant]:
    """Give ``person`` ``role`` over more countries or regions (the places they already hold are left as they are);
    the new grants. The rules are creation's: ``manager`` must manage the account and could grant the role there,
    and an assessor needs languages (those given are added to theirs). AccountError otherwise. Flushes only."""
    if problem := management_problem(manager, person):
        raise NotYoursToManage(problem)
    countries, regions = _places_to_grant(manager, role, countries, regions)
    held = {_grant_key(grant) for grant in person.grants}
    new = [grant for grant in scoped_grants(role, countries, regions) if _grant_key(grant) not in held]
    if not new:
        raise AccountError(_("%(name)s already holds that role there.", name=person.name))
    if role == Role.ASSESSOR.value:
        known = {entry.language for entry in person.assessor_languages}
        added = [code for code in dict.fromkeys(c.strip().lower() for c in languages) if code and code not in known]
        if not known and not added:
            raise AccountError(_("Give at least one language the assessor works in."))
        person.assessor_languages.extend(AssessorLanguage(language=code) for code in added)
    person.grants.extend(new)
    db.session.flush()
    return new


def last_role_problem(person: User) -> str | None:
    """Why none of ``person``'s roles may be taken away (they hold only one), or None."""
    if len(person.grants) == 1:
        return _("This is %(name)s's only role: deactivate the account instead.", name=person.name)
    return None


def remove_role(manager: User, person: User, grant_id: int) -> RoleGrant:
    """Take one of ``person``'s grants away (a role over one country or region); the grant removed. Their last one
    stays: deactivating is how an account ends. AccountError when ``manager`` may not. Flushes only."""
    if problem := management_problem(manager, person):
        raise NotYoursToManage(problem)
    grant = next((grant for grant in person.grants if grant.id == grant_id), None)
    if grant is None:
        raise AccountError(_("%(name)s holds no such role.", name=person.name))
    if problem := last_role_problem(person):
        raise AccountError(problem)
    person.grants.remove(grant)
    db.session.flush()
    return grant


def open_assignments(viewer: User, person: User) -> list[Application]:
    """The open applications ``person`` is assigned to as an assessor now, of those ``viewer`` may see."""
    assigned = select(ApplicationAssessor.application_id).where(ApplicationAssessor.user_id == person.id)
    query = visible_applications(viewer).where(Application.id.in_(assigned), Application.is_open)
    return list(db.session.scalars(query.order_by(Application.id)))
