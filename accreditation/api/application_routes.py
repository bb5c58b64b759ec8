"""``/api/v1/applications``: start one, read it with the events the caller may fire now, answer its
self-assessment, upload its documents, fire its events, read its history. Every call goes through the domain
operations the pages use (``start_application``, ``fire``, ``save_answers``, ``upload_document``), so
the same permissions, guards and version checks apply."""

from __future__ import annotations

import unicodedata

from flask import url_for
from flask_babel import gettext as _

from accreditation.api.application_schemas import (
    AnswerInputSchema,
    AnswerSchema,
    ApplicationSchema,
    ApplicationSummarySchema,
    DocumentSchema,
    HistoryEntrySchema,
    NewApplicationSchema,
    UploadSchema,
)
from accreditation.api.auth import authenticated, caller
from accreditation.api.contract_schemas import (
    ANSWER_EXAMPLE,
    FIRE_EVENT_EXAMPLE,
    NEW_APPLICATION_EXAMPLE,
    ApplicationListQuerySchema,
    FireEventSchema,
)
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.paging import PAGE_HEADERS, Listing, page
from accreditation.api.preconditions import ETAG, etag, expected, if_match_documented, stale_is_412
from accreditation.api.representations import application_json, application_summary, document_json, history_json
from accreditation.applications import fire, start_application
from accreditation.applications.permissions import application_for, visible_applications
from accreditation.applications.reads import history
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.answers import AnswerInput, save_answers, workspace
from accreditation.assessment.changes import UnaddressedItems, check_sending
from accreditation.assessment.documents import Upload, upload_document
from accreditation.extensions import db
from accreditation.models import Application, School
from accreditation.models.document import OTHER_KIND

TAGS = ["applications"]
ID = "<int(min=1, max=2147483647):application_id>"
LISTING = Listing(
    id=Application.id,
    sortable={
        "id": Application.id,
        "created_at": Application.created_at,
        "updated_at": Application.updated_at,
        "state_entered_at": Application.state_entered_at,
        "state": Application.state,
        "programme": Application.programme_code,
        "school_id": Application.school_id,
    },
    changed_since=lambda moment: Application.updated_at >= moment,
)
LOCATION = {"Location": {"schema": {"type": "string"}}}


def _shown(application_id: int) -> dict:
    """The application as the caller sees it now."""
    user = caller()
    application, roles = application_for(application_id, user, populate_existing=True)
    return application_json(application, user, roles)


@bp.route("/applications", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(ApplicationListQuerySchema, location="query")
@bp.response(200, ApplicationSummarySchema(many=True), headers=PAGE_HEADERS)
def list_applications(query: dict):
    """The applications you may see, a page at a time (``after``: the last id of the page before), in the order of
    ``sort``; ``updated_since`` gives those changed since a moment (``updated_at``), for an incremental sync.

    A school's members see their school's, assessors those assigned to them, coordinators those of their
    countries and regions, admins all. What you may fire on one is in ``GET /applications/{application_id}``."""
    statement = visible_applications(caller())
    if query.get("school_id") is not None:
        statement = statement.where(Application.school_id == query["school_id"])
    if query.get("programme"):
        statement = statement.where(Application.programme_code == query["programme"])
    if query.get("state"):
        statement = statement.where(Application.state == query["state"])
    applications, headers = page(statement, query, LISTING, "api.list_applications")
    return [application_summary(application) for application in applications], 200, headers


@bp.route("/applications", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(NewApplicationSchema, example=NEW_APPLICATION_EXAMPLE)
@bp.response(201, ApplicationSchema, headers={**LOCATION, **ETAG})
@bp.errors(403, 404, 409)
def create_application(body: dict):
    """Join a programme: a new application of the school (its school admins only; the school must be verified
    and have no open cycle of the programme)."""
    school = db.session.get(School, body["school_id"])
    if school is None:
        return error_response(404, _("There is no such school."), "unknown_school")
    application = start_application(school, body["programme"], caller())
    location = url_for("api.get_application", application_id=application.id)
    shown = _shown(application.id)
    return shown, 201, {"Location": location, **etag(shown["version"])}


@bp.route(f"/applications/{ID}", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409)
def get_application(application_id: int):
    """An application, with ``allowed_events``: the events you may fire now. Its ``ETag`` is its version: send it
    back in ``If-Match`` when firing an event."""
    shown = _shown(application_id)
    return shown, 200, etag(shown["version"])


@bp.route(f"/applications/{ID}/answers/<string(maxlength=60):criterion_code>", methods=["PUT"], tags=TAGS)
@authenticated
@bp.arguments(AnswerInputSchema, example=ANSWER_EXAMPLE)
@bp.response(200, AnswerSchema, headers=ETAG)
@bp.errors(403, 404, 409)
@if_match_documented
def put_answer(body: dict, application_id: int, criterion_code: str):
    """Answer one criterion of the self-assessment (the school's members, while it is open).

    With ``revision`` (the revision of the answer you are replacing), an answer someone else changed meanwhile is
    a conflict (409, with the saved answer); with the same revision as ``If-Match`` (the answer's ETag), it is 412
    (with the saved answer); with neither, the answer stored now is replaced. Sending the same values again changes
    nothing. The answer's ``ETag`` is its new revision."""
    user = caller()
    given = expected(body.get("revision"), "revision", required=False)
    revision = given.value
    if revision is None:
        stored = workspace(application_id, user).answers().get(criterion_code)
        revision = stored.revision if stored else 0
    item = AnswerInput(criterion_code, body["level"], body["commentary"], revision)
    result = save_answers(application_id, user, [item])
    if result.conflicts:
        saved = result.conflicts[0].saved
        message = _("Someone else saved this answer meanwhile; nothing was changed. Compare, then send it again.")
        return error_response(
            412 if given.from_header else 409,
            message,
            "precondition_failed" if given.from_header else "answer_conflict",
            saved={
                "criterion_code": saved.criterion_code,
                "level": saved.level,
                "commentary": saved.commentary,
                "revision": saved.revision,
                "saved": True,
            },
        )
    answer = workspace(application_id, user).answers().get(criterion_code)
    revision = answer.revision if answer else 0
    shown = {
        "criterion_code": criterion_code,
        "level": answer.level if answer else None,
        "commentary": answer.commentary if answer else "",
        "revision": revision,
        "saved": criterion_code in result.saved,
    }
    return shown, 200, etag(revision)


@bp.route(f"/applications/{ID}/documents", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(UploadSchema, location="multipart")
@bp.response(201, DocumentSchema)
@bp.errors(403, 404, 409, 413)
def upload(form: dict, application_id: int):
    """Upload a document (a policy, evidence) while the school works on its self-assessment (its members).

    PDF, Word, OpenDocument and images are accepted, recognised from their content."""
    storage = form["file"]
    code = form.get("criterion_code")
    version = upload_document(
        application_id,
        caller(),
        Upload(content=storage.stream, filename=storage.filename or ""),  # streamed into the store
        kind=form.get("kind") or OTHER_KIND,
        title=form.get("title") or readable(storage.filename) or _("Document"),
        criterion_codes=[code] if code else [],
    )
    return document_json(version), 201


def readable(filename: str | None) -> str:
    """A file's name as a default title: without control characters (or halves of characters)."""
    return "".join(ch for ch in filename or "" if unicodedata.category(ch)[0] != "C").strip()


@bp.route(f"/applications/{ID}/events/<string(maxlength=60):event>", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(FireEventSchema, example=FIRE_EVENT_EXAMPLE)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409)
@if_match_documented
def fire_event(body: dict, application_id: int, event: str):
    """Fire an event (e.g. ``submit``) at the version you have seen: ``expected_version`` in the body, or the
    application's ETag in ``If-Match`` (one of them; both must agree).

    403 when you may not fire it, 409 when the application changed meanwhile (412 when the version came in
    If-Match) or the event does not leave its state, 422 with ``reasons`` when its conditions are not met, 404 for
    an unknown application or event.

    Sending the self-assessment again after the assessor returned it, with some of the returned criteria unchanged,
    is refused (422, code ``unaddressed_items``, their codes in ``criteria``) unless ``send_as_is`` is true: the
    same rule as the school's page."""
    given = expected(body.get("expected_version"), "expected_version")
    data = {name: value for name, value in body.items() if name not in ("expected_version", "send_as_is")}
    application, roles = application_for(application_id, caller())
    try:
        check_sending(application, event, roles, bool(body.get("send_as_is")))
    except UnaddressedItems as error:
        message = _(
            "Some of the criteria the assessor returned are unchanged. Change them, or send the self-assessment "
            "again with send_as_is set to true to send it as it is."
        )
        return error_response(422, message, "unaddressed_items", reasons=list(error.reasons), criteria=error.codes)
    with stale_is_412(given):
        fire(application_id, event, caller(), data, given.value)
    shown = _shown(application_id)
    return shown, 200, etag(shown["version"])


@bp.route(f"/applications/{ID}/history", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, HistoryEntrySchema(many=True))
@bp.errors(403, 404, 409)
def get_history(application_id: int):
    """The application's transition records, oldest first: who did what, when, from which state to which."""
    application, _roles_held = application_for(application_id, caller())
    programme = current_workflows().programme(application.programme_code)
    return history_json(history(application, programme))
