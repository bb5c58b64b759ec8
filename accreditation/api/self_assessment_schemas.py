"""The shapes of the self-assessment's API (answers, documents, results, action plan, modules, snapshots). Texts of
the framework and the programme are given in the caller's language; codes stay as they are."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from accreditation.api.application_schemas import ActorSchema
from accreditation.api.fields import File, Text
from accreditation.api.schemas import CODE

MAX_CRITERIA = 500  # more criteria than any framework has: a longer list is not a choice of criteria
MAX_ACTION_KEY_CHARS = 140  # as the page's form


class FrameworkVersionRefSchema(Schema):
    code = fields.String(required=True)
    version = fields.Integer(required=True)
    name = fields.String(required=True)


# --- answers ---------------------------------------------------------------------------------------------------------


class AnswerDetailSchema(Schema):
    criterion_code = fields.String(required=True)
    area = fields.String(required=True, metadata={"description": "The code of the criterion's area."})
    title = fields.String(required=True)
    benchmark = fields.Integer(required=True)
    level = fields.Integer(required=True, allow_none=True, metadata={"description": "null: no level chosen yet."})
    level_label = fields.String(required=True, allow_none=True)
    commentary = fields.String(required=True)
    revision = fields.Integer(
        required=True, metadata={"description": "Send it back as revision when you change it (0: never saved)."}
    )
    updated_at = fields.DateTime(required=True, allow_none=True)
    updated_by = fields.Nested(ActorSchema, required=True, allow_none=True)


class UnansweredSchema(Schema):
    criterion_code = fields.String(required=True)
    area = fields.String(required=True)
    title = fields.String(required=True)


class AnswerSheetSchema(Schema):
    application_id = fields.Integer(required=True)
    framework = fields.Nested(FrameworkVersionRefSchema, required=True)
    editable = fields.Boolean(
        required=True, metadata={"description": "Whether you may change the answers now (the school, while open)."}
    )
    answered = fields.Integer(required=True, metadata={"description": "Criteria with a level."})
    total = fields.Integer(required=True)
    answers = fields.List(
        fields.Nested(AnswerDetailSchema), required=True, metadata={"description": "Every criterion, in order."}
    )
    unanswered = fields.List(
        fields.Nested(UnansweredSchema),
        required=True,
        metadata={"description": "The criteria still without a level (submitting needs every one)."},
    )


# --- documents -------------------------------------------------------------------------------------------------------


class DocumentVersionSchema(Schema):
    file_id = fields.Integer(required=True, metadata={"description": "Download it: GET /documents/files/{file_id}."})
    version = fields.Integer(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    uploaded_at = fields.DateTime(required=True)
    uploaded_by = fields.Nested(ActorSchema, required=True, allow_none=True)


class DocumentDetailSchema(Schema):
    document_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    title = fields.String(required=True)
    criterion_codes = fields.List(fields.String(), required=True)
    created_at = fields.DateTime(required=True)
    versions = fields.List(
        fields.Nested(DocumentVersionSchema),
        required=True,
        metadata={"description": "Every version, the newest last (earlier versions are kept)."},
    )


class ExpectedDocumentSchema(Schema):
    kind = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    required = fields.Boolean(required=True, metadata={"description": "Submitting needs one of this kind."})
    uploaded = fields.Boolean(required=True)


class DocumentListSchema(Schema):
    application_id = fields.Integer(required=True)
    editable = fields.Boolean(
        required=True, metadata={"description": "Whether you may upload, replace, link and remove documents now."}
    )
    expected = fields.List(
        fields.Nested(ExpectedDocumentSchema),
        required=True,
        metadata={"description": "The kinds of document the programme expects, in the framework's order."},
    )
    documents = fields.List(fields.Nested(DocumentDetailSchema), required=True)


class VersionUploadSchema(Schema):
    file = File(required=True)
    title = Text(validate=validate.Length(max=200), metadata={"description": "A new title; default: unchanged."})


class CriteriaInputSchema(Schema):
    criterion_codes = fields.List(
        Text(validate=CODE),
        required=True,
        validate=validate.Length(max=MAX_CRITERIA),
        metadata={"description": "Every criterion the document is evidence for (replaces the earlier choice)."},
    )


class DownloadQuerySchema(Schema):
    inline = fields.Boolean(
        load_default=False, metadata={"description": "A PDF shown in the browser (sandboxed) instead of saved."}
    )


# --- results ---------------------------------------------------------------------------------------------------------


class AwardLevelRefSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class NextLevelSchema(AwardLevelRefSchema):
    min_share_at_benchmark = fields.Float(required=True)
    needed = fields.Integer(required=True, metadata={"description": "More criteria at their benchmark it needs."})


class AreaResultSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    criteria = fields.Integer(required=True)
    answered = fields.Integer(required=True)
    at_benchmark = fields.Integer(required=True)
    average = fields.Float(required=True, allow_none=True)


class HoldingBackSchema(Schema):
    criterion_code = fields.String(required=True)
    area = fields.String(required=True)
    title = fields.String(required=True)
    level = fields.Integer(required=True, allow_none=True)
    benchmark = fields.Integer(required=True)
    benchmark_statement = fields.String(
        required=True, metadata={"description": "What reaching the benchmark means for this criterion."}
    )


class AreaBenchmarkSchema(Schema):
    area = fields.String(required=True)
    title = fields.String(required=True)
    school = fields.Float(required=True, allow_none=True)
    region = fields.Float(required=True, allow_none=True)
    country = fields.Float(required=True, allow_none=True)
    programme = fields.Float(required=True, allow_none=True)


class BenchmarkComparisonSchema(Schema):
    lowest = fields.Integer(required=True)
    highest = fields.Integer(required=True)
    schools_counted = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    areas = fields.List(
        fields.Nested(AreaBenchmarkSchema),
        required=True,
        metadata={"description": "Anonymous averages, null unless enough schools make them up."},
    )


class ResultsSchema(Schema):
    application_id = fields.Integer(required=True)
    framework = fields.Nested(FrameworkVersionRefSchema, required=True)
    level = fields.Nested(
        AwardLevelRefSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The level the self-assessment reaches (null: none yet); the review decides."},
    )
    next_level = fields.Nested(NextLevelSchema, required=True, allow_none=True)
    total = fields.Integer(required=True)
    answered = fields.Integer(required=True)
    at_benchmark = fields.Integer(required=True)
    share_at_benchmark = fields.Float(required=True)
    explanation = fields.List(
        fields.String(), required=True, metadata={"description": "The results in words, as the results page says."}
    )
    areas = fields.List(fields.Nested(AreaResultSchema), required=True)
    holding_back = fields.List(
        fields.Nested(HoldingBackSchema),
        required=True,
        metadata={"description": "Criteria below their benchmark, the closest to it first."},
    )
    comparison = fields.Nested(BenchmarkComparisonSchema, required=True)


# --- action plan -----------------------------------------------------------------------------------------------------


class PlannedActionSchema(Schema):
    key = fields.String(required=True, metadata={"description": "Send it as action to tick it."})
    text = fields.String(required=True)
    from_level = fields.Integer(required=True)
    done = fields.Boolean(required=True)
    done_at = fields.DateTime(required=True, allow_none=True)
    done_by = fields.Nested(ActorSchema, required=True, allow_none=True)


class PlannedCriterionSchema(Schema):
    criterion_code = fields.String(required=True)
    title = fields.String(required=True)
    level = fields.Integer(required=True, allow_none=True)
    benchmark = fields.Integer(required=True)
    actions = fields.List(fields.Nested(PlannedActionSchema), required=True)


class PlannedAreaSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    criteria = fields.List(fields.Nested(PlannedCriterionSchema), required=True)


class ActionPlanSchema(Schema):
    application_id = fields.Integer(required=True)
    can_tick = fields.Boolean(required=True, metadata={"description": "Whether you may tick actions now."})
    done = fields.Integer(required=True)
    total = fields.Integer(required=True)
    areas = fields.List(fields.Nested(PlannedAreaSchema), required=True)


class TickInputSchema(Schema):
    action = Text(required=True, validate=validate.Length(min=1, max=MAX_ACTION_KEY_CHARS))
    done = fields.Boolean(required=True, metadata={"description": "true: done; false: not done (again)."})


# --- modules ---------------------------------------------------------------------------------------------------------


class ApplicationModuleSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    complete = fields.Boolean(required=True)
    completed_at = fields.DateTime(required=True, allow_none=True)
    completed_by = fields.Nested(ActorSchema, required=True, allow_none=True)


class ApplicationModuleListSchema(Schema):
    application_id = fields.Integer(required=True)
    can_complete = fields.Boolean(required=True, metadata={"description": "Whether you may mark modules now."})
    modules = fields.List(
        fields.Nested(ApplicationModuleSchema),
        required=True,
        metadata={"description": "The programme's modules in order (none for a programme without modules)."},
    )


# --- snapshots -------------------------------------------------------------------------------------------------------


class SubmittedRoundSummarySchema(Schema):
    round = fields.Integer(required=True)
    submitted_at = fields.DateTime(required=True)
    submitted_by = fields.Nested(ActorSchema, required=True, allow_none=True)
    share_at_benchmark = fields.Float(required=True)


class SubmittedAnswerSchema(Schema):
    criterion_code = fields.String(required=True)
    area = fields.String(required=True)
    title = fields.String(required=True)
    level = fields.Integer(required=True, allow_none=True)
    level_label = fields.String(required=True, allow_none=True)
    benchmark = fields.Integer(required=True)
    commentary = fields.String(required=True)


class SubmittedDocumentSchema(Schema):
    file_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    sha256 = fields.String(required=True)
    criterion_codes = fields.List(fields.String(), required=True)


class SubmittedRoundSchema(SubmittedRoundSummarySchema):
    application_id = fields.Integer(required=True)
    framework = fields.Nested(FrameworkVersionRefSchema, required=True)
    at_benchmark = fields.Integer(required=True)
    total = fields.Integer(required=True)
    answers = fields.List(fields.Nested(SubmittedAnswerSchema), required=True)
    documents = fields.List(fields.Nested(SubmittedDocumentSchema), required=True)
