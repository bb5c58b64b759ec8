"""The between-awards writes of the API, through the operations the pages call: a duty's owner (``set_owner``) and
its tick (``tick``), the yearly health check (``submit_check``), an incident's change (``update_incident``), and a
training platform's CSV (``csv_import.preview``, then ``csv_import.import_csv``), so the same people may do the
same things with the same refusals."""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

from accreditation.api.auth import authenticated, caller
from accreditation.api.between_awards_routes import TAGS, _incident_json
from accreditation.api.between_awards_schemas import DutySchema, IncidentSchema
from accreditation.api.description import bp
from accreditation.api.school_people_routes import ID, _school
from accreditation.compliance.calendar import duties_of, set_owner, tick
from accreditation.compliance.health import renewal_route, submit_check
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.incidents.log import IncidentInput, update_incident
from accreditation.models import Application, ComplianceDuty, School
from accreditation.training import csv_import
from accreditation.training.register import programme_for, require_admin

DUTY = "<int:duty_id>"


class OwnerSchema(Schema):
    owner_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "A member of the school; null: no owner."}
    )


class TickSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class HealthCheckInputSchema(Schema):
    dropped = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "The codes of the criteria whose level dropped since the award."},
    )
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class HealthCheckResultSchema(Schema):
    period = fields.Integer(required=True)
    good_standing = fields.Boolean(required=True)
    duties_done = fields.Integer(required=True)
    duties_due = fields.Integer(required=True)
    training_met = fields.Boolean(required=True)
    dropped_criteria = fields.List(fields.String(), required=True)
    renewal = fields.String(required=True, validate=validate.OneOf(["desk_review", "full_review"]))


class CsvSchema(Schema):
    content = fields.String(
        required=True,
        validate=validate.Length(min=1, max=5_000_000),
        metadata={"description": "The CSV's text (UTF-8): columns name or email, role, course, date, provider."},
    )


class RejectedRowSchema(Schema):
    line = fields.Integer(required=True)
    reasons = fields.List(fields.String(), required=True)
    text = fields.String(required=True)


class CsvResultSchema(Schema):
    accepted = fields.Integer(required=True)
    rejected = fields.List(fields.Nested(RejectedRowSchema), required=True)
    recorded = fields.Boolean(required=True, metadata={"description": "false: a preview, nothing was saved."})


def _duty_json(school: School, row: ComplianceDuty) -> dict:
    keys = ("id", "duty_code", "due_on", "owner_id", "done_on", "note")
    duty = next((duty for duty in duties_of(programme_for(school, "duties")) if duty.code == row.duty_code), None)
    return {**{key: getattr(row, key) for key in keys}, "title": local(duty.title) if duty else row.duty_code}


def _csv_json(found: csv_import.Preview, recorded: bool) -> dict:
    rejected = [{"line": row.line, "reasons": row.reasons, "text": row.text} for row in found.rejected]
    return {"accepted": len(found.accepted), "rejected": rejected, "recorded": recorded}


@bp.route(f"/schools/{ID}/calendar/{DUTY}/owner", methods=["PUT"], tags=TAGS)
@authenticated
@bp.arguments(OwnerSchema)
@bp.response(200, DutySchema)
@bp.errors(403, 404, 422)
def set_duty_owner(data: dict, school_id: int, duty_id: int):
    """Choose who owns a duty of the compliance calendar (the school's admins); the owner may then tick it."""
    school = _school(school_id)
    return _duty_json(school, set_owner(caller(), school, duty_id, data["owner_id"]))


@bp.route(f"/schools/{ID}/calendar/{DUTY}/done", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(TickSchema)
@bp.response(200, DutySchema)
@bp.errors(403, 404, 422)
def tick_duty(data: dict, school_id: int, duty_id: int):
    """Mark a duty done today, with an optional note (the school's admins or the duty's owner; the page also takes
    a document)."""
    school = _school(school_id)
    return _duty_json(school, tick(caller(), school, duty_id, date.today(), data["note"]))


@bp.route(f"/schools/{ID}/health-check", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(HealthCheckInputSchema)
@bp.response(201, HealthCheckResultSchema)
@bp.errors(403, 404, 409)
def submit_health_check(data: dict, school_id: int):
    """Record this year's health check of the school's award (its admins, once a year); good standing makes the
    renewal a desk review where the programme allows it."""
    school = _school(school_id)
    check = submit_check(caller(), school, data["dropped"], data["note"], date.today())
    return {
        "period": check.period,
        "good_standing": check.good_standing,
        "duties_done": check.duties_done,
        "duties_due": check.duties_due,
        "training_met": check.training_met,
        "dropped_criteria": check.dropped,
        "renewal": renewal_route(db.session.get(Application, check.application_id)),
    }


@bp.route(f"/schools/{ID}/incidents/<int:incident_id>", methods=["PUT"], tags=TAGS)
@authenticated
@bp.arguments(IncidentSchema)
@bp.response(200, IncidentSchema)
@bp.errors(403, 404, 422)
def change_school_incident(data: dict, school_id: int, incident_id: int):
    """Change an incident of the log (the school's admins); ``warnings`` as when it was recorded."""
    entry = IncidentInput(**{**data, "involved": tuple(data["involved"])})
    return _incident_json(update_incident(caller(), _school(school_id), incident_id, entry, date.today()))


@bp.route(f"/schools/{ID}/training/import/preview", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(CsvSchema)
@bp.response(200, CsvResultSchema)
@bp.errors(403, 404, 422)
def preview_training_csv(data: dict, school_id: int):
    """What importing the CSV would record and which rows it rejects, with their line and reasons; saves nothing."""
    school = _school(school_id)
    require_admin(caller(), school)
    return _csv_json(csv_import.preview(school, data["content"], date.today()), recorded=False)


@bp.route(f"/schools/{ID}/training/import", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(CsvSchema)
@bp.response(201, CsvResultSchema)
@bp.errors(403, 404, 422)
def import_training_csv(data: dict, school_id: int):
    """Record every accepted row of the CSV in one go (the school's admins); the rejected rows by line."""
    found = csv_import.import_csv(caller(), _school(school_id), data["content"], date.today())
    return _csv_json(found, recorded=True)
