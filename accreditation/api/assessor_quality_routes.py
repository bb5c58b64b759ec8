"""``/api/v1/quality/...`` and ``/api/v1/applications/{id}/assessor-feedback``: the assessor-quality operations of
the pages (calibration, the held decisions, schools' feedback, the figures per assessor)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from accreditation.api.assessor_quality_schemas import (
    ExerciseSchema,
    FeedbackAnswerSchema,
    FeedbackInputSchema,
    LevelsInputSchema,
    QualityFiguresSchema,
    ReadingInputSchema,
    SampleSchema,
    SettlementInputSchema,
)
from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.assessor_quality import calibration, feedback, moderating
from accreditation.models import CalibrationExercise, CalibrationInvitation, ModerationSample
from accreditation.models.assessor_quality import SampleStatus

TAGS = ["quality"]


def exercise_json(exercise: CalibrationExercise, invitation: CalibrationInvitation | None) -> dict:
    judging = invitation is not None and invitation.submitted_at is None
    shown = {
        "id": exercise.id,
        "title": exercise.title,
        "programme": exercise.programme_code,
        "invited": len(exercise.invitations),
        "to_judge": judging,
        "judged": sum(1 for i in exercise.invitations if i.submitted_at is not None),
        "criteria": [],
    }
    if judging:  # blind: nothing of the others before one's own judgments
        shown["criteria"] = [
            {"criterion": item.code, "consensus": None, "lowest": None, "highest": None}
            for item in calibration.items(exercise)
        ]
        return shown
    results = calibration.results(exercise)
    mine = next((r for r in results.assessors if invitation and r.assessor.id == invitation.assessor_id), None)
    shown["alpha"] = results.alpha
    shown["criteria"] = [
        {
            "criterion": row.code,
            "consensus": row.consensus,
            "lowest": row.lowest,
            "highest": row.highest,
            **({"yours": mine.levels.get(row.code)} if mine else {}),
        }
        for row in results.criteria
    ]
    if invitation is not None:
        shown["your_distance"] = mine.distance if mine else None
    else:
        shown["mean_pair_kappa"] = results.mean_pair_kappa
        shown["assessors"] = [
            {"assessor_id": r.assessor.id, "name": r.assessor.name, "distance": r.distance, "kappa": r.kappa}
            for r in results.assessors
        ]
    return shown


@bp.route("/quality/calibration/<int:exercise_id>", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, ExerciseSchema)
@bp.errors(404)
def calibration_exercise(exercise_id: int):
    """A calibration exercise: to an invited assessor, the criteria to judge (blind), then their own result and the
    consensus; to the coordinator who runs it (and admins), everyone's results with the agreement figures."""
    return exercise_json(*calibration.exercise_for(exercise_id, caller()))


@bp.route("/quality/calibration/<int:exercise_id>/judgments", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(LevelsInputSchema)
@bp.response(200, ExerciseSchema)
@bp.errors(403, 404, 409, 422)
def calibration_judgments(body: dict, exercise_id: int):
    """Send your levels, one per criterion (an invited assessor, once); answers your result and the consensus."""
    calibration.submit_judgments(exercise_id, caller(), body["levels"])
    return exercise_json(*calibration.exercise_for(exercise_id, caller()))


def _next_step(sample: ModerationSample) -> str:
    if sample.status == SampleStatus.WAITING.value and sample.moderator is None:
        return _("Held: a coordinator must name a second assessor; the school is told once it is read.")
    if sample.status == SampleStatus.WAITING.value:
        return _(
            "Held until %(name)s reads it: agreed, it is carried out and the school is told; otherwise the "
            "coordinator settles it.",
            name=sample.moderator.name,
        )
    if sample.status == SampleStatus.DISAGREED.value:
        return _("The second assessor disagreed; the coordinator upholds or overturns the decision.")
    if sample.status == SampleStatus.OVERTURNED.value:
        return _("Overturned: the lead assessor decides again.")
    return _("Carried out: the school has been told.")


def sample_json(sample: ModerationSample) -> dict:
    given = sample.arguments or {}
    moderator = sample.moderator
    return {
        "id": sample.id,
        "application_id": sample.application_id,
        "decision": sample.decision,
        "level": given.get("level"),
        "comment": given.get("justification") or given.get("reasons") or given.get("comment") or "",
        "reason": sample.reason,
        "status": sample.status,
        "held_at": sample.held_at,
        "assessor_id": sample.assessor_id,
        "moderator_id": sample.moderator_id,
        "moderator": {"id": moderator.id, "name": moderator.name} if moderator is not None else None,
        "message": _next_step(sample),
        "href": url_for("api.moderation_sample", sample_id=sample.id),
    }


@bp.route("/quality/moderation/<int:sample_id>", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SampleSchema)
@bp.errors(404)
def moderation_sample(sample_id: int):
    """A held decision: for who decided, the second assessor, the school's coordinators and admins."""
    return sample_json(moderating.sample_for(sample_id, caller()))


@bp.route("/quality/moderation/<int:sample_id>/reading", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(ReadingInputSchema)
@bp.response(200, SampleSchema)
@bp.errors(403, 404, 409, 422)
def moderation_reading(body: dict, sample_id: int):
    """The second assessor agrees (the decision is carried out: the school is told) or disagrees (a note; the
    coordinator settles it)."""
    return sample_json(moderating.moderate(sample_id, caller(), body["agree"], body["note"]))


@bp.route("/quality/moderation/<int:sample_id>/settlement", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(SettlementInputSchema)
@bp.response(200, SampleSchema)
@bp.errors(403, 404, 409, 422)
def moderation_settlement(body: dict, sample_id: int):
    """The school's coordinator upholds (carried out) or overturns (the lead decides again) a disagreement."""
    return sample_json(moderating.settle(sample_id, caller(), body["uphold"], body["note"]))


@bp.route("/applications/<int:application_id>/assessor-feedback", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(FeedbackInputSchema)
@bp.response(201, FeedbackAnswerSchema)
@bp.errors(403, 404, 409, 422)
def assessor_feedback(body: dict, application_id: int):
    """The school's answer on the latest decision (its people, once each): clarity, fairness, helpfulness 1-5."""
    return {"id": feedback.give_feedback(application_id, caller(), body).id}, 201


@bp.route("/quality/figures", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, QualityFiguresSchema)
@bp.errors(403)
def quality_figures():
    """Per assessor: decisions sampled, agreed, upheld, overturned, waiting; schools' feedback from 5 answers
    (fewer: ``answers`` and the means are null). Coordinators and admins."""
    user = caller()
    if not (user.is_coordinator or user.is_admin):
        return error_response(403, _("Only coordinators and admins see the figures."))
    return {
        "moderation": [
            {
                "assessor_id": r.assessor.id,
                "name": r.assessor.name,
                "sampled": r.sampled,
                "agreed": r.agreed,
                "upheld": r.upheld,
                "overturned": r.overturned,
                "waiting": r.waiting,
            }
            for r in moderating.figures()
        ],
        "feedback": [
            {
                "assessor_id": r.assessor.id,
                "name": r.assessor.name,
                "answers": r.answers,
                "clarity": r.clarity,
                "fairness": r.fairness,
                "helpfulness": r.helpfulness,
            }
            for r in feedback.figures()
        ],
    }
