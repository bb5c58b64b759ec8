"""The assessor's queue: the open applications assigned to them (as lead or moderator), each with its due date
from the workflow's timers, filtered by programme, country and state, the overdue ones marked.

The due date: the visit date while a visit is scheduled (a state whose timers count from the deadline), else the
first reminder or escalation aimed at the assessor in the state's timers, counted from when the state was entered.
A state without such a timer (e.g. the school is making changes) has no due date for the assessor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, ApplicationAssessor, School, User
from accreditation.models.application import AssessorRole
from accreditation.review.permissions import MODERATION_GUARD
from workflows import SYSTEM, Programme
from workflows.roles import ASSESSOR

MAX_ROWS = 500


@dataclass(frozen=True)
class QueueFilters:
    programme: str | None = None
    country: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class QueueRow:
    application: Application
    school: School
    programme: Programme
    role: str
    due: date | None
    due_is_visit: bool
    your_move: bool  # an event waits for this assessor in this role
    overdue: bool

    @property
    def state_label(self) -> str:
        state = self.programme.states.get(self.application.state)
        return state.label if state else self.application.state


def due_date(programme: Programme, application: Application) -> tuple[date | None, bool]:
    """(the date the assessor's work on the application is due, whether it is the visit date)."""
    state = programme.states.get(application.state)
    if state is None:
        return None, False
    if application.deadline is not None and any(timer.relative_to == "deadline" for timer in state.timers):
        return application.deadline, True
    timers = [
        timer
        for timer in state.timers
        if timer.action in ("remind", "escalate") and timer.target == ASSESSOR and timer.relative_to == "entered"
    ]
    if not timers:
        return None, False
    first = min(timers, key=lambda timer: timer.offset_days)
    return (application.state_entered_at + timedelta(days=first.offset_days)).date(), False


def due_after_assignment(programme: Programme, application: Application, assigned_at: datetime) -> date | None:
    """The date the assessor's work is due: the state's own (``due_date``), else, for a submission whose review
    is not open yet, the first reminder to the assessor in the state the review opens into, counted from the
    assignment (the review opens when the assessor first comes to it)."""
    due, _is_visit = due_date(programme, application)
    if due is not None:
        return due
    for event in programme.events_from(application.state):
        state = programme.states.get(event.dest)
        if ASSESSOR not in event.roles or event.decision or state is None:
            continue
        offsets = [
            timer.offset_days
            for timer in state.timers
            if timer.action in ("remind", "escalate") and timer.target == ASSESSOR and timer.relative_to == "entered"
        ]
        if offsets:
            return (assigned_at + timedelta(days=min(offsets))).date()
    return None


def your_move(programme: Programme, state: str, role: str) -> bool:
    """Whether an assessor in ``role`` has an event to fire from ``state``: the moderator's are those guarded by
    the moderator guard, the lead's every other assessor event."""
    if state not in programme.states:
        return False
    for event in programme.events_for({ASSESSOR}, state):
        if SYSTEM in event.roles and len(event.roles) == 1:
            continue
        moderated = MODERATION_GUARD in event.guards
        if moderated == (role == AssessorRole.MODERATOR):
            return True
    return False


def queue_for(user: User, filters: QueueFilters, today: date) -> list[QueueRow]:
    """The open applications assigned to ``user``, most urgent first (no due date last)."""
    workflows = current_workflows()
    query = (
        select(Application, ApplicationAssessor.role)
        .join(ApplicationAssessor, ApplicationAssessor.application_id == Application.id)
        .join(School, School.id == Application.school_id)
        .options(contains_eager(Application.school))
        .where(ApplicationAssessor.user_id == user.id, Application.is_open)
    )
    if filters.programme:
        query = query.where(Application.programme_code == filters.programme)
    if filters.country:
        query = query.where(School.country_code == filters.country)
    if filters.state:
        query = query.where(Application.state == filters.state)
    rows = []
    for application, role in db.session.execute(query.order_by(Application.id).limit(MAX_ROWS)).all():
        programme = workflows.programmes.get(application.programme_code)
        if programme is None:
            continue
        due, is_visit = due_date(programme, application)
        rows.append(
            QueueRow(
                application=application,
                school=application.school,
                programme=programme,
                role=role,
                due=due,
                due_is_visit=is_visit,
                your_move=your_move(programme, application.state, role),
                overdue=due is not None and due < today,
            )
        )
    return sorted(rows, key=lambda row: (row.due is None, row.due or today, row.application.id))


def states_of(programmes: list[Programme]) -> list[tuple[str, str]]:
    """(state name, label) of every state of ``programmes``, each name once, for the state filter."""
    seen: dict[str, str] = {}
    for programme in programmes:
        for name, state in programme.states.items():
            seen.setdefault(name, state.label)
    return sorted(seen.items(), key=lambda item: item[1])
