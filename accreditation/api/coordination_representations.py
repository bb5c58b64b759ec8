"""The coordinators' objects as the API shows them (plain data; ``coordination_schemas`` gives their shape). Labels
are in the caller's language: programme texts through ``local``, the application's own through gettext."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import gettext as _

from accreditation.accounts.staff import STAFF_ROLE_TITLES, management_problem, open_assignments, status_title
from accreditation.api.representations import school_json
from accreditation.dashboard.drilldown import ApplicationLine, RegionFigure
from accreditation.dashboard.figures import Dashboard
from accreditation.dashboard.filters import Filters
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import ApplicationAssessor, AssessorAssignment, AssessorConflict, School, User
from accreditation.models.application import AssessorRole
from accreditation.models.review import ConflictKind
from accreditation.review.assignment import Candidate, Proposal
from accreditation.review.reads import AssignmentPanel


def person_ref(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "name": user.name}


# --- school verification --------------------------------------------------------------------------------------------


def verified_school_json(school: School) -> dict[str, Any]:
    """A school with its verification: the decision, its note, when and by whom."""
    decided_by = db.session.get(User, school.verified_by_id) if school.verified_by_id else None
    return {
        **school_json(school),
        "verification_label": school.verification_title,
        "verification_note": school.verification_note or "",
        "verified_at": school.verified_at,
        "verified_by": person_ref(decided_by),
    }


# --- assigning assessors --------------------------------------------------------------------------------------------


def role_label(role: str) -> str:
    return _("Lead assessor") if role == AssessorRole.LEAD else _("Moderator")


def _candidate(candidate: Candidate) -> dict[str, Any]:
    return {
        "assessor": person_ref(candidate.assessor),
        "open_reviews": candidate.open_reviews,
        "eligible": candidate.eligible,
        "reasons": list(candidate.reasons),
    }


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "role": proposal.role,
        "role_label": role_label(proposal.role),
        "proposed": _candidate(proposal.chosen) if proposal.chosen else None,
        "others": [{**_candidate(candidate), "why_not": reason} for candidate, reason in proposal.others],
    }


def assignment_json(assignment: ApplicationAssessor | AssessorAssignment) -> dict[str, Any]:
    assigned_by = db.session.get(User, assignment.assigned_by_id) if assignment.assigned_by_id else None
    return {
        "role": assignment.role,
        "role_label": role_label(assignment.role),
        "assessor": person_ref(assignment.user),
        "assigned_at": assignment.assigned_at,
        "assigned_by": person_ref(assigned_by),
    }


def _past_assignment(row: AssessorAssignment) -> dict[str, Any]:
    return {**assignment_json(row), "ended_at": row.ended_at, "ended_by": person_ref(row.ended_by)}


def _conflict(conflict: AssessorConflict) -> dict[str, Any]:
    kind = _("Advised the school") if conflict.kind == ConflictKind.ADVISED else _("Declared conflict")
    return {
        "id": conflict.id,
        "assessor": person_ref(conflict.assessor),
        "kind": conflict.kind,
        "kind_label": kind,
        "note": conflict.note or "",
        "recorded_at": conflict.recorded_at,
        "withdrawn_at": conflict.withdrawn_at,
        "withdrawn_by": person_ref(conflict.withdrawn_by),
        "withdrawal_note": conflict.withdrawal_note or "",
    }


def panel_json(application_id: int, is_open: bool, current: list, panel: AssignmentPanel) -> dict[str, Any]:
    """The coordinator's assignment panel of the application page."""
    return {
        "application_id": application_id,
        "can_assign": is_open,
        "assessors": [assignment_json(assignment) for assignment in current],
        "proposals": [_proposal(proposal) for proposal in panel.proposals],
        "warnings": list(panel.warnings),
        "history": [_past_assignment(row) for row in panel.history],
        "conflicts": [_conflict(conflict) for conflict in panel.conflicts],
        "withdrawn_conflicts": [_conflict(conflict) for conflict in panel.withdrawn_conflicts],
    }


# --- the dashboard --------------------------------------------------------------------------------------------------


def filters_json(filters: Filters) -> dict[str, Any]:
    return {
        "programme": filters.programme.code,
        "programme_name": local(filters.programme.name),
        "country": filters.country,
        "region": filters.region,
        "start": filters.start,
        "end": filters.end,
    }


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    """Every figure of the dashboard page (labels already in the caller's language: ``facts`` gives them so)."""
    return {
        "filters": filters_json(board.filters),
        "stalled_after_days": board.moment.stalled_after_days,
        "total": board.total,
        "stalled": board.stalled,
        "overdue": board.overdue,
        "awarded": board.awarded,
        "states": [asdict(figure) for figure in board.states],
        "levels": [asdict(figure) for figure in board.levels],
        "durations": [
            {
                "state": figure.state,
                "label": figure.label,
                "stays": figure.stays.count,
                "median_days": figure.stays.median_days,
                "p90_days": figure.stays.p90_days,
            }
            for figure in board.durations
        ],
        "months": [asdict(figure) for figure in board.months],
    }


def region_json(figure: RegionFigure) -> dict[str, Any]:
    return {
        "country": figure.country,
        "region": figure.region,
        "name": figure.name,
        "applications": figure.applications,
    }


def line_json(line: ApplicationLine) -> dict[str, Any]:
    return asdict(line)


# --- people ---------------------------------------------------------------------------------------------------------


def _status(person: User) -> str:
    if not person.active:
        return "deactivated"
    return "invited" if not person.password_hash else "active"


def person_summary(person: User) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "active": person.active,
        "status": _status(person),
        "status_label": status_title(person),
        "roles": [
            {
                "id": grant.id,
                "role": grant.role,
                "role_label": str(STAFF_ROLE_TITLES.get(grant.role, grant.role)),
                "country": grant.country_code,
                "region": grant.region_code,
            }
            for grant in sorted(person.grants, key=lambda grant: grant.id)
        ],
    }


def person_json(viewer: User, person: User) -> dict[str, Any]:
    """A programme person as ``viewer`` sees them on the person page: whether they may change the account (and why
    not), and the open applications the person is assigned to that ``viewer`` may see."""
    refusal = management_problem(viewer, person)
    assignments = open_assignments(viewer, person)
    roles = {
        row.application_id: row.role
        for application in assignments
        for row in application.assessors
        if row.user_id == person.id
    }
    return {
        **person_summary(person),
        "language": person.language or "",
        "assessor_languages": sorted(entry.language for entry in person.assessor_languages),
        "manageable": refusal is None,
        "refusal": refusal,
        "open_assignments": [
            {
                "application_id": application.id,
                "school_id": application.school_id,
                "programme": application.programme_code,
                "role": roles.get(application.id, ""),
            }
            for application in assignments
        ],
    }
