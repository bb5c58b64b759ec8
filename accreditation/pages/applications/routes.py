"""URL rules and thin views of the application pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import get_school
from accreditation.applications import (
    ApplicationError,
    complete_module,
    current_workflows,
    fire,
    start_application,
)
from accreditation.applications.reads import (
    ApplicationPage,
    SchoolApplications,
    actor_role_title,
    application_page,
    applications_for,
    school_applications,
    who_fires,
)
from accreditation.assessment.changes import check_sending
from accreditation.assessment.journey import STEPS, is_school_view, opening_event, programme_overview, school_journey
from accreditation.assessment.permissions import editable_states
from accreditation.assessment.school_history import school_history
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import School
from accreditation.pages.applications.diagram import programme_svg
from accreditation.pages.applications.forms import AssignAssessorForm, ConfirmForm, FireEventForm
from accreditation.review.assignment import assign_assessor
from accreditation.review.rounds import opening_event as review_opening_event
from accreditation.web import refusal_page
from workflows import WorkflowError
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR

bp = Blueprint("applications", __name__)


@bp.app_template_global()
def school_applications_section(school: School) -> SchoolApplications:
    """The school dashboard's section: its applications and the programmes its admin may join."""
    return school_applications(school, current_user)


def _page(application_id: int) -> ApplicationPage:
    """The page's data; ApplicationNotFound (404) or NotYours (403) when the person may not see it."""
    return application_page(application_id, current_user)


def _render(page: ApplicationPage, error: WorkflowError | None = None, failed: tuple[str, FireEventForm] | None = None):
    forms = {
        option.event.name: FireEventForm(formdata=None, expected_version=page.application.version)
        for option in page.options
    }
    if failed is not None and failed[0] in forms:
        failed[1].expected_version.data = page.application.version  # the page now shows this version
        forms[failed[0]] = failed[1]
    school_view = is_school_view(page.roles)
    # an assessor opens the review by going to it (its first visit opens it), not by a button here
    opens_review = review_opening_event(page.programme, page.state.name) if ASSESSOR in page.roles else None
    return render_template(
        "applications/show.html",
        page=page,
        journey=school_journey(page) if school_view else None,
        plain_history=school_history(page.history, page.programme) if school_view else None,
        review_opening=opens_review.name if opens_review else None,
        forms=forms,
        error=error,
        confirm_form=ConfirmForm(),
        assign_form=AssignAssessorForm(),
        diagram=programme_svg(page.programme.definition, current=page.state.name),
        who_fires=who_fires,
        actor_role_title=actor_role_title,
    )


def application_refused(
    error: WorkflowError, application_id: int, event: str | None = None, **_view_args: object
) -> str:
    """The application page again, with what went wrong (``web.domain_error_page`` gives the status and has rolled
    back); after a refused event, its form keeps what the person entered, with what was wrong with it."""
    failed = None
    if event is not None:
        form = FireEventForm()
        form.validate()
        failed = (event, form)
    return _render(_page(application_id), error, failed)


@bp.route("/applications")
@login_required
def index():
    programme = request.args.get("programme", "").strip()[:40] or None
    state = request.args.get("state", "").strip()[:40] or None
    rows = applications_for(current_user, programme, state)
    return render_template(
        "applications/index.html",
        rows=rows,
        programmes=current_workflows().programmes,
        programme=programme,
        state=state,
    )


@bp.route("/applications/<int:application_id>")
@login_required
def show(application_id: int):
    return _render(_page(application_id))


@bp.post("/applications/<int:application_id>/events/<event>")
@refusal_page(application_refused)
@login_required
def fire_event(application_id: int, event: str):
    form = FireEventForm()
    if not form.validate():
        _page(application_id)  # 404 before saying anything about the form
        raise WorkflowError(
            _("The form was incomplete; reload the page and try again."),
            [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()],
        )
    _check_resubmission(application_id, event, bool(form.send_as_is.data))
    record = fire(
        application_id,
        event,
        current_user,
        form.event_data(),
        form.expected_version.data,
        confirmed=form.understood.data,  # an event that ends the application needs the box ticked
    )
    page = _page(application_id)
    if record.to_state in editable_states(page.programme) and is_school_view(page.roles):
        # starting (or re-opening) the self-assessment leads to its first question, not back to this page
        return redirect(url_for("self_assessment.answers", application_id=application_id))
    flash(
        _(
            "Done: %(event)s. The application is now: %(state)s.",
            event=local(page.programme.event(record.event).label),
            state=local(page.state.label),
        ),
        "success",
    )
    return redirect(url_for(".show", application_id=application_id))


def _check_resubmission(application_id: int, event: str, confirmed: bool) -> None:
    """A self-assessment sent back with points the assessor raised left unchanged needs the school's tick."""
    page = _page(application_id)
    check_sending(page.application, event, page.roles, confirmed)


@bp.post("/applications/<int:application_id>/modules/<module_code>")
@refusal_page(application_refused)
@login_required
def complete_module_view(application_id: int, module_code: str):
    ConfirmForm()  # CSRF is checked by CSRFProtect before the view runs
    module = complete_module(application_id, module_code, current_user)
    flash(_("Module marked as complete: %(module)s.", module=module.module_code), "success")
    return redirect(url_for(".show", application_id=application_id, _anchor="modules"))


@bp.post("/applications/<int:application_id>/assessors")
@refusal_page(application_refused)
@login_required
def assign_assessor_view(application_id: int):
    form = AssignAssessorForm()
    if not form.validate():
        _page(application_id)
        raise ApplicationError(_("Please choose an assessor and a role."))
    assignment = assign_assessor(application_id, form.assessor_id.data, form.role.data, current_user)
    flash(_("%(name)s is now the %(role)s.", name=assignment.user.name, role=assignment.role_title.lower()), "success")
    return redirect(url_for(".show", application_id=application_id, _anchor="assessors"))


@bp.post("/schools/<int:school_id>/programmes/<code>/join")
@login_required
def join_programme(school_id: int, code: str):
    school = get_school(school_id, current_user)
    ConfirmForm()
    application = start_application(school, code, current_user)
    flash(
        _(
            "%(school)s has joined %(programme)s.",
            school=school.name,
            programme=local(current_workflows().programme(code).name),
        ),
        "success",
    )
    opening = opening_event(_page(application.id))
    if opening is not None:  # the self-assessment opens at once: joining leads to its first question
        try:
            with db.session.begin_nested():  # a refusal undoes the opening only, not the joining
                fire(application.id, opening, current_user, {}, application.version)
        except WorkflowError:
            pass  # it stays to be started from the application page
        else:
            return redirect(url_for("self_assessment.answers", application_id=application.id))
    return redirect(url_for(".show", application_id=application.id))


@bp.route("/programmes")
@login_required
def programmes():
    """Coordinators and admins: each programme's workflow with its diagram. Everyone else signed in (a school, even
    one still waiting for verification): what a school will do in each programme, in plain words."""
    loaded = sorted(current_workflows().programmes.values(), key=lambda programme: local(programme.name))
    if not {COORDINATOR, ADMIN} & set(current_user.role_names):
        overviews = [programme_overview(programme) for programme in loaded]
        return render_template("applications/programmes_for_schools.html", overviews=overviews, steps=STEPS)
    diagrams = {programme.code: programme_svg(programme.definition) for programme in loaded}
    return render_template("applications/programmes.html", programmes=loaded, diagrams=diagrams, who_fires=who_fires)
