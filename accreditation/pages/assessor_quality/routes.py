"""The assessor-quality pages: the overview (what is waiting for me), calibration exercises and their results."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accreditation.access import roles_required
from accreditation.assessor_quality import calibration, feedback, moderating, samples, training
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import RoleGrant, User
from accreditation.models.user import Role
from accreditation.pages.assessor_quality import moderation_views  # noqa: F401  (its routes)
from accreditation.pages.assessor_quality.blueprint import bp
from accreditation.pages.assessor_quality.forms import SAMPLE, ExerciseForm, PlainForm
from accreditation.web import refusal_page
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR


@bp.get("/quality")
@roles_required(ASSESSOR, COORDINATOR, ADMIN)
def overview():
    steering = current_user.is_coordinator or current_user.is_admin
    return render_template(
        "assessor_quality/overview.html",
        steering=steering,
        exercises=calibration.my_exercises(current_user),
        waiting=moderating.waiting_for(current_user) if current_user.is_assessor else [],
        mine=moderating.decided_by(current_user) if current_user.is_assessor else [],
        disagreements=moderating.disagreements(current_user) if steering else [],
        figures=moderating.figures() if steering else [],
        feedback_rows=feedback.figures() if steering else [],
        own_feedback=feedback.own_figures(current_user) if current_user.is_assessor else None,
        paths=training.paths(current_user),
    )


def _assessors() -> list[User]:
    query = select(User).where(
        User.active, User.id.in_(select(RoleGrant.user_id).where(RoleGrant.role == Role.ASSESSOR.value))
    )
    return list(db.session.scalars(query.order_by(User.name, User.id)).all())


def _exercise_form() -> ExerciseForm:
    form = ExerciseForm()
    form.snapshot.choices = [
        (str(s.id), _("Submission %(number)s, round %(round)s", number=s.id, round=s.round))
        for s in calibration.past_submissions(current_user)
    ] + [
        (SAMPLE + sample.code, _("Calibration sample: %(title)s", title=local(sample.title)))
        for sample, _programme in samples.usable()
    ]
    form.assessors.choices = [(a.id, a.name) for a in _assessors()]
    return form


def _new_exercise_page(error=None, **_args):
    return render_template("assessor_quality/new_exercise.html", form=_exercise_form(), error=error)


@bp.route("/quality/calibration/new", methods=["GET", "POST"])
@refusal_page(_new_exercise_page)
@roles_required(COORDINATOR, ADMIN)
def new_exercise():
    form = _exercise_form()
    if request.method == "POST":
        if not form.validate():
            return render_template("assessor_quality/new_exercise.html", form=form, error=None), 422
        chosen = form.snapshot.data or ""
        sample_code = chosen.removeprefix(SAMPLE) if chosen.startswith(SAMPLE) else None
        snapshot_id = int(chosen) if chosen.isdigit() else None
        exercise = calibration.create_exercise(
            current_user, form.title.data or "", snapshot_id, list(form.assessors.data or []), sample_code
        )
        flash(_("The exercise is ready; the invited assessors find it on their quality page."), "success")
        return redirect(url_for(".exercise", exercise_id=exercise.id))
    return render_template("assessor_quality/new_exercise.html", form=form, error=None)


def _exercise_page(exercise_id: int, error=None, given: dict | None = None):
    exercise, invitation = calibration.exercise_for(exercise_id, current_user)
    judging = invitation is not None and invitation.submitted_at is None
    results = None if judging else calibration.results(exercise)
    mine = None
    if invitation is not None and results is not None:
        mine = next((row for row in results.assessors if row.assessor.id == current_user.id), None)
    return render_template(
        "assessor_quality/exercise.html",
        exercise=exercise,
        invitation=invitation,
        judging=judging,
        items=calibration.items(exercise),
        scale=calibration.framework_of(exercise).scale,
        results=results,
        mine=mine,
        form=PlainForm(),
        error=error,
        given=given or {},
    )


@bp.get("/quality/calibration/<int:exercise_id>")
@login_required
def exercise(exercise_id: int):
    return _exercise_page(exercise_id)


def _judgments_refused(error, exercise_id: int) -> str:
    return _exercise_page(exercise_id, error, _levels())


def _levels() -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for name, value in request.form.items():
        if name.startswith("level-"):
            found[name.removeprefix("level-")] = int(value) if value.strip().lstrip("-").isdigit() else None
    return found


@bp.post("/quality/calibration/<int:exercise_id>/judgments")
@refusal_page(_judgments_refused)
@login_required
def judgments(exercise_id: int):
    if not PlainForm().validate():
        abort(400)
    calibration.submit_judgments(exercise_id, current_user, _levels())
    flash(_("Thank you: your judgments are in. Here is how they compare with the consensus."), "success")
    return redirect(url_for(".exercise", exercise_id=exercise_id))
