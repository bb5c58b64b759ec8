"""Writing a self-assessment's answers. A save names the revision each answer was based on: a save based on an
older revision than the one stored, with different values, is a conflict that the page shows beside both texts,
never a silent overwrite; a repeated save of the same values (a double submit) changes nothing. Answers to
different criteria merge, so two tabs working on different criteria never get in each other's way.

Operations flush, never commit; every input is checked before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from accreditation.applications.errors import NotPermitted
from accreditation.applications.permissions import application_for
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.errors import AssessmentError, LevelOutOfScale, NotEditable, UnknownCriterion
from accreditation.assessment.permissions import SCHOOL_ROLES, may_edit, uses_self_assessment
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Answer, Application, SelfAssessment, User
from accreditation.models.time import utcnow
from workflows import Framework, Programme

MAX_COMMENTARY_CHARS = 10_000


@dataclass(frozen=True)
class AnswerInput:
    """What a person typed for one criterion, and the revision of the answer their page showed (0: none)."""

    criterion_code: str
    level: int | None
    commentary: str
    base_revision: int = 0


@dataclass(frozen=True)
class Conflict:
    """Someone saved this criterion since the page was loaded, differently: both versions, for a person to merge."""

    yours: AnswerInput
    saved: Answer


@dataclass
class SaveResult:
    saved: dict[str, int] = field(default_factory=dict)  # criterion -> its new revision
    unchanged: dict[str, int] = field(default_factory=dict)  # criterion -> its revision (already as given)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class Workspace:
    """An application's self-assessment as one person may work on it."""

    application: Application
    roles: frozenset[str]
    programme: Programme
    framework: Framework
    self_assessment: SelfAssessment | None
    editable: bool

    def answers(self) -> dict[str, Answer]:
        return {a.criterion_code: a for a in self.self_assessment.answers} if self.self_assessment else {}


def workspace(application_id: int, actor: User, start: bool = False) -> Workspace:
    """The application's self-assessment for ``actor`` (ApplicationNotFound, NotYours).
    With ``start`` and while it is editable, a self-assessment that does not exist yet is begun on the current
    framework version (flushes)."""
    application, roles = application_for(application_id, actor)
    workflows = current_workflows()
    programme = workflows.programme(application.programme_code)
    if not uses_self_assessment(programme) or workflows.framework_of(programme) is None:
        raise NotEditable(_("This programme has no self-assessment."))
    self_assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    editable = may_edit(roles, programme, application.state)
    if self_assessment is None and start and editable:
        self_assessment = _begin(application, programme)
    if self_assessment is not None:
        framework = workflows.frameworks.get(self_assessment.framework_code, self_assessment.framework_version)
    else:
        framework = workflows.framework_of(programme)
    return Workspace(application, roles, programme, framework, self_assessment, editable)


def _begin(application: Application, programme: Programme) -> SelfAssessment:
    framework = current_workflows().framework_of(programme)
    now = utcnow()
    self_assessment = SelfAssessment(
        application_id=application.id,
        framework_code=framework.code,
        framework_version=framework.version,
        created_at=now,
        updated_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(self_assessment)
    except IntegrityError:  # another request began it at the same moment: use theirs
        return db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    return self_assessment


def check_input(framework: Framework, item: AnswerInput) -> None:
    """UnknownCriterion, LevelOutOfScale or AssessmentError when ``item`` cannot be saved as it is."""
    if framework.criterion(item.criterion_code) is None:
        raise UnknownCriterion(item.criterion_code)
    if item.level is not None and item.level not in framework.scale:
        raise LevelOutOfScale(item.level, framework.lowest, framework.highest)
    if len(item.commentary) > MAX_COMMENTARY_CHARS:
        raise AssessmentError(_("A commentary can be at most %(count)s characters long.", count=MAX_COMMENTARY_CHARS))
    if item.base_revision < 0:
        raise AssessmentError(_("The form was damaged; reload the page."))


def save_answers(application_id: int, actor: User, items: Sequence[AnswerInput]) -> SaveResult:
    """Save ``items`` (all checked first: one bad item saves nothing). Returns what was saved, what was already
    so, and the conflicts (not saved) for the person to resolve."""
    space = workspace(application_id, actor, start=True)
    if not space.roles & SCHOOL_ROLES:
        raise NotPermitted(_("Only the school's members answer its self-assessment."))
    if not space.editable:
        state = local(space.programme.state(space.application.state).label)
        raise NotEditable(_("The self-assessment cannot be changed now: the application is “%(state)s”.", state=state))
    for item in items:
        check_input(space.framework, item)
    codes = [item.criterion_code for item in items]
    if len(set(codes)) != len(codes):
        raise AssessmentError(_("The form named a criterion twice; reload the page."))
    result = SaveResult()
    now = utcnow()
    for item in items:
        _save_one(space.self_assessment, item, actor, now, result)
    if result.saved:
        space.self_assessment.updated_at = now
    db.session.flush()
    return result


def _same(answer: Answer, item: AnswerInput) -> bool:
    return answer.level == item.level and (answer.commentary or "").strip() == item.commentary.strip()


def _current(self_assessment: SelfAssessment, code: str) -> Answer | None:
    return db.session.scalar(
        select(Answer)
        .where(Answer.self_assessment_id == self_assessment.id, Answer.criterion_code == code)
        .execution_options(populate_existing=True)
    )


def _save_one(self_assessment: SelfAssessment, item: AnswerInput, actor: User, now: datetime, result: SaveResult):
    answer = _current(self_assessment, item.criterion_code)
    if answer is None:
        if item.level is None and not item.commentary.strip():
            return  # nothing typed for a criterion never answered: nothing to save
        try:
            with db.session.begin_nested():
                answer = Answer(
                    self_assessment_id=self_assessment.id,
                    criterion_code=item.criterion_code,
                    level=item.level,
                    commentary=item.commentary.strip(),
                    revision=1,
                    updated_at=now,
                    updated_by_id=actor.id,
                )
                db.session.add(answer)
        except IntegrityError:  # saved by another request a moment ago
            answer = _current(self_assessment, item.criterion_code)
            if _same(answer, item):
                result.unchanged[item.criterion_code] = answer.revision
            else:
                result.conflicts.append(Conflict(item, answer))
            return
        result.saved[item.criterion_code] = 1
        return
    if _same(answer, item):
        result.unchanged[item.criterion_code] = answer.revision
        return
    if answer.revision != item.base_revision:
        result.conflicts.append(Conflict(item, answer))
        return
    moved = db.session.execute(
        update(Answer)
        .where(Answer.id == answer.id, Answer.revision == item.base_revision)
        .values(
            level=item.level,
            commentary=item.commentary.strip(),
            revision=Answer.revision + 1,
            updated_at=now,
            updated_by_id=actor.id,
        ),
        execution_options={"synchronize_session": False},
    )
    if moved.rowcount != 1:  # another request won the race between our read and this write
        result.conflicts.append(Conflict(item, _current(self_assessment, item.criterion_code)))
        return
    db.session.expire(answer)
    result.saved[item.criterion_code] = item.base_revision + 1
