"""The held decisions' pages: the second assessor's reading, the coordinator's settlement and choice of a second
assessor, a coordinator's direct accreditation of an assessor, and the school's feedback survey."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import roles_required
from accreditation.applications.runtime import current_workflows
from accreditation.assessor_quality import feedback, moderating, training
from accreditation.assessor_quality.errors import QualityError, QualityNotPermitted
from accreditation.assessor_quality.sampling import HELD
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Application, Review, Snapshot, User
from accreditation.pages.assessor_quality.blueprint import bp
from accreditation.pages.assessor_quality.forms import (
    AccreditForm,
    FeedbackForm,
    ModeratorForm,
    ReadingForm,
    SettlementForm,
)
from accreditation.review.rounds import framework_of
from accreditation.web import refusal_page
from workflows.roles import ADMIN, COORDINATOR


def _sample_page(sample_id: int, error=None, status: int = 200):
    sample = moderating.sample_for(sample_id, current_user)
    application = db.session.get(Application, sample.application_id)
    review = db.session.get(Review, sample.review_id)
    snapshot = db.session.get(Snapshot, review.snapshot_id)
    titles = {c.code: local(c.title) for c in framework_of(snapshot).criteria}
    awards = current_workflows().programme(application.programme_code).awards
    level = awards.level(sample.arguments.get("level") or "") if awards else None
    html = render_template(
        "assessor_quality/sample.html",
        sample=sample,
        application=application,
        review=review,
        titles=titles,
        level_label=local(level.label) if level else sample.arguments.get("level", ""),
        held=sample.status in HELD,
        reading=ReadingForm(),
        settlement=SettlementForm(),
        moderator_form=ModeratorForm(),
        choices=moderating.moderator_choices(sample) if sample.moderator_id is None and sample.status in HELD else [],
        steering=bool(current_user.is_coordinator or current_user.is_admin),
        error=error,
    )
    return html, status


def _refused(error, sample_id: int) -> str:
    return _sample_page(sample_id, error)[0]


@bp.get("/quality/moderation/<int:sample_id>")
@login_required
def sample(sample_id: int):
    return _sample_page(sample_id)


@bp.post("/quality/moderation/<int:sample_id>/reading")
@refusal_page(_refused)
@login_required
def reading(sample_id: int):
    form = ReadingForm()
    if not form.validate():
        return _sample_page(sample_id, _("Please choose whether you agree."), 422)
    moderating.moderate(sample_id, current_user, form.verdict.data == "agree", form.note.data or "")
    if form.verdict.data == "agree":
        flash(_("Thank you: the decision is carried out and the school is told."), "success")
    else:
        flash(_("Thank you: the coordinator will settle it."), "success")
    return redirect(url_for(".overview"))


@bp.post("/quality/moderation/<int:sample_id>/settlement")
@refusal_page(_refused)
@roles_required(COORDINATOR, ADMIN)
def settlement(sample_id: int):
    form = SettlementForm()
    if not form.validate():
        return _sample_page(sample_id, _("Please choose to uphold or to overturn."), 422)
    moderating.settle(sample_id, current_user, form.outcome.data == "uphold", form.note.data or "")
    flash(_("Settled. The assessors can read your reason on the decision's page."), "success")
    return redirect(url_for(".overview"))


@bp.post("/quality/moderation/<int:sample_id>/moderator")
@refusal_page(_refused)
@roles_required(COORDINATOR, ADMIN)
def choose_moderator(sample_id: int):
    form = ModeratorForm()
    if not form.validate():
        return _sample_page(sample_id, _("Please choose a second assessor."), 422)
    moderating.assign_moderator(sample_id, current_user, form.assessor.data)
    flash(_("The second assessor finds the decision on their quality page."), "success")
    return redirect(url_for(".sample", sample_id=sample_id))


@bp.post("/quality/people/<int:user_id>/accreditation")
@roles_required(COORDINATOR, ADMIN)
def accredit(user_id: int):
    if db.session.get(User, user_id) is None:
        abort(404)
    form = AccreditForm()
    if not form.validate():
        abort(400)
    with db.session.begin_nested():  # a refusal is flashed; nothing it wrote stays
        try:
            training.accredit(user_id, form.programme.data, current_user, form.note.data or "")
        except QualityNotPermitted:
            raise
        except QualityError as error:
            flash(str(error), "error")
            return redirect(url_for("admin.person", user_id=user_id))
    flash(_("Accredited."), "success")
    return redirect(url_for("admin.person", user_id=user_id))


def _feedback_page(application_id: int, error=None, form: FeedbackForm | None = None, status: int = 200):
    review = feedback.decided_review(application_id, current_user)
    if review is None and error is None:
        abort(404)
    application = db.session.get(Application, application_id)
    html = render_template(
        "assessor_quality/feedback.html",
        application=application,
        review=review,
        answered=review is not None and feedback.answered(review, current_user),
        form=form or FeedbackForm(),
        error=error,
    )
    return html, status


def _feedback_refused(error, application_id: int) -> str:
    return _feedback_page(application_id, error, FeedbackForm())[0]


@bp.get("/applications/<int:application_id>/assessor-feedback")
@login_required
def feedback_form(application_id: int):
    return _feedback_page(application_id)


@bp.post("/applications/<int:application_id>/assessor-feedback")
@refusal_page(_feedback_refused)
@login_required
def give_feedback(application_id: int):
    form = FeedbackForm()
    if not form.validate():
        abort(400)
    marks = {name: int(getattr(form, name).data) if getattr(form, name).data else None for name in feedback.MARKS}
    feedback.give_feedback(application_id, current_user, marks)
    flash(_("Thank you for your answer. It helps us keep assessments clear and fair."), "success")
    return redirect(url_for("applications.show", application_id=application_id))
