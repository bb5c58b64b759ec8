"""The register's operations: the programme whose courses and window apply to a school, adding and removing a
training, and the school's declared number of people per staff role. They flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from accreditation.access import can_administer_school
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.quota import store_school_file
from accreditation.extensions import db
from accreditation.models import Application, School, StaffCount, TrainingRecord, User
from accreditation.storage import discard_on_commit
from accreditation.training.errors import NoSuchTraining, NotTheSchoolsAdmin, TrainingError
from workflows import Programme
from workflows.between_awards import STAFF_ROLES, Training

ROLE_TITLES = {
    "teacher": _l("Teacher"),
    "support": _l("Support staff"),
    "governor": _l("Governor or board member"),
    "leadership": _l("Leadership"),
}
assert set(ROLE_TITLES) == set(STAFF_ROLES)


def programme_for(school: School, part: str = "training") -> Programme | None:
    """The programme whose between-awards ``part`` (training, incidents) applies to ``school``: that of its latest
    application which has one, else the first loaded programme (by code) that has one; None when none has."""
    programmes = current_workflows().programmes
    with_training = {code: p for code, p in programmes.items() if _part(p, part) is not None}
    codes = db.session.scalars(
        select(Application.programme_code).where(Application.school_id == school.id).order_by(Application.id.desc())
    ).all()
    for code in codes:
        if code in with_training:
            return with_training[code]
    return with_training[min(with_training)] if with_training else None


def _part(programme: Programme, part: str):
    section = programme.definition.between_awards
    return getattr(section, part) if section else None


def _training(programme: Programme) -> Training | None:
    return _part(programme, "training")


def training_of(programme: Programme | None) -> Training:
    """The programme's training section (an empty one, with the default window, when it has none)."""
    return (_training(programme) if programme else None) or Training()


def require_admin(actor: User, school: School) -> None:
    if not can_administer_school(actor, school):
        raise NotTheSchoolsAdmin()


@dataclass(frozen=True)
class NewTraining:
    """One training as typed on the form or read from a CSV row, already checked (``check_training``)."""

    person_name: str
    staff_role: str
    completed_on: date
    course_code: str | None = None
    course_text: str = ""
    provider: str = ""
    user_id: int | None = None


def check_training(entry: NewTraining, training: Training, today: date) -> list[str]:
    """What is wrong with ``entry``, in sentences for people; empty when it may be recorded."""
    problems = []
    if not entry.person_name.strip() and entry.user_id is None:
        problems.append(_("Name the person who was trained."))
    if len(entry.person_name) > 120:
        problems.append(_("The name is longer than 120 characters."))
    if entry.staff_role not in STAFF_ROLES:
        problems.append(_("Choose the person's role: teacher, support staff, governor or leadership."))
    if entry.course_code is not None and training.course(entry.course_code) is None:
        problems.append(_("This course is not in the programme's list; write its name instead."))
    if entry.course_code is None and not entry.course_text.strip():
        problems.append(_("Name the course: choose it from the list or write its name."))
    if len(entry.course_text) > 200 or len(entry.provider) > 200:
        problems.append(_("The course and the provider have at most 200 characters each."))
    if entry.completed_on > today:
        problems.append(_("The date of the training is in the future."))
    return problems


def add_training(
    actor: User, school: School, entry: NewTraining, today: date, certificate: tuple[bytes, str] | None = None
) -> TrainingRecord:
    """Record one training in the school's register (its admins only); TrainingError with every problem. The
    ``certificate`` (its content, of a type the caller checked, and its name) is stored once every check passed,
    the size limit of one upload and the school's storage quota included (UploadTooLarge, QuotaExceeded: nothing
    stored)."""
    require_admin(actor, school)
    training = training_of(programme_for(school))
    if entry.user_id is not None and _member(school, entry.user_id) is None:
        raise TrainingError(_("This person is not a member of the school."))
    problems = check_training(entry, training, today)
    if problems:
        raise TrainingError(problems[0], problems)
    record = TrainingRecord(school_id=school.id, created_by_id=actor.id, **_columns(entry))
    if entry.user_id is not None and not record.person_name.strip():
        record.person_name = _member(school, entry.user_id).name
    if certificate is not None:
        content, name = certificate
        stored = store_school_file(school.id, content)
        record.file_key, record.file_sha256, record.file_name = stored.key, stored.sha256, name[:200]
        record.file_size = stored.size
    db.session.add(record)
    db.session.flush()
    return record


def _columns(entry: NewTraining) -> dict:
    return {
        "person_name": entry.person_name.strip(),
        "staff_role": entry.staff_role,
        "completed_on": entry.completed_on,
        "course_code": entry.course_code,
        "course_text": "" if entry.course_code else entry.course_text.strip(),
        "provider": entry.provider.strip(),
        "user_id": entry.user_id,
    }


def _member(school: School, user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.membership_of(school.id) is not None else None


def get_training(school: School, record_id: int) -> TrainingRecord:
    record = db.session.get(TrainingRecord, record_id)
    if record is None or record.school_id != school.id:
        raise NoSuchTraining()
    return record


def remove_training(actor: User, school: School, record_id: int) -> TrainingRecord:
    """Take a training out of the register; its certificate file goes once the removal commits."""
    require_admin(actor, school)
    record = get_training(school, record_id)
    if record.file_key:
        discard_on_commit(db.session, record.file_key)
    db.session.delete(record)
    db.session.flush()
    return record


def records_of(school: School, limit: int | None = None) -> list[TrainingRecord]:
    """The school's trainings, the latest first."""
    query = (
        select(TrainingRecord)
        .where(TrainingRecord.school_id == school.id)
        .order_by(TrainingRecord.completed_on.desc(), TrainingRecord.id.desc())
    )
    return list(db.session.scalars(query.limit(limit) if limit else query))


def staff_counts(school: School) -> dict[str, int]:
    """The declared number of people per staff role (roles never declared are absent)."""
    rows = db.session.execute(
        select(StaffCount.staff_role, StaffCount.people).where(StaffCount.school_id == school.id)
    ).all()
    return {role: people for role, people in rows}


def set_staff_counts(actor: User, school: School, counts: dict[str, int | None]) -> None:
    """Declare how many people the school has per role (None: not declared); the coverage's denominators."""
    require_admin(actor, school)
    for role, people in counts.items():
        if role not in STAFF_ROLES:
            raise TrainingError(_("Choose the person's role: teacher, support staff, governor or leadership."))
        if people is not None and not 0 <= people <= 100_000:
            raise TrainingError(_("A number of people is a whole number from 0 to 100,000."))
    db.session.execute(delete(StaffCount).where(StaffCount.school_id == school.id))
    for role, people in counts.items():
        if people is not None:
            db.session.add(StaffCount(school_id=school.id, staff_role=role, people=people))
    db.session.flush()
