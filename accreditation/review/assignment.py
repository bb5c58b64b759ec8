"""Who may assess an application, in one place: the rules of eligibility, the proposal of an assessor, and the
history of assignments, and the assignment itself (``assign_assessor``).

An assessor is eligible for an application in a role when they are active, hold the assessor role for the school's
country, assess in the school's language, have no conflict of interest with the school (a declared conflict,
having advised it, or being a member of it), and do not already hold the other role on the application (the
moderator is a second assessor). The proposal is the eligible assessor with the fewest open reviews (ties: by name),
with the reason each other candidate was not chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from accreditation.applications.errors import InvalidAssignment, NotPermitted
from accreditation.applications.permissions import application_for, may_assign_assessors
from accreditation.assessor_quality.training import training_reasons
from accreditation.extensions import db
from accreditation.models import (
    Application,
    ApplicationAssessor,
    AssessorAssignment,
    AssessorConflict,
    Membership,
    RoleGrant,
    User,
)
from accreditation.models.application import AssessorRole
from accreditation.models.review import ConflictKind
from accreditation.models.time import utcnow
from accreditation.models.user import Role
from accreditation.review.assignment_mail import queue_assignment_mail


@dataclass(frozen=True)
class Candidate:
    """An assessor considered for an application: their open reviews, and why they may not take it (empty:
    eligible)."""

    assessor: User
    open_reviews: int
    reasons: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Proposal:
    role: str
    chosen: Candidate | None
    others: list[tuple[Candidate, str]]  # every other candidate, with why they were not chosen


def open_reviews(assessor_ids: Iterable[int], excluding: int | None = None) -> dict[int, int]:
    """The number of open reviews of each assessor: assignments (either role) to open applications not yet
    awarded, ``excluding`` one application (the one being assigned)."""
    ids = list(assessor_ids)
    if not ids:
        return {}
    query = (
        select(ApplicationAssessor.user_id, func.count())
        .join(Application, Application.id == ApplicationAssessor.application_id)
        .where(ApplicationAssessor.user_id.in_(ids), Application.is_open, Application.awarded_at.is_(None))
        .group_by(ApplicationAssessor.user_id)
    )
    if excluding is not None:
        query = query.where(Application.id != excluding)
    counts = dict(db.session.execute(query).all())
    return {assessor_id: counts.get(assessor_id, 0) for assessor_id in ids}


def _conflicts(school_id: int, assessor_ids: list[int]) -> dict[int, list[AssessorConflict]]:
    rows = db.session.scalars(
        select(AssessorConflict)
        .where(
            AssessorConflict.school_id == school_id,
            AssessorConflict.assessor_id.in_(assessor_ids),
            AssessorConflict.standing,
        )
        .order_by(AssessorConflict.recorded_at)
    ).all()
    found: dict[int, list[AssessorConflict]] = {}
    for row in rows:
        found.setdefault(row.assessor_id, []).append(row)
    return found


def _members(school_id: int, assessor_ids: list[int]) -> set[int]:
    query = select(Membership.user_id).where(Membership.school_id == school_id, Membership.user_id.in_(assessor_ids))
    return set(db.session.scalars(query).all())


def _conflict_reason(assessor: User, conflict: AssessorConflict) -> str:
    note = conflict.note.strip()
    if conflict.kind == ConflictKind.ADVISED:
        if note:
            return _("%(name)s has advised this school (%(note)s).", name=assessor.name, note=note)
        return _("%(name)s has advised this school.", name=assessor.name)
    if note:
        return _("%(name)s declared a conflict of interest with this school (%(note)s).", name=assessor.name, note=note)
    return _("%(name)s declared a conflict of interest with this school.", name=assessor.name)


def _reasons(
    application: Application,
    assessor: User,
    role: str,
    conflicts: list[AssessorConflict],
    is_member: bool,
) -> tuple[str, ...]:
    school = application.school
    reasons: list[str] = []
    if not assessor.active:
        reasons.append(_("%(name)s's account is deactivated.", name=assessor.name))
    if not assessor.is_assessor:
        reasons.append(_("%(name)s is not an assessor.", name=assessor.name))
    else:
        countries, _regions = assessor.scope(Role.ASSESSOR)
        if school.country_code not in countries:
            reasons.append(
                _("%(name)s does not assess schools in %(country)s.", name=assessor.name, country=school.country_code)
            )
    languages = {row.language for row in assessor.assessor_languages}
    if school.language not in languages:
        reasons.append(
            _(
                "%(name)s does not assess in the school's language (%(language)s).",
                name=assessor.name,
                language=school.language,
            )
        )
    if is_member:
        reasons.append(_("%(name)s is a member of this school.", name=assessor.name))
    reasons.extend(_conflict_reason(assessor, conflict) for conflict in conflicts)
    other = next((a for a in application.assessors if a.user_id == assessor.id and a.role != role), None)
    if other is not None:
        reasons.append(
            _(
                "%(name)s is already the %(role)s of this application; the moderator must be a second assessor.",
                name=assessor.name,
                role=_role_title(other.role),
            )
        )
    if assessor.is_assessor:
        reasons.extend(training_reasons(application, assessor, role))  # a trainee never assesses alone
    return tuple(reasons)


def _role_title(role: str) -> str:
    return _("lead assessor") if role == AssessorRole.LEAD else _("moderator")


def ineligibility(application: Application, assessor: User, role: str) -> list[str]:
    """Why ``assessor`` may not take ``application`` in ``role`` (empty: eligible)."""
    conflicts = _conflicts(application.school_id, [assessor.id]).get(assessor.id, [])
    is_member = assessor.id in _members(application.school_id, [assessor.id])
    return list(_reasons(application, assessor, role, conflicts, is_member))


def candidates(application: Application, role: str) -> list[Candidate]:
    """Every assessor of the school's country (and every other active assessor, to say why not), eligible ones
    first, by open reviews then name."""
    assessors = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(select(RoleGrant.user_id).where(RoleGrant.role == Role.ASSESSOR.value)))
            .options(selectinload(User.grants), selectinload(User.assessor_languages))
            .order_by(User.name, User.id)
        ).all()
    )
    ids = [assessor.id for assessor in assessors]
    conflicts = _conflicts(application.school_id, ids)
    members = _members(application.school_id, ids)
    loads = open_reviews(ids, excluding=application.id)
    found = [
        Candidate(
            assessor,
            loads[assessor.id],
            _reasons(application, assessor, role, conflicts.get(assessor.id, []), assessor.id in members),
        )
        for assessor in assessors
    ]
    return sorted(found, key=_rank)


def _rank(candidate: Candidate) -> tuple:
    return (not candidate.eligible, candidate.open_reviews, candidate.assessor.name.casefold(), candidate.assessor.id)


def propose(application: Application, role: str, beside: Proposal | None = None) -> Proposal:
    """The eligible assessor with the fewest open reviews (ties: by name) for ``role``, and why each other
    candidate was not chosen. ``beside``: the proposal for the other role, shown next to this one; its assessor is
    not proposed again, since the moderator must be a second assessor."""
    ranked = candidates(application, role)
    if beside is not None and beside.chosen is not None:
        ranked = _set_aside(ranked, beside)
    chosen = ranked[0] if ranked and ranked[0].eligible else None
    others: list[tuple[Candidate, str]] = []
    for candidate in ranked:
        if candidate is chosen:
            continue
        if not candidate.eligible:
            others.append((candidate, " ".join(candidate.reasons)))
        elif candidate.open_reviews > chosen.open_reviews:
            others.append(
                (
                    candidate,
                    _(
                        "%(name)s has %(count)s open reviews, more than %(chosen)s (%(fewest)s).",
                        name=candidate.assessor.name,
                        count=candidate.open_reviews,
                        chosen=chosen.assessor.name,
                        fewest=chosen.open_reviews,
                    ),
                )
            )
        else:
            others.append(
                (
                    candidate,
                    _(
                        "%(name)s has as many open reviews (%(count)s) as %(chosen)s, who comes first by name.",
                        name=candidate.assessor.name,
                        count=candidate.open_reviews,
                        chosen=chosen.assessor.name,
                    ),
                )
            )
    return Proposal(role, chosen, others)


def _set_aside(ranked: list[Candidate], beside: Proposal) -> list[Candidate]:
    """``ranked`` with the assessor proposed ``beside`` made ineligible (when nothing else already makes them so)."""
    taken = beside.chosen.assessor
    reason = _(
        "%(name)s is proposed as the %(role)s; the moderator must be a second assessor.",
        name=taken.name,
        role=_role_title(beside.role),
    )
    marked = [
        replace(candidate, reasons=(reason,)) if candidate.assessor.id == taken.id and candidate.eligible else candidate
        for candidate in ranked
    ]
    return sorted(marked, key=_rank)


# --- the history of assignments -----------------------------------------------------------------------------------


def record_assignment(
    assignment: ApplicationAssessor, replaced: ApplicationAssessor | None, actor: User
) -> AssessorAssignment:
    """Keep the history: end the replaced assignment's record (one is added for it when it has none, e.g. made
    before the history was kept) and add one for the new assignment, which it returns. Flushes."""
    now = utcnow()
    if replaced is not None:
        current = db.session.scalar(
            select(AssessorAssignment).where(
                AssessorAssignment.application_id == replaced.application_id,
                AssessorAssignment.user_id == replaced.user_id,
                AssessorAssignment.role == replaced.role,
                AssessorAssignment.ended_at.is_(None),
            )
        )
        if current is None:
            current = AssessorAssignment(
                application_id=replaced.application_id,
                user_id=replaced.user_id,
                role=replaced.role,
                assigned_at=replaced.assigned_at,
                assigned_by_id=replaced.assigned_by_id,
            )
            db.session.add(current)
        current.ended_at = now
        current.ended_by_id = actor.id
    record = AssessorAssignment(
        application_id=assignment.application_id,
        user_id=assignment.user_id,
        role=assignment.role,
        assigned_at=assignment.assigned_at or now,
        assigned_by_id=actor.id,
    )
    db.session.add(record)
    db.session.flush()
    return record


def assignment_history(application_id: int) -> list[AssessorAssignment]:
    """Every assignment of the application, the current ones and those that ended, oldest first."""
    return list(
        db.session.scalars(
            select(AssessorAssignment)
            .where(AssessorAssignment.application_id == application_id)
            .options(
                selectinload(AssessorAssignment.user),
                selectinload(AssessorAssignment.assigned_by),
                selectinload(AssessorAssignment.ended_by),
            )
            .order_by(AssessorAssignment.assigned_at, AssessorAssignment.id)
        ).all()
    )


def assign_assessor(application_id: int, assessor_id: int, role: str, actor: User) -> ApplicationAssessor:
    """Assign the assessor ``assessor_id`` to the application as its lead assessor or its moderator (replacing
    whoever held that role; the replaced assignment stays in the history). Coordinators of the school's region
    (and admins) assign; the assessor must be eligible (``ineligibility``): InvalidAssignment
    says why not."""
    application, roles = application_for(application_id, actor)
    if not may_assign_assessors(roles):
        raise NotPermitted(_("Only the coordinators of the school’s region assign assessors."))
    if role not in {r.value for r in AssessorRole}:
        raise InvalidAssignment(_("%(role)s is not an assessor’s role; choose lead or moderator.", role=repr(role)))
    if not application.is_open:
        raise InvalidAssignment(_("This cycle is closed; assessors can no longer be assigned to it."))
    assessor = db.session.get(User, assessor_id)
    if assessor is None:
        raise InvalidAssignment(_("Please choose an assessor."))
    reasons = ineligibility(application, assessor, role)
    if reasons:
        raise InvalidAssignment(reasons[0], reasons)
    holder = next((a for a in application.assessors if a.user_id == assessor.id), None)
    if holder is not None:
        return holder
    current = next((a for a in application.assessors if a.role == role), None)
    if current is not None:
        db.session.delete(current)
        db.session.flush()
    assignment = ApplicationAssessor(
        application_id=application.id, user_id=assessor.id, role=role, assigned_by_id=actor.id, assigned_at=utcnow()
    )
    db.session.add(assignment)
    db.session.flush()
    queue_assignment_mail(record_assignment(assignment, current, actor))  # e-mailed after the commit, once
    db.session.expire(application, ["assessors"])
    return assignment
