"""The shapes of the coordinators' calls: verifying schools, assigning assessors, the dashboard's figures and
drill-down, and the programme's people. Input schemas refuse unknown fields, like every other of the API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from accreditation.accounts.staff import STAFF_ROLES
from accreditation.api.fields import Text, WholeNumber
from accreditation.api.paging import PageQuerySchema, sort_field
from accreditation.api.schemas import CODE, COUNTRY, REGION, SchoolSchema
from accreditation.dashboard.filters import DAY, MONTH
from accreditation.i18n import LANGUAGE_NAMES

DAY_TEXT = validate.Regexp(DAY.pattern, error="Must be a date, YYYY-MM-DD.")
MONTH_TEXT = validate.Regexp(MONTH.pattern, error="Must be a month, YYYY-MM.")
LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Must be a two-letter language code, e.g. ro.")
NOTE_CHARS = 2000  # the verification form's limit
PEOPLE_SORTS = ("id", "name", "created_at")


class PersonRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


# --- school verification --------------------------------------------------------------------------------------------


class VerificationInputSchema(Schema):
    decision = Text(required=True, validate=validate.OneOf(["verify", "reject"]))
    note = Text(
        load_default="",
        validate=validate.Length(max=NOTE_CHARS),
        metadata={"description": "To the school's admins; required when rejecting."},
    )


class VerifiedSchoolSchema(SchoolSchema):
    verification_label = fields.String(required=True)
    verification_note = fields.String(required=True)
    verified_at = fields.DateTime(required=True, allow_none=True)
    verified_by = fields.Nested(PersonRefSchema, required=True, allow_none=True)


# --- assigning assessors --------------------------------------------------------------------------------------------


class CandidateSchema(Schema):
    assessor = fields.Nested(PersonRefSchema, required=True)
    open_reviews = fields.Integer(required=True)
    eligible = fields.Boolean(required=True)
    reasons = fields.List(fields.String(), required=True, metadata={"description": "Why they may not take it."})


class OtherCandidateSchema(CandidateSchema):
    why_not = fields.String(required=True, metadata={"description": "Why they were not proposed."})


class ProposalSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(["lead", "moderator"]))
    role_label = fields.String(required=True)
    proposed = fields.Nested(CandidateSchema, required=True, allow_none=True, metadata={"description": "None: nobody."})
    others = fields.List(fields.Nested(OtherCandidateSchema), required=True)


class AssignmentSchema(Schema):
    role = fields.String(required=True)
    role_label = fields.String(required=True)
    assessor = fields.Nested(PersonRefSchema, required=True)
    assigned_at = fields.DateTime(required=True, allow_none=True)
    assigned_by = fields.Nested(PersonRefSchema, required=True, allow_none=True)


class PastAssignmentSchema(AssignmentSchema):
    ended_at = fields.DateTime(required=True, allow_none=True)
    ended_by = fields.Nested(PersonRefSchema, required=True, allow_none=True)


class SchoolConflictSchema(Schema):
    id = fields.Integer(required=True)
    assessor = fields.Nested(PersonRefSchema, required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    note = fields.String(required=True)
    recorded_at = fields.DateTime(required=True)
    withdrawn_at = fields.DateTime(required=True, allow_none=True)
    withdrawn_by = fields.Nested(PersonRefSchema, required=True, allow_none=True)
    withdrawal_note = fields.String(required=True)


class AssignmentPanelSchema(Schema):
    application_id = fields.Integer(required=True)
    can_assign = fields.Boolean(required=True, metadata={"description": "False once the cycle is closed."})
    assessors = fields.List(fields.Nested(AssignmentSchema), required=True, metadata={"description": "Now."})
    proposals = fields.List(fields.Nested(ProposalSchema), required=True)
    warnings = fields.List(
        fields.String(), required=True, metadata={"description": "Assigned assessors who are no longer eligible."}
    )
    history = fields.List(fields.Nested(PastAssignmentSchema), required=True)
    conflicts = fields.List(fields.Nested(SchoolConflictSchema), required=True, metadata={"description": "Standing."})
    withdrawn_conflicts = fields.List(fields.Nested(SchoolConflictSchema), required=True)


class AssignInputSchema(Schema):
    assessor_id = WholeNumber(required=True, minimum=1)


class AssignedSchema(AssignmentSchema):
    application_id = fields.Integer(required=True)


# --- the dashboard --------------------------------------------------------------------------------------------------


class DashboardQuerySchema(Schema):
    country = Text(validate=COUNTRY)
    region = Text(validate=REGION)
    start = Text(data_key="from", validate=DAY_TEXT, metadata={"description": "Applications started on or after."})
    end = Text(data_key="to", validate=DAY_TEXT, metadata={"description": "... and on or before (YYYY-MM-DD)."})


class DrillQuerySchema(DashboardQuerySchema):
    """One figure to look into, at most (as the dashboard's links do)."""

    state = Text(validate=CODE, metadata={"description": "Applications in this state."})
    level = Text(validate=CODE, metadata={"description": "Applications awarded this level."})
    stalled = Text(validate=validate.OneOf(["1"]), metadata={"description": "Stalled applications."})
    overdue = Text(validate=validate.OneOf(["1"]), metadata={"description": "Applications with a review overdue."})
    started = Text(validate=MONTH_TEXT, metadata={"description": "Applications started in this month."})
    awarded = Text(validate=MONTH_TEXT, metadata={"description": "Applications awarded in this month."})
    left = Text(validate=CODE, metadata={"description": "Applications that spent time in this state."})


class FiltersSchema(Schema):
    programme = fields.String(required=True)
    programme_name = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)
    region = fields.String(required=True, allow_none=True)
    start = fields.Date(required=True, allow_none=True, data_key="from")
    end = fields.Date(required=True, allow_none=True, data_key="to")


class StateFigureSchema(Schema):
    state = fields.String(required=True)
    label = fields.String(required=True)
    applications = fields.Integer(required=True)
    stalled = fields.Integer(required=True)
    overdue = fields.Integer(required=True, allow_none=True, metadata={"description": "None: not a review state."})
    final = fields.Boolean(required=True)


class LevelFigureSchema(Schema):
    level = fields.String(required=True)
    label = fields.String(required=True)
    awarded = fields.Integer(required=True)
    valid = fields.Integer(required=True, metadata={"description": "Awards still valid."})


class DurationFigureSchema(Schema):
    state = fields.String(required=True)
    label = fields.String(required=True)
    stays = fields.Integer(required=True, metadata={"description": "Stays that ended in the state."})
    median_days = fields.Float(required=True, allow_none=True)
    p90_days = fields.Float(required=True, allow_none=True)


class MonthFigureSchema(Schema):
    month = fields.String(required=True)
    started = fields.Integer(required=True)
    awarded = fields.Integer(required=True)


class DashboardSchema(Schema):
    filters = fields.Nested(FiltersSchema, required=True)
    stalled_after_days = fields.Integer(required=True)
    total = fields.Integer(required=True)
    stalled = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    awarded = fields.Integer(required=True)
    states = fields.List(fields.Nested(StateFigureSchema), required=True)
    levels = fields.List(fields.Nested(LevelFigureSchema), required=True)
    durations = fields.List(fields.Nested(DurationFigureSchema), required=True)
    months = fields.List(fields.Nested(MonthFigureSchema), required=True)


class RegionFigureSchema(Schema):
    country = fields.String(required=True)
    region = fields.String(required=True)
    name = fields.String(required=True)
    applications = fields.Integer(required=True)


class RegionsSchema(Schema):
    filters = fields.Nested(FiltersSchema, required=True)
    description = fields.String(required=True, metadata={"description": "The applications looked into, in words."})
    regions = fields.List(fields.Nested(RegionFigureSchema), required=True)


class ApplicationLineSchema(Schema):
    application_id = fields.Integer(required=True)
    school_id = fields.Integer(required=True)
    school = fields.String(required=True)
    national_id = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String(required=True)
    region_name = fields.String(required=True)
    cycle = fields.Integer(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    award_level = fields.String(required=True, allow_none=True)
    award_label = fields.String(required=True, allow_none=True)
    started_at = fields.DateTime(required=True)
    state_entered_at = fields.DateTime(required=True)
    awarded_at = fields.DateTime(required=True, allow_none=True)
    expires_at = fields.DateTime(required=True, allow_none=True)
    days_in_state = fields.Float(required=True)
    days_in_slice_state = fields.Float(required=True, allow_none=True)


class DrillDownSchema(Schema):
    filters = fields.Nested(FiltersSchema, required=True)
    description = fields.String(required=True, metadata={"description": "The applications listed, in words."})
    total = fields.Integer(required=True, metadata={"description": "Every application of the drill-down."})
    limit = fields.Integer(required=True, metadata={"description": "At most this many are listed (the CSV has all)."})
    applications = fields.List(fields.Nested(ApplicationLineSchema), required=True)


# --- people ---------------------------------------------------------------------------------------------------------


class PeopleQuerySchema(PageQuerySchema):
    """Without ``updated_since``: an account records no time of its last change (use it with ``exclude``)."""

    role = Text(validate=validate.OneOf(STAFF_ROLES))
    q = Text(validate=validate.Length(max=100), metadata={"description": "Part of the name or e-mail address."})
    sort = sort_field(PEOPLE_SORTS)


class GrantSchema(Schema):
    id = fields.Integer(required=True)
    role = fields.String(required=True)
    role_label = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)
    region = fields.String(required=True, allow_none=True)


class PersonSummarySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    active = fields.Boolean(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["active", "invited", "deactivated"]))
    status_label = fields.String(required=True)
    roles = fields.List(fields.Nested(GrantSchema), required=True)


class OpenAssignmentSchema(Schema):
    application_id = fields.Integer(required=True)
    school_id = fields.Integer(required=True)
    programme = fields.String(required=True)
    role = fields.String(required=True)


class PersonSchema(PersonSummarySchema):
    language = fields.String(required=True)
    assessor_languages = fields.List(fields.String(), required=True)
    manageable = fields.Boolean(required=True, metadata={"description": "Whether you may change this account."})
    refusal = fields.String(required=True, allow_none=True, metadata={"description": "Why not, when you may not."})
    open_assignments = fields.List(fields.Nested(OpenAssignmentSchema), required=True)


class RoleInputSchema(Schema):
    role = Text(required=True, validate=validate.OneOf(STAFF_ROLES))
    countries = fields.List(Text(validate=COUNTRY), load_default=list, validate=validate.Length(max=300))
    regions = fields.List(Text(validate=REGION), load_default=list, validate=validate.Length(max=1000))
    languages = fields.List(
        Text(validate=LANGUAGE),
        load_default=list,
        validate=validate.Length(max=30),
        metadata={"description": "The languages an assessor works in."},
    )


class NewPersonSchema(RoleInputSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = Text(required=True, validate=validate.Length(min=1, max=120))
    language = Text(
        load_default="en",
        validate=validate.OneOf(list(LANGUAGE_NAMES)),
        metadata={"description": "The interface language."},
    )


class CreatedPersonSchema(PersonSchema):
    welcome_sent = fields.Boolean(required=True, metadata={"description": "The link to set a password was e-mailed."})
