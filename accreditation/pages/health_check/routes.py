"""The yearly health check: the school's page (what the calendar and the register say, the criteria whose level
dropped, the renewal's route) with its admins' submission; the coordinators' list of the awarded schools of their
scope with their latest check and renewal route."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import validate_csrf
from sqlalchemy import select
from wtforms import ValidationError

from accreditation.access import can_administer_school, coordinator_scope_filter, get_school, roles_required
from accreditation.applications.runtime import current_workflows
from accreditation.compliance.health import (
    DESK_REVIEW,
    HealthCheckError,
    awarded_application,
    facts,
    latest_check,
    period_of,
    renewal_route,
    rule_of,
    submit_check,
)
from accreditation.extensions import db
from accreditation.i18n import user_zone
from accreditation.models import Application, School
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("health_check", __name__)


def today() -> date:
    return datetime.now(user_zone()).date()


@bp.get("/schools/<int:school_id>/health-check")
@login_required
def school_check(school_id: int):
    school = get_school(school_id, current_user)
    application = awarded_application(school)
    context: dict = {
        "school": school,
        "application": application,
        "manage": can_administer_school(current_user, school),
    }
    if application is not None:
        workflows = current_workflows()
        framework = workflows.framework_of(workflows.programme(application.programme_code))
        check = latest_check(application)
        period = period_of(application, rule_of(application), today())
        context.update(
            facts=facts(application, today()),
            check=check,
            done_this_period=check is not None and check.period == period,
            criteria={c.code: c for c in framework.criteria} if framework else {},
            route=renewal_route(application),
            desk_review=DESK_REVIEW,
        )
    return render_template("health_check/school.html", **context)


@bp.post("/schools/<int:school_id>/health-check")
@login_required
def submit(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        abort(400)
    try:
        with db.session.begin_nested():
            check = submit_check(
                current_user, school, request.form.getlist("dropped"), request.form.get("note", ""), today()
            )
    except HealthCheckError as error:
        flash(error.message, "error")
    else:
        if check.good_standing:
            flash(_("The health check is recorded: the school is in good standing."), "success")
        else:
            flash(_("The health check is recorded. Some points need work before the renewal."), "warning")
    return redirect(url_for("health_check.school_check", school_id=school.id))


@bp.get("/coordinate/health-checks")
@roles_required(COORDINATOR, ADMIN)
def overview():
    query = (
        select(Application).join(School, School.id == Application.school_id).where(Application.awarded_at.is_not(None))
    )
    query = coordinator_scope_filter(current_user, query, School.country_code, School.region_code)
    rows = []
    for application in db.session.scalars(query.order_by(Application.awarded_at.desc())):
        if rule_of(application) is not None:
            rows.append((application, latest_check(application), renewal_route(application)))
    return render_template("health_check/overview.html", rows=rows, desk_review=DESK_REVIEW)
