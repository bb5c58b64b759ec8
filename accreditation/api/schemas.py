"""The shapes of the API's requests and responses (marshmallow): they validate the input and, through flask-smorest,
describe the API in its OpenAPI document. Input schemas refuse unknown fields (marshmallow's default, kept). The
applications' schemas are in ``application_schemas``."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from accreditation.api.fields import Text, WholeNumber, query_number
from accreditation.imports.schools_csv import SCHOOL_TYPES
from accreditation.models.school import Verification

COUNTRY = validate.Regexp(r"^[A-Za-z]{2}$", error="Must be a two-letter ISO 3166-1 country code.")
REGION = validate.Regexp(r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$", error="Must be an ISO 3166-2 region code, e.g. MD-CU.")
CODE = validate.Length(min=1, max=60)
MAX_COMMENT_CHARS = 10_000


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "A short name a program can test."})
    message = fields.String(required=True, metadata={"description": "What went wrong, for a person."})
    reasons = fields.List(fields.String(), metadata={"description": "Why an action cannot be done now."})
    field_problems = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        data_key="fields",
        metadata={"description": "Each invalid or unknown input field, with what is wrong with it."},
    )
    saved = fields.Nested(
        "AnswerSchema", metadata={"description": "An answer conflict: the answer as someone else saved it meanwhile."}
    )
    criteria = fields.List(
        fields.String(),
        metadata={"description": "unaddressed_items: the codes of the returned criteria the school left unchanged."},
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


# --- tokens ---------------------------------------------------------------------------------------------------------


def _address_fits(email: str) -> None:
    """The address as it is compared and kept (lower case) fits the 254 characters of an e-mail address."""
    if len(email.strip().lower()) > 254:
        raise ValidationError("Longer than 254 characters.")


class TokenRequestSchema(Schema):
    email = Text(
        required=True,
        validate=[validate.Length(min=1, max=254), _address_fits],
    )
    password = Text(required=True, validate=validate.Length(min=1, max=1024))
    name = Text(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "A label to recognise the token by, e.g. the system that uses it."},
    )


class NewTokenSchema(Schema):
    id = fields.Integer(required=True)
    token = fields.String(required=True, metadata={"description": "Shown this once: only its hash is kept."})
    name = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True)


class TokenSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"example": "our reporting"})
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True)
    last_used_at = fields.DateTime(required=True, allow_none=True)
    current = fields.Boolean(required=True, metadata={"description": "The token of this request."})


# --- programmes and frameworks ---------------------------------------------------------------------------------------


class StateSchema(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["initial", "normal", "final"]))
    open = fields.Boolean(
        required=True, metadata={"description": "An application in this state is a cycle in progress."}
    )


class EventSchema(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    sources = fields.List(fields.String(), required=True, data_key="from")
    dest = fields.String(required=True, data_key="to")
    roles = fields.List(fields.String(), required=True)
    requires = fields.List(
        fields.String(validate=validate.OneOf(["comment", "date", "level", "items"])),
        required=True,
        metadata={"description": "The data to send when firing it."},
    )
    decision = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The decision it makes, through /applications/{id}/decisions/…; null: a plain event."},
    )


class AwardLevelSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    rank = fields.Integer(required=True)
    min_share_at_benchmark = fields.Float(required=True)
    min_review_score = fields.Float(required=True)
    needs_moderation = fields.Boolean(required=True)


class AwardsSchema(Schema):
    granted_on = fields.String(required=True, metadata={"description": "The state whose entry grants an award."})
    validity_months = fields.Integer(required=True)
    reassess_after_months = fields.Integer(required=True, allow_none=True)
    levels = fields.List(fields.Nested(AwardLevelSchema), required=True)


class ProgrammeSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    framework = fields.String(required=True, allow_none=True)
    states = fields.List(fields.Nested(StateSchema), required=True)
    events = fields.List(fields.Nested(EventSchema), required=True)
    awards = fields.Nested(AwardsSchema, required=True, allow_none=True)


class LevelSchema(Schema):
    level = fields.Integer(required=True)
    label = fields.String(required=True)


class StatementSchema(LevelSchema):
    statement = fields.String(required=True, metadata={"description": "What a school does at this level."})


class CriterionSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    benchmark = fields.Integer(required=True, metadata={"description": "The level a school is expected to reach."})
    levels = fields.List(fields.Nested(StatementSchema), required=True)
    documents = fields.List(fields.String(), required=True, metadata={"description": "Document kinds as evidence."})


class AreaSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    criteria = fields.List(fields.Nested(CriterionSchema), required=True)


class DocumentKindSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    required = fields.Boolean(required=True)


class FrameworkSchema(Schema):
    programme = fields.String(required=True)
    code = fields.String(required=True)
    version = fields.Integer(required=True)
    name = fields.String(required=True)
    language = fields.String(required=True, metadata={"description": "The language of the texts."})
    scale = fields.List(fields.Nested(LevelSchema), required=True)
    documents = fields.List(fields.Nested(DocumentKindSchema), required=True)
    areas = fields.List(fields.Nested(AreaSchema), required=True)


# --- schools --------------------------------------------------------------------------------------------------------


class SchoolQuerySchema(Schema):
    country = Text(validate=COUNTRY)
    region = Text(validate=REGION)
    after = query_number(metadata={"description": "Only schools with a greater id (the next page)."})
    limit = query_number(1, 500, load_default=100)


class SchoolSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"example": "Liceul Teoretic „Mihai Eminescu”"})
    national_id = fields.String(required=True, metadata={"example": "MD-CU-0042"})
    country = fields.String(required=True, metadata={"example": "MD"})
    region = fields.String(required=True, metadata={"example": "MD-CU"})
    address = fields.String(required=True)
    language = fields.String(required=True)
    type = fields.String(required=True)
    pupils = fields.Integer(required=True, allow_none=True)
    verification = fields.String(required=True, validate=validate.OneOf([v.value for v in Verification]))
    created_at = fields.DateTime(required=True)


class NewSchoolSchema(Schema):
    """A school, named like the columns of the CSV import (docs/csv-import.md) and checked by the same rules."""

    national_id = Text(required=True, validate=validate.Length(min=1, max=40))
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    country = Text(required=True, validate=COUNTRY)
    region = Text(required=True, validate=REGION)
    language = Text(required=True, metadata={"description": "ISO 639-1, e.g. ro."})
    type = Text(required=True, validate=validate.OneOf(SCHOOL_TYPES))
    address = Text(load_default="", validate=validate.Length(max=1000))
    pupils = WholeNumber(load_default=None, allow_none=True)
    email = Text(
        validate=validate.Length(max=254),
        metadata={"description": "The school admin to invite (an e-mail with a link to join the school)."},
    )


class InvitationSchema(Schema):
    email = fields.String(required=True)
    sent = fields.Boolean(required=True)


class CreatedSchoolSchema(SchoolSchema):
    invitation = fields.Nested(InvitationSchema, required=True, allow_none=True)


# --- certificates and figures ---------------------------------------------------------------------------------------


class CertificateStatusSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["valid", "expired", "revoked", "unknown"]))
    outcome = fields.String(
        required=True,
        validate=validate.OneOf(
            ["valid", "expired", "revoked", "superseded", "suspended", "ended", "unknown", "invalid"]
        ),
        metadata={
            "description": "The precise outcome: superseded (replaced by a newer certificate, status expired), "
            "suspended (the certification is suspended until a coordinator reinstates it, status revoked), ended "
            "(the school's cycle ended, e.g. it withdrew, status expired), invalid (a code that was altered or made "
            "up, status unknown)."
        },
    )
    school = fields.String(required=True, allow_none=True)
    programme = fields.String(required=True, allow_none=True)
    programme_name = fields.String(required=True, allow_none=True)
    level = fields.String(required=True, allow_none=True, metadata={"description": "null: not an award level."})
    title = fields.String(required=True, allow_none=True)
    serial = fields.String(required=True, allow_none=True)
    issued_at = fields.DateTime(required=True, allow_none=True)
    expires_at = fields.DateTime(required=True, allow_none=True)


class ProgressQuerySchema(Schema):
    programme = Text(validate=CODE, metadata={"description": "Default: every programme."})
    country = Text(validate=COUNTRY)
    region = Text(validate=REGION)


class ProgressCountSchema(Schema):
    programme = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String(required=True)
    region_name = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    count = fields.Integer(required=True)


class ProgressSchema(Schema):
    programme = fields.String(required=True, allow_none=True)
    country = fields.String(required=True, allow_none=True)
    region = fields.String(required=True, allow_none=True)
    counts = fields.List(fields.Nested(ProgressCountSchema), required=True)
    total = fields.Integer(required=True)
