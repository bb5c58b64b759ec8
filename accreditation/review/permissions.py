"""Who may do what with a review, from the roles a person holds on the application
(``accreditation.applications.permissions.actor_roles``), their assignment, and the programme's workflow (data, not
state names)."""

from __future__ import annotations

from accreditation.models import Application, ApplicationAssessor, User
from accreditation.models.application import AssessorRole
from workflows import Programme
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR, SCHOOL_ADMIN, SCHOOL_STAFF

REVIEW_GUARD = "review_complete"
MODERATION_GUARD = "moderator_is_second_assessor"
SCHOOL_ROLES = frozenset({SCHOOL_ADMIN, SCHOOL_STAFF})
REVIEW_READERS = frozenset({ASSESSOR, COORDINATOR})  # the draft: the assigned assessors and the coordinators
FEEDBACK_READERS = SCHOOL_ROLES | {ASSESSOR, COORDINATOR, ADMIN}  # decided rounds


def judging_states(programme: Programme) -> frozenset[str]:
    """The states in which the lead assessor judges: those an event guarded by ``review_complete`` leaves."""
    return frozenset(
        state for event in programme.events.values() if REVIEW_GUARD in event.guards for state in event.sources
    )


def moderation_states(programme: Programme) -> frozenset[str]:
    """The states in which a moderator decides on a proposal: those an event guarded by the moderator leaves."""
    return frozenset(
        state for event in programme.events.values() if MODERATION_GUARD in event.guards for state in event.sources
    )


def assignment_of(application: Application, role: AssessorRole) -> ApplicationAssessor | None:
    return next((a for a in application.assessors if a.role == role), None)


def is_lead(application: Application, user: User | None) -> bool:
    lead = assignment_of(application, AssessorRole.LEAD)
    return user is not None and lead is not None and lead.user_id == user.id


def is_moderator(application: Application, user: User | None) -> bool:
    moderator = assignment_of(application, AssessorRole.MODERATOR)
    return user is not None and moderator is not None and moderator.user_id == user.id


def may_read_review(roles: frozenset[str]) -> bool:
    return bool(roles & REVIEW_READERS)


def may_read_feedback(roles: frozenset[str]) -> bool:
    return bool(roles & FEEDBACK_READERS)
