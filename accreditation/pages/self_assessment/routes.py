"""URL rules and thin views of the school's self-assessment: answers by area (a plain form, plus autosave by
script), snapshots, results with the benchmark picture, the action plan (page and PDF), and the
school's data export. The document pages register on the same blueprint (documents.py, imported at the end)."""

from __future__ import annotations

from flask import abort, flash, g, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import can_administer_school, get_school
from accreditation.applications import http_status
from accreditation.assessment.action_plan import action_plan, tick_action
from accreditation.assessment.answers import save_answers
from accreditation.assessment.changes import ReturnedRound, returned_round
from accreditation.assessment.chart import comparison_svg, series_titles
from accreditation.assessment.comparison import comparison
from accreditation.assessment.documents import documents_of
from accreditation.assessment.expected_evidence import page_evidence
from accreditation.assessment.export import write_archive
from accreditation.assessment.permissions import uses_self_assessment
from accreditation.assessment.reads import self_assessment_page, snapshot_page
from accreditation.audit import record_read
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.pages.self_assessment.blueprint import bp
from accreditation.pages.self_assessment.forms import AreaForm, ConfirmForm, ParseError, TickForm, answer_from
from accreditation.pdf.action_plan import action_plan_pdf
from accreditation.transactions import commit_early
from accreditation.web import refusal_page
from workflows import WorkflowError

__all__ = ["bp"]


@bp.app_template_global()
def has_self_assessment(programme) -> bool:
    """Whether the application page links to a self-assessment (the programme's workflow has one)."""
    return uses_self_assessment(programme)


@bp.app_template_global()
def returned_for_changes(application) -> ReturnedRound | None:
    """The round the assessor returned for changes, for the school's own members (the banner, the marked criteria
    and "Before you submit"); None for everyone else and when nothing is waiting for the school's changes."""
    if not current_user.is_authenticated or current_user.membership_of(application.school_id) is None:
        return None
    cache = g.setdefault("returned_for_changes", {})
    if application.id not in cache:
        cache[application.id] = returned_round(application)
    return cache[application.id]


# --- answers -------------------------------------------------------------------------------------------------------


def _render_form(application_id: int, area: str | None, error=None, conflicts=None, typed=None, status=200):
    page = self_assessment_page(application_id, current_user, area, conflicts, typed)  # begun here, kept by the commit
    evidence = page_evidence(page.space.programme, page.framework, page.area.criteria, documents_of(application_id))
    html = render_template("self_assessment/form.html", page=page, form=AreaForm(), error=error, evidence=evidence)
    return html, status


@bp.route("/applications/<int:application_id>/self-assessment")
@login_required
def answers(application_id: int):
    return _render_form(application_id, request.args.get("area", "")[:60] or None)


def _typed(application_id: int, area_code: str) -> dict[str, dict[str, object]]:
    """What the person typed in the area's form, to show again (nothing when it does not parse)."""
    area = self_assessment_page(application_id, current_user).framework.area(area_code)
    try:
        items = [answer_from(request.form, criterion.code) for criterion in area.criteria] if area else []
    except ParseError:
        return {}
    return {item.criterion_code: {"level": item.level, "commentary": item.commentary} for item in items}


def _area_refused(error: WorkflowError, application_id: int) -> str:
    area_code = request.args.get("area", "")[:60]
    return _render_form(application_id, area_code, error, typed=_typed(application_id, area_code))[0]


@bp.post("/applications/<int:application_id>/self-assessment")
@refusal_page(_area_refused)
@login_required
def save_area(application_id: int):
    area_code = request.args.get("area", "")[:60]
    form = AreaForm()
    page = self_assessment_page(application_id, current_user, area_code or None)
    area = page.framework.area(area_code)
    if area is None:
        abort(404)
    if not form.validate():
        return _render_form(
            application_id, area_code, WorkflowError(_("The form expired; reload the page.")), status=400
        )
    try:
        items = [answer_from(request.form, criterion.code) for criterion in area.criteria]
    except ParseError as error:
        return _render_form(application_id, area_code, WorkflowError(str(error)), status=422)
    typed = {item.criterion_code: {"level": item.level, "commentary": item.commentary} for item in items}
    result = save_answers(application_id, current_user, items)
    if result.conflicts:
        commit_early()  # the answers saved beside the conflicting ones are kept under the 409
        return _render_form(application_id, area_code, conflicts=result.conflicts, typed=typed, status=409)
    if request.form.get("then") == "next":
        following = page.next_area()
        if following is not None:
            area_code = following.code
    if result.saved:
        flash(
            _("Saved: %(count)s answer(s) in “%(area)s”.", count=len(result.saved), area=local(area.title)), "success"
        )
    else:  # autosave got there first, or nothing was changed
        flash(_("Your answers in “%(area)s” were already saved.", area=local(area.title)), "success")
    return redirect(url_for(".answers", application_id=application_id, area=area_code))


def _autosave_refused(error: WorkflowError, **_view_args: object) -> dict[str, object]:
    return {"error": {"code": http_status(error), "message": error.message}}


@bp.post("/applications/<int:application_id>/self-assessment/answers/<criterion_code>")
@refusal_page(_autosave_refused, every_error=True)
@login_required
def autosave(application_id: int, criterion_code: str):
    """One criterion saved by the page's script; JSON in, JSON out (CSRF token in the X-CSRFToken header)."""
    try:
        item = answer_from(request.form, criterion_code[:60], prefix=False)
    except ParseError as error:
        return {"error": {"code": 422, "message": str(error)}}, 422
    result = save_answers(application_id, current_user, [item])
    if result.conflicts:
        saved = result.conflicts[0].saved
        return {
            "status": "conflict",
            "message": _(
                "%(name)s saved this answer while you were editing it. Your text is kept here; compare, then save.",
                name=saved.updated_by.name if saved.updated_by else _("Someone"),
            ),
            "saved": {"level": saved.level, "commentary": saved.commentary, "revision": saved.revision},
        }, 409
    revision = result.saved.get(criterion_code) or result.unchanged.get(criterion_code) or 0
    page = self_assessment_page(application_id, current_user)
    return {
        "status": "saved" if result.saved else "unchanged",
        "revision": revision,
        "answered": page.card.answered,
        "areas": {score.area.code: score.answered for score in page.card.areas},
        # What still blocks the submission, for the page's "Before you submit" box.
        "submission": [
            {
                "possible": option.possible,
                "reasons": [str(reason) for reason in option.reasons],
                "label": local(option.event.label),
                "url": url_for(
                    "applications.show", application_id=application_id, _anchor=f"option-{option.event.name}"
                ),
            }
            for option in page.submission
        ],
    }


@bp.route("/applications/<int:application_id>/snapshots/<int:round_number>")
@login_required
def snapshot(application_id: int, round_number: int):
    page = snapshot_page(application_id, current_user, round_number)
    return render_template("self_assessment/snapshot.html", page=page)


# --- results, comparison and action plan -----------------------------------------------------------------------------


@bp.route("/applications/<int:application_id>/results")
@login_required
def results(application_id: int):
    page = self_assessment_page(application_id, current_user)
    picture = comparison(application_id, current_user)
    return render_template(
        "self_assessment/results.html",
        page=page,
        card=page.card,
        picture=picture,
        chart=comparison_svg(picture),
        series=series_titles(),
    )


@bp.route("/applications/<int:application_id>/action-plan")
@login_required
def plan(application_id: int):
    return render_template(
        "self_assessment/action_plan.html", plan=action_plan(application_id, current_user), form=TickForm()
    )


@bp.post("/applications/<int:application_id>/action-plan")
@login_required
def tick(application_id: int):
    form = TickForm()
    if not form.validate():
        abort(400)
    try:
        with db.session.begin_nested():  # a refusal, answered by a redirect, undoes what it wrote
            tick_action(application_id, current_user, form.action.data, bool(form.done.data))
    except WorkflowError as error:
        if http_status(error) in (403, 404):
            raise
        flash(error.message, "error")
        return redirect(url_for(".plan", application_id=application_id)), 303
    return redirect(url_for(".plan", application_id=application_id, _anchor=f"action-{form.action.data}"))


@bp.route("/applications/<int:application_id>/action-plan.pdf")
@login_required
def plan_pdf(application_id: int):
    plan_data = action_plan(application_id, current_user)
    record_read("action_plan_pdf", application=application_id)
    response = make_response(action_plan_pdf(plan_data))
    response.headers["Content-Type"] = "application/pdf"
    name = f"action-plan-{application_id}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- the school's data -----------------------------------------------------------------------------------------------


@bp.route("/schools/<int:school_id>/export")
@login_required
def export_page(school_id: int):
    # The page shows the school's id and name: its admin's membership carries them, read with the person, so the
    # page sends no statement of its own (issue 27). Anyone else gets get_school's answer (404, 403).
    summary = getattr(current_user.membership_of(school_id), "school_summary", None)  # None: not a member
    if summary is not None and can_administer_school(current_user, summary):
        school = summary
    else:
        school = get_school(school_id, current_user, manage=True)
    return render_template("self_assessment/export.html", school=school, form=ConfirmForm())


@bp.post("/schools/<int:school_id>/export")
@login_required
def export(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    if not ConfirmForm().validate():
        abort(400)
    archive = write_archive(school)
    record_read("school_export", school=school.id)
    return send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"school-{school.id}-data.zip",
        max_age=0,
    )


# The document pages attach their views to the same blueprint.
from accreditation.pages.self_assessment import documents  # noqa: E402, F401
