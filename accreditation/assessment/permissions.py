"""Who may do what with a self-assessment and its documents, from the roles a person holds on the application
(``accreditation.applications.permissions.actor_roles``) and the programme's workflow (data, not state names)."""

from __future__ import annotations

from workflows import Programme
from workflows.roles import ASSESSOR, COORDINATOR, SCHOOL_ADMIN, SCHOOL_STAFF

SELF_ASSESSMENT_GUARD = "self_assessment_complete"
SCHOOL_ROLES = frozenset({SCHOOL_ADMIN, SCHOOL_STAFF})
# Who may download the evidence: the school's members, its assigned assessors and the coordinators over its region.
DOCUMENT_READERS = SCHOOL_ROLES | {ASSESSOR, COORDINATOR}


def editable_states(programme: Programme) -> frozenset[str]:
    """The states in which the school works on its self-assessment: those an event guarded by
    ``self_assessment_complete`` leaves (submit, resubmit)."""
    return frozenset(
        state for event in programme.events.values() if SELF_ASSESSMENT_GUARD in event.guards for state in event.sources
    )


def uses_self_assessment(programme: Programme) -> bool:
    return bool(editable_states(programme))


def may_edit(roles: frozenset[str], programme: Programme, state: str) -> bool:
    """School members answer, upload and tick actions while the self-assessment is open in ``state``."""
    return bool(roles & SCHOOL_ROLES) and state in editable_states(programme)


def may_read_documents(roles: frozenset[str]) -> bool:
    return bool(roles & DOCUMENT_READERS)


def may_tick_actions(roles: frozenset[str]) -> bool:
    return bool(roles & SCHOOL_ROLES)
