"""The shapes of the surveys in the API: the instruments, a school's windows with their links, the results per
audience and criterion (as suppressed as on the pages), and the staff invitations."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from workflows.surveys import AUDIENCES


class InstrumentQuestionSchema(Schema):
    code = fields.String(required=True)
    text = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "Per language."})
    audiences = fields.List(fields.String(), required=True)
    criteria = fields.List(fields.String(), required=True, metadata={"description": "The criteria it speaks to."})


class InstrumentSchema(Schema):
    programme = fields.String(required=True)
    version = fields.Integer(required=True)
    threshold = fields.Integer(required=True, metadata={"description": "Fewest responses whose results are shown."})
    audiences = fields.List(fields.String(), required=True)
    scale = fields.Dict(keys=fields.String(), values=fields.Dict(), metadata={"description": "Value -> its labels."})
    free_text = fields.Dict(keys=fields.String(), values=fields.String())
    questions = fields.List(fields.Nested(InstrumentQuestionSchema), required=True)


class InstrumentsQuerySchema(Schema):
    programme = fields.String(load_default=None, metadata={"description": "Only this programme's instruments."})


class SurveyLinkSchema(Schema):
    audience = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "The address respondents open."})
    poster_url = fields.String(required=True, metadata={"description": "The A4 poster (PDF), for signed-in people."})
    responses = fields.Integer(required=True, metadata={"description": "How many answered (a count, no answers)."})


class SurveyWindowSchema(Schema):
    id = fields.Integer(dump_only=True)
    programme = fields.String(required=True)
    instrument_version = fields.Integer(dump_only=True)
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)
    audiences = fields.List(
        fields.String(validate=validate.OneOf(AUDIENCES)), required=True, validate=validate.Length(min=1)
    )
    languages = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    state = fields.String(dump_only=True, metadata={"description": "to_come, open or closed."})
    links = fields.List(fields.Nested(SurveyLinkSchema), dump_only=True)


class CriterionResultSchema(Schema):
    criterion = fields.String(required=True)
    mean = fields.Float(allow_none=True, metadata={"description": "On the framework's scale; null: too few."})
    answers = fields.Integer(allow_none=True)


class AudienceResultSchema(Schema):
    audience = fields.String(required=True)
    responses = fields.Integer(allow_none=True, metadata={"description": "null: fewer than the threshold."})
    criteria = fields.List(fields.Nested(CriterionResultSchema), required=True)


class SurveyResultsSchema(Schema):
    window_id = fields.Integer(required=True)
    threshold = fields.Integer(required=True)
    audiences = fields.List(fields.Nested(AudienceResultSchema), required=True)


class StaffInvitationSchema(Schema):
    user_ids = fields.List(
        fields.Integer(), required=True, validate=validate.Length(min=1, max=500), metadata={"description": "Members."}
    )


class StaffInvitedSchema(Schema):
    invited = fields.Integer(required=True, metadata={"description": "E-mails written now (repeats are skipped)."})
