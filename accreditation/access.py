"""Who may see what: role checks for views, and loaders that 404/403 in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from accreditation.extensions import db
from accreditation.models import School, User
from accreditation.models.school import MemberRole
from accreditation.models.user import Role


def roles_required(*roles: str) -> Callable:
    """Allow a view only to signed-in users holding one of ``roles`` (grant roles or school roles)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not set(roles) & set(current_user.role_names):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_see_school(user: User, school: School) -> bool:
    """Members of the school, the coordinators over its region, and admins."""
    if user.is_admin or user.membership_of(school.id) is not None:
        return True
    return user.is_coordinator and user.coordinates(school.country_code, school.region_code)


def can_administer_school(user: User, school: School) -> bool:
    membership = user.membership_of(school.id)
    return membership is not None and membership.role == MemberRole.SCHOOL_ADMIN


# The school's region and country in the same query: its pages show them (three queries otherwise).
SCHOOL_OPTIONS = (joinedload(School.region), joinedload(School.country))


def get_school(school_id: int, user: User, manage: bool = False) -> School:
    """Load a school for ``user``: 404 when it does not exist, 403 when they may not see (or manage) it."""
    school = db.session.get(School, school_id, options=SCHOOL_OPTIONS)
    if school is None:
        abort(404)
    allowed = can_administer_school(user, school) if manage else can_see_school(user, school)
    if not allowed:
        abort(403)
    return school


def visible_schools(user: User) -> Select:
    """A query of the schools ``user`` may see (``can_see_school``): their own, those of the regions they
    coordinate, every one for admins."""
    query = select(School)
    if user.is_admin:
        return query
    conditions = []
    school_ids = [membership.school_id for membership in user.memberships]
    if school_ids:
        conditions.append(School.id.in_(school_ids))
    if user.is_coordinator:
        countries, regions = user.scope(Role.COORDINATOR)
        conditions.append(or_(School.country_code.in_(countries), School.region_code.in_(regions)))
    return query.where(or_(*conditions)) if conditions else query.where(False)


def coordinator_scope_filter(user: User, query: Select, country_column, region_column) -> Select:
    """Restrict ``query`` to the rows within the user's coordinator scope (admins see everything)."""
    if user.is_admin:
        return query
    countries, regions = user.scope(Role.COORDINATOR)
    if not countries and not regions:
        return query.where(False)
    return query.where(or_(country_column.in_(countries), region_column.in_(regions)))
