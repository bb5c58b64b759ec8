"""URL rules and thin views of the assessor's journey: the queue, conflicts of interest, the review beside the
evidence, the decisions, the school's feedback and the site visit's calendar file."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import roles_required
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.i18n import local, zone_name_of
from accreditation.models import Application, ModerationSample, User
from accreditation.models.review import ConflictKind
from accreditation.models.time import utcnow
from accreditation.models.user import Role
from accreditation.pages.applications.routes import application_refused
from accreditation.pages.review.forms import (
    DecisionForm,
    DeclareConflictForm,
    JudgmentForm,
    RecordConflictForm,
    WithdrawConflictForm,
)
from accreditation.review import decisions
from accreditation.review.advice import advise
from accreditation.review.conflicts import (
    conflict_of_application,
    conflicts_of,
    record_conflict,
    school_for_declaration,
    school_for_recording,
    withdraw_conflict,
)
from accreditation.review.decision_page import decision_page
from accreditation.review.judgments import JudgmentInput, save_judgment
from accreditation.review.page_model import ReviewView, review_view
from accreditation.review.permissions import judging_states, moderation_states
from accreditation.review.queue import QueueFilters, queue_for, states_of
from accreditation.review.reads import assignment_panel, feedback_page, visit_of
from accreditation.review.rounds import open_on_first_visit, open_review, review_context
from accreditation.review.visits import VisitInput, calendar_file, calendar_method, visit_standing
from accreditation.web import refusal_page
from workflows import Programme, WorkflowError
from workflows.roles import ASSESSOR

bp = Blueprint("review", __name__)

DECISION_NAMES = ("changes", "visit", "award", "reject", "confirm", "send_back")


# --- template helpers for the application page ---------------------------------------------------------------------


@bp.app_template_global()
def review_assignment_panel(application: Application):
    """The coordinator's panel on the application page: proposals with their reasons, history, conflicts."""
    return assignment_panel(application)


@bp.app_template_global()
def decided_on_review_pages(programme: Programme, state: str) -> frozenset[str]:
    """The events of ``state`` that the review's decision page makes (with the review's data), not the generic
    event form: the application page links there instead."""
    names = set()
    if state in judging_states(programme) or state in moderation_states(programme):
        for decision in DECISION_NAMES + ("propose",):
            event = decisions.decision_event(programme, state, decision)
            if event is not None:
                names.add(event.name)
    return frozenset(names)


@bp.app_template_global()
def site_visit_of(application: Application):
    return visit_standing(application)


# --- the queue -----------------------------------------------------------------------------------------------------


@bp.route("/assessor/queue")
@roles_required(ASSESSOR)
def queue():
    workflows = current_workflows()
    programme = request.args.get("programme", "").strip()[:40] or None
    country = request.args.get("country", "").strip().upper()[:2] or None
    state = request.args.get("state", "").strip()[:40] or None
    filters = QueueFilters(programme if programme in workflows.programmes else None, country, state)
    rows = queue_for(current_user, filters, utcnow().date())
    programmes = sorted(workflows.programmes.values(), key=lambda p: p.name)
    countries, _regions = current_user.scope(Role.ASSESSOR)
    shown = [workflows.programmes[filters.programme]] if filters.programme else programmes
    return render_template(
        "review/queue.html",
        rows=rows,
        filters=filters,
        programmes=programmes,
        countries=sorted(countries),
        states=states_of(shown),
    )


# --- conflicts of interest -----------------------------------------------------------------------------------------


def _conflicts_page(form: DeclareConflictForm | None = None, error: WorkflowError | None = None, status: int = 200):
    countries, _regions = current_user.scope(Role.ASSESSOR)
    html = render_template(
        "review/conflicts.html",
        conflicts=conflicts_of(current_user.id),
        form=form or DeclareConflictForm(),
        countries=sorted(countries),
        kinds=list(ConflictKind),
        error=error,
    )
    return html, status


@bp.route("/assessor/conflicts")
@roles_required(ASSESSOR)
def conflicts():
    return _conflicts_page()


def _declaration_refused(error: WorkflowError, **_view_args: object) -> str:
    return _conflicts_page(DeclareConflictForm(), error)[0]


@bp.post("/assessor/conflicts")
@refusal_page(_declaration_refused)
@roles_required(ASSESSOR)
def declare_conflict():
    form = DeclareConflictForm()
    if not form.validate():
        return _conflicts_page(form, WorkflowError(_("Please give the country and the school's identifier.")), 422)
    school = school_for_declaration(current_user, form.country.data, form.national_id.data)
    record_conflict(current_user, school, form.kind.data, form.note.data or "", current_user)
    flash(_("Recorded: you will not be assigned applications of %(school)s.", school=school.name), "success")
    return redirect(url_for(".conflicts"))


@bp.post("/applications/<int:application_id>/conflicts")
@login_required
def record_conflict_view(application_id: int):
    school = school_for_recording(application_id, current_user)
    form = RecordConflictForm()
    target = url_for("applications.show", application_id=application_id, _anchor="assessors")
    if not form.validate():
        flash(_("Please choose an assessor and the kind of conflict."), "error")
        return redirect(target, 303)
    assessor = db.session.get(User, form.assessor_id.data)
    if assessor is None:
        flash(_("Please choose an assessor."), "error")
        return redirect(target, 303)
    try:
        with db.session.begin_nested():  # a refusal, answered by a redirect, undoes what it wrote
            record_conflict(assessor, school, form.kind.data, form.note.data or "", current_user)
    except WorkflowError as error:
        flash(error.message, "error")
        return redirect(target, 303)
    flash(_("Recorded: %(name)s will not be assigned applications of this school.", name=assessor.name), "success")
    return redirect(target)


@bp.post("/applications/<int:application_id>/conflicts/<int:conflict_id>/withdraw")
@refusal_page(application_refused)  # the application page again, saying why
@login_required
def withdraw_conflict_view(application_id: int, conflict_id: int):
    conflict = conflict_of_application(application_id, conflict_id)
    form = WithdrawConflictForm()
    form.validate()  # its CSRF token was checked before the view; the rules below check the reason
    withdraw_conflict(conflict, form.note.data or "", current_user)
    flash(
        _("Withdrawn: %(name)s may be assigned applications of this school again.", name=conflict.assessor.name),
        "success",
    )
    return redirect(url_for("applications.show", application_id=application_id, _anchor="assessors"))


# --- the review ----------------------------------------------------------------------------------------------------


def _selection(**selection) -> tuple[str | None, int | None]:
    """The criterion and document asked for (by the caller, else by the address)."""
    criterion = selection.get("criterion") or request.args.get("criterion", "")[:60] or None
    return criterion, selection.get("document") or request.args.get("document", type=int)


def _review_page(
    application_id: int,
    form: JudgmentForm | None = None,
    error=None,
    status: int = 200,
    page: ReviewView | None = None,
    **selection,
):
    criterion, document = _selection(**selection)
    if page is None:  # the cached read model, stamped
        page = review_view(application_id, current_user, criterion, document)
    if page.needs_round:  # the lead assessor opens the round's review by coming to it (the request's end commits)
        application, _roles, programme = review_context(application_id, current_user)
        open_review(application, programme, current_user)
        page = review_view(application_id, current_user, criterion, document)
    # The form's fields are plain HTML in the template; ``form`` is given only to show what was refused.
    html = render_template("review/review.html", page=page, form=form, error=error)
    return html, status


@bp.route("/applications/<int:application_id>/review")
@login_required
def review(application_id: int):
    page = review_view(application_id, current_user, *_selection())  # one stamp query when nothing changes
    if page.opens_on_visit:
        open_on_first_visit(application_id, current_user)  # no separate "start the review" click
        return _review_page(application_id)  # read again: the state changed
    return _review_page(application_id, page=page)


def _judgment_refused(error: WorkflowError, application_id: int, criterion_code: str) -> str:
    return _review_page(application_id, JudgmentForm(), error, criterion=criterion_code[:60])[0]


@bp.post("/applications/<int:application_id>/review/judgments/<criterion_code>")
@refusal_page(_judgment_refused)
@login_required
def judge(application_id: int, criterion_code: str):
    form = JudgmentForm()
    criterion_code = criterion_code[:60]
    if not form.validate():
        review_view(application_id, current_user, criterion_code)  # 403/404 before the form's problem
        error = WorkflowError(_("Please choose your judgment (and a whole number for a level)."))
        return _review_page(application_id, form, error, 422, criterion=criterion_code)
    given = JudgmentInput(
        criterion_code=criterion_code,
        verdict=form.verdict.data,
        level=form.level.data,
        comment=form.comment.data or "",
        gap=form.gap.data or None,
        based_on=form.based_on.data,
    )
    save_judgment(application_id, current_user, given)
    page = review_view(application_id, current_user, criterion_code)
    following = page.next_row()
    flash(_("Saved your judgment of “%(criterion)s”.", criterion=local(page.selected.criterion.title)), "success")
    target = following.criterion.code if following is not None else criterion_code
    return redirect(url_for(".review", application_id=application_id, criterion=target))


# --- decisions -----------------------------------------------------------------------------------------------------


def _decision_page(
    application_id: int, form: DecisionForm | None = None, error=None, failed: str | None = None, status: int = 200
):
    page = decision_page(application_id, current_user)
    html = render_template(
        "review/decision.html",
        page=page,
        form=form or DecisionForm(formdata=None, expected_version=page.application.version),
        failed=failed,
        error=error,
        version=page.application.version,
        advice=advise(page),
    )
    return html, status


@bp.route("/applications/<int:application_id>/review/decision")
@login_required
def decision(application_id: int):
    return _decision_page(application_id)


def _decide(name: str, application_id: int, form: DecisionForm):
    version = form.expected_version.data
    comment = form.comment.data or ""
    if name == "changes":
        return decisions.request_changes(application_id, current_user, version, comment)
    if name == "visit":
        given = VisitInput(
            day=form.day.data,
            at=form.at.data,
            minutes=form.minutes.data,
            place=form.place.data or "",
            timezone=zone_name_of(current_user),
        )
        record, _visit = decisions.schedule_visit(application_id, current_user, given, comment, version)
        return record
    if name == "award":
        return decisions.approve(application_id, current_user, form.level.data or "", comment, version)
    if name == "reject":
        return decisions.reject(application_id, current_user, comment, version, confirmed=form.understood.data)
    if name == "confirm":
        return decisions.confirm_award(application_id, current_user, version, comment)
    return decisions.send_back(application_id, current_user, comment, version)


def _decision_refused(error: WorkflowError, application_id: int, name: str) -> str:
    return _decision_page(application_id, DecisionForm(), error, name)[0]


@bp.post("/applications/<int:application_id>/review/decision/<name>")
@refusal_page(_decision_refused)
@login_required
def decide(application_id: int, name: str):
    if name not in DECISION_NAMES:
        abort(404)
    form = DecisionForm()
    if not form.validate():
        decision_page(application_id, current_user)
        error = WorkflowError(
            _("The form was incomplete; check the dates and numbers and try again."),
            [f"{field}: {' '.join(messages)}" for field, messages in form.errors.items()],
        )
        return _decision_page(application_id, form, error, name, 422)
    record = _decide(name, application_id, form)
    if isinstance(record, ModerationSample):  # drawn for moderation: nothing moved yet
        flash(_("Your decision is held until a second assessor reads it; the school is told once it is."), "info")
        return redirect(url_for("applications.show", application_id=application_id))
    programme = current_workflows().programme(db.session.get(Application, application_id).programme_code)
    flash(
        _(
            "Done: %(event)s. The application is now: %(state)s.",
            event=programme.event(record.event).label,
            state=programme.state(record.to_state).label,
        ),
        "success",
    )
    return redirect(url_for("applications.show", application_id=application_id))


# --- the school's feedback and the visit's calendar file -----------------------------------------------------------


@bp.route("/applications/<int:application_id>/feedback")
@login_required
def feedback(application_id: int):
    page = feedback_page(application_id, current_user)
    return render_template("review/feedback.html", page=page)


@bp.route("/applications/<int:application_id>/visit.ics")
@login_required
def visit_calendar(application_id: int):
    application, programme, standing = visit_of(application_id, current_user)
    if standing is None:
        abort(404)
    url = current_app.config["BASE_URL"].rstrip("/") + url_for("applications.show", application_id=application_id)
    body = calendar_file(standing.visit, application.school.name, local(programme.name), url, standing.cancelled_at)
    response = make_response(body)
    method = calendar_method(standing.cancelled_at)
    response.headers["Content-Type"] = f"text/calendar; charset=utf-8; method={method}"
    response.headers["Content-Disposition"] = f'attachment; filename="site-visit-{application_id}.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
