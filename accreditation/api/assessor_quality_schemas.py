"""The shapes of the assessor-quality API: calibration results and judgments, the held decisions' reading and
settlement, schools' feedback and the figures per assessor. Input schemas check shape only; the operations check
meaning and say why (422)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

NOTE = validate.Length(max=5_000)


class LevelsInputSchema(Schema):
    levels = fields.Dict(
        keys=fields.String(validate=validate.Length(max=60)),
        values=fields.Integer(),
        required=True,
        metadata={"description": "The level judged for each criterion, by its code: every criterion, once."},
    )


class CalibrationCriterionSchema(Schema):
    criterion = fields.String(required=True)
    consensus = fields.Integer(allow_none=True, required=True, metadata={"description": "The median judgment."})
    lowest = fields.Integer(allow_none=True, required=True)
    highest = fields.Integer(allow_none=True, required=True)
    yours = fields.Integer(allow_none=True, metadata={"description": "Your level (an invited assessor's own)."})


class AssessorResultSchema(Schema):
    assessor_id = fields.Integer(required=True)
    name = fields.String(required=True)
    distance = fields.Float(allow_none=True, required=True)
    kappa = fields.Float(allow_none=True, required=True)


class ExerciseSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    programme = fields.String(required=True)
    judged = fields.Integer(required=True, metadata={"description": "Invited assessors who have judged."})
    invited = fields.Integer(required=True)
    to_judge = fields.Boolean(required=True, metadata={"description": "You are invited and have not judged yet."})
    alpha = fields.Float(allow_none=True, metadata={"description": "Krippendorff's alpha (ordinal) of the group."})
    mean_pair_kappa = fields.Float(allow_none=True, metadata={"description": "Coordinators only."})
    your_distance = fields.Float(allow_none=True, metadata={"description": "Levels from the consensus, on average."})
    criteria = fields.List(fields.Nested(CalibrationCriterionSchema), required=True)
    assessors = fields.List(
        fields.Nested(AssessorResultSchema), metadata={"description": "Coordinators only: every assessor's result."}
    )


class ReadingInputSchema(Schema):
    agree = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=NOTE)


class SettlementInputSchema(Schema):
    uphold = fields.Boolean(required=True)
    note = fields.String(required=True, validate=NOTE)


class QualityPersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class SampleSchema(Schema):
    """A decision held for a second reading (the moderation sample): what was decided, why it is held, who must
    read it. Until it is carried out the application has not moved and the school has not been told."""

    id = fields.Integer(required=True)
    application_id = fields.Integer(required=True)
    decision = fields.String(required=True, metadata={"description": "award, reject or changes."})
    level = fields.String(allow_none=True, required=True, metadata={"description": "The level awarded (award)."})
    comment = fields.String(
        required=True, metadata={"description": "The justification, the reasons or the comment given with it."}
    )
    reason = fields.String(required=True, metadata={"description": "training, first or share."})
    status = fields.String(
        required=True,
        metadata={"description": "waiting, disagreed (the coordinator settles), agreed, upheld, overturned."},
    )
    held_at = fields.DateTime(required=True)
    assessor_id = fields.Integer(required=True)
    moderator_id = fields.Integer(allow_none=True, required=True)
    moderator = fields.Nested(
        QualityPersonSchema,
        allow_none=True,
        required=True,
        metadata={"description": "The second assessor who must read it; null: a coordinator must name one."},
    )
    message = fields.String(required=True, metadata={"description": "What happens next, in your language."})
    href = fields.String(required=True, metadata={"description": "This held decision in the API."})


class ModeratorInputSchema(Schema):
    assessor_id = fields.Integer(required=True, metadata={"description": "An accredited, eligible assessor."})


class ExerciseInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(max=200))
    snapshot_id = fields.Integer(
        load_default=None, metadata={"description": "A past submission (GET /quality/calibration/submissions)."}
    )
    sample = fields.String(
        load_default=None,
        validate=validate.Length(max=120),
        metadata={"description": "Or a calibration sample shipped with a programme (its code, in the same list)."},
    )
    assessor_ids = fields.List(fields.Integer(), required=True, metadata={"description": "At least two."})


class SubmissionSchema(Schema):
    snapshot_id = fields.Integer(allow_none=True, required=True, metadata={"description": "A past submission."})
    sample = fields.String(allow_none=True, required=True, metadata={"description": "A shipped sample's code."})
    title = fields.String(allow_none=True, required=True, metadata={"description": "A sample's, in your language."})
    programme = fields.String(required=True)
    framework = fields.String(required=True)
    submitted_at = fields.DateTime(
        allow_none=True, required=True, metadata={"description": "A past submission's (shown without the school)."}
    )


class AccreditInputSchema(Schema):
    programme = fields.String(required=True, validate=validate.Length(max=60))
    note = fields.String(required=True, validate=NOTE, metadata={"description": "Why, without the training path."})


class AccreditationSchema(Schema):
    assessor_id = fields.Integer(required=True)
    programme = fields.String(required=True)
    accredited_at = fields.DateTime(required=True)
    granted_by_id = fields.Integer(allow_none=True, required=True, metadata={"description": "Null: by training."})
    note = fields.String(required=True)


class FeedbackInputSchema(Schema):
    clarity = fields.Integer(required=True, validate=validate.Range(1, 5))
    fairness = fields.Integer(required=True, validate=validate.Range(1, 5))
    helpfulness = fields.Integer(required=True, validate=validate.Range(1, 5))


class FeedbackAnswerSchema(Schema):
    id = fields.Integer(required=True)


class AssessorFiguresSchema(Schema):
    assessor_id = fields.Integer(required=True)
    name = fields.String(required=True)
    sampled = fields.Integer(required=True)
    agreed = fields.Integer(required=True)
    upheld = fields.Integer(required=True)
    overturned = fields.Integer(required=True)
    waiting = fields.Integer(required=True)


class FeedbackFiguresSchema(Schema):
    assessor_id = fields.Integer(required=True)
    name = fields.String(required=True)
    answers = fields.Integer(allow_none=True, required=True, metadata={"description": "None: fewer than 5."})
    clarity = fields.Float(allow_none=True, required=True)
    fairness = fields.Float(allow_none=True, required=True)
    helpfulness = fields.Float(allow_none=True, required=True)


class QualityFiguresSchema(Schema):
    moderation = fields.List(fields.Nested(AssessorFiguresSchema), required=True)
    feedback = fields.List(fields.Nested(FeedbackFiguresSchema), required=True)
