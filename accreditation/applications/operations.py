"""Every write on an application. ``fire`` is the only way a state changes. Operations flush, never commit:
the caller commits (``fire_and_commit`` and ``commit_and_relay`` commit, then relay the outbox)."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from accreditation.applications.errors import (
    CycleAlreadyOpen,
    DecisionRequired,
    NotConfirmed,
    NotPermitted,
    SchoolNotVerified,
    StaleVersion,
    UnknownModule,
)
from accreditation.applications.fire_read import FireRead, application_for_fire
from accreditation.applications.guards import GuardContext
from accreditation.applications.modules import module_of
from accreditation.applications.outbox import commit_and_relay, job_rows, queue_jobs, remember_new_jobs
from accreditation.applications.permissions import (
    acting_role,
    application_for,
    may_complete_modules,
    may_start,
)
from accreditation.applications.runtime import current_workflows
from accreditation.applications.stay_counts import ended_stay
from accreditation.applications.writes import StepWrite, WrittenRecord, write_step
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.metrics import count_transition
from accreditation.models import (
    Application,
    ApplicationModule,
    School,
    TransitionRecord,
    User,
)
from accreditation.models.time import utcnow
from workflows import Event, Programme, Step
from workflows.definition import REQUIREMENTS

JOIN_EVENT = "join-programme"  # the first record of a cycle; never a programme's event name (no hyphens there)


def start_application(school: School, programme_code: str, actor: User) -> Application:
    """Open a new cycle of ``programme_code`` for ``school`` in the programme's initial state, with its first
    transition record and the initial state's jobs. One open cycle per school and programme."""
    programme = current_workflows().programme(programme_code)
    if not may_start(actor, school):
        raise NotPermitted(_("Only the school’s administrators can join a programme."))
    if not school.is_verified:
        raise SchoolNotVerified()
    open_cycle = select(Application.id).where(
        Application.school_id == school.id, Application.programme_code == programme.code, Application.is_open
    )
    if db.session.scalar(open_cycle) is not None:
        raise CycleAlreadyOpen(programme.name)
    last_cycle = db.session.scalar(
        select(func.max(Application.cycle)).where(
            Application.school_id == school.id, Application.programme_code == programme.code
        )
    )
    now = utcnow()
    initial = programme.state(programme.initial)
    application = Application(
        school_id=school.id,
        programme_code=programme.code,
        cycle=(last_cycle or 0) + 1,
        state=initial.name,
        is_open=initial.name in programme.definition.open_states,
        version=1,
        state_entered_at=now,
        created_at=now,
        updated_at=now,
    )
    db.session.add(application)
    try:
        db.session.flush()
    except IntegrityError:  # another request opened a cycle at the same moment
        db.session.rollback()
        raise CycleAlreadyOpen(programme.name) from None
    db.session.add(
        TransitionRecord(
            application_id=application.id,
            version=1,
            event=JOIN_EVENT,
            from_state=None,
            to_state=initial.name,
            actor_id=actor.id,
            actor_role=actor.membership_of(school.id).role,
            comment="",
            data={},
            at=now,
        )
    )
    db.session.flush()
    queue_jobs(application.id, initial.on_enter, 1, now)
    return application


def fire(
    application_id: int,
    event: str,
    actor: User | None,
    data: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    confirmed: bool = True,
    decision: str | None = None,
) -> WrittenRecord:
    """Fire ``event`` on the application as ``actor`` (None: the system), the only way a state changes.

    Checks that the actor may see the application (ApplicationNotFound) and that it is still at
    ``expected_version`` (StaleVersion; None: the version just loaded). Unless ``confirmed`` (a page's form whose
    box was not ticked), an event the actor may fire that would end the application (a final state) stops there
    (NotConfirmed, with any data still missing). An event that is a decision (``decision:`` in the programme),
    which the actor may fire, is refused (DecisionRequired) unless ``decision`` names it: only its decision
    operation (``accreditation.review.decisions``) passes it, writing the decision's record in the same
    transaction. Then the programme checks role, state, data and guards
    (RoleNotAllowed, TransitionNotAllowed, MissingData, GuardFailed). Writes the new
    state and version with a conditional UPDATE (a concurrent change makes it StaleVersion), the transition
    record and one outbox job per entry action: all in the caller's transaction, which it never commits. Returns
    the record as written (``WrittenRecord``: its columns; ``.entity()`` for the ORM row).
    """
    workflows = current_workflows()
    read, roles = application_for_fire(application_id, actor)  # one prebuilt Core statement (fire_read.py)
    if expected_version is not None and expected_version != read.version:
        raise StaleVersion(application_id, expected_version, read.version)
    programme = workflows.programme(read.programme_code)
    given = event_data(data)
    may_fire = programme.may_fire(roles, read.state, event)
    definition = programme.event(event)
    if may_fire and definition.decision is not None and decision != definition.decision:
        raise DecisionRequired(local(definition.label), definition.decision)
    if not confirmed and may_fire and programme.ends_application(event):
        raise NotConfirmed(programme.missing_data(event, given).values())
    now = utcnow()
    context = GuardContext(  # the ORM application is loaded only if a guard reads it
        load=read.entity,
        application_id=read.id,
        programme=programme,
        event=event,
        actor=actor,
        roles=roles,
        data=given,
        evidence=workflows.evidence,
        today=now.date(),
    )
    step = programme.advance(read.state, event, context, roles=roles, data=given)
    write = step_write(read, programme, step, actor, roles, given, now, workflows.in_transaction)
    record, job_ids = write_step(write)
    read.written(write.changes)  # a copy of the application in the session shows the new state
    for action in step.actions:
        if action in workflows.in_transaction:
            workflows.in_transaction[action](context.application, record)
    remember_new_jobs(job_ids, marked=True)  # written marked relayed: the relay after the commit writes nothing
    count_transition(db.session, programme.code, event)
    return record


def step_write(
    application: FireRead,
    programme: Programme,
    step: Step,
    actor: User | None,
    roles: frozenset[str],
    given: Mapping[str, Any],
    now: datetime,
    in_transaction: Collection[str] = (),
) -> StepWrite:
    """What ``step`` writes for ``application`` (fire()'s read, at its current version): its new columns, the
    transition record, one outbox job per entry action not run ``in_transaction``, and the stay it ends."""
    definition = programme.event(step.event)
    version = application.version + 1
    seconds = max(0, round((now - application.state_entered_at).total_seconds()))
    return StepWrite(
        application_id=application.id,
        read_version=application.version,
        changes={**_state_changes(programme, definition, step, given, now), "version": version},
        record={
            "application_id": application.id,
            "version": version,
            "event": step.event,
            "from_state": step.source,
            "to_state": step.dest,
            "actor_id": actor.id if actor is not None else None,
            "actor_role": acting_role(roles, definition),
            "comment": given.get("comment", ""),
            "data": {k: v for k, v in given.items() if k in definition.requires and k != "comment"},
            "at": now,
            "seconds_in_from_state": seconds,
        },
        jobs=job_rows(application.id, [a for a in step.actions if a not in in_transaction], version, now),
        stay=ended_stay(programme.code, application.country_code, step.source, step.dest, seconds),
    )


def fire_and_commit(
    application_id: int,
    event: str,
    actor: User | None,
    data: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    confirmed: bool = True,
    decision: str | None = None,
) -> WrittenRecord:
    """``fire``, commit, then relay the outbox jobs it recorded; on any error roll back and re-raise."""
    try:
        record = fire(application_id, event, actor, data, expected_version, confirmed, decision)
    except Exception:
        db.session.rollback()
        raise
    commit_and_relay()  # rolls back itself if the commit fails
    return record


def event_data(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The recognised items of ``data`` (comment, date, level, items), trimmed; blank ones left out."""
    values: dict[str, Any] = {}
    for name in REQUIREMENTS:
        value = (data or {}).get(name)
        if name == "items" and isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        if isinstance(value, datetime | date):
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            continue
        values[name] = value
    return values


def _state_changes(
    programme: Programme, event: Event, step: Step, given: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """The columns a step changes besides the version: state, openness, deadline, award."""
    changes: dict[str, Any] = {
        "state": step.dest,
        "is_open": step.dest in programme.definition.open_states,
        "state_entered_at": now,
        "updated_at": now,
    }
    if "date" in event.requires:
        changes["deadline"] = datetime.fromisoformat(given["date"]).date()
    awards = programme.awards
    if awards is not None and step.dest == awards.granted_on and "level" in event.requires:
        changes["award_level"] = given["level"]
        changes["awarded_at"] = now
        changes["expires_at"] = add_months(now, awards.validity_months)
        if awards.reassess_after_months:
            changes["reassessment_from"] = add_months(now, awards.reassess_after_months)
    return changes


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole months, on the last day of a shorter month (31 January + 1 month: 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def complete_module(application_id: int, module_code: str, actor: User) -> ApplicationModule:
    """Mark one of the programme's modules as put in place (idempotent: a module done stays as it was)."""
    application, roles = application_for(application_id, actor)
    programme = current_workflows().programme(application.programme_code)
    module = module_of(programme, module_code)
    if module is None:
        raise UnknownModule(module_code)
    if not may_complete_modules(roles, programme, application.state):
        raise NotPermitted(_("Modules are marked complete by the school, while it puts them in place."))
    done = next((row for row in application.modules if row.module_code == module.code), None)
    if done is not None:
        return done
    row = ApplicationModule(application_id=application.id, module_code=module.code, completed_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    return row
