"""Calibration exercises: a coordinator picks a past submission (a decided round's snapshot, shown without its
school) and invites assessors to judge it blind, a level per criterion. The results: per criterion the spread and
the consensus (the median), overall Krippendorff's alpha and the mean weighted kappa of the pairs, and each
assessor's distance from the consensus. An assessor sees their own result and the consensus, never the others'
names or levels; the coordinator sees everyone's."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from statistics import mean

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.permissions import actor_roles
from accreditation.applications.runtime import current_workflows
from accreditation.assessor_quality import samples
from accreditation.assessor_quality.agreement import consensus, distance_from, krippendorff_alpha, weighted_kappa
from accreditation.assessor_quality.errors import QualityConflict, QualityError, QualityNotFound, QualityNotPermitted
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import (
    Application,
    CalibrationExercise,
    CalibrationInvitation,
    CalibrationJudgment,
    Review,
    Snapshot,
    User,
)
from accreditation.models.time import utcnow
from workflows import Framework
from workflows.roles import ADMIN, COORDINATOR

MINIMUM_ASSESSORS = 2


def _steers(actor: User, application: Application) -> bool:
    return bool(actor_roles(actor, application) & {COORDINATOR, ADMIN})


def past_submissions(actor: User, limit: int = 50) -> list[Snapshot]:
    """Submissions a coordinator may use: the snapshots of decided rounds of schools they coordinate."""
    if not (actor.is_coordinator or actor.is_admin):
        return []
    rows = db.session.scalars(
        select(Snapshot)
        .join(Review, Review.snapshot_id == Snapshot.id)
        .where(Review.decision.is_not(None))
        .order_by(Snapshot.submitted_at.desc())
        .limit(limit * 4)
    ).all()
    return [s for s in rows if _steers(actor, db.session.get(Application, s.application_id))][:limit]


def _submission(actor: User, snapshot_id: int | None, sample_code: str | None) -> tuple[str, int | None, str | None]:
    """The programme, snapshot and sample of an exercise's submission: a decided past submission of a school the
    coordinator steers, or a sample shipped with a programme."""
    if sample_code:
        sample = samples.shipped().get(sample_code)
        programme = samples.programme_of(sample) if sample is not None else None
        if programme is None:
            raise QualityError(_("Please choose a past submission whose review was decided."))
        return programme, None, sample.code
    snapshot = db.session.get(Snapshot, snapshot_id) if snapshot_id else None
    decided = snapshot is not None and db.session.scalar(
        select(Review.id).where(Review.snapshot_id == snapshot.id, Review.decision.is_not(None))
    )
    if not decided or not _steers(actor, db.session.get(Application, snapshot.application_id)):
        raise QualityError(_("Please choose a past submission whose review was decided."))
    return db.session.get(Application, snapshot.application_id).programme_code, snapshot.id, None


def create_exercise(
    actor: User, title: str, snapshot_id: int | None, assessor_ids: list[int], sample_code: str | None = None
) -> CalibrationExercise:
    """A coordinator's exercise on a past submission (or a sample shipped with a programme), with the assessors
    invited to judge it."""
    if not (actor.is_coordinator or actor.is_admin):
        raise QualityNotPermitted(_("Only coordinators run calibration exercises."))
    if not title.strip():
        raise QualityError(_("Please give the exercise a title."))
    programme_code, snapshot_id, sample_code = _submission(actor, snapshot_id, sample_code)
    chosen = sorted(set(assessor_ids))
    people = list(db.session.scalars(select(User).where(User.id.in_(chosen))).all()) if chosen else []
    if len(people) != len(chosen) or any(not (p.is_assessor and p.active) for p in people):
        raise QualityError(_("Only active assessors can be invited."))
    if len(people) < MINIMUM_ASSESSORS:
        raise QualityError(_("Please invite at least two assessors: agreement needs more than one judgment."))
    exercise = CalibrationExercise(
        title=title.strip(),
        programme_code=programme_code,
        snapshot_id=snapshot_id,
        sample_code=sample_code,
        created_by_id=actor.id,
    )
    exercise.invitations = [CalibrationInvitation(assessor_id=person.id) for person in people]
    db.session.add(exercise)
    db.session.flush()
    return exercise


def exercise_for(exercise_id: int, actor: User) -> tuple[CalibrationExercise, CalibrationInvitation | None]:
    """The exercise and the actor's invitation (None for the coordinator who runs it, or an admin); 404 for anyone
    else."""
    exercise = db.session.get(CalibrationExercise, exercise_id)
    if exercise is None:
        raise QualityNotFound(_("There is no such calibration exercise."))
    invitation = next((i for i in exercise.invitations if i.assessor_id == actor.id), None)
    if invitation is None and not (actor.is_admin or exercise.created_by_id == actor.id):
        raise QualityNotFound(_("There is no such calibration exercise."))
    return exercise, invitation


def my_exercises(actor: User) -> list[tuple[CalibrationExercise, CalibrationInvitation | None]]:
    """The exercises an assessor is invited to and those a coordinator runs, newest first."""
    query = select(CalibrationExercise).order_by(CalibrationExercise.created_at.desc(), CalibrationExercise.id.desc())
    if not actor.is_admin:
        invited = select(CalibrationInvitation.exercise_id).where(CalibrationInvitation.assessor_id == actor.id)
        query = query.where((CalibrationExercise.created_by_id == actor.id) | CalibrationExercise.id.in_(invited))
    found = []
    for exercise in db.session.scalars(query).all():
        found.append((exercise, next((i for i in exercise.invitations if i.assessor_id == actor.id), None)))
    return found


@dataclass(frozen=True)
class Item:
    """One criterion as the assessors see it: what the school claimed and wrote, without the school."""

    code: str
    title: object
    statement: dict[int, object]
    claimed: int | None
    commentary: str


def framework_of(exercise: CalibrationExercise) -> Framework:
    if exercise.sample_code:
        sample = samples.shipped()[exercise.sample_code]
        return current_workflows().frameworks.get(sample.framework_code, sample.framework_version)
    snapshot = db.session.get(Snapshot, exercise.snapshot_id)
    return current_workflows().frameworks.get(snapshot.framework_code, snapshot.framework_version)


def _answers(exercise: CalibrationExercise) -> dict[str, tuple[int | None, str]]:
    """Criterion code -> the level claimed and the commentary (a sample's in the reader's language)."""
    if exercise.sample_code:
        sample = samples.shipped()[exercise.sample_code]
        return {code: (answer.level, local(answer.commentary)) for code, answer in sample.answers.items()}
    snapshot = db.session.get(Snapshot, exercise.snapshot_id)
    return {answer.criterion_code: (answer.level, answer.commentary) for answer in snapshot.answers}


def items(exercise: CalibrationExercise) -> list[Item]:
    answers = _answers(exercise)
    found = []
    for criterion in framework_of(exercise).criteria:
        claimed, commentary = answers.get(criterion.code, (None, ""))
        found.append(Item(criterion.code, criterion.title, dict(criterion.statements), claimed, commentary))
    return found


def submit_judgments(exercise_id: int, actor: User, levels: dict[str, int | None]) -> CalibrationInvitation:
    """The invited assessor's levels, one per criterion, each on the framework's scale; once."""
    exercise, invitation = exercise_for(exercise_id, actor)
    if invitation is None:
        raise QualityNotPermitted(_("Only the invited assessors judge this exercise."))
    if invitation.submitted_at is not None:
        raise QualityConflict(_("You have already sent your judgments for this exercise."))
    if exercise.closed_at is not None:
        raise QualityConflict(_("This exercise is closed."))
    framework = framework_of(exercise)
    scale = set(framework.levels)
    missing = [c.code for c in framework.criteria if levels.get(c.code) is None]
    if missing:
        raise QualityError(_("Please give a level for every criterion (%(count)s left).", count=len(missing)), missing)
    wrong = [code for code, level in levels.items() if framework.criterion(code) is None or level not in scale]
    if wrong:
        raise QualityError(_("A level is not on the framework's scale."), wrong)
    invitation.judgments = [CalibrationJudgment(criterion_code=code, level=level) for code, level in levels.items()]
    invitation.submitted_at = utcnow()
    db.session.flush()
    return invitation


@dataclass(frozen=True)
class CriterionResult:
    code: str
    title: object
    levels: list[int]
    consensus: int | None
    lowest: int | None
    highest: int | None

    @property
    def spread(self) -> int | None:
        return None if self.lowest is None else self.highest - self.lowest


@dataclass(frozen=True)
class AssessorResult:
    assessor: User
    levels: dict[str, int]
    distance: float | None  # mean levels from the consensus
    kappa: float | None  # weighted kappa with the consensus


@dataclass(frozen=True)
class Results:
    judged: int  # assessors who sent their judgments
    invited: int
    criteria: list[CriterionResult]
    alpha: float | None
    mean_pair_kappa: float | None
    assessors: list[AssessorResult]


def results(exercise: CalibrationExercise) -> Results:
    framework = framework_of(exercise)
    done = [i for i in exercise.invitations if i.submitted_at is not None]
    by_judge = {i.assessor_id: {j.criterion_code: j.level for j in i.judgments} for i in done}
    criteria = []
    for criterion in framework.criteria:
        given = [levels[criterion.code] for levels in by_judge.values() if criterion.code in levels]
        criteria.append(
            CriterionResult(
                criterion.code,
                criterion.title,
                sorted(given),
                consensus(given),
                min(given) if given else None,
                max(given) if given else None,
            )
        )
    agreed = {row.code: row.consensus for row in criteria}
    codes = [c.code for c in framework.criteria]
    alpha = krippendorff_alpha([[levels.get(code) for levels in by_judge.values()] for code in codes])
    pairs = [
        weighted_kappa([a.get(code, 0) for code in codes], [b.get(code, 0) for code in codes])
        for a, b in combinations(by_judge.values(), 2)
    ]
    pairs = [value for value in pairs if value is not None]
    people = []
    for invitation in done:
        levels = by_judge[invitation.assessor_id]
        shared = [code for code in codes if code in levels and agreed.get(code) is not None]
        kappa = weighted_kappa([levels[c] for c in shared], [agreed[c] for c in shared]) if shared else None
        people.append(AssessorResult(invitation.assessor, levels, distance_from(levels, agreed), kappa))
    people.sort(key=lambda row: (row.distance if row.distance is not None else 99, row.assessor.name.casefold()))
    return Results(len(done), len(exercise.invitations), criteria, alpha, mean(pairs) if pairs else None, people)
