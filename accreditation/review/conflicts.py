"""Conflicts of interest: an assessor declares their own, a coordinator of the school's region (or an admin)
records one. A standing conflict makes the assessor ineligible for the school's applications
(``accreditation.review.assignment``). One recorded in error is withdrawn by a coordinator of the school's region
(or an admin) with a reason, and kept as history; the assessor cannot lift their own conflict."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from accreditation.applications.errors import ApplicationNotFound, NotPermitted
from accreditation.extensions import db
from accreditation.models import Application, AssessorConflict, School, User
from accreditation.models.review import ConflictKind
from accreditation.models.time import utcnow
from accreditation.models.user import Role
from accreditation.review.errors import ConflictError

MAX_NOTE_CHARS = 2_000
MIN_WITHDRAWAL_CHARS = 10


def record_conflict(assessor: User, school: School, kind: str, note: str, actor: User) -> AssessorConflict:
    """Record that ``assessor`` may not assess ``school`` (``kind``: declared or advised). The assessor records
    their own; a coordinator of the school's region or an admin records anyone's. Flushes."""
    if actor.id != assessor.id and not actor.coordinates(school.country_code, school.region_code):
        raise NotPermitted(_("Only the assessor, or a coordinator of the school's region, records a conflict."))
    if not assessor.is_assessor:
        raise ConflictError(_("%(name)s is not an assessor.", name=assessor.name))
    if kind not in {k.value for k in ConflictKind}:
        raise ConflictError(_("Please choose the kind of conflict: a declared conflict, or having advised the school."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ConflictError(_("Please keep the note under %(count)s characters.", count=MAX_NOTE_CHARS))
    exists = db.session.scalar(
        select(AssessorConflict.id).where(
            AssessorConflict.assessor_id == assessor.id,
            AssessorConflict.school_id == school.id,
            AssessorConflict.kind == kind,
            AssessorConflict.standing,
        )
    )
    if exists is not None:
        raise ConflictError(_("This conflict with %(school)s is already recorded.", school=school.name))
    conflict = AssessorConflict(
        assessor_id=assessor.id, school_id=school.id, kind=kind, note=note, recorded_by_id=actor.id
    )
    db.session.add(conflict)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # recorded by another request at the same moment
        raise ConflictError(_("This conflict with %(school)s is already recorded.", school=school.name)) from None
    return conflict


class ConflictNotFound(ConflictError):
    """No such conflict of interest with the application's school."""

    status = 404

    def __init__(self) -> None:
        super().__init__(_("There is no such conflict of interest with this school."))


def school_for_recording(application_id: int, actor: User) -> School:
    """The school of an application, on which a coordinator of its region (or an admin) records an assessor's
    conflict (ApplicationNotFound, NotPermitted for anyone else)."""
    application = db.session.get(Application, application_id)
    if application is None:
        raise ApplicationNotFound(application_id)
    school = db.session.get(School, application.school_id)
    if not actor.coordinates(school.country_code, school.region_code):
        raise NotPermitted(_("Only a coordinator of the school's region records a conflict of interest."))
    return school


def conflict_of_application(application_id: int, conflict_id: int) -> AssessorConflict:
    """A conflict of interest with the school of an application (ApplicationNotFound, ConflictNotFound)."""
    application = db.session.get(Application, application_id)
    if application is None:
        raise ApplicationNotFound(application_id)
    conflict = db.session.get(AssessorConflict, conflict_id)
    if conflict is None or conflict.school_id != application.school_id:
        raise ConflictNotFound()
    return conflict


class AlreadyWithdrawn(ConflictError):
    """A second withdrawal (a double click, or another coordinator meanwhile): nothing changes."""

    status = 409


def withdraw_conflict(conflict: AssessorConflict, note: str, actor: User) -> AssessorConflict:
    """Withdraw a conflict recorded in error: the assessor may be assigned the school's applications again. Only a
    coordinator of the school's region or an admin, with a reason; the row stays as history. Flushes."""
    school = conflict.school
    if not actor.coordinates(school.country_code, school.region_code):
        raise NotPermitted(_("Only a coordinator of the school's region withdraws a conflict of interest."))
    note = (note or "").strip()
    if len(note) < MIN_WITHDRAWAL_CHARS:
        raise ConflictError(
            _("Please say why the conflict is withdrawn (at least %(count)s characters).", count=MIN_WITHDRAWAL_CHARS)
        )
    if len(note) > MAX_NOTE_CHARS:
        raise ConflictError(_("Please keep the note under %(count)s characters.", count=MAX_NOTE_CHARS))
    # Withdrawn once, by whoever got there first: a second click, or another coordinator meanwhile, changes nothing.
    withdrawn = db.session.execute(
        update(AssessorConflict)
        .where(AssessorConflict.id == conflict.id, AssessorConflict.standing)
        .values(withdrawn_at=utcnow(), withdrawn_by_id=actor.id, withdrawal_note=note)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(conflict)
    if not withdrawn:
        raise AlreadyWithdrawn(_("This conflict of interest was already withdrawn."))
    return conflict


def school_for_declaration(assessor: User, country_code: str, national_id: str) -> School:
    """The school an assessor names by its country and national identifier (one of the countries they cover)."""
    country_code = (country_code or "").strip().upper()
    national_id = (national_id or "").strip()
    countries, _regions = assessor.scope(Role.ASSESSOR)
    if country_code not in countries:
        raise ConflictError(_("Please choose one of the countries you assess in."))
    if not national_id:
        raise ConflictError(_("Please give the school's national identifier."))
    school = db.session.scalar(
        select(School).where(School.country_code == country_code, func.lower(School.national_id) == national_id.lower())
    )
    if school is None:
        raise ConflictError(_("There is no school %(id)s in %(country)s.", id=national_id, country=country_code))
    return school


def conflicts_of(assessor_id: int) -> list[AssessorConflict]:
    return list(
        db.session.scalars(
            select(AssessorConflict)
            .where(AssessorConflict.assessor_id == assessor_id)
            .order_by(AssessorConflict.recorded_at.desc())
        ).all()
    )


def conflicts_with(school_id: int) -> list[AssessorConflict]:
    return list(
        db.session.scalars(
            select(AssessorConflict)
            .where(AssessorConflict.school_id == school_id)
            .order_by(AssessorConflict.recorded_at.desc())
        ).all()
    )
