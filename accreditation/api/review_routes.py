"""The assessor's side of the API: the queue, the round under review and its judgments, the decisions, the site
visit's calendar file, conflicts of interest, and the decided rounds (the school's feedback). Every call goes through
the operations the review pages use (``review_page``, ``save_judgment``, ``review.decisions.*``, ``record_conflict``,
``withdraw_conflict``, ``feedback_page``), so the same permissions, rules and messages apply."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, make_response, url_for
from flask_babel import gettext as _

from accreditation.api.application_schemas import ApplicationSchema
from accreditation.api.assessor_quality_writes import held_documented, held_response
from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.preconditions import ETAG, etag, expected, if_match_documented, stale_is_412
from accreditation.api.representations import application_json
from accreditation.api.review_representations import (
    conflict_json,
    queue_row_json,
    review_json,
    round_json,
)
from accreditation.api.review_schemas import (
    AssessorConflictSchema,
    AwardInputSchema,
    DecisionInputSchema,
    DeclareConflictSchema,
    JudgmentInputSchema,
    QueueQuerySchema,
    QueueRowSchema,
    RecordConflictSchema,
    ReviewSchema,
    RoundDetailSchema,
    RoundSchema,
    VisitInputSchema,
    WithdrawConflictSchema,
)
from accreditation.applications.errors import NotPermitted
from accreditation.applications.permissions import application_for
from accreditation.extensions import db
from accreditation.i18n import local, zone_name_of
from accreditation.models import ModerationSample, User
from accreditation.models.time import utcnow
from accreditation.review import decisions
from accreditation.review.conflicts import (
    conflict_of_application,
    conflicts_of,
    record_conflict,
    school_for_declaration,
    school_for_recording,
    withdraw_conflict,
)
from accreditation.review.errors import JudgmentConflict
from accreditation.review.judgments import JudgmentInput, save_judgment
from accreditation.review.queue import QueueFilters, queue_for
from accreditation.review.reads import feedback_page, review_page, visit_of
from accreditation.review.visits import VisitInput, calendar_file, calendar_method, visit_standing
from workflows.roles import ASSESSOR

TAGS = ["review"]
ID = "<int(min=1, max=2147483647):application_id>"
CODE = "<string(maxlength=60):criterion_code>"
ROUND = "<int(min=1, max=2147483647):round_number>"
CONFLICT = "<int(min=1, max=2147483647):conflict_id>"


def _shown(application_id: int) -> dict:
    """The application as the caller sees it now (as ``POST /applications/{id}/events/{event}`` answers)."""
    user = caller()
    application, roles = application_for(application_id, user, populate_existing=True)
    return application_json(application, user, roles)


def assessors_only(view: Callable) -> Callable:
    """Only assessors (as the assessor's pages): 403 for anyone else."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if ASSESSOR not in caller().role_names:
            raise NotPermitted(_("Only assessors have a queue and declare their conflicts of interest."))
        return view(*args, **kwargs)

    return wrapper


# --- the queue -----------------------------------------------------------------------------------------------------


@bp.route("/assessor/queue", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(QueueQuerySchema, location="query")
@bp.response(200, QueueRowSchema(many=True))
@bp.errors(403)
@assessors_only
def list_queue(query: dict):
    """The open applications assigned to you (as lead or moderator), most urgent first, with their due dates: the
    visit date while a visit is scheduled, else the first reminder aimed at the assessor (assessors only)."""
    filters = QueueFilters(query.get("programme"), (query.get("country") or "").upper() or None, query.get("state"))
    return [queue_row_json(row) for row in queue_for(caller(), filters, utcnow().date())]


# --- the review ----------------------------------------------------------------------------------------------------


def _review(application_id: int) -> dict:
    page = review_page(application_id, caller(), open_round=False)
    return review_json(page, visit_standing(page.application, page.programme))


@bp.route(f"/applications/{ID}/review", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, ReviewSchema)
@bp.errors(403, 404, 409)
def get_review(application_id: int):
    """The latest submitted round as its assessors and coordinators see it: per criterion the school's claimed
    level and commentary, the judgment, the documents; what is left to judge; the recommended level once all are
    judged; the site visit.

    A read only: it does not open the round (the page does, for the lead assessor); the lead's first judgment
    opens it, carrying earlier judgments over in a partial round. 409 when nothing has been submitted yet."""
    return _review(application_id)


def _judgment_conflict(error: JudgmentConflict):
    saved = error.saved
    return error_response(
        409,
        error.message,
        "judgment_conflict",
        saved={
            "verdict": saved.verdict,
            "level": saved.level,
            "gap": saved.gap,
            "comment": saved.comment,
            "carried_from_round": saved.carried_from_round,
            "updated_at": saved.at.isoformat(),
            "updated_by": saved.by,
        },
    )


@bp.route(f"/applications/{ID}/review/judgments/{CODE}", methods=["PUT"], tags=TAGS)
@authenticated
@bp.arguments(JudgmentInputSchema)
@bp.response(200, ReviewSchema)
@bp.errors(403, 404, 409, 422)
def put_judgment(body: dict, application_id: int, criterion_code: str):
    """Judge one criterion of the open round (the lead assessor, while the application is under review): agree,
    a different level, or insufficient evidence; a comment unless you agree, and the gap of a shortfall. Answers
    the review as it now stands.

    With ``revision`` (the judgment's revision you are replacing), a judgment saved differently meanwhile is a
    conflict (409, with the saved judgment); without it, the stored one is replaced. 422 says what to change."""
    given = JudgmentInput(
        criterion_code=criterion_code,
        verdict=body["verdict"],
        level=body.get("level"),
        comment=body.get("comment") or "",
        gap=body.get("gap") or None,
        based_on=body.get("revision"),  # None: not checked, the stored judgment is replaced
    )
    try:
        save_judgment(application_id, caller(), given)
    except JudgmentConflict as error:
        return _judgment_conflict(error)
    return _review(application_id)


# --- decisions (each answers the application as POST /applications/{id}/events/{event} does) ------------------------


def _decide(body: dict, application_id: int, decide) -> tuple[dict, int, dict]:
    """Run ``decide(version)`` at the version the caller expects (``expected_version`` or ``If-Match``: 412 when
    that one is stale), and answer the application with its new ETag (the request's end commits)."""
    given = expected(body.get("expected_version"), "expected_version")
    with stale_is_412(given):
        made = decide(given.value)
    if isinstance(made, ModerationSample):  # held for a second reading: nothing moved, the school is not told
        return held_response(made)
    shown = _shown(application_id)
    return shown, 200, etag(shown["version"])


@bp.route(f"/applications/{ID}/decisions/changes", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(DecisionInputSchema)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409, 422)
@if_match_documented
@held_documented
def decide_changes(body: dict, application_id: int):
    """Ask the school for changes (the lead assessor): the itemised list of the judgments without agreement.

    422 with ``reasons`` listing the criteria still to judge; 409 when the version is stale or the decision is not
    open in the application's state."""
    return _decide(
        body,
        application_id,
        lambda version: decisions.request_changes(application_id, caller(), version, body["comment"]),
    )


@bp.route(f"/applications/{ID}/decisions/visit", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(VisitInputSchema)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409, 422)
@if_match_documented
def decide_visit(body: dict, application_id: int):
    """Schedule the site visit, or move it when one is scheduled (the lead assessor or a coordinator): the day and
    time in ``timezone`` (default: yours), how long, where. Its calendar file is ``GET .../visit.ics``."""
    user = caller()
    given = VisitInput(
        day=body["date"],
        at=body["time"],
        minutes=body["minutes"],
        place=body["place"],
        timezone=body.get("timezone") or zone_name_of(user),
    )
    return _decide(
        body,
        application_id,
        lambda version: decisions.schedule_visit(application_id, user, given, body["comment"], version),
    )


@bp.route(f"/applications/{ID}/decisions/award", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(AwardInputSchema)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409, 422)
@if_match_documented
@held_documented
def decide_award(body: dict, application_id: int):
    """Award a level (the lead assessor); the top level is proposed to the moderator instead. A level other than
    the recommended one needs a ``justification``."""
    level, justification = body["level"], body["justification"]
    return _decide(
        body, application_id, lambda version: decisions.approve(application_id, caller(), level, justification, version)
    )


@bp.route(f"/applications/{ID}/decisions/confirm", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(DecisionInputSchema)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409, 422)
@if_match_documented
def decide_confirm(body: dict, application_id: int):
    """Confirm the level proposed for moderation (the moderator: a second assessor)."""
    return _decide(
        body,
        application_id,
        lambda version: decisions.confirm_award(application_id, caller(), version, body["comment"]),
    )


@bp.route(f"/applications/{ID}/decisions/send_back", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(DecisionInputSchema)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409, 422)
@if_match_documented
def decide_send_back(body: dict, application_id: int):
    """Send the proposal back to the lead assessor, with a comment (the moderator)."""
    return _decide(
        body, application_id, lambda version: decisions.send_back(application_id, caller(), body["comment"], version)
    )


@bp.route(f"/applications/{ID}/decisions/reject", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(DecisionInputSchema)
@bp.response(200, ApplicationSchema, headers=ETAG)
@bp.errors(403, 404, 409, 422)
@if_match_documented
@held_documented
def decide_reject(body: dict, application_id: int):
    """Decide not to award any level (the lead assessor), with the reasons in ``comment``."""
    return _decide(
        body, application_id, lambda version: decisions.reject(application_id, caller(), body["comment"], version)
    )


# --- the site visit's calendar file --------------------------------------------------------------------------------


@bp.route(f"/applications/{ID}/visit.ics", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, content_type="text/calendar", description="The visit (or its cancellation) as iCalendar.")
@bp.errors(403, 404)
def get_visit_calendar(application_id: int):
    """The site visit as an iCalendar file, the same as the pages': the school, its assessors, the coordinators of
    its region and admins. A cancelled visit is its cancellation (METHOD:CANCEL); 404 when none was scheduled."""
    application, programme, standing = visit_of(application_id, caller())
    if standing is None:
        return error_response(404, _("No site visit has been scheduled."), "no_visit")
    url = current_app.config["BASE_URL"].rstrip("/") + url_for("applications.show", application_id=application_id)
    body = calendar_file(standing.visit, application.school.name, local(programme.name), url, standing.cancelled_at)
    response = make_response(body)
    response.headers["Content-Type"] = f"text/calendar; charset=utf-8; method={calendar_method(standing.cancelled_at)}"
    response.headers["Content-Disposition"] = f'attachment; filename="site-visit-{application_id}.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- conflicts of interest -----------------------------------------------------------------------------------------


@bp.route("/assessor/conflicts", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, AssessorConflictSchema(many=True))
@bp.errors(403)
@assessors_only
def list_own_conflicts():
    """Your conflicts of interest, newest first, withdrawn ones included (assessors only)."""
    return [conflict_json(conflict) for conflict in conflicts_of(caller().id)]


@bp.route("/assessor/conflicts", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(DeclareConflictSchema)
@bp.response(201, AssessorConflictSchema)
@bp.errors(403, 422)
@assessors_only
def declare_own_conflict(body: dict):
    """Declare a conflict of interest with a school of a country you assess in, named by its national identifier:
    you will not be assigned its applications (assessors only; only a coordinator withdraws it)."""
    user = caller()
    school = school_for_declaration(user, body["country"], body["national_id"])
    conflict = record_conflict(user, school, body["kind"], body["note"], user)
    return conflict_json(conflict), 201


@bp.route(f"/applications/{ID}/conflicts", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(RecordConflictSchema)
@bp.response(201, AssessorConflictSchema)
@bp.errors(403, 404, 422)
def record_application_conflict(body: dict, application_id: int):
    """Record an assessor's conflict of interest with the application's school (a coordinator of its region or an
    admin): the assessor is no longer proposed for its applications."""
    user = caller()
    school = school_for_recording(application_id, user)
    assessor = db.session.get(User, body["assessor_id"])
    if assessor is None:
        message = _("Please choose an assessor.")
        return error_response(422, message, "invalid", fields={"assessor_id": [message]})
    conflict = record_conflict(assessor, school, body["kind"], body["note"], user)
    return conflict_json(conflict), 201


@bp.route(f"/applications/{ID}/conflicts/{CONFLICT}/withdraw", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(WithdrawConflictSchema)
@bp.response(200, AssessorConflictSchema)
@bp.errors(403, 404, 409, 422)
def withdraw_application_conflict(body: dict, application_id: int, conflict_id: int):
    """Withdraw a conflict recorded in error, with the reason (a coordinator of the school's region or an admin);
    it is kept as history. 409 when it was already withdrawn."""
    conflict = conflict_of_application(application_id, conflict_id)
    withdraw_conflict(conflict, body["note"], caller())
    return conflict_json(conflict)


# --- the decided rounds (the school's feedback) --------------------------------------------------------------------


@bp.route(f"/applications/{ID}/rounds", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, RoundSchema(many=True))
@bp.errors(403, 404)
def list_rounds(application_id: int):
    """Every decided round of review, first round first: its decision, level, date, comment and the changes asked.
    Never the draft. Readable by whoever reads the school's feedback page (the school too)."""
    page = feedback_page(application_id, caller())
    return [round_json(page.programme, decided) for decided in reversed(page.rounds)]


@bp.route(f"/applications/{ID}/rounds/{ROUND}", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, RoundDetailSchema)
@bp.errors(403, 404)
def get_round(application_id: int, round_number: int):
    """One decided round, with every criterion's claimed level and judgment (404 for a round not decided)."""
    page = feedback_page(application_id, caller())
    found = next((decided for decided in page.rounds if decided.review.round == round_number), None)
    if found is None:
        return error_response(404, _("This round of review has not been decided."), "no_round")
    return round_json(page.programme, found, detail=True)
