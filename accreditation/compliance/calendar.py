"""The calendar's periods and operations. A school year starts on 1 September; its terms end on 31 December,
30 April and 31 August. A duty's row for the period containing a day is created when the calendar or the sweep
first needs it. Operations flush and never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.errors import ApplicationError
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.quota import store_school_file
from accreditation.extensions import db
from accreditation.models import Application, ComplianceDuty, School, User
from accreditation.models.inserts import insert_ignoring_duplicates
from accreditation.training.register import programme_for, require_admin
from workflows import Programme
from workflows.between_awards import Duty


class DutyError(ApplicationError):
    status = 422


class NoSuchDuty(ApplicationError):
    status = 404

    def __init__(self) -> None:
        super().__init__(_("This duty is not in the school's calendar."))


def school_year_start(day: date) -> date:
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def due_date(every: str, day: date) -> date:
    """When the duty of the period containing ``day`` falls due."""
    start = school_year_start(day)
    if every == "school_year":
        return date(start.year, 9, 30)
    if every == "term":
        for end in (date(start.year, 12, 31), date(start.year + 1, 4, 30)):
            if day <= end:
                return end
    return date(start.year + 1, 8, 31)


def duties_of(programme: Programme | None) -> tuple[Duty, ...]:
    section = programme.definition.between_awards if programme else None
    return section.duties if section else ()


def ensure_current(school: School, today: date) -> None:
    """The rows of the period containing ``today`` for each duty of the school's programme."""
    rows = [
        {
            "school_id": school.id,
            "duty_code": duty.code,
            "due_on": due_date(duty.every, today),
            "note": "",
            "file_name": "",
        }  # fmt: skip
        for duty in duties_of(programme_for(school, "duties"))
    ]
    if rows:
        db.session.execute(insert_ignoring_duplicates(ComplianceDuty).values(rows))


def ensure_current_everywhere(today: date) -> int:
    """The rows of the current periods for every school with an application of a programme that has duties."""
    written = 0
    for code, programme in current_workflows().programmes.items():
        schools = select(Application.school_id).where(Application.programme_code == code).distinct()
        for duty in duties_of(programme):
            rows = [
                {
                    "school_id": school_id,
                    "duty_code": duty.code,
                    "due_on": due_date(duty.every, today),
                    "note": "",
                    "file_name": "",
                }  # fmt: skip
                for school_id in db.session.scalars(schools)
            ]
            if rows:
                written += db.session.execute(insert_ignoring_duplicates(ComplianceDuty).values(rows)).rowcount or 0
    return written


def calendar_of(school: School, today: date) -> list[tuple[ComplianceDuty, Duty | None]]:
    """The school's duties, the current and the earlier ones, the soonest due first among those not done."""
    ensure_current(school, today)
    programme = programme_for(school, "duties")
    section = programme.definition.between_awards if programme else None
    rows = db.session.scalars(
        select(ComplianceDuty)
        .where(ComplianceDuty.school_id == school.id)
        .order_by(ComplianceDuty.done_on.is_not(None), ComplianceDuty.due_on, ComplianceDuty.id)
    )
    return [(row, section.duty(row.duty_code) if section else None) for row in rows]


def get_duty(school: School, duty_id: int) -> ComplianceDuty:
    row = db.session.get(ComplianceDuty, duty_id)
    if row is None or row.school_id != school.id:
        raise NoSuchDuty()
    return row


def set_owner(actor: User, school: School, duty_id: int, owner_id: int | None) -> ComplianceDuty:
    require_admin(actor, school)
    row = get_duty(school, duty_id)
    if owner_id is not None:
        owner = db.session.get(User, owner_id)
        if owner is None or owner.membership_of(school.id) is None:
            raise DutyError(_("The owner must be a member of the school."))
    row.owner_id = owner_id
    db.session.flush()
    return row


def tick(
    actor: User,
    school: School,
    duty_id: int,
    today: date,
    note: str = "",
    document: tuple[bytes, str] | None = None,
) -> ComplianceDuty:
    """Mark the duty done today, with an optional note and document (the school's admins, or the duty's owner). The
    ``document`` (its content, of a type the caller checked, and its name) is stored once every check passed, the
    school's storage quota included (UploadTooLarge, QuotaExceeded: nothing stored, the duty not done)."""
    row = get_duty(school, duty_id)
    if row.owner_id != actor.id:
        require_admin(actor, school)
    if row.done_on is not None:
        raise DutyError(_("This duty is already done."))
    if len(note) > 5000:
        raise DutyError(_("The note has at most 5,000 characters."))
    if document is not None:
        content, name = document
        stored = store_school_file(school.id, content)
        row.file_key, row.file_name, row.file_size = stored.key, name[:200], stored.size
    row.done_on, row.done_by_id, row.note = today, actor.id, note.strip()
    db.session.flush()
    return row
