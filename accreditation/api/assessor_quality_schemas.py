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


class CriterionResultSchema(Schema):
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
    criteria = fields.List(fields.Nested(CriterionResultSchema), required=True)
    assessors = fields.List(
        fields.Nested(AssessorResultSchema), metadata={"description": "Coordinators only: every assessor's result."}
    )


class ReadingInputSchema(Schema):
    agree = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=NOTE)


class SettlementInputSchema(Schema):
    uphold = fields.Boolean(required=True)
    note = fields.String(required=True, validate=NOTE)


class SampleSchema(Schema):
    id = fields.Integer(required=True)
    application_id = fields.Integer(required=True)
    decision = fields.String(required=True)
    reason = fields.String(required=True, metadata={"description": "training, first or share."})
    status = fields.String(required=True)
    assessor_id = fields.Integer(required=True)
    moderator_id = fields.Integer(allow_none=True, required=True)


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
