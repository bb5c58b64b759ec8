"""The dashboard's pages and exports: thin views that parse the filters, read the figures and render."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from accreditation.access import roles_required
from accreditation.applications.runtime import current_workflows
from accreditation.dashboard import drilldown, exports
from accreditation.dashboard.figures import dashboard
from accreditation.dashboard.filters import FilterError, Filters, Scope, parse_filters
from accreditation.dashboard.presentation import charts, choices, days, describe, drill_url
from accreditation.dashboard.programme_facts import facts_of
from accreditation.dashboard.queries import Moment
from accreditation.models.time import utcnow
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("dashboard", __name__, url_prefix="/coordinate/dashboard")


def _moment() -> Moment:
    return Moment(now=utcnow(), stalled_after_days=current_app.config["STALLED_AFTER_DAYS"])


def _page(template: str, filters: Filters | None = None, problem: FilterError | None = None, **context):
    """Render ``template`` with the filter form (its choices limited to the person's scope)."""
    scope = filters.scope if filters else Scope.of(current_user)
    return render_template(
        template,
        filters=filters,
        problem=problem,
        programmes=current_workflows().programmes,
        countries=choices(scope),
        args=request.args,
        drill_url=drill_url,
        days=days,
        stalled_after_days=current_app.config["STALLED_AFTER_DAYS"],
        **context,
    )


def _refused(template: str, problem: FilterError):
    return _page(template, problem=problem), problem.status


@bp.route("")
@roles_required(COORDINATOR, ADMIN)
def index():
    try:
        filters = parse_filters(request.args, current_user)
    except FilterError as problem:
        return _refused("dashboard/index.html", problem)
    board = dashboard(filters, _moment())
    return _page("dashboard/index.html", filters, board=board, charts=charts(board))


@bp.route("/regions")
@roles_required(COORDINATOR, ADMIN)
def regions():
    try:
        filters = parse_filters(request.args, current_user, with_slice=True)
    except FilterError as problem:
        return _refused("dashboard/regions.html", problem)
    moment = _moment()
    facts = facts_of(filters.programme)
    return _page(
        "dashboard/regions.html",
        filters,
        regions=drilldown.regions(filters, moment),
        description=describe(filters.slice, facts, moment.stalled_after_days),
    )


@bp.route("/schools")
@roles_required(COORDINATOR, ADMIN)
def schools():
    try:
        filters = parse_filters(request.args, current_user, with_slice=True)
    except FilterError as problem:
        return _refused("dashboard/schools.html", problem)
    moment = _moment()
    facts = facts_of(filters.programme)
    return _page(
        "dashboard/schools.html",
        filters,
        lines=list(drilldown.application_lines(filters, moment)),
        total=drilldown.application_count(filters, moment),
        limit=drilldown.LIST_LIMIT,
        description=describe(filters.slice, facts, moment.stalled_after_days),
    )


@bp.route("/export/schools.csv")
@roles_required(COORDINATOR, ADMIN)
def export_schools():
    try:
        filters = parse_filters(request.args, current_user, with_slice=True)
    except FilterError as problem:
        return _refused("dashboard/index.html", problem)
    return exports.csv_response(f"schools-{filters.programme.code}.csv", exports.schools_csv(filters, _moment()))


@bp.route("/export/regions.csv")
@roles_required(COORDINATOR, ADMIN)
def export_regions():
    try:
        filters = parse_filters(request.args, current_user)
    except FilterError as problem:
        return _refused("dashboard/index.html", problem)
    return exports.csv_response(f"regions-{filters.programme.code}.csv", exports.aggregate_csv(filters, _moment()))
