"""``/api/v1/schools``: the schools a person may see (their own; those of the regions they coordinate; all for
admins), one school, and adding a school (coordinators and admins)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_

from accreditation.access import can_see_school, visible_schools
from accreditation.accounts.invitations import send_invitation_mail
from accreditation.api.auth import authenticated, caller
from accreditation.api.contract_schemas import NEW_SCHOOL_EXAMPLE, SchoolListQuerySchema
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.paging import PAGE_HEADERS, Listing, page
from accreditation.api.representations import school_json
from accreditation.api.schemas import CreatedSchoolSchema, NewSchoolSchema, SchoolSchema
from accreditation.extensions import db
from accreditation.imports.single_school import add_school
from accreditation.mail import MailError
from accreditation.models import School
from accreditation.transactions import commit_early

TAGS = ["schools"]
ID = "<int(min=1, max=2147483647):school_id>"
# A school changes when it is added and when it is verified or rejected (its other fields are set once).
LISTING = Listing(
    id=School.id,
    sortable={
        "id": School.id,
        "name": School.name,
        "created_at": School.created_at,
        "country": School.country_code,
        "region": School.region_code,
    },
    changed_since=lambda moment: or_(School.created_at >= moment, School.verified_at >= moment),
)


@bp.route("/schools", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(SchoolListQuerySchema, location="query")
@bp.response(200, SchoolSchema(many=True), headers=PAGE_HEADERS)
@bp.errors(403)
def list_schools(query: dict):
    """The schools you may see, a page at a time (``after``: the last id of the page before), in the order of
    ``sort``; ``updated_since``: those added, verified or rejected since a moment.

    Coordinators see the schools of their countries and regions, admins every school, a school's members their
    school."""
    user = caller()
    if not (user.is_admin or user.is_coordinator or user.memberships):
        return error_response(403, _("Only coordinators, admins and schools' members see schools."))
    statement = visible_schools(user)
    if query.get("country"):
        statement = statement.where(School.country_code == query["country"].upper())
    if query.get("region"):
        statement = statement.where(School.region_code == query["region"].upper())
    schools, headers = page(statement, query, LISTING, "api.list_schools")
    return [school_json(school) for school in schools], 200, headers


@bp.route(f"/schools/{ID}", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SchoolSchema)
@bp.errors(403, 404)
def get_school(school_id: int):
    """One school: for its members, the coordinators over its region and admins."""
    school = db.session.get(School, school_id)
    if school is None:
        return error_response(404, _("There is no such school."))
    if not can_see_school(caller(), school):
        return error_response(403, _("This school is not one you may see."), "not_yours")
    return school_json(school)


@bp.route("/schools", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(NewSchoolSchema, example=NEW_SCHOOL_EXAMPLE)
@bp.response(201, CreatedSchoolSchema)
@bp.errors(403, 409)
def create_school(body: dict):
    """Add a school (coordinators within their scope, and admins), checked like a row of the CSV import.

    It is created verified. With ``email``, its school admin is invited by e-mail."""
    user = caller()
    added = add_school({name: str(value) for name, value in body.items() if value is not None}, user)
    invitation = None
    if added.invitation is not None:
        commit_early()  # the e-mailed link must find its invitation; the answer says whether the e-mail went
        sent = True
        try:
            send_invitation_mail(added.invitation, added.token, user)
        except MailError:
            current_app.logger.exception("could not e-mail the invitation to %s", added.invitation.email)
            sent = False
        invitation = {"email": added.invitation.email, "sent": sent}
    return {**school_json(added.school), "invitation": invitation}, 201
