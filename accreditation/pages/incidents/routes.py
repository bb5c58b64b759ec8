"""The incident log of a school (its admins only: the list with the school's trends, recording and changing an
incident, with a warning when the text looks like it names someone) and the coordinators' anonymous counts by
region and category."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accreditation.access import get_school, roles_required
from accreditation.extensions import db
from accreditation.geography.names import country_name
from accreditation.i18n import current_language, user_zone
from accreditation.incidents.counts import CountFilters, all_categories, region_counts
from accreditation.incidents.log import (
    INVOLVED_TITLES,
    IncidentError,
    IncidentInput,
    get_incident,
    incidents_of,
    incidents_of_programme,
    record_incident,
    trends,
    update_incident,
)
from accreditation.incidents.privacy import warnings
from accreditation.models import Country, Incident, School
from accreditation.models.user import Role
from accreditation.pages.incidents.forms import CountFiltersForm, IncidentForm
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("incidents", __name__)


def today() -> date:
    return datetime.now(user_zone()).date()


def _titles(school: School) -> tuple[dict[str, str], dict[str, str]]:
    log = incidents_of_programme(school)
    language = current_language()
    categories = {item.code: item.title.in_(language) for item in log.categories}
    routes = {item.code: item.title.in_(language) for item in log.routes_for(school.country_code)}
    return categories, routes


@bp.get("/schools/<int:school_id>/incidents")
@login_required
def log(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    categories, routes = _titles(school)
    return render_template(
        "incidents/log.html",
        school=school,
        incidents=incidents_of(current_user, school),
        trends=trends(current_user, school, today()),
        categories=categories,
        routes=routes,
        involved_titles=INVOLVED_TITLES,
    )


def _form(school: School, incident: Incident | None = None) -> IncidentForm:
    form = IncidentForm(obj=incident) if incident and request.method == "GET" else IncidentForm()
    if incident and request.method == "GET":
        form.involved.data = incident.involved_roles
        form.referral.data = incident.referral or ""
    categories, routes = _titles(school)
    form.category.choices = [("", _("Choose…"))] + list(categories.items())
    form.referral.choices = [("", _("Not referred"))] + list(routes.items())
    return form


def _entry(form: IncidentForm) -> IncidentInput:
    return IncidentInput(
        category=form.category.data,
        occurred_on=form.occurred_on.data,
        involved=tuple(form.involved.data or ()),
        description=form.description.data or "",
        action_taken=form.action_taken.data or "",
        referral=form.referral.data or None,
    )


def _saved(school: School, incident: Incident, message: str):
    flash(message, "success")
    found = warnings(incident.description, incident.action_taken)
    if found:
        flash(
            " ".join(found) + " " + _("The log names people by role only: change the text below to remove them."),
            "warning",
        )
    return redirect(url_for("incidents.show", school_id=school.id, incident_id=incident.id))


@bp.route("/schools/<int:school_id>/incidents/new", methods=["GET", "POST"])
@login_required
def new(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = _form(school)
    problem = None
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                incident = record_incident(current_user, school, _entry(form), today())
        except IncidentError as error:
            problem = error.message
        else:
            return _saved(school, incident, _("The incident is in the log."))
    status = 422 if form.is_submitted() else 200
    return render_template("incidents/form.html", school=school, form=form, problem=problem, incident=None), status


@bp.route("/schools/<int:school_id>/incidents/<int:incident_id>", methods=["GET", "POST"])
@login_required
def show(school_id: int, incident_id: int):
    school = get_school(school_id, current_user, manage=True)
    incident = get_incident(current_user, school, incident_id)
    form = _form(school, incident)
    problem = None
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                update_incident(current_user, school, incident_id, _entry(form), today())
        except IncidentError as error:
            problem = error.message
        else:
            return _saved(school, incident, _("The incident is changed."))
    status = 422 if form.is_submitted() else 200
    html = render_template(
        "incidents/form.html",
        school=school,
        form=form,
        problem=problem,
        incident=incident,
        privacy=warnings(incident.description, incident.action_taken),
    )
    return html, status


@bp.get("/coordinate/incidents")
@roles_required(COORDINATOR, ADMIN)
def counts():
    categories = all_categories()
    language = current_language()
    form = CountFiltersForm(request.args)
    if current_user.is_admin:
        countries = set(db.session.scalars(select(Country.code)))
    else:
        countries = current_user.scope(Role.COORDINATOR)[0]
        countries |= {region.split("-")[0] for region in current_user.scope(Role.COORDINATOR)[1]}
    form.country.choices = [("", _("All"))] + [(code, country_name(code)) for code in sorted(countries)]
    years = range(today().year, today().year - 5, -1)
    form.year.choices = [("", _("All"))] + [(str(year), str(year)) for year in years]
    form.category.choices = [("", _("All"))] + [(item.code, item.title.in_(language)) for item in categories]
    valid = form.validate()
    filters = CountFilters()
    if valid:
        year = int(form.year.data) if form.year.data else None
        filters = CountFilters(form.country.data or None, year, form.category.data or None)
    codes = [item.code for item in categories]
    rows = region_counts(current_user, codes, filters)
    shown_codes = [filters.category] if filters.category else codes
    titles = {item.code: item.title.in_(language) for item in categories}
    return render_template(
        "incidents/counts.html", form=form, rows=rows, codes=shown_codes, titles=titles, valid=valid
    ), (200 if valid else 422)
