"""Reads for the pages: an application with what comes next and its history, a school's applications, the
applications a person may see. No writes here."""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from accreditation.applications.guards import GuardContext
from accreditation.applications.modules import Module, modules_of
from accreditation.applications.operations import JOIN_EVENT
from accreditation.applications.permissions import (
    application_for,
    may_assign_assessors,
    may_complete_modules,
    may_start,
    visible_applications,
)
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, ApplicationModule, RoleGrant, School, TransitionRecord, User
from accreditation.models.time import utcnow
from accreditation.models.user import Role
from workflows import Event, Programme, State
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR, SCHOOL_ADMIN, SCHOOL_STAFF, SYSTEM

ROLE_TITLES = {
    SCHOOL_ADMIN: _l("the school’s administrator"),
    SCHOOL_STAFF: _l("the school’s staff"),
    ASSESSOR: _l("the assessor"),
    COORDINATOR: _l("a coordinator"),
    ADMIN: _l("an administrator"),
    SYSTEM: _l("automatically"),
}
# Who acted, in a history entry ("Mira Coordinator (coordinator)").
ACTOR_ROLES = {
    SCHOOL_ADMIN: _l("school admin"),
    SCHOOL_STAFF: _l("school staff"),
    ASSESSOR: _l("assessor"),
    COORDINATOR: _l("coordinator"),
    ADMIN: _l("admin"),
    SYSTEM: _l("system"),
}


def who_fires(event: Event) -> str:
    """Who may fire ``event``, in words and in the current language: "a coordinator or the assessor"."""
    names = [str(ROLE_TITLES[role]) for role in ROLE_TITLES if role in event.roles]
    return format_list(names, style="or", locale=str(get_locale() or "en"))


def actor_role_title(role: str | None) -> str:
    """The role someone acted in, in words ("school admin")."""
    return str(ACTOR_ROLES[role]) if role in ACTOR_ROLES else (role or "").replace("_", " ")


@dataclass(frozen=True)
class EventOption:
    """An event the person may fire from the current state, with what still blocks it (empty: possible)."""

    event: Event
    reasons: list[str]

    @property
    def possible(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class HistoryEntry:
    record: TransitionRecord
    event_label: str
    from_label: str | None
    to_label: str
    actor_name: str


@dataclass(frozen=True)
class ModuleStatus:
    module: Module
    done: ApplicationModule | None


@dataclass(frozen=True)
class ApplicationPage:
    application: Application
    programme: Programme
    state: State
    roles: frozenset[str]
    options: list[EventOption]
    next_events: list[Event]
    history: list[HistoryEntry]
    modules: list[ModuleStatus]
    can_complete_modules: bool
    can_assign_assessors: bool
    assessor_candidates: list[User]

    def state_label(self, name: str) -> str:
        state = self.programme.states.get(name)
        return state.label if state else name


def visible_application(application_id: int, user: User) -> tuple[Application, frozenset[str]]:
    """The application and the user's roles on it (ApplicationNotFound, NotYours)."""
    return application_for(application_id, user)


def event_options(
    application: Application, programme: Programme, user: User, roles: frozenset[str]
) -> list[EventOption]:
    """The events ``user`` may fire now, each with what still blocks it (the guards run as a preview)."""
    preview = GuardContext(
        application=application,
        programme=programme,
        event="",
        actor=user,
        roles=roles,
        data=None,
        evidence=current_workflows().evidence,
        today=utcnow().date(),
    )
    return [
        EventOption(event, programme.blocking_reasons(application.state, event.name, preview))
        for event in programme.events_for(roles - {SYSTEM}, application.state)
    ]


def application_page(application_id: int, user: User) -> ApplicationPage:
    """Everything the application page shows to ``user``."""
    workflows = current_workflows()
    application, roles = visible_application(application_id, user)
    programme = workflows.programme(application.programme_code)
    state = programme.state(application.state)
    options = event_options(application, programme, user, roles)
    done = {row.module_code: row for row in application.modules}
    can_assign = may_assign_assessors(roles) and application.is_open
    return ApplicationPage(
        application=application,
        programme=programme,
        state=state,
        roles=roles,
        options=options,
        next_events=programme.events_from(state.name),
        history=history(application, programme),
        modules=[ModuleStatus(module, done.get(module.code)) for module in modules_of(programme)],
        can_complete_modules=may_complete_modules(roles, programme, state.name),
        can_assign_assessors=can_assign,
        assessor_candidates=assessor_candidates(application) if can_assign else [],
    )


def history(application: Application, programme: Programme) -> list[HistoryEntry]:
    """The application's transition records, oldest first, with labels and who did it."""
    records = db.session.scalars(
        select(TransitionRecord)
        .where(TransitionRecord.application_id == application.id)
        .options(selectinload(TransitionRecord.actor))
        .order_by(TransitionRecord.version)
    ).all()

    def label(name: str | None) -> str | None:
        if name is None:
            return None
        state = programme.states.get(name)
        return state.label if state else name

    entries = []
    for record in records:
        event = programme.events.get(record.event)
        event_label = event.label if event else record.event
        if record.event == JOIN_EVENT:
            event_label = _("Joined the programme")
        actor_name = record.actor.name if record.actor is not None else _("The system")
        entries.append(HistoryEntry(record, event_label, label(record.from_state), label(record.to_state), actor_name))
    return entries


def assessor_candidates(application: Application) -> list[User]:
    """Active assessors who cover the school's country."""
    query = (
        select(User)
        .join(RoleGrant)
        .where(
            RoleGrant.role == Role.ASSESSOR.value,
            RoleGrant.country_code == application.school.country_code,
            User.active,
        )
        .distinct()
        .order_by(User.name)
    )
    return list(db.session.scalars(query).all())


@dataclass(frozen=True)
class ApplicationRow:
    application: Application
    programme_name: str
    state_label: str


def _row(application: Application | ApplicationSummary) -> ApplicationRow:
    programme = current_workflows().programmes.get(application.programme_code)
    state = programme.states.get(application.state) if programme else None
    return ApplicationRow(
        application,
        programme.name if programme else application.programme_code,
        state.label if state else application.state,
    )


@dataclass(frozen=True)
class SchoolApplications:
    rows: list[ApplicationRow]
    joinable: list[Programme]  # programmes the user may join now (no open cycle)
    may_join: bool  # the user is a school admin
    verified: bool


@dataclass(frozen=True)
class ApplicationSummary:
    """What the school dashboard shows of an application (read as a plain row, not an entity)."""

    id: int
    programme_code: str
    cycle: int
    state: str
    is_open: bool


_APPLICATIONS = Application.__table__
SCHOOL_APPLICATIONS = (  # the table's columns, not the entity's: a Core statement, no ORM compile step per request
    select(_APPLICATIONS.c.id, _APPLICATIONS.c.programme_code, _APPLICATIONS.c.cycle, _APPLICATIONS.c.state)
    .add_columns(_APPLICATIONS.c.is_open)
    .where(_APPLICATIONS.c.school_id == bindparam("school_id"))
    .order_by(_APPLICATIONS.c.programme_code, _APPLICATIONS.c.cycle.desc())
)


def school_applications(school: School, user: User) -> SchoolApplications:
    """A school's applications (newest first) and the programmes its admin may join now."""
    rows = getattr(school, "application_rows", None)  # the dashboard's read model brings them (accounts.school_page)
    if rows is None:
        rows = db.session.connection().execute(SCHOOL_APPLICATIONS, {"school_id": school.id}).all()
    applications = [ApplicationSummary(*row) for row in rows]
    open_codes = {application.programme_code for application in applications if application.is_open}
    may_join = may_start(user, school)
    programmes = current_workflows().programmes
    joinable = [p for code, p in sorted(programmes.items()) if code not in open_codes] if may_join else []
    return SchoolApplications([_row(a) for a in applications], joinable, may_join, school.is_verified)


def applications_for(
    user: User, programme: str | None = None, state: str | None = None, limit: int = 500
) -> list[ApplicationRow]:
    """The applications ``user`` may see, optionally of one programme and state, most recently changed first."""
    query = visible_applications(user).options(selectinload(Application.school))
    if programme:
        query = query.where(Application.programme_code == programme)
    if state:
        query = query.where(Application.state == state)
    query = query.order_by(Application.updated_at.desc(), Application.id.desc()).limit(limit)
    return [_row(application) for application in db.session.scalars(query).all()]
