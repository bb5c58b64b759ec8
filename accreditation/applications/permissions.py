"""Who may do what on an application: the roles a person holds on it, and the applications they may see.

Roles are derived per application: school_admin / school_staff from a membership of its school, assessor when
assigned to it, coordinator when its school is in their scope, admin for admins. No role: NotYours (403);
an application that does not exist: ApplicationNotFound (404).
"""

from __future__ import annotations

from sqlalchemy import Select, false, inspect, or_, select
from sqlalchemy.orm import joinedload

from accreditation.access import can_administer_school
from accreditation.applications.errors import ApplicationNotFound, NotYours
from accreditation.extensions import db
from accreditation.models import Application, ApplicationAssessor, School, User
from accreditation.models.user import Role
from workflows import SYSTEM, Event, Programme
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR, SCHOOL_ADMIN, SCHOOL_STAFF

# When a person holds several roles that may fire an event, the record names the first of these.
ROLE_PRECEDENCE = (ASSESSOR, COORDINATOR, SCHOOL_ADMIN, SCHOOL_STAFF, ADMIN, SYSTEM)
SYSTEM_ROLES = frozenset({SYSTEM})


def actor_roles(actor: User | None, application: Application) -> frozenset[str]:
    """The roles ``actor`` holds on ``application`` (``{"system"}`` for no actor: timers and tasks)."""
    assigned = checks_assignment(actor) and any(assignment.user_id == actor.id for assignment in application.assessors)
    school = application.school
    return roles_on(actor, application.school_id, school.country_code, school.region_code, assigned)


def roles_on(actor: User | None, school_id: int, country_code: str, region_code: str, assigned: bool) -> frozenset[str]:
    """The rule of ``actor_roles``, from what it reads of the application: its school (id and place) and whether
    ``actor`` is assigned to it as an assessor (fire()'s read gives these as columns, ``fire_read.py``)."""
    if actor is None:
        return SYSTEM_ROLES
    if not actor.active:
        return frozenset()
    _load_roles_of(actor)
    roles: set[str] = set()
    membership = actor.membership_of(school_id)
    if membership is not None:
        roles.add(membership.role)
    if assigned and actor.is_assessor:
        roles.add(ASSESSOR)
    if actor.is_coordinator and actor.coordinates(country_code, region_code):
        roles.add(COORDINATOR)
    if actor.is_admin:
        roles.add(ADMIN)
    return frozenset(roles)


SCHOOL_READS = (joinedload(Application.school),)
ASSESSOR_READS = (joinedload(Application.school), joinedload(Application.assessors))


def application_for(application_id: int, actor: User | None, **options) -> tuple[Application, frozenset[str]]:
    """The application and ``actor``'s roles on it: ApplicationNotFound (404) when there is none, NotYours (403)
    when they hold no role on it. ``options`` go to ``Session.get`` (e.g. ``populate_existing``)."""
    if "options" not in options and actor is not None:
        # What the role check reads, in the same query: the school, and an assessor's assignments.
        _load_roles_of(actor)
        options["options"] = ASSESSOR_READS if actor.is_assessor else SCHOOL_READS
    application = db.session.get(Application, application_id, **options)
    if application is None:
        raise ApplicationNotFound(application_id)
    roles = actor_roles(actor, application)
    if not roles:
        raise NotYours(application_id)
    return application, roles


def checks_assignment(actor: User | None) -> bool:
    """Whether ``roles_on`` asks if ``actor`` is assigned to the application: an active assessor."""
    if actor is None or not actor.active:
        return False
    _load_roles_of(actor)
    return actor.is_assessor


def _load_roles_of(actor: User) -> None:
    """Load the actor's grants and memberships in one query when they are not loaded yet (fire's hot path)."""
    state = inspect(actor, raiseerr=False)  # None for the request's Principal (accreditation/identity.py)
    if state is not None and state.session is not None and {"grants", "memberships"} & state.unloaded:
        query = (
            select(User)
            .where(User.id == actor.id)
            .options(joinedload(User.grants), joinedload(User.memberships))
            .execution_options(populate_existing=True)
        )
        state.session.execute(query).unique().all()


def acting_role(roles: frozenset[str], event: Event) -> str:
    """The role recorded for someone with ``roles`` firing ``event`` (they hold at least one of its roles)."""
    return next(role for role in ROLE_PRECEDENCE if role in roles and role in event.roles)


def visible_applications(user: User) -> Select:
    """A query of the applications ``user`` may see, joined to their school."""
    query = select(Application).join(School, School.id == Application.school_id)
    if user.is_admin:
        return query
    conditions = []
    school_ids = [membership.school_id for membership in user.memberships]
    if school_ids:
        conditions.append(Application.school_id.in_(school_ids))
    if user.is_assessor:
        assigned = select(ApplicationAssessor.application_id).where(ApplicationAssessor.user_id == user.id)
        conditions.append(Application.id.in_(assigned))
    if user.is_coordinator:
        countries, regions = user.scope(Role.COORDINATOR)
        conditions.append(or_(School.country_code.in_(countries), School.region_code.in_(regions)))
    return query.where(or_(*conditions)) if conditions else query.where(false())


def may_start(user: User, school: School) -> bool:
    """School admins start their (verified) school's applications."""
    return can_administer_school(user, school)


def may_assign_assessors(roles: frozenset[str]) -> bool:
    return bool(roles & {COORDINATOR, ADMIN})


def may_complete_modules(roles: frozenset[str], programme: Programme, state: str) -> bool:
    """School members mark modules complete while a way out of ``state`` waits for them (``modules_complete``)."""
    if not roles & {SCHOOL_ADMIN, SCHOOL_STAFF}:
        return False
    return any("modules_complete" in event.guards for event in programme.events_from(state))
