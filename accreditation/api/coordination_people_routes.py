"""The programme's people in the API: coordinators, assessors and admins listed, read, created, given and relieved
of roles, deactivated and reactivated, through the operations of the people page (``accounts.staff``), with its scope
rules and messages. Registered on the API blueprint (imported at the end of ``coordination_routes``)."""

from __future__ import annotations

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
from accreditation.accounts.welcome import send_welcome
from accreditation.api.auth import authenticated, caller
from accreditation.api.coordination_access import coordinator
from accreditation.api.coordination_representations import person_json, person_summary
from accreditation.api.coordination_schemas import (
    CreatedPersonSchema,
    NewPersonSchema,
    PeopleQuerySchema,
    PersonSchema,
    PersonSummarySchema,
    RoleInputSchema,
)
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.paging import PAGE_HEADERS, Listing, page
from accreditation.mail import MailError
from accreditation.models import User
from accreditation.transactions import commit_early

USER_ID = "<int(min=1, max=2147483647):user_id>"
PEOPLE = Listing(id=User.id, sortable={"id": User.id, "name": User.name, "created_at": User.created_at})


def _person(user_id: int) -> User:
    """A programme person the caller sees on the people page (their scope); None for anyone else."""
    return staff_person(coordinator(), user_id)


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
    statement = staff_query(coordinator(), query.get("role"), query.get("q", ""))
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
    user = coordinator()
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
