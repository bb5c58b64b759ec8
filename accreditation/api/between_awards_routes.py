"""``/api/v1/schools/{school_id}/training|incidents|calendar|health-check`` and ``/api/v1/stats/incidents``: the
between-awards data through the operations the pages call (``add_training``, ``record_incident``, ``calendar_of``,
``renewal_route``, ``region_counts``), so the same people may do the same things."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from accreditation.api.auth import authenticated, caller
from accreditation.api.between_awards_schemas import (
    DutySchema,
    HealthCheckSchema,
    IncidentCountRowSchema,
    IncidentCountsQuerySchema,
    IncidentSchema,
    TrainingRegisterSchema,
    TrainingSchema,
)
from accreditation.api.description import bp
from accreditation.api.school_people_routes import ID, _school
from accreditation.applications.errors import NotPermitted
from accreditation.compliance.calendar import calendar_of
from accreditation.compliance.health import awarded_application, latest_check, renewal_route
from accreditation.i18n import local
from accreditation.incidents.counts import CountFilters, all_categories, region_counts
from accreditation.incidents.log import IncidentInput, incidents_of, record_incident
from accreditation.incidents.privacy import warnings
from accreditation.models.user import Role
from accreditation.training.coverage import school_coverage
from accreditation.training.register import NewTraining, add_training, records_of

TAGS = ["between awards"]


def _training_json(record) -> dict:
    return {column: getattr(record, column) for column in TrainingSchema().fields if hasattr(record, column)}


def _incident_json(incident) -> dict:
    row = {column: getattr(incident, column) for column in ("id", "category", "occurred_on", "description")}
    row.update(
        involved=incident.involved_roles,
        action_taken=incident.action_taken,
        referral=incident.referral,
        warnings=warnings(incident.description, incident.action_taken),
    )
    return row


@bp.route(f"/schools/{ID}/training", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, TrainingRegisterSchema)
@bp.errors(403, 404)
def get_training_register(school_id: int):
    """The school's coverage by staff role over the programme's window, and its trainings (the latest first)."""
    school = _school(school_id)
    found = school_coverage(school, date.today())
    coverage = [
        {"role": item.role, "trained": item.trained, "people": item.people, "share": item.share}
        for item in found.roles.values()
    ]
    trainings = [_training_json(record) for record in records_of(school)]
    return {"since": found.since, "window_months": found.window_months, "coverage": coverage, "trainings": trainings}


@bp.route(f"/schools/{ID}/training", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(TrainingSchema)
@bp.response(201, TrainingSchema)
@bp.errors(403, 404, 422)
def add_school_training(data: dict, school_id: int):
    """Record one training (the school's admins): a member (``user_id``) or a named person, a course of the
    programme's list (``course_code``) or free text."""
    record = add_training(caller(), _school(school_id), NewTraining(**data), date.today())
    return _training_json(record)


@bp.route(f"/schools/{ID}/incidents", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, IncidentSchema(many=True))
@bp.errors(403, 404)
def list_school_incidents(school_id: int):
    """The school's incident log (its admins only), the latest first."""
    return [_incident_json(incident) for incident in incidents_of(caller(), _school(school_id))]


@bp.route(f"/schools/{ID}/incidents", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(IncidentSchema)
@bp.response(201, IncidentSchema)
@bp.errors(403, 404, 422)
def record_school_incident(data: dict, school_id: int):
    """Record an incident (the school's admins). Never refused for its texts: ``warnings`` says what in them may
    identify someone."""
    entry = IncidentInput(**{**data, "involved": tuple(data["involved"])})
    return _incident_json(record_incident(caller(), _school(school_id), entry, date.today()))


@bp.route(f"/schools/{ID}/calendar", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, DutySchema(many=True))
@bp.errors(403, 404)
def list_school_duties(school_id: int):
    """The compliance calendar's duties, those not done first, the soonest due first."""
    school = _school(school_id)
    return [
        {
            "id": row.id,
            "duty_code": row.duty_code,
            "title": local(duty.title) if duty else row.duty_code,
            "due_on": row.due_on,
            "owner_id": row.owner_id,
            "done_on": row.done_on,
            "note": row.note,
        }
        for row, duty in calendar_of(school, date.today())
    ]


@bp.route(f"/schools/{ID}/health-check", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, HealthCheckSchema)
@bp.errors(403, 404)
def get_school_health_check(school_id: int):
    """The latest yearly health check of the school's award and how its renewal goes (``desk_review`` for a school
    in good standing where the programme allows it, else ``full_review``)."""
    application = awarded_application(_school(school_id))
    check = latest_check(application) if application else None
    return {
        "awarded_application_id": application.id if application else None,
        "renewal": renewal_route(application) if application else None,
        "period": check.period if check else None,
        "submitted_at": check.submitted_at if check else None,
        "good_standing": check.good_standing if check else None,
        "dropped_criteria": check.dropped if check else [],
    }


@bp.route("/stats/incidents", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(IncidentCountsQuerySchema, location="query")
@bp.response(200, IncidentCountRowSchema(many=True))
@bp.errors(403, 422)
def incident_counts(query: dict):
    """Anonymous incident counts per region of your scope and category (coordinators and admins); a figure of
    fewer than 5 is null."""
    user = caller()
    if not (user.is_admin or user.has_role(Role.COORDINATOR)):
        raise NotPermitted(_("Only coordinators and admins see the incident counts."))
    codes = [item.code for item in all_categories()]
    rows = region_counts(user, codes, CountFilters(query["country"], query["year"], query["category"]))
    return [{"region": row.region, "cells": row.cells, "total": row.total} for row in rows]
