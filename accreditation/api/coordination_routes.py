"""The coordinators' side of the API (and the admins'): verifying self-registered schools, assigning assessors, the
dashboard's figures, drill-down and CSV exports (the programme's people: ``coordination_people_routes``). Every call
goes through the operations the pages call (``decide_school``, ``assign_assessor``, ``assignment_panel``,
``dashboard``, ``accounts.staff``), so the same scope rules, conditions and messages apply.

Conflicts of interest are recorded and withdrawn through ``/applications/{id}/conflicts`` (the review's views);
the standing and withdrawn ones are part of ``GET /applications/{id}/assessor-proposals``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from flask import current_app
from flask_babel import gettext as _

from accreditation.accounts.verification import (
    can_verify,
    decide_school,
    schools_to_verify,
    send_decision_mail,
)
from accreditation.api.auth import authenticated, caller
from accreditation.api.contract_schemas import SchoolListQuerySchema
from accreditation.api.coordination_access import coordinator
from accreditation.api.coordination_representations import (
    assignment_json,
    dashboard_json,
    filters_json,
    line_json,
    panel_json,
    region_json,
    verified_school_json,
)
from accreditation.api.coordination_schemas import (
    AssignedSchema,
    AssignInputSchema,
    AssignmentPanelSchema,
    DashboardQuerySchema,
    DashboardSchema,
    DrillDownSchema,
    DrillQuerySchema,
    RegionsSchema,
    VerificationInputSchema,
    VerifiedSchoolSchema,
)
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.paging import PAGE_HEADERS, page
from accreditation.api.representations import school_json
from accreditation.api.schemas import SchoolSchema
from accreditation.api.school_routes import LISTING as SCHOOLS
from accreditation.applications import (
    ApplicationError,
    NotPermitted,
    UnknownProgramme,
)
from accreditation.applications.permissions import application_for, may_assign_assessors
from accreditation.applications.runtime import current_workflows
from accreditation.dashboard import drilldown, exports
from accreditation.dashboard.figures import dashboard
from accreditation.dashboard.filters import FilterError, Filters, parse_filters
from accreditation.dashboard.presentation import describe
from accreditation.dashboard.programme_facts import facts_of
from accreditation.dashboard.queries import Moment
from accreditation.extensions import db
from accreditation.models import School
from accreditation.models.school import Verification
from accreditation.models.time import utcnow
from accreditation.review.assignment import assign_assessor
from accreditation.review.reads import assignment_panel
from accreditation.transactions import on_commit

SCHOOL_ID = "<int(min=1, max=2147483647):school_id>"
APPLICATION_ID = "<int(min=1, max=2147483647):application_id>"
PROGRAMME = "<string(maxlength=60):programme>"
CSV = {
    "schema": {"type": "string"},
    "content_type": "text/csv",
    "description": "A CSV file (UTF-8, a header line, CRLF line ends), as a download.",
}


class OutsideScope(NotPermitted):
    """A dashboard filter on a country or region the person does not coordinate."""


class InvalidFilter(ApplicationError):
    status = 422


# --- school verification --------------------------------------------------------------------------------------------


@bp.route("/schools/pending", methods=["GET"], tags=["schools"])
@authenticated
@bp.arguments(SchoolListQuerySchema, location="query")
@bp.response(200, SchoolSchema(many=True), headers=PAGE_HEADERS)
@bp.errors(403)
def list_pending_schools(query: dict):
    """The self-registered schools awaiting verification in your countries and regions (every one for admins), a
    page at a time (``after``: the last id of the page before), in the order of ``sort``; ``updated_since``: those
    registered since a moment."""
    statement = schools_to_verify(coordinator(), Verification.PENDING.value).order_by(None)
    if query.get("country"):
        statement = statement.where(School.country_code == query["country"].upper())
    if query.get("region"):
        statement = statement.where(School.region_code == query["region"].upper())
    schools, headers = page(statement, query, SCHOOLS, "api.list_pending_schools")
    return [school_json(school) for school in schools], 200, headers


@bp.route(f"/schools/{SCHOOL_ID}/verification", methods=["POST"], tags=["schools"])
@authenticated
@bp.arguments(VerificationInputSchema)
@bp.response(200, VerifiedSchoolSchema)
@bp.errors(403, 404, 409, 422)
def decide_school_verification(body: dict, school_id: int):
    """Verify or reject a pending school (coordinators of its country or region, and admins). A rejection needs a
    ``note`` saying why: the school's admins are told the decision by e-mail.

    404 for a school that does not exist or is outside your scope, 409 when it was already decided (the message
    says when and by whom), 422 for a rejection without a reason."""
    user = coordinator()
    school = db.session.get(School, school_id)
    if school is None or not can_verify(user, school):
        return error_response(404, _("There is no such school in the area you coordinate."))
    decide_school(school, user, body["decision"], body["note"])
    current_app.logger.info("school %s %s by user %s (API)", school.id, school.verification, user.id)
    on_commit(db.session(), partial(send_decision_mail, school))  # its failure is only logged
    return verified_school_json(school)


# --- assigning assessors --------------------------------------------------------------------------------------------


@bp.route(f"/applications/{APPLICATION_ID}/assessor-proposals", methods=["GET"], tags=["applications"])
@authenticated
@bp.response(200, AssignmentPanelSchema)
@bp.errors(403, 404)
def get_assessor_proposals(application_id: int):
    """The coordinator's assignment panel of the application page: the assessors assigned now, the proposed lead
    assessor and moderator (the eligible assessor with the fewest open reviews) with why each other candidate was
    not proposed, warnings about assessors no longer eligible, the history of assignments and the conflicts of
    interest with the school (coordinators of its region and admins)."""
    application, roles = application_for(application_id, caller())
    if not may_assign_assessors(roles):
        raise NotPermitted(_("Only the coordinators of the school’s region assign assessors."))
    current = sorted(application.assessors, key=lambda row: row.role)
    return panel_json(application.id, application.is_open, current, assignment_panel(application))


@bp.route(
    f"/applications/{APPLICATION_ID}/assessors/<string(maxlength=20):role>", methods=["PUT"], tags=["applications"]
)
@authenticated
@bp.arguments(AssignInputSchema)
@bp.response(200, AssignedSchema)
@bp.errors(403, 404, 422)
def assign_application_assessor(body: dict, application_id: int, role: str):
    """Make an assessor the application's ``lead`` assessor or its ``moderator``, replacing whoever held that role
    (the replaced assignment stays in the history). Assigning the assessor who holds it already changes nothing.

    422 with ``reasons`` when the assessor is not eligible (their countries, languages, a conflict of interest, the
    other role held) or the cycle is closed."""
    assignment = assign_assessor(application_id, body["assessor_id"], role, caller())
    return {"application_id": application_id, **assignment_json(assignment)}


# --- the dashboard --------------------------------------------------------------------------------------------------


def _moment() -> Moment:
    return Moment(now=utcnow(), stalled_after_days=current_app.config["STALLED_AFTER_DAYS"])


def _filters(programme: str, query: Mapping, with_slice: bool = False) -> Filters:
    """The dashboard page's filters, parsed and checked by the same function (UnknownProgramme, OutsideScope,
    InvalidFilter)."""
    user = coordinator()
    if programme not in current_workflows().programmes:
        raise UnknownProgramme(programme)
    args = {name: str(value) for name, value in query.items() if name not in ("start", "end")}
    args.update({"programme": programme, "from": query.get("start", ""), "to": query.get("end", "")})
    try:
        return parse_filters(args, user, with_slice=with_slice)
    except FilterError as problem:
        raise (OutsideScope if problem.status == 403 else InvalidFilter)(problem.message) from None


def _described(filters: Filters, moment: Moment) -> dict:
    facts = facts_of(filters.programme)
    return {"filters": filters_json(filters), "description": describe(filters.slice, facts, moment.stalled_after_days)}


@bp.route(f"/dashboard/{PROGRAMME}", methods=["GET"], tags=["dashboard"])
@authenticated
@bp.arguments(DashboardQuerySchema, location="query")
@bp.response(200, DashboardSchema)
@bp.errors(403, 404, 422)
def get_dashboard(query: dict, programme: str):
    """The dashboard's figures for a programme within your countries and regions (admins: everywhere), optionally
    for one country or region and applications started between two days: applications per state (stalled,
    review overdue), awards per level (still valid), time spent in each state and the months' starts and awards.

    403 for a country or region you do not coordinate, 422 for an unknown one or a reversed date range."""
    board = dashboard(_filters(programme, query), _moment())
    return dashboard_json(board)


@bp.route(f"/dashboard/{PROGRAMME}/regions", methods=["GET"], tags=["dashboard"])
@authenticated
@bp.arguments(DrillQuerySchema, location="query")
@bp.response(200, RegionsSchema)
@bp.errors(403, 404, 422)
def list_dashboard_regions(query: dict, programme: str):
    """Behind a figure (at most one of ``state``, ``level``, ``stalled``, ``overdue``, ``started``, ``awarded``,
    ``left``; none: every application of the filters): its applications counted per region."""
    filters, moment = _filters(programme, query, with_slice=True), _moment()
    return {**_described(filters, moment), "regions": [region_json(row) for row in drilldown.regions(filters, moment)]}


@bp.route(f"/dashboard/{PROGRAMME}/schools", methods=["GET"], tags=["dashboard"])
@authenticated
@bp.arguments(DrillQuerySchema, location="query")
@bp.response(200, DrillDownSchema)
@bp.errors(403, 404, 422)
def list_dashboard_schools(query: dict, programme: str):
    """Behind a figure (the same choice as ``…/regions``): the schools' applications, by school name, with their
    state, award and dates; at most ``limit`` of the ``total`` (the CSV export has them all)."""
    filters, moment = _filters(programme, query, with_slice=True), _moment()
    return {
        **_described(filters, moment),
        "total": drilldown.application_count(filters, moment),
        "limit": drilldown.LIST_LIMIT,
        "applications": [line_json(line) for line in drilldown.application_lines(filters, moment)],
    }


@bp.route(f"/dashboard/{PROGRAMME}/export/schools.csv", methods=["GET"], tags=["dashboard"])
@authenticated
@bp.arguments(DrillQuerySchema, location="query")
@bp.response(200, **CSV)
@bp.errors(403, 404, 422)
def export_dashboard_schools(query: dict, programme: str):
    """The dashboard page's export of the schools' applications (with its drill-down, if any), one line each: the
    same CSV file as the page's."""
    filters = _filters(programme, query, with_slice=True)
    return exports.csv_response(f"schools-{filters.programme.code}.csv", exports.schools_csv(filters, _moment()))


@bp.route(f"/dashboard/{PROGRAMME}/export/regions.csv", methods=["GET"], tags=["dashboard"])
@authenticated
@bp.arguments(DashboardQuerySchema, location="query")
@bp.response(200, **CSV)
@bp.errors(403, 404, 422)
def export_dashboard_regions(query: dict, programme: str):
    """The dashboard page's anonymous aggregate for ministries: applications per region and state, no school named
    (the same CSV file as the page's)."""
    filters = _filters(programme, query)
    return exports.csv_response(f"regions-{filters.programme.code}.csv", exports.aggregate_csv(filters, _moment()))


# The people's calls attach themselves to the same blueprint, after these (the description keeps its order).
from accreditation.api import coordination_people_routes  # noqa: E402, F401
