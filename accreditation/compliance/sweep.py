"""The calendar's sweep (beat): the rows of the current periods, then a reminder to each duty's owner (else the
school's admins) from ``remind_before_days`` before it falls due, and an escalation to the school's admins and the
coordinators of its region once it is ``escalate_after_days`` overdue. Deliveries are unique per kind, duty and
person, so a sweep run twice, or two at once, sends each message once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from accreditation.applications.runtime import current_workflows
from accreditation.compliance.calendar import duties_of, ensure_current_everywhere
from accreditation.deliveries.queue import deliver
from accreditation.extensions import db
from accreditation.models import ComplianceDuty, Membership, RoleGrant, School
from accreditation.models.school import MemberRole
from accreditation.models.user import Role
from accreditation.training.register import programme_for

DUTY_REMINDER = "duty_reminder"
DUTY_ESCALATION = "duty_escalation"


@dataclass(frozen=True)
class DutySweep:
    rows: int
    reminders: int
    escalations: int


def _admins(school_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.school_id == school_id, Membership.role == MemberRole.SCHOOL_ADMIN.value
            )
        )
    )


def _coordinators(school: School) -> list[int]:
    query = select(RoleGrant.user_id).where(
        RoleGrant.role == Role.COORDINATOR.value,
        or_(
            RoleGrant.region_code == school.region_code,
            (RoleGrant.country_code == school.country_code) & RoleGrant.region_code.is_(None),
        ),
    )
    return list(db.session.scalars(query.distinct()))


def sweep_duties(today: date) -> DutySweep:
    """Write the reminders and escalations due ``today`` (flushes; the task commits)."""
    rows = ensure_current_everywhere(today)
    settings = {
        (code, duty.code): duty
        for code, programme in current_workflows().programmes.items()
        for duty in duties_of(programme)
    }
    reminders = escalations = 0
    horizon = today + timedelta(days=max((duty.remind_before_days for duty in settings.values()), default=0))
    open_rows = db.session.scalars(
        select(ComplianceDuty).where(ComplianceDuty.done_on.is_(None), ComplianceDuty.due_on <= horizon)
    ).all()
    for row in open_rows:
        programme = programme_for(row.school, "duties")
        duty = settings.get((programme.code, row.duty_code)) if programme else None
        if duty is None:
            continue
        if today >= row.due_on - timedelta(days=duty.remind_before_days):
            people = [row.owner_id] if row.owner_id else _admins(row.school_id)
            reminders += len(deliver(DUTY_REMINDER, row.id, people))
        if today > row.due_on + timedelta(days=duty.escalate_after_days):
            people = list(dict.fromkeys([*_admins(row.school_id), *_coordinators(row.school)]))
            escalations += len(deliver(DUTY_ESCALATION, row.id, people))
    db.session.flush()
    return DutySweep(rows, reminders, escalations)
