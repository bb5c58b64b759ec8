"""The API's schemas of applications: starting one, reading it (its state, award, the events the caller may fire and
what blocks the others), firing an event, its history, the self-assessment's answers and the uploaded documents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from accreditation.api.fields import File, Text, WholeNumber, query_number
from accreditation.api.schemas import CODE, MAX_COMMENT_CHARS


class NewApplicationSchema(Schema):
    school_id = WholeNumber(required=True, minimum=1)
    programme = Text(required=True, validate=CODE)


class ApplicationQuerySchema(Schema):
    school_id = query_number(1)
    programme = Text(validate=CODE)
    state = Text(validate=CODE)
    after = query_number(metadata={"description": "Only applications with a greater id (the next page)."})
    limit = query_number(1, 500, load_default=100)


class AwardSchema(Schema):
    level = fields.String(required=True)
    label = fields.String(required=True)
    awarded_at = fields.DateTime(required=True, allow_none=True)
    expires_at = fields.DateTime(required=True, allow_none=True)


class FailedConditionSchema(Schema):
    code = fields.String(
        required=True,
        metadata={
            "description": "The condition's name, e.g. self_assessment_complete.",
            "example": "self_assessment_complete",
        },
    )
    message = fields.String(required=True, metadata={"description": "What to do about it, in the caller's language."})


class BlockedEventSchema(Schema):
    event = fields.String(required=True)
    label = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)
    failed_conditions = fields.List(fields.Nested(FailedConditionSchema), required=True)


class AllowedActionSchema(Schema):
    event = fields.String(required=True)
    label = fields.String(required=True)
    decision = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The decision this event makes (null: a plain event): only its route makes it."},
    )
    method = fields.String(required=True)
    href = fields.String(required=True, metadata={"description": "The route that fires it."})


class ApplicationSummarySchema(Schema):
    id = fields.Integer(required=True, metadata={"example": 42})
    school_id = fields.Integer(required=True)
    programme = fields.String(required=True, metadata={"example": "ciss"})
    programme_name = fields.String(required=True)
    cycle = fields.Integer(required=True)
    state = fields.String(required=True, metadata={"example": "self_assessment"})
    state_label = fields.String(required=True)
    is_open = fields.Boolean(required=True)
    version = fields.Integer(
        required=True,
        metadata={
            "description": "Send it back as expected_version (or as If-Match, the ETag) when firing an event.",
            "example": 3,
        },
    )
    deadline = fields.Date(required=True, allow_none=True)
    state_entered_at = fields.DateTime(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    award = fields.Nested(AwardSchema, required=True, allow_none=True)


class ApplicationSchema(ApplicationSummarySchema):
    allowed_events = fields.List(
        fields.String(), required=True, metadata={"description": "The events the caller may fire now."}
    )
    allowed_actions = fields.List(
        fields.Nested(AllowedActionSchema),
        required=True,
        metadata={
            "description": "The same events, each with the route that fires it: a decision (award, request for "
            "changes, visit…) has its own route under /decisions/, which records it; the generic event route "
            "refuses it."
        },
    )
    blocked_events = fields.List(
        fields.Nested(BlockedEventSchema),
        required=True,
        metadata={"description": "The caller's other events from this state, with what blocks them."},
    )


class EventInputSchema(Schema):
    expected_version = WholeNumber(
        required=True, minimum=1, metadata={"description": "The application's version the caller has seen."}
    )
    comment = Text(validate=validate.Length(max=MAX_COMMENT_CHARS))
    date = fields.Date(metadata={"description": "For events that set a date (e.g. a visit)."})
    level = Text(validate=CODE, metadata={"description": "For events that award a level."})
    items = fields.List(
        Text(validate=validate.Length(max=MAX_COMMENT_CHARS)),
        validate=validate.Length(max=200),
        metadata={"description": "For events that list things to change."},
    )


class ActorSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class HistoryEntrySchema(Schema):
    version = fields.Integer(required=True)
    event = fields.String(required=True)
    event_label = fields.String(required=True)
    from_state = fields.String(required=True, allow_none=True)
    from_label = fields.String(required=True, allow_none=True)
    to_state = fields.String(required=True)
    to_label = fields.String(required=True)
    actor = fields.Nested(ActorSchema, required=True, allow_none=True, metadata={"description": "None: the system."})
    actor_role = fields.String(required=True)
    comment = fields.String(required=True)
    data = fields.Dict(keys=fields.String(), required=True)
    at = fields.DateTime(required=True)


class AnswerInputSchema(Schema):
    level = WholeNumber(required=True, allow_none=True, metadata={"description": "A level of the scale; null: none."})
    commentary = Text(load_default="", validate=validate.Length(max=MAX_COMMENT_CHARS))
    revision = WholeNumber(
        metadata={
            "description": "The revision of the answer this one replaces (0: none). With it, a change saved by "
            "someone else meanwhile is a conflict (409) instead of being overwritten; without it, the answer "
            "stored now is replaced."
        }
    )


class AnswerSchema(Schema):
    criterion_code = fields.String(required=True)
    level = fields.Integer(required=True, allow_none=True)
    commentary = fields.String(required=True)
    revision = fields.Integer(required=True, metadata={"description": "Also its ETag.", "example": 2})
    saved = fields.Boolean(required=True, metadata={"description": "False: it was already so; nothing changed."})


class UploadSchema(Schema):
    file = File(required=True)
    criterion_code = Text(validate=CODE, metadata={"description": "The criterion this document supports."})
    kind = Text(validate=CODE, metadata={"description": "One of the framework's document kinds; default: other."})
    title = Text(validate=validate.Length(max=200), metadata={"description": "Default: the file's name."})


class DocumentSchema(Schema):
    document_id = fields.Integer(required=True)
    file_id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"example": "policy"})
    title = fields.String(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True, metadata={"example": "application/pdf"})
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    uploaded_at = fields.DateTime(required=True)
    criterion_codes = fields.List(fields.String(), required=True)
