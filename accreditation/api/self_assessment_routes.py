"""The school's self-assessment in the API: its answers, its documents (list, download, new version, criteria,
removal), its results, its action plan, its modules (CISS) and its submitted rounds. Every view calls the domain
operation its page calls (``workspace``, ``upload_document``, ``link_criteria``, ``remove_document``, ``scorecard``,
``comparison``, ``action_plan``, ``tick_action``, ``complete_module``, ``snapshot_page``), so the same permissions
and states apply. Reads write nothing (the pages begin a self-assessment when a school member opens it; the API
waits for the first answer)."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.api.application_schemas import DocumentSchema
from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.preconditions import ETAG, etag
from accreditation.api.representations import document_json
from accreditation.api.self_assessment_representations import (
    action_plan_json,
    answer_detail,
    answer_sheet,
    document_detail,
    document_list,
    module_json,
    results_json,
    snapshot_json,
    snapshot_summary,
)
from accreditation.api.self_assessment_schemas import (
    ActionPlanSchema,
    AnswerDetailSchema,
    AnswerSheetSchema,
    ApplicationModuleListSchema,
    ApplicationModuleSchema,
    CriteriaInputSchema,
    DocumentDetailSchema,
    DocumentListSchema,
    DownloadQuerySchema,
    ResultsSchema,
    SubmittedRoundSchema,
    SubmittedRoundSummarySchema,
    TickInputSchema,
    VersionUploadSchema,
)
from accreditation.applications import complete_module
from accreditation.applications.modules import modules_of
from accreditation.applications.permissions import application_for, may_complete_modules
from accreditation.applications.reads import ModuleStatus
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.action_plan import action_plan, tick_action
from accreditation.assessment.answers import Workspace, workspace
from accreditation.assessment.comparison import comparison
from accreditation.assessment.documents import (
    Upload,
    documents_of,
    link_criteria,
    readable_file,
    remove_document,
    upload_document,
)
from accreditation.assessment.downloads import document_file_response
from accreditation.assessment.filetypes import ALLOWED_TYPES
from accreditation.assessment.reads import snapshot_page, snapshots_of
from accreditation.assessment.scoring import Scorecard, scorecard
from accreditation.models import Application, User

TAGS = ["self-assessment"]
ID = "<int(min=1, max=2147483647):application_id>"
DOCUMENT = "<int(min=1, max=2147483647):document_id>"
FILE = "<int(min=1, max=2147483647):file_id>"
CRITERION = "<string(maxlength=60):criterion_code>"
MODULE = "<string(maxlength=40):module_code>"
ROUND = "<int(min=1, max=2147483647):round_number>"
DOWNLOAD_HEADERS = {
    name: {"description": description, "schema": {"type": "string"}}
    for name, description in {
        "Content-Disposition": "attachment (inline for a PDF asked for inline), with the file's name.",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "The file is sandboxed when a browser shows it.",
        "ETag": "The file's SHA-256.",
    }.items()
}
BINARY = {"schema": {"type": "string", "format": "binary"}}


def _scored(application_id: int, user: User) -> tuple[Workspace, Scorecard]:
    """The self-assessment as ``user`` sees it, scored on its own framework version."""
    space = workspace(application_id, user)
    levels = {code: answer.level for code, answer in space.answers().items()}
    return space, scorecard(space.framework, levels, space.programme.awards)


# --- answers ---------------------------------------------------------------------------------------------------------


@bp.route(f"/applications/{ID}/answers", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, AnswerSheetSchema)
@bp.errors(403, 404, 409)
def list_answers(application_id: int):
    """Every criterion of the self-assessment with its answer (level, commentary, revision, when and by whom it
    was saved; revision 0: never answered), and the criteria still without a level.

    Everyone who sees the application reads it; 409 for a programme without a self-assessment."""
    space, card = _scored(application_id, caller())
    return answer_sheet(space, card)


@bp.route(f"/applications/{ID}/answers/{CRITERION}", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, AnswerDetailSchema, headers=ETAG)
@bp.errors(403, 404, 409)
def get_answer(application_id: int, criterion_code: str):
    """One criterion's answer, its revision also as the ETag: send it back (``revision``, or ``If-Match``) with
    ``PUT`` to change it."""
    space = workspace(application_id, caller())
    criterion = space.framework.criterion(criterion_code)
    if criterion is None:
        message = _("There is no criterion %(code)s in this self-assessment's framework.", code=repr(criterion_code))
        return error_response(404, message, "unknown_criterion")
    detail = answer_detail(space.framework, criterion, space.answers().get(criterion_code))
    return detail, 200, etag(detail["revision"])


# --- documents -------------------------------------------------------------------------------------------------------


@bp.route(f"/applications/{ID}/documents", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, DocumentListSchema)
@bp.errors(403, 404, 409)
def list_documents(application_id: int):
    """The documents page: the kinds the programme expects (in its framework's order, whether one is uploaded),
    then every uploaded document with all its versions and the criteria it is evidence for."""
    space = workspace(application_id, caller())
    return document_list(space, documents_of(application_id))


@bp.route(f"/documents/files/{FILE}", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(DownloadQuerySchema, location="query")
@bp.response(200, description="The file as it was uploaded.", content_type="application/pdf", headers=DOWNLOAD_HEADERS)
@bp.doc(responses={"200": {"content": {file_type.media_type: BINARY for file_type in ALLOWED_TYPES}}})
@bp.errors(403, 404)
def download_document_file(query: dict, file_id: int):
    """Download one version of a document (streamed; its media type is the one recognised at upload).

    The school's members, its assigned assessors and the coordinators over its region; others get 403 (an admin
    sees the list but not the files). ``inline=true`` shows a PDF in a browser, sandboxed."""
    document_file, _application = readable_file(file_id, caller())
    return document_file_response(document_file, inline=query["inline"])


@bp.route(f"/applications/{ID}/documents/{DOCUMENT}/versions", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(VersionUploadSchema, location="multipart")
@bp.response(201, DocumentSchema)
@bp.errors(403, 404, 409, 413, 422)
def upload_document_version(form: dict, application_id: int, document_id: int):
    """Replace a document: its next version (the earlier ones are kept). The school's members, while the
    self-assessment is open (409 after it was submitted)."""
    storage = form["file"]
    upload = Upload(content=storage.stream, filename=storage.filename or "")  # streamed into the store
    version = upload_document(application_id, caller(), upload, title=form.get("title") or "", document_id=document_id)
    return document_json(version), 201


@bp.route(f"/applications/{ID}/documents/{DOCUMENT}/criteria", methods=["PUT"], tags=TAGS)
@authenticated
@bp.arguments(CriteriaInputSchema)
@bp.response(200, DocumentDetailSchema)
@bp.errors(403, 404, 409, 422)
def put_document_criteria(body: dict, application_id: int, document_id: int):
    """Set the criteria a document is evidence for (the list replaces the earlier one; empty: none). The school's
    members, while the self-assessment is open; 422 names a criterion the framework does not have."""
    user = caller()
    document = link_criteria(document_id, user, body["criterion_codes"], application_id)
    return document_detail(workspace(application_id, user).framework, document)


@bp.route(f"/applications/{ID}/documents/{DOCUMENT}", methods=["DELETE"], tags=TAGS)
@authenticated
@bp.response(204)
@bp.errors(403, 404, 409)
def delete_document(application_id: int, document_id: int):
    """Remove a document with all its versions (the school's members, while the self-assessment is open).

    A document that was submitted with an earlier round stays (409): that round keeps what it froze; upload a
    new version of it instead."""
    remove_document(application_id, document_id, caller())
    return None


# --- results and action plan -----------------------------------------------------------------------------------------


@bp.route(f"/applications/{ID}/results", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, ResultsSchema)
@bp.errors(403, 404, 409)
def get_results(application_id: int):
    """The results page: the level the self-assessment reaches and why, in figures and in words, what holds it
    back (the criteria below their benchmark, the closest first), and the anonymous comparison per area."""
    user = caller()
    space, card = _scored(application_id, user)
    return results_json(space, card, comparison(application_id, user))


@bp.route(f"/applications/{ID}/action-plan", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, ActionPlanSchema)
@bp.errors(403, 404, 409)
def get_action_plan(application_id: int):
    """The action plan: for every criterion below its benchmark, the actions that lead up to it, and which are
    done."""
    return action_plan_json(action_plan(application_id, caller()))


@bp.route(f"/applications/{ID}/action-plan", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(TickInputSchema)
@bp.response(200, ActionPlanSchema)
@bp.errors(403, 404, 409, 422)
def tick_plan_action(body: dict, application_id: int):
    """Tick an action as done (``done: true``) or not done again (``false``), as the page's checkbox does; the
    same tick again changes nothing. The school's members, while the cycle is open (422 once it is closed)."""
    user = caller()
    tick_action(application_id, user, body["action"], body["done"])
    return action_plan_json(action_plan(application_id, user))


# --- modules ---------------------------------------------------------------------------------------------------------


def _module_statuses(application: Application) -> list[ModuleStatus]:
    programme = current_workflows().programme(application.programme_code)
    done = {row.module_code: row for row in application.modules}
    return [ModuleStatus(module, done.get(module.code)) for module in modules_of(programme)]


@bp.route(f"/applications/{ID}/modules", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, ApplicationModuleListSchema)
@bp.errors(403, 404)
def list_modules(application_id: int):
    """The programme's modules (CISS: five) and which the school has put in place; none for a programme
    without modules."""
    application, roles = application_for(application_id, caller())
    programme = current_workflows().programme(application.programme_code)
    return {
        "application_id": application.id,
        "can_complete": may_complete_modules(roles, programme, application.state),
        "modules": [module_json(status) for status in _module_statuses(application)],
    }


@bp.route(f"/applications/{ID}/modules/{MODULE}", methods=["POST"], tags=TAGS)
@authenticated
@bp.response(200, ApplicationModuleSchema)
@bp.errors(403, 404)
def complete_application_module(application_id: int, module_code: str):
    """Mark a module as put in place (the school's members, while the programme waits for its modules; 403
    otherwise). A module already complete stays as it was."""
    user = caller()
    complete_module(application_id, module_code, user)
    application, _roles = application_for(application_id, user)
    return module_json(next(status for status in _module_statuses(application) if status.module.code == module_code))


# --- submitted rounds ------------------------------------------------------------------------------------------------


@bp.route(f"/applications/{ID}/snapshots", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SubmittedRoundSummarySchema(many=True))
@bp.errors(403, 404, 409)
def list_snapshots(application_id: int):
    """The rounds submitted so far, the first first: each a frozen copy of the self-assessment and its
    documents."""
    workspace(application_id, caller())
    return [snapshot_summary(snapshot) for snapshot in snapshots_of(application_id)]


@bp.route(f"/applications/{ID}/snapshots/{ROUND}", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SubmittedRoundSchema)
@bp.errors(403, 404, 409)
def get_snapshot(application_id: int, round_number: int):
    """What was submitted in a round: every criterion of its framework version with the level and commentary
    sent, and the document versions it froze (later edits do not change it)."""
    return snapshot_json(snapshot_page(application_id, caller(), round_number))
