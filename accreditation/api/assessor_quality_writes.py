"""The assessor-quality API's coordinator operations, the same the pages call: the past submissions a calibration
may use and a new exercise, naming the second assessor of a held decision, accrediting an assessor directly; and the
answer of a decision held for moderation (202 with what is held and who must read it)."""

from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext as _

from accreditation.api.assessor_quality_routes import TAGS, exercise_json, sample_json
from accreditation.api.assessor_quality_schemas import (
    AccreditationSchema,
    AccreditInputSchema,
    ExerciseInputSchema,
    ExerciseSchema,
    ModeratorInputSchema,
    SampleSchema,
    SubmissionSchema,
)
from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.assessor_quality import calibration, moderating, samples, training
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Application, ModerationSample, User

HELD = "A decision held for moderation: nothing moved and the school is not told until a second assessor reads it."


def held_response(sample: ModerationSample) -> Response:
    """A decision's answer when it was held (202 Accepted): the sample, with where to follow it."""
    body = SampleSchema().dump(sample_json(sample))
    response = jsonify(body)
    response.status_code = 202
    response.headers["Location"] = body["href"]
    return response


def held_documented(view):
    """The 202 of a decision operation that may be held, in the OpenAPI description."""
    return bp.alt_response(202, schema=SampleSchema, description=HELD)(view)


@bp.route("/quality/calibration/submissions", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SubmissionSchema(many=True))
@bp.errors(403)
def calibration_submissions():
    """The past submissions a coordinator may calibrate on (decided rounds of schools they coordinate), shown
    without the school, then the calibration samples shipped with the programmes."""
    user = caller()
    if not (user.is_coordinator or user.is_admin):
        return error_response(403, _("Only coordinators run calibration exercises."))
    past = [
        {
            "snapshot_id": s.id,
            "sample": None,
            "title": None,
            "programme": db.session.get(Application, s.application_id).programme_code,
            "framework": f"{s.framework_code}@{s.framework_version}",
            "submitted_at": s.submitted_at,
        }
        for s in calibration.past_submissions(user)
    ]
    return past + [
        {
            "snapshot_id": None,
            "sample": sample.code,
            "title": local(sample.title),
            "programme": programme,
            "framework": f"{sample.framework_code}@{sample.framework_version}",
            "submitted_at": None,
        }
        for sample, programme in samples.usable()
    ]


@bp.route("/quality/calibration", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(ExerciseInputSchema)
@bp.response(201, ExerciseSchema)
@bp.errors(403, 422)
def create_calibration_exercise(body: dict):
    """A calibration exercise on a past submission (``snapshot_id``) or a shipped sample (``sample``), the
    assessors invited to judge it blind (a coordinator)."""
    user = caller()
    exercise = calibration.create_exercise(
        user, body["title"], body["snapshot_id"], body["assessor_ids"], body["sample"]
    )
    return exercise_json(exercise, None), 201


@bp.route("/quality/moderation/<int:sample_id>/moderator", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(ModeratorInputSchema)
@bp.response(200, SampleSchema)
@bp.errors(403, 404, 409, 422)
def name_moderator(body: dict, sample_id: int):
    """Name the second assessor of a held decision (the school's coordinators): accredited, eligible, not the one
    who decided; they are e-mailed."""
    return sample_json(moderating.assign_moderator(sample_id, caller(), body["assessor_id"]))


@bp.route("/quality/people/<int:user_id>/accreditation", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(AccreditInputSchema)
@bp.response(201, AccreditationSchema)
@bp.errors(403, 404, 422)
def accredit_assessor(body: dict, user_id: int):
    """Accredit an experienced assessor for a programme without the training path (a coordinator of a country
    they assess in), with the reason. Already accredited: the existing accreditation."""
    if db.session.get(User, user_id) is None:
        return error_response(404, _("There is no such person."))
    row = training.accredit(user_id, body["programme"], caller(), body["note"])
    return {
        "assessor_id": row.assessor_id,
        "programme": row.programme_code,
        "accredited_at": row.accredited_at,
        "granted_by_id": row.granted_by_id,
        "note": row.note,
    }, 201
