"""The shapes of the assessor's side of the API (the review, its judgments, the decisions, the site visit, conflicts
of interest, the queue and the decided rounds). Input schemas check shape only; the review operations check meaning
and say why (422), as they do for the pages' forms."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import Schema, ValidationError, fields, validate

from accreditation.api.application_schemas import ActorSchema
from accreditation.api.fields import Text, WholeNumber
from accreditation.api.schemas import CODE, COUNTRY, MAX_COMMENT_CHARS
from accreditation.models.review import ConflictKind, Decision, Gap, ReviewScope, Verdict
from accreditation.review.conflicts import MAX_NOTE_CHARS
from accreditation.review.visits import MAX_PLACE_CHARS

VERSION = {
    "description": "The application's version the caller has seen (409 when it changed meanwhile); or send its ETag "
    "in If-Match instead (412 when it changed)."
}


def _known_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("Must be an IANA time zone, e.g. Europe/Chisinau.") from None


# --- the review ----------------------------------------------------------------------------------------------------


class ReviewJudgmentSchema(Schema):
    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in Verdict]))
    level = fields.Integer(required=True, allow_none=True, metadata={"description": "The level judged (different)."})
    gap = fields.String(required=True, allow_none=True, validate=validate.OneOf([g.value for g in Gap]))
    comment = fields.String(required=True)
    carried_from_round = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Carried over unchanged from this earlier round."}
    )
    updated_at = fields.DateTime(required=True)
    updated_by = fields.String(required=True, allow_none=True)


class ReviewEvidenceSchema(Schema):
    file_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    criterion_codes = fields.List(fields.String(), required=True, metadata={"description": "Linked by the school."})


class ReviewCriterionSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    benchmark = fields.Integer(required=True)
    claimed_level = fields.Integer(required=True, allow_none=True, metadata={"description": "The school's level."})
    commentary = fields.String(required=True, metadata={"description": "The school's commentary."})
    status = fields.String(required=True, validate=validate.OneOf(["todo", "judged", "carried"]))
    revision = fields.Integer(
        required=True, metadata={"description": "Send it back with a judgment to replace this one (0: none yet)."}
    )
    judgment = fields.Nested(ReviewJudgmentSchema, required=True, allow_none=True)
    documents = fields.List(fields.Nested(ReviewEvidenceSchema), required=True)


class ReviewCriterionRefSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)


class ReviewLevelSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class ReviewRecommendationSchema(Schema):
    level = fields.Nested(ReviewLevelSchema, required=True, allow_none=True, metadata={"description": "null: none"})
    at_benchmark = fields.Integer(required=True, metadata={"description": "Criteria agreed at their benchmark."})
    total = fields.Integer(required=True)
    share_at_benchmark = fields.Float(required=True)
    review_score = fields.Float(required=True, metadata={"description": "The mean agreed level."})
    why = fields.String(required=True)


class SiteVisitSchema(Schema):
    starts_at = fields.DateTime(required=True, metadata={"description": "UTC, ISO 8601."})
    ends_at = fields.DateTime(required=True, metadata={"description": "UTC, ISO 8601."})
    timezone = fields.String(required=True, metadata={"description": "The caller's time zone (IANA)."})
    local_starts_at = fields.String(required=True, metadata={"description": "The start in that zone, ISO 8601."})
    place = fields.String(required=True)
    note = fields.String(required=True)
    sequence = fields.Integer(required=True, metadata={"description": "The calendar file's SEQUENCE."})
    cancelled = fields.Boolean(required=True)
    cancelled_at = fields.DateTime(required=True, allow_none=True)
    calendar = fields.String(required=True, metadata={"description": "The address of its .ics file."})


class ReviewSchema(Schema):
    application_id = fields.Integer(required=True)
    version = fields.Integer(required=True, metadata={"description": "The application's version."})
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    round = fields.Integer(required=True)
    opened = fields.Boolean(
        required=True, metadata={"description": "false: the lead's first judgment opens the round."}
    )
    scope = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf([s.value for s in ReviewScope]),
        metadata={"description": "partial: only the criteria found wanting are judged again."},
    )
    decision = fields.String(required=True, allow_none=True, validate=validate.OneOf([d.value for d in Decision]))
    editable = fields.Boolean(required=True, metadata={"description": "The caller may judge criteria now."})
    framework = fields.String(required=True)
    framework_version = fields.Integer(required=True)
    judged = fields.Integer(required=True)
    criteria = fields.List(fields.Nested(ReviewCriterionSchema), required=True)
    left_to_judge = fields.List(fields.Nested(ReviewCriterionRefSchema), required=True)
    recommendation = fields.Nested(
        ReviewRecommendationSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Once every one is judged."},
    )
    other_documents = fields.List(fields.Nested(ReviewEvidenceSchema), required=True)
    visit = fields.Nested(SiteVisitSchema, required=True, allow_none=True)


class JudgmentInputSchema(Schema):
    verdict = Text(
        required=True, validate=validate.Length(max=20), metadata={"description": "agree, different or insufficient."}
    )
    level = WholeNumber(load_default=None, allow_none=True, metadata={"description": "For a different level."})
    comment = Text(load_default="", validate=validate.Length(max=MAX_COMMENT_CHARS))
    gap = Text(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=20),
        metadata={"description": "minor or significant, for a shortfall."},
    )
    revision = WholeNumber(
        maximum=2**63 - 1,  # microseconds since 1970 (``review.judgments.revision_of``)
        metadata={
            "description": "The revision of the judgment this one replaces (0: none). With it, a judgment saved by "
            "someone else meanwhile is a conflict (409); without it, the stored one is replaced."
        },
    )


# --- decisions -----------------------------------------------------------------------------------------------------


class DecisionInputSchema(Schema):
    expected_version = WholeNumber(minimum=1, metadata=VERSION)
    comment = Text(load_default="", validate=validate.Length(max=MAX_COMMENT_CHARS))


class VisitInputSchema(DecisionInputSchema):
    date = fields.Date(required=True, metadata={"description": "The day of the visit, in ``timezone``."})
    time = fields.Time(required=True, metadata={"description": "When it starts, in ``timezone``."})
    minutes = WholeNumber(required=True, metadata={"description": "How long it lasts (30 minutes to 12 hours)."})
    place = Text(required=True, validate=validate.Length(min=1, max=MAX_PLACE_CHARS))
    timezone = Text(
        validate=[validate.Length(max=60), _known_zone],
        metadata={"description": "Of the date and time; default: the caller's (else UTC)."},
    )


class AwardInputSchema(Schema):
    expected_version = WholeNumber(minimum=1, metadata=VERSION)
    level = Text(required=True, validate=CODE, metadata={"description": "An award level of the programme."})
    justification = Text(
        load_default="",
        validate=validate.Length(max=MAX_COMMENT_CHARS),
        metadata={"description": "Required when the level is not the recommended one."},
    )


# --- the queue, conflicts, rounds ----------------------------------------------------------------------------------


class QueueQuerySchema(Schema):
    programme = Text(validate=CODE)
    country = Text(validate=COUNTRY)
    state = Text(validate=CODE)


class ReviewSchoolSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String(required=True)


class QueueRowSchema(Schema):
    application_id = fields.Integer(required=True)
    school = fields.Nested(ReviewSchoolSchema, required=True)
    programme = fields.String(required=True)
    programme_name = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(["lead", "moderator"]))
    due = fields.Date(required=True, allow_none=True)
    due_is_visit = fields.Boolean(required=True)
    overdue = fields.Boolean(required=True)
    your_move = fields.Boolean(required=True, metadata={"description": "An event waits for you in this role."})


class AssessorConflictSchema(Schema):
    id = fields.Integer(required=True)
    assessor = fields.Nested(ActorSchema, required=True)
    school = fields.Nested(ReviewSchoolSchema, required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in ConflictKind]))
    kind_label = fields.String(required=True)
    note = fields.String(required=True)
    recorded_at = fields.DateTime(required=True)
    standing = fields.Boolean(required=True, metadata={"description": "false: withdrawn (kept as history)."})
    withdrawn_at = fields.DateTime(required=True, allow_none=True)
    withdrawal_note = fields.String(required=True)


class DeclareConflictSchema(Schema):
    country = Text(required=True, validate=COUNTRY, metadata={"description": "One of the countries you assess in."})
    national_id = Text(required=True, validate=validate.Length(min=1, max=40))
    kind = Text(required=True, validate=validate.Length(max=20), metadata={"description": "declared or advised."})
    note = Text(load_default="", validate=validate.Length(max=MAX_NOTE_CHARS))


class RecordConflictSchema(Schema):
    assessor_id = WholeNumber(required=True, minimum=1)
    kind = Text(required=True, validate=validate.Length(max=20), metadata={"description": "declared or advised."})
    note = Text(load_default="", validate=validate.Length(max=MAX_NOTE_CHARS))


class WithdrawConflictSchema(Schema):
    note = Text(
        required=True,
        validate=validate.Length(max=MAX_NOTE_CHARS),
        metadata={"description": "Why it is withdrawn (recorded in error): at least 10 characters."},
    )


class RoundJudgmentSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    claimed_level = fields.Integer(required=True, allow_none=True)
    judgment = fields.Nested(ReviewJudgmentSchema, required=True, allow_none=True)


class RoundSchema(Schema):
    round = fields.Integer(required=True)
    scope = fields.String(required=True, validate=validate.OneOf([s.value for s in ReviewScope]))
    decision = fields.String(required=True, validate=validate.OneOf([d.value for d in Decision]))
    decision_label = fields.String(required=True)
    decided_at = fields.DateTime(required=True)
    decided_by = fields.String(required=True, allow_none=True)
    event = fields.String(required=True, allow_none=True, metadata={"description": "The event the decision fired."})
    version = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The application's version after the decision (its entry in the history)."},
    )
    level = fields.Nested(ReviewLevelSchema, required=True, allow_none=True, metadata={"description": "Awarded."})
    recommended_level = fields.Nested(ReviewLevelSchema, required=True, allow_none=True)
    comment = fields.String(required=True, metadata={"description": "The decision's comment or reasons."})
    items = fields.List(fields.String(), required=True, metadata={"description": "The changes asked of the school."})


class RoundDetailSchema(RoundSchema):
    criteria = fields.List(fields.Nested(RoundJudgmentSchema), required=True)
