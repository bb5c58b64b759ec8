"""The coordinators' side of the API (and the admins'): verifying self-registered schools, assigning assessors, the
dashboard's figures, drill-down and CSV exports, and the programme's people. Every call goes through the operations
the pages call (``decide_school``, ``assign_assessor``, ``assignment_panel``, ``dashboard``, ``accounts.staff``),
so the same scope rules, conditions and messages apply.

Conflicts of interest are recorded and withdrawn through ``/applications/{id}/conflicts`` (the review's views);
the standing and withdrawn ones are part of ``GET /applications/{id}/assessor-proposals``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from flask import Response, current_app, url_for
from flask_babel import gettext as _

from accreditation.accounts.staff import (
    add_role,
    create_staff_account,
    remove_role,
    set_active,
    staff_person,
    staff_query,
)
from accreditation.accounts.verification import (
    can_verify,
    decide_school,
    schools_to_verify,
    send_decision_mail,
)
from accreditation.accounts.welcome import send_welcome
from accreditation.api.auth import authenticated, caller
from accreditation.api.contract_schemas import SchoolListQuerySchema
from accreditation.api.coordination_representations import (
    assignment_json,
    dashboard_json,
    filters_json,
    line_json,
    panel_json,
    person_json,
    person_summary,
    region_json,
    verified_school_json,
)
from accreditation.api.coordination_schemas import (
    AssignedSchema,
    AssignInputSchema,
    AssignmentPanelSchema,
    CreatedPersonSchema,
    DashboardQuerySchema,
    DashboardSchema,
    DrillDownSchema,
    DrillQuerySchema,
    NewPersonSchema,
    PeopleQuerySchema,
    PersonSchema,
    PersonSummarySchema,
    RegionsSchema,
    RoleInputSchema,
    VerificationInputSchema,
    VerifiedSchoolSchema,
)
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.paging import PAGE_HEADERS, Listing, page
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
from accreditation.mail import MailError
from accreditation.models import School, User
from accreditation.models.school import Verification
from accreditation.models.time import utcnow
from accreditation.review.assignment import assign_assessor
from accreditation.review.reads import assignment_panel
from accreditation.transactions import commit_early, on_commit

SCHOOL_ID = "<int(min=1, max=2147483647):school_id>"
APPLICATION_ID = "<int(min=1, max=2147483647):application_id>"
USER_ID = "<int(min=1, max=2147483647):user_id>"
PROGRAMME = "<string(maxlength=60):programme>"
PEOPLE = Listing(id=User.id, sortable={"id": User.id, "name": User.name, "created_at": User.created_at})
CSV = {
    "schema": {"type": "string"},
    "content_type": "text/csv",
    "description": "A CSV file (UTF-8, a header line, CRLF line ends), as a download.",
}


class CoordinatorsOnly(NotPermitted):
    """The call is for coordinators and admins (the pages' ``roles_required(COORDINATOR, ADMIN)``)."""

    def __init__(self) -> None:
        super().__init__(_("Only coordinators and admins may do this."))


class OutsideScope(NotPermitted):
    """A dashboard filter on a country or region the person does not coordinate."""


class InvalidFilter(ApplicationError):
    status = 422


def _coordinator() -> User:
    """The caller, when they are a coordinator or an admin (CoordinatorsOnly otherwise)."""
    user = caller()
    if not (user.is_admin or user.is_coordinator):
        raise CoordinatorsOnly()
    return user


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
    statement = schools_to_verify(_coordinator(), Verification.PENDING.value).order_by(None)
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
    user = _coordinator()
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
    user = _coordinator()
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


# --- people ---------------------------------------------------------------------------------------------------------


def _person(user_id: int) -> User:
    """A programme person the caller sees on the people page (their scope); None for anyone else."""
    return staff_person(_coordinator(), user_id)


def _no_person() -> Response:
    return error_response(404, _("There is no such person among those you manage."))


@bp.route("/people", methods=["GET"], tags=["people"])
@authenticated
@bp.arguments(PeopleQuerySchema(exclude=("updated_since",)), location="query")
@bp.response(200, PersonSummarySchema(many=True), headers=PAGE_HEADERS)
@bp.errors(403)
def list_people(query: dict):
    """The programme's coordinators, assessors (and, for admins, admins) whose roles lie in your countries and
    regions, a page at a time in the order of ``sort``; ``role`` and ``q`` (part of the name or e-mail address)
    narrow it."""
    statement = staff_query(_coordinator(), query.get("role"), query.get("q", ""))
    people, headers = page(statement.order_by(None), query, PEOPLE, "api.list_people")
    return [person_summary(person) for person in people], 200, headers


@bp.route(f"/people/{USER_ID}", methods=["GET"], tags=["people"])
@authenticated
@bp.response(200, PersonSchema)
@bp.errors(403, 404)
def get_person(user_id: int):
    """A programme person: their roles, whether you may change the account (``refusal`` says why not) and the open
    applications they are assigned to."""
    person = _person(user_id)
    if person is None:
        return _no_person()
    return person_json(caller(), person)


@bp.route("/people", methods=["POST"], tags=["people"])
@authenticated
@bp.arguments(NewPersonSchema)
@bp.response(201, CreatedPersonSchema, headers={"Location": {"schema": {"type": "string"}}})
@bp.errors(403, 422)
def create_person(body: dict):
    """Create a coordinator or assessor account (admins: an admin's too) within your countries and regions; the
    person sets a password from the link e-mailed to them. An assessor covers whole countries and needs the
    ``languages`` they work in.

    422 when the role may not be given there, or the e-mail address is taken."""
    user = _coordinator()
    person = create_staff_account(
        user,
        body["email"],
        body["name"],
        body["role"],
        body["countries"],
        body["regions"],
        body["languages"],
        body["language"],
    )
    commit_early()  # the welcome's link must find the account; the answer says whether it was e-mailed
    current_app.logger.info("account %s created by user %s (API)", person.id, user.id)
    sent = True
    try:
        send_welcome(person, invited_by=user)
    except MailError:
        current_app.logger.exception("could not e-mail the welcome to %s", person.id)
        sent = False
    location = url_for("api.get_person", user_id=person.id)
    return {**person_json(user, person), "welcome_sent": sent}, 201, {"Location": location}


@bp.route(f"/people/{USER_ID}/roles", methods=["POST"], tags=["people"])
@authenticated
@bp.arguments(RoleInputSchema)
@bp.response(200, PersonSchema)
@bp.errors(403, 404, 422)
def add_person_role(body: dict, user_id: int):
    """Give a person a role over more countries or regions (those they hold already are kept), with the rules of
    creating an account: you must manage the account (403 otherwise) and be able to give the role there."""
    person = _person(user_id)
    if person is None:
        return _no_person()
    add_role(caller(), person, body["role"], body["countries"], body["regions"], body["languages"])
    return person_json(caller(), person)


@bp.route(f"/people/{USER_ID}/roles/<int(min=1, max=2147483647):grant_id>", methods=["DELETE"], tags=["people"])
@authenticated
@bp.response(200, PersonSchema)
@bp.errors(403, 404, 422)
def remove_person_role(user_id: int, grant_id: int):
    """Take one role (over one country or region: a ``roles[].id``) away from a person. Their last one stays: an
    account ends by being deactivated (422)."""
    person = _person(user_id)
    if person is None:
        return _no_person()
    remove_role(caller(), person, grant_id)
    return person_json(caller(), person)


def _set_active(user_id: int, active: bool):
    person = _person(user_id)
    if person is None:
        return _no_person()
    changed = set_active(caller(), person, active)
    if changed:
        verb = "reactivated" if active else "deactivated"
        current_app.logger.info("account %s %s by user %s (API)", person.id, verb, caller().id)
    return person_json(caller(), person)


@bp.route(f"/people/{USER_ID}/deactivate", methods=["POST"], tags=["people"])
@authenticated
@bp.response(200, PersonSchema)
@bp.errors(403, 404)
def deactivate_person(user_id: int):
    """Deactivate the account of someone who left the programme: they are signed out everywhere, cannot sign in,
    and their API tokens are revoked; their assignments stay until reassigned. Deactivating it again changes
    nothing. 403 for your own account, an admin's or one with roles outside your area."""
    return _set_active(user_id, active=False)


@bp.route(f"/people/{USER_ID}/reactivate", methods=["POST"], tags=["people"])
@authenticated
@bp.response(200, PersonSchema)
@bp.errors(403, 404)
def reactivate_person(user_id: int):
    """Reactivate a deactivated account (the same rules as deactivating it); their old API tokens stay revoked."""
    return _set_active(user_id, active=True)
