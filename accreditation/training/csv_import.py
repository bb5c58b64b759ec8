"""Importing trainings from a CSV exported by a training platform: a preview (the rows that will be recorded, and
each rejected row with its line and reasons), then the import of the accepted rows in one statement.

Columns, named in a header row (case and spaces aside): ``name`` (or ``email`` of a member of the school),
``role`` (teacher, support, governor, leadership), ``course`` (a code of the programme's list, else its name),
``date`` (2026-03-31, 31.03.2026 or 31/03/2026) and optionally ``provider``. Separated by commas, semicolons or
tabs; UTF-8. A row already in the register (same person, course and date) or repeated in the file is rejected, so
importing the same file twice records it once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import insert, select

from accreditation.extensions import db
from accreditation.i18n import local_number
from accreditation.models import Membership, School, TrainingRecord, User
from accreditation.training.errors import TrainingError
from accreditation.training.register import (
    NewTraining,
    check_training,
    programme_for,
    require_admin,
    training_of,
)
from workflows.between_awards import STAFF_ROLES, Training

MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
ROLE_WORDS = {
    "teacher": "teacher",
    "teaching staff": "teacher",
    "support": "support",
    "support staff": "support",
    "governor": "governor",
    "board member": "governor",
    "governor or board member": "governor",
    "leadership": "leadership",
    "leader": "leadership",
}


@dataclass(frozen=True)
class Rejected:
    line: int
    reasons: list[str]
    text: str  # the row as it was in the file, shortened


@dataclass
class Preview:
    accepted: list[tuple[int, NewTraining]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.accepted) + len(self.rejected)


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TrainingError(_("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.")) from None


def _reader(text: str) -> csv.reader:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _key(name: str) -> str:
    return "_".join(name.strip().casefold().replace("-", " ").split())


def preview(school: School, text: str, today: date) -> Preview:
    """Check every row of the CSV ``text`` for ``school``; TrainingError when the file itself cannot be read."""
    rows = list(_reader(text))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise TrainingError(_("The file is empty: its first row must name the columns."))
    header = {_key(name): index for index, name in enumerate(rows[0]) if name.strip()}
    missing = [name for name in ("role", "course", "date") if name not in header]
    if "name" not in header and "email" not in header:
        missing.insert(0, "name")
    if missing:
        raise TrainingError(_("The first row must name the columns; missing: %(columns)s.", columns=", ".join(missing)))
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if len(body) > MAX_ROWS:
        raise TrainingError(_("A file has at most %(count)s rows; split it in parts.", count=local_number(MAX_ROWS)))
    training = training_of(programme_for(school))
    members = _members_by_email(school)
    seen = _already_recorded(school)
    found = Preview()
    for number, row in body:
        cell = {name: (row[index].strip() if index < len(row) else "") for name, index in header.items()}
        entry, reasons = _entry(cell, training, members, today)
        if entry is not None and not reasons:
            key = _identity(entry)
            if key in seen:
                reasons = [_("This training is already in the register (or earlier in the file).")]
            seen.add(key)
        if reasons or entry is None:
            found.rejected.append(Rejected(number, reasons, ", ".join(row)[:200]))
        else:
            found.accepted.append((number, entry))
    return found


def _entry(
    cell: dict[str, str], training: Training, members: dict[str, User], today: date
) -> tuple[NewTraining | None, list[str]]:
    reasons: list[str] = []
    user = None
    if email := cell.get("email", "").casefold():
        user = members.get(email)
        if user is None:
            reasons.append(_("No member of the school has the e-mail address %(email)s.", email=email))
    name = cell.get("name", "") or (user.name if user else "")
    role = ROLE_WORDS.get(" ".join(cell.get("role", "").casefold().split()), cell.get("role", "").casefold())
    completed = _date(cell.get("date", ""))
    if completed is None:
        reasons.append(_("The date is not a date such as 2026-03-31 or 31.03.2026."))
        completed = today
    course = cell.get("course", "")
    code = course if training.course(course) is not None else None
    entry = NewTraining(
        person_name=name,
        staff_role=role if role in STAFF_ROLES else "",
        completed_on=completed,
        course_code=code,
        course_text="" if code else course,
        provider=cell.get("provider", ""),
        user_id=user.id if user else None,
    )
    reasons += check_training(entry, training, today)
    return entry, reasons


def _date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _members_by_email(school: School) -> dict[str, User]:
    users = db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id).where(Membership.school_id == school.id)
    )
    return {user.email.casefold(): user for user in users}


def _identity(entry: NewTraining) -> tuple:
    person = f"user:{entry.user_id}" if entry.user_id else "name:" + " ".join(entry.person_name.casefold().split())
    course = entry.course_code or "text:" + " ".join(entry.course_text.casefold().split())
    return person, course, entry.completed_on


def _already_recorded(school: School) -> set[tuple]:
    rows = db.session.execute(
        select(
            TrainingRecord.user_id,
            TrainingRecord.person_name,
            TrainingRecord.course_code,
            TrainingRecord.course_text,
            TrainingRecord.completed_on,
        ).where(TrainingRecord.school_id == school.id)
    )
    return {_identity(NewTraining(name, "", day, code, text, "", user_id)) for user_id, name, code, text, day in rows}


def import_csv(actor: User, school: School, text: str, today: date) -> Preview:
    """Record every accepted row of the CSV in one statement (the school's admins only); the preview of what was
    recorded and what was rejected."""
    require_admin(actor, school)
    found = preview(school, text, today)
    if found.accepted:
        db.session.execute(
            insert(TrainingRecord),
            [
                {
                    "school_id": school.id,
                    "created_by_id": actor.id,
                    "person_name": entry.person_name.strip(),
                    "staff_role": entry.staff_role,
                    "completed_on": entry.completed_on,
                    "course_code": entry.course_code,
                    "course_text": "" if entry.course_code else entry.course_text.strip(),
                    "provider": entry.provider.strip(),
                    "user_id": entry.user_id,
                    "file_name": "",
                    "file_sha256": "",
                }
                for _line, entry in found.accepted
            ],
        )
        db.session.flush()
    return found
