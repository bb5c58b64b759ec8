"""A school's application as plain steps: Apply → Self-assess → Review → Award, where it stands and what the school
must do now. The steps are read from the programme's data (which states the self-assessment is open in, which
events submit it, which state grants the award), never from state names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accreditation.applications.modules import modules_of
from accreditation.applications.reads import ApplicationPage, EventOption
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.changes import ReturnedRound, returned_round
from accreditation.assessment.documents import documents_of
from accreditation.assessment.expected_evidence import missing_evidence
from accreditation.assessment.permissions import SCHOOL_ROLES, SELF_ASSESSMENT_GUARD, editable_states
from accreditation.assessment.scoring import scorecard
from accreditation.dashboard.time_to_award import TimeToAward, time_to_award
from accreditation.extensions import db
from accreditation.models import SelfAssessment
from workflows import Programme
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR

APPLY, SELF_ASSESS, REVIEW, AWARD = "apply", "self_assess", "review", "award"
STEPS: tuple[tuple[str, object], ...] = (
    (APPLY, _l("Apply")),
    (SELF_ASSESS, _l("Self-assess")),
    (REVIEW, _l("Review")),
    (AWARD, _l("Award")),
)


def _reachable(programme: Programme, start: Iterable[str], stop: frozenset[str]) -> set[str]:
    """The states reachable from ``start`` by events that do not end the application, not going past ``stop``."""
    seen: set[str] = set()
    todo = [state for state in start if state not in stop]
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        for event in programme.events_from(state):
            if not programme.states[event.dest].is_final and event.dest not in stop:
                todo.append(event.dest)
    return seen


def step_of(programme: Programme, state: str) -> str | None:
    """The step ``state`` belongs to; None for a state that closed the application without an award."""
    editable = editable_states(programme)
    if state in editable:
        return SELF_ASSESS
    awards = programme.awards
    award_states = _reachable(programme, [awards.granted_on], editable) if awards else set()
    if awards and (state in award_states or state == awards.granted_on):
        return AWARD
    if (
        awards
        and programme.states[state].is_final
        and any(state == event.dest for source in award_states for event in programme.events_from(source))
    ):
        return AWARD  # expired, revoked: the award's own end
    submitted = [e.dest for e in programme.events.values() if SELF_ASSESSMENT_GUARD in e.guards]
    if state in _reachable(programme, submitted, editable | award_states):
        return REVIEW
    if programme.states[state].is_final:
        return None
    return APPLY


@dataclass(frozen=True)
class SchoolJourney:
    """What the application page shows a school: the steps, the current one, and what to do now."""

    steps: tuple[tuple[str, object], ...]
    current: str | None  # None: closed without an award
    closed: bool
    answered: int
    total: int
    documents: int
    evidence_missing: int  # criteria whose expected evidence no linked document provides
    returned: ReturnedRound | None
    submission: EventOption | None  # the submit (or resubmit) event, with what still blocks it
    start: EventOption | None  # an event that opens the self-assessment (no data to give), when possible
    withdraw: EventOption | None  # the school's way out, tucked away on the page

    def status_of(self, step: str) -> str:
        """done, current or todo (for a closed application without an award: done up to where it stopped)."""
        order = [code for code, _title in self.steps]
        if self.current is None:
            return "todo"
        here = order.index(self.current)
        index = order.index(step)
        return "done" if index < here else "current" if index == here else "todo"


def is_school_view(roles: frozenset[str]) -> bool:
    """The application page in plain steps: for the school's members (coordinators, admins and assessors see the
    programme's workflow, with its diagram and every event)."""
    return bool(roles & SCHOOL_ROLES) and not roles & {COORDINATOR, ADMIN, ASSESSOR}


def school_journey(page: ApplicationPage) -> SchoolJourney:
    programme, application = page.programme, page.application
    editable = editable_states(programme)
    framework = current_workflows().framework_of(programme)
    self_assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    levels = {a.criterion_code: a.level for a in self_assessment.answers} if self_assessment else {}
    card = scorecard(framework, levels, programme.awards) if framework is not None else None
    submission = next((o for o in page.options if SELF_ASSESSMENT_GUARD in o.event.guards), None)
    start = next(
        (
            o
            for o in page.options
            if o.possible and o.event.dest in editable and not o.event.requires and application.state not in editable
        ),
        None,
    )
    withdraw = next((o for o in page.options if programme.ends_application(o.event.name)), None)
    documents = documents_of(application.id)
    return SchoolJourney(
        steps=STEPS,
        current=step_of(programme, application.state),
        closed=page.state.is_final,
        answered=card.answered if card else 0,
        total=card.total if card else 0,
        documents=len(documents) if framework is not None else 0,
        evidence_missing=len(missing_evidence(framework, documents)) if framework is not None else 0,
        returned=returned_round(application),
        submission=submission,
        start=start,
        withdraw=withdraw,
    )


def opening_event(page: ApplicationPage) -> str | None:
    """The event that opens the self-assessment right after joining, when the school may fire it with nothing to
    give (joining a programme then leads straight to the first question)."""
    journey_start = school_journey(page).start if is_school_view(page.roles) else None
    return journey_start.event.name if journey_start else None


@dataclass(frozen=True)
class ProgrammeOverview:
    """What a school will do in a programme, in its words: the steps, the criteria, the documents, the levels."""

    programme: Programme
    modules: list  # the modules to put in place before the self-assessment (CISS), else empty
    criteria: int
    areas: list
    documents: list  # the document kinds the framework expects, required ones first
    levels: list
    validity_months: int | None
    admitted_first: bool  # a coordinator admits the school before it starts
    time_to_award: TimeToAward | None = None  # how long schools usually take from joining to the award


def programme_overview(programme: Programme) -> ProgrammeOverview:
    framework = current_workflows().framework_of(programme)
    awards = programme.awards
    first_steps = programme.events_from(programme.initial)
    starts_itself = any(event.dest in editable_states(programme) for event in first_steps)
    kinds = list(framework.documents.values()) if framework is not None else []
    return ProgrammeOverview(
        programme=programme,
        modules=list(modules_of(programme)),
        criteria=len(framework.criteria) if framework is not None else 0,
        areas=list(framework.areas) if framework is not None else [],
        documents=sorted(kinds, key=lambda kind: not kind.required),
        levels=list(awards.levels) if awards else [],
        validity_months=awards.validity_months if awards else None,
        admitted_first=not starts_itself,
        time_to_award=time_to_award(programme) if awards else None,
    )
