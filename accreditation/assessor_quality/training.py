"""The accreditation path of an assessor: in training for a programme until the programme's number of
assessments have been moderated (their own decision re-read by an accredited assessor) or shadowed (beside an
accredited lead); then accredited. A coordinator may also accredit an experienced assessor directly.

A programme without ``assessor_quality.training_assessments`` has no path: every assessor counts as accredited.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.applications.runtime import current_workflows
from accreditation.assessor_quality.errors import QualityError, QualityNotPermitted
from accreditation.extensions import db
from accreditation.models import Application, AssessorAccreditation, TrainingCredit, User
from accreditation.models.application import AssessorRole
from accreditation.models.assessor_quality import CreditKind
from accreditation.models.user import Role
from workflows.assessor_quality import AssessorQuality


def settings(programme_code: str) -> AssessorQuality:
    return current_workflows().programme(programme_code).definition.assessor_quality


def accreditation_of(assessor_id: int, programme_code: str) -> AssessorAccreditation | None:
    return db.session.scalar(
        select(AssessorAccreditation).where(
            AssessorAccreditation.assessor_id == assessor_id, AssessorAccreditation.programme_code == programme_code
        )
    )


def is_accredited(assessor_id: int, programme_code: str) -> bool:
    """Accredited for the programme (always, when the programme has no training path)."""
    if not settings(programme_code).has_training:
        return True
    return accreditation_of(assessor_id, programme_code) is not None


def in_training(assessor_id: int, programme_code: str) -> bool:
    return not is_accredited(assessor_id, programme_code)


def training_reasons(application: Application, assessor: User, role: str) -> list[str]:
    """Why ``assessor``, in training, may not take ``application`` in ``role`` now: a trainee leads only beside an
    accredited moderator, and shadows (as moderator) only an accredited lead. Empty: nothing against it."""
    code = application.programme_code
    if not settings(code).has_training:
        return []
    if not in_training(assessor.id, code):
        return []
    other_role = AssessorRole.MODERATOR.value if role == AssessorRole.LEAD.value else AssessorRole.LEAD.value
    other = next((a for a in application.assessors if a.role == other_role and a.user_id != assessor.id), None)
    if other is not None and not in_training(other.user_id, code):
        return []
    if role == AssessorRole.LEAD.value:
        return [
            _(
                "%(name)s is in training: assign an accredited moderator first, then %(name)s as lead.",
                name=assessor.name,
            )
        ]
    return [_("%(name)s is in training and may only shadow an accredited lead.", name=assessor.name)]


def record_credit(assessor_id: int, application: Application, round_: int, kind: CreditKind, mentor_id: int) -> None:
    """Count one moderated or shadowed assessment toward the trainee's accreditation (once per application and
    round); accredit them when it is the last one needed. Flushes."""
    code = application.programme_code
    needed = settings(code).training_assessments
    if not needed or not in_training(assessor_id, code):
        return
    exists = db.session.scalar(
        select(TrainingCredit.id).where(
            TrainingCredit.assessor_id == assessor_id,
            TrainingCredit.application_id == application.id,
            TrainingCredit.round == round_,
        )
    )
    if exists is not None:
        return
    db.session.add(
        TrainingCredit(
            assessor_id=assessor_id,
            programme_code=code,
            application_id=application.id,
            round=round_,
            kind=kind.value,
            mentor_id=mentor_id,
        )
    )
    db.session.flush()
    if credit_count(assessor_id, code) >= needed:
        db.session.add(AssessorAccreditation(assessor_id=assessor_id, programme_code=code))
        db.session.flush()


def credit_count(assessor_id: int, programme_code: str) -> int:
    return db.session.scalar(
        select(func.count()).where(
            TrainingCredit.assessor_id == assessor_id, TrainingCredit.programme_code == programme_code
        )
    )


def accredit(assessor_id: int, programme_code: str, actor: User, note: str) -> AssessorAccreditation:
    """A coordinator (or admin) accredits an experienced assessor directly, with a note saying why."""
    if not (actor.is_coordinator or actor.is_admin):
        raise QualityNotPermitted(_("Only coordinators accredit assessors."))
    assessor = db.session.get(User, assessor_id)
    if assessor is None or not assessor.is_assessor:
        raise QualityError(_("This person is not an assessor."))
    if not actor.is_admin:
        countries, regions = actor.scope(Role.COORDINATOR)
        assessed, _regions = assessor.scope(Role.ASSESSOR)
        if not assessed & (countries | {region[:2] for region in regions}):
            raise QualityNotPermitted(_("This assessor does not assess in a country you coordinate."))
    if programme_code not in current_workflows().programmes:
        raise QualityError(_("Please choose a programme."))
    if not note.strip():
        raise QualityError(_("Please say why this assessor is accredited without the training path."))
    found = accreditation_of(assessor_id, programme_code)
    if found is not None:
        return found
    row = AssessorAccreditation(
        assessor_id=assessor_id, programme_code=programme_code, granted_by_id=actor.id, note=note.strip()
    )
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class Path:
    """One programme's path for one assessor: the credits so far, how many are needed, and the accreditation."""

    programme_code: str
    programme_name: object
    needed: int
    credits: list[TrainingCredit]
    accreditation: AssessorAccreditation | None

    @property
    def accredited(self) -> bool:
        return self.accreditation is not None or self.needed == 0


def paths(assessor: User) -> list[Path]:
    """The assessor's path in every programme that has one."""
    if not assessor.is_assessor:
        return []
    workflows = current_workflows()
    found = []
    for code in sorted(workflows.programmes):
        programme = workflows.programme(code)
        needed = programme.definition.assessor_quality.training_assessments
        if not needed:
            continue
        credits = list(
            db.session.scalars(
                select(TrainingCredit)
                .where(TrainingCredit.assessor_id == assessor.id, TrainingCredit.programme_code == code)
                .order_by(TrainingCredit.at, TrainingCredit.id)
            ).all()
        )
        found.append(Path(code, programme.name, needed, credits, accreditation_of(assessor.id, code)))
    return found
