"""The shapes of the between-awards data in the API: trainings and coverage, incidents, the calendar's duties, the
yearly health check, and the coordinators' incident counts."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from workflows.between_awards import INVOLVED_ROLES, STAFF_ROLES


class RoleCoverageSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES))
    trained = fields.Integer(required=True)
    people = fields.Integer(allow_none=True, metadata={"description": "As the school declared; null: not given."})
    share = fields.Float(allow_none=True)


class TrainingSchema(Schema):
    id = fields.Integer(dump_only=True)
    user_id = fields.Integer(allow_none=True, load_default=None, metadata={"description": "A member of the school."})
    person_name = fields.String(load_default="", validate=validate.Length(max=120))
    staff_role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES))
    course_code = fields.String(allow_none=True, load_default=None)
    course_text = fields.String(load_default="", validate=validate.Length(max=200))
    completed_on = fields.Date(required=True)
    provider = fields.String(load_default="", validate=validate.Length(max=200))


class TrainingRegisterSchema(Schema):
    since = fields.Date(required=True)
    window_months = fields.Integer(required=True)
    coverage = fields.List(fields.Nested(RoleCoverageSchema), required=True)
    trainings = fields.List(fields.Nested(TrainingSchema), required=True)


class IncidentSchema(Schema):
    id = fields.Integer(dump_only=True)
    category = fields.String(required=True)
    occurred_on = fields.Date(required=True)
    involved = fields.List(fields.String(validate=validate.OneOf(INVOLVED_ROLES)), load_default=list)
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    action_taken = fields.String(load_default="", validate=validate.Length(max=5000))
    referral = fields.String(allow_none=True, load_default=None)
    warnings = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "What in the texts may identify someone (the entry is saved all the same)."},
    )


class DutySchema(Schema):
    id = fields.Integer(required=True)
    duty_code = fields.String(required=True)
    title = fields.String(required=True)
    due_on = fields.Date(required=True)
    owner_id = fields.Integer(allow_none=True)
    done_on = fields.Date(allow_none=True)
    note = fields.String(required=True)


class HealthCheckSchema(Schema):
    awarded_application_id = fields.Integer(allow_none=True)
    renewal = fields.String(
        allow_none=True,
        validate=validate.OneOf(["desk_review", "full_review"]),
        metadata={"description": "null: no award"},
    )
    period = fields.Integer(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    good_standing = fields.Boolean(allow_none=True)
    dropped_criteria = fields.List(fields.String(), required=True)


class IncidentCountsQuerySchema(Schema):
    country = fields.String(load_default=None, validate=validate.Regexp(r"^[A-Z]{2}$"))
    year = fields.Integer(load_default=None, validate=validate.Range(2000, 2100))
    category = fields.String(load_default=None)


class IncidentCountRowSchema(Schema):
    region = fields.String(required=True)
    cells = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(allow_none=True),
        required=True,
        metadata={"description": "Per category; null: fewer than 5, not shown."},
    )
    total = fields.Integer(allow_none=True)
