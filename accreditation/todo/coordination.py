"""A coordinator's (or an admin's) to-do list over their countries and regions: schools to verify, submissions
without an assessor, overdue reviews, stalled applications and awards ending within 90 days.

The scope is the dashboard's (``dashboard.filters.Scope``: a regional coordinator sees her regions' schools, an
admin every school), and overdue and stalled are the dashboard's conditions (``dashboard.queries``), so the list
and the figures agree. Each section shows the first ``LIMIT`` items and links to the full list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from babel.lists import format_list
from flask import url_for
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, exists, func, select

from accreditation.applications.runtime import current_workflows
from accreditation.assessment.journey import AWARD, step_of
from accreditation.certificates.status import not_in_force_states
from accreditation.dashboard.filters import Filters, Scope
from accreditation.dashboard.presentation import drill_url
from accreditation.dashboard.programme_facts import ProgrammeFacts, facts_of
from accreditation.dashboard.queries import Moment, applications, overdue, stalled
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Application, ApplicationAssessor, Region, School, User
from accreditation.models.application import AssessorRole
from accreditation.models.school import Verification
from accreditation.todo.items import NORMAL, OVERDUE, SOON, TodoItem, TodoPart, TodoSection
from workflows import Event, Programme
from workflows.roles import COORDINATOR

LIMIT = 10
EXPIRY_WINDOW_DAYS = 90
ASSIGNMENT_GUARD = "assessor_assigned"  # events that wait for a lead assessor


def _schools_to_verify(scope: Scope) -> TodoSection:
    conditions = [School.verification == Verification.PENDING.value, *scope.conditions()]
    total = db.session.scalar(select(func.count()).select_from(School).where(*conditions)) or 0
    rows = db.session.execute(
        select(School, Region.name)
        .join(Region, Region.code == School.region_code)
        .where(*conditions)
        .order_by(School.created_at, School.id)
        .limit(LIMIT)
    ).all()
    items = [
        TodoItem(
            "verify",
            _(
                "Verify %(school)s (%(region)s), registered on %(day)s.",
                school=school.name,
                region=region,
                day=format_date(school.created_at.date(), "medium"),
            ),
            url_for("coordinator.school", school_id=school.id),
        )
        for school, region in rows
    ]
    return TodoSection(
        "verify",
        _("Schools to verify"),
        _("When a school registers in your countries or regions, it appears here for you to verify."),
        items,
        max(0, total - len(items)),
        url_for("coordinator.schools", status=Verification.PENDING.value),
    )


def _waiting_states(programme: Programme) -> list[str]:
    """The states an event waiting for a lead assessor leaves (a submission waiting for its assessor)."""
    return sorted({s for event in programme.events.values() if ASSIGNMENT_GUARD in event.guards for s in event.sources})


def _waiting_for_coordinator(programme: Programme) -> dict[str, list[Event]]:
    """The states, before the award, in which only a coordinator can move the application on (e.g. admitting a
    school that applied), each with the coordinator's events from it. Read from the programme's events: every
    event leaving the state for another one that does not end the application is fired by coordinators alone (not
    by the system, the school or an assessor), and there is at least one."""
    waiting: dict[str, list[Event]] = {}
    for name, state in programme.states.items():
        if state.is_final or step_of(programme, name) in (None, AWARD):
            continue
        events = programme.events_from(name)
        onward = [e for e in events if e.dest != name and not programme.states[e.dest].is_final]
        if onward and all(e.roles == {COORDINATOR} for e in onward):
            waiting[name] = [e for e in events if COORDINATOR in e.roles]
    return waiting


class _Collector:
    """Applications of every programme in scope matching a condition, the first ``LIMIT`` of them as items."""

    def __init__(self, scope: Scope, moment: Moment) -> None:
        self.scope, self.moment = scope, moment
        self.items: list[TodoItem] = []
        self.total = 0
        self.more_url: str | None = None

    def add(
        self,
        programme: Programme,
        condition: ColumnElement[bool],
        item: Callable[[Application, School, Programme], TodoItem],
        order,
        drill: str | None = None,
    ) -> None:
        filters = Filters(programme=programme, scope=self.scope)
        query: Select = applications(filters, Application, School, with_schools=True).where(condition)
        count = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if not count:
            return
        self.total += count
        room = LIMIT - len(self.items)
        if room > 0:
            for application, school in db.session.execute(query.order_by(order, Application.id).limit(room)).all():
                self.items.append(item(application, school, programme))
        if drill and self.more_url is None and count > room:
            self.more_url = drill_url("dashboard.schools", filters, drill)

    def section(self, key: str, title: str, empty: str, fallback_url: str | None = None) -> TodoSection:
        more = max(0, self.total - len(self.items))
        return TodoSection(key, title, empty, self.items, more, self.more_url or fallback_url)


def _show(application: Application, anchor: str | None = None) -> str:
    return url_for("applications.show", application_id=application.id, _anchor=anchor)


def _days_since(moment: datetime, now: datetime) -> int:
    return max(0, (now - moment).days)


def coordination_part(user: User, now: datetime, stalled_after_days: int) -> TodoPart:
    scope = Scope.of(user)
    moment = Moment(now=now, stalled_after_days=stalled_after_days)
    programmes = [p for _code, p in sorted(current_workflows().programmes.items())]
    deciding = _Collector(scope, moment)
    unassigned = _Collector(scope, moment)
    late = _Collector(scope, moment)
    idle = _Collector(scope, moment)
    ending = _Collector(scope, moment)
    no_lead = ~exists().where(
        ApplicationAssessor.application_id == Application.id, ApplicationAssessor.role == AssessorRole.LEAD.value
    )
    for programme in programmes:
        facts: ProgrammeFacts = facts_of(programme)
        name = local(programme.name)

        def assign(application: Application, school: School, _p: Programme, name: str = name) -> TodoItem:
            days = _days_since(application.state_entered_at, now)
            if days == 0:
                text = _(
                    "Assign an assessor to %(school)s (%(programme)s): submitted today.",
                    school=school.name,
                    programme=name,
                )
                return TodoItem("assign", text, _show(application, "assessors"))
            text = ngettext(
                "Assign an assessor to %(school)s (%(programme)s): submitted %(num)d day ago.",
                "Assign an assessor to %(school)s (%(programme)s): submitted %(num)d days ago.",
                days,
                school=school.name,
                programme=name,
            )
            return TodoItem("assign", text, _show(application, "assessors"), SOON if days >= 7 else NORMAL)

        waiting = _waiting_states(programme)
        if waiting:
            condition = Application.state.in_(waiting) & no_lead
            unassigned.add(programme, condition, assign, Application.state_entered_at)

        for_coordinator = _waiting_for_coordinator(programme)

        def decide(
            application: Application, school: School, _p: Programme, name=name, waits=for_coordinator
        ) -> TodoItem:
            actions = [local(event.label) for event in waits[application.state]]
            text = _(
                "%(school)s (%(programme)s) waits for a coordinator since %(day)s: %(actions)s.",
                school=school.name,
                programme=name,
                day=format_date(application.state_entered_at.date(), "medium"),
                actions=format_list(actions, style="or", locale=str(get_locale() or "en")),
            )
            days = _days_since(application.state_entered_at, now)
            return TodoItem("decide", text, _show(application, "actions-heading"), SOON if days >= 7 else NORMAL)

        if for_coordinator:
            condition = Application.state.in_(sorted(for_coordinator))
            deciding.add(programme, condition, decide, Application.state_entered_at)

        def late_item(application: Application, school: School, _p: Programme, facts=facts, name=name) -> TodoItem:
            text = _(
                "%(school)s (%(programme)s): %(state)s since %(day)s, longer than the programme allows.",
                school=school.name,
                programme=name,
                state=facts.state_label(application.state),
                day=format_date(application.state_entered_at.date(), "medium"),
            )
            return TodoItem("overdue", text, _show(application), OVERDUE)

        late.add(programme, overdue(facts, moment), late_item, Application.state_entered_at, "overdue")

        def idle_item(application: Application, school: School, _p: Programme, facts=facts, name=name) -> TodoItem:
            days = _days_since(application.state_entered_at, now)
            text = ngettext(
                "%(school)s (%(programme)s): no change for %(num)d day (%(state)s).",
                "%(school)s (%(programme)s): no change for %(num)d days (%(state)s).",
                days,
                school=school.name,
                programme=name,
                state=facts.state_label(application.state),
            )
            return TodoItem("stalled", text, _show(application), SOON)

        idle.add(programme, stalled(facts, moment), idle_item, Application.state_entered_at, "stalled")

        def ending_item(application: Application, school: School, _p: Programme, name=name) -> TodoItem:
            days = max(0, (application.expires_at - now).days)
            text = ngettext(
                "%(school)s (%(programme)s): the award ends in %(num)d day.",
                "%(school)s (%(programme)s): the award ends in %(num)d days.",
                days,
                school=school.name,
                programme=name,
            )
            return TodoItem("expiring", text, _show(application), NORMAL, application.expires_at.date())

        in_force = Application.state.not_in(sorted(not_in_force_states(programme)))
        window = (Application.expires_at > now) & (Application.expires_at <= now + timedelta(days=EXPIRY_WINDOW_DAYS))
        ending.add(programme, window & in_force, ending_item, Application.expires_at)
    return TodoPart(
        key="coordination",
        title=_("Your countries and regions") if not scope.everything else _("Every country"),
        url=url_for("dashboard.index"),
        sections=[
            _schools_to_verify(scope),
            deciding.section(
                "decide",
                _("Applications waiting for a coordinator"),
                _(
                    "When a school in your area applies to a programme and waits for a coordinator to admit it, "
                    "it appears here."
                ),
            ),
            unassigned.section(
                "unassigned",
                _("Submissions without an assessor"),
                _("When a school in your area submits its self-assessment, it appears here until it has an assessor."),
            ),
            late.section(
                "overdue",
                _("Overdue reviews"),
                _("When a review takes longer than its programme allows, it appears here."),
            ),
            idle.section(
                "stalled",
                _("Stalled applications"),
                ngettext(
                    "When an application has not moved for %(num)d day, it appears here.",
                    "When an application has not moved for %(num)d days, it appears here.",
                    stalled_after_days,
                ),
            ),
            ending.section(
                "expiring",
                _("Awards ending within 90 days"),
                _("When an award in your area has 90 days or less to run, it appears here."),
            ),
        ],
    )
