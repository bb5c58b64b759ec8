"""The upload page and each job's page (which refreshes itself, without JavaScript, until the job has finished)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accreditation.access import roles_required
from accreditation.imports.schools_csv import ImportFileError
from accreditation.models.onboarding import JobStatus, OnboardingJob
from accreditation.onboarding import operations
from accreditation.pages.onboarding.forms import UploadForm
from accreditation.tasks.onboarding import run_here
from accreditation.transactions import commit_early
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("onboarding", __name__, url_prefix="/coordinate/onboarding")

PROBLEMS_SHOWN = 500


def _upload_page(form: UploadForm, status: int = 200, problem: str | None = None, job: OnboardingJob | None = None):
    return (
        render_template(
            "onboarding/upload.html",
            form=form,
            problem=problem,
            job=job,
            jobs=operations.recent_jobs(current_user),
            inline_max_rows=operations.INLINE_MAX_ROWS,
            problems_shown=PROBLEMS_SHOWN,
        ),
        status,
    )


@bp.route("", methods=["GET"])
@roles_required(COORDINATOR, ADMIN)
def upload():
    return _upload_page(UploadForm())


@bp.route("", methods=["POST"])
@roles_required(COORDINATOR, ADMIN)
def receive():
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400)
    upload = form.file.data
    try:
        job = operations.create_job(current_user, upload.filename or "", upload.read(), bool(form.skip_invalid.data))
    except ImportFileError as error:
        return _upload_page(form, 400, _("The file cannot be imported: %(reason)s.", reason=str(error)))
    commit_early()  # the worker, or the chunks run below, must find the job's row
    if job.in_background:
        try:
            operations.send_to_worker(job.id)
        except Exception:  # the broker is down: say so rather than leave the job waiting for ever
            current_app.logger.exception("onboarding job %s could not be queued", job.id)
            operations.fail_job(job.id, _("The background worker could not be reached; upload the file again later."))
        return redirect(url_for("onboarding.job", job_id=job.id), 303)
    job = run_here(job.id, _("The import stopped on an unexpected error; the schools written so far are kept."))
    if job.status == JobStatus.FAILED and job.problems:
        return _upload_page(UploadForm(formdata=None), 422, job.error, job)
    return redirect(url_for("onboarding.job", job_id=job.id), 303)


@bp.route("/<int:job_id>")
@roles_required(COORDINATOR, ADMIN)
def job(job_id: int):
    found = operations.visible_job(job_id, current_user)
    if found is None:
        abort(404)
    return render_template("onboarding/job.html", job=found, problems_shown=PROBLEMS_SHOWN)
