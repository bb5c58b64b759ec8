"""The training register of a school: coverage by role, the trainings, adding one (with its certificate), removing
one, the declared staff numbers, and the CSV import with its preview. Members, the region's coordinators and admins
read it; the school's admins keep it."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import can_administer_school, get_school
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.errors import UploadRefused
from accreditation.audit import record_read
from accreditation.extensions import db
from accreditation.i18n import current_language, user_zone
from accreditation.models import Application, School
from accreditation.pages.training.forms import (
    ButtonForm,
    ConfirmImportForm,
    ImportForm,
    StaffCountsForm,
    TrainingForm,
)
from accreditation.storage import read_bytes
from accreditation.training import csv_import
from accreditation.training.coverage import school_coverage, threshold_evidence
from accreditation.training.errors import TrainingError
from accreditation.training.register import (
    ROLE_TITLES,
    NewTraining,
    add_training,
    get_training,
    programme_for,
    records_of,
    remove_training,
    set_staff_counts,
    staff_counts,
    training_of,
)

bp = Blueprint("training", __name__, url_prefix="/schools/<int:school_id>/training")
SHOWN = 500  # trainings listed on the page, the latest first
CERTIFICATE_TYPES = {b"%PDF": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def today() -> date:
    """Today where the reader is."""
    return datetime.now(user_zone()).date()


@bp.app_template_global()
def training_evidence(application: Application, criterion_code: str):
    """The register's evidence for a criterion with a coverage threshold (None for any other criterion, known before
    the reader's date is worked out: the review page asks for every criterion it shows)."""
    if training_of(current_workflows().programmes.get(application.programme_code)).threshold(criterion_code) is None:
        return None
    return threshold_evidence(application, criterion_code, today())


def _register_page(school: School, counts_form: StaffCountsForm | None = None, status: int = 200):
    training = training_of(programme_for(school))
    if counts_form is None:
        counts_form = StaffCountsForm(data=staff_counts(school))
    return (
        render_template(
            "training/register.html",
            school=school,
            coverage=school_coverage(school, today()),
            records=records_of(school, SHOWN),
            training=training,
            role_titles=ROLE_TITLES,
            counts_form=counts_form,
            manage=can_administer_school(current_user, school),
        ),
        status,
    )


@bp.get("")
@login_required
def register(school_id: int):
    return _register_page(get_school(school_id, current_user))


@bp.post("/staff")
@login_required
def staff(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = StaffCountsForm()
    if not form.validate_on_submit():
        return _register_page(school, form, 422)
    set_staff_counts(current_user, school, form.counts())
    flash(_("The numbers of people are saved; the coverage is counted against them."), "success")
    return redirect(url_for("training.register", school_id=school.id))


def _training_form(school: School, form: TrainingForm | None = None) -> TrainingForm:
    form = form or TrainingForm()
    members = sorted(((m.user_id, m.user.name) for m in school.memberships), key=lambda item: item[1].casefold())
    form.person.choices = [("", _("Someone without an account (name below)"))] + [
        (str(user_id), name) for user_id, name in members
    ]
    training = training_of(programme_for(school))
    form.course.choices = [("", _("Not in the list (name below)"))] + [
        (course.code, course.title.in_(current_language())) for course in training.courses
    ]
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = _training_form(school)
    problem, refused = None, 422
    if form.validate_on_submit():
        certificate = None
        upload = form.certificate.data
        if upload:
            content = upload.read()
            if not any(content.startswith(magic) for magic in CERTIFICATE_TYPES):
                problem = _("The certificate must be a PDF, PNG or JPEG file.")
            else:
                certificate = (content, upload.filename or "certificate")
        if problem is None:
            entry = NewTraining(
                person_name=form.person_name.data or "",
                staff_role=form.staff_role.data,
                completed_on=form.completed_on.data,
                course_code=form.course.data or None,
                course_text=form.course_text.data or "",
                provider=form.provider.data or "",
                user_id=int(form.person.data) if form.person.data else None,
            )
            try:
                with db.session.begin_nested():
                    record = add_training(current_user, school, entry, today(), certificate)
            except (TrainingError, UploadRefused) as error:
                problem, refused = error.message, error.status
            else:
                flash(_("The training of %(name)s is in the register.", name=record.person_name), "success")
                return redirect(url_for("training.register", school_id=school.id))
    status = refused if form.is_submitted() else 200
    return render_template("training/new.html", school=school, form=form, problem=problem), status


@bp.post("/<int:record_id>/remove")
@login_required
def remove(school_id: int, record_id: int):
    school = get_school(school_id, current_user, manage=True)
    if not ButtonForm().validate_on_submit():
        abort(400)
    record = remove_training(current_user, school, record_id)
    flash(_("The training of %(name)s is no longer in the register.", name=record.person_name), "success")
    return redirect(url_for("training.register", school_id=school.id))


@bp.get("/<int:record_id>/certificate")
@login_required
def certificate(school_id: int, record_id: int):
    school = get_school(school_id, current_user, manage=True)
    record = get_training(school, record_id)
    if not record.file_key:
        abort(404)
    content = read_bytes(record.file_key)
    kind = next((kind for magic, kind in CERTIFICATE_TYPES.items() if content.startswith(magic)), None)
    record_read("training_certificate", school=school.id, training=record.id)
    response = Response(content, mimetype=kind or "application/octet-stream")
    response.headers["Content-Disposition"] = "attachment"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_file(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = ImportForm()
    problem = None
    if form.validate_on_submit():
        try:
            text = csv_import.decode(form.file.data.read())
            found = csv_import.preview(school, text, today())
        except TrainingError as error:
            problem = error.message
        else:
            return render_template(
                "training/preview.html",
                school=school,
                found=found,
                role_titles=ROLE_TITLES,
                confirm=ConfirmImportForm(content=text),
                done=False,
            )
    status = 422 if form.is_submitted() else 200
    return render_template("training/import.html", school=school, form=form, problem=problem), status


@bp.post("/import/confirm")
@login_required
def confirm_import(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        found = csv_import.import_csv(current_user, school, form.content.data, today())
    except TrainingError as error:
        return render_template("training/import.html", school=school, form=ImportForm(), problem=error.message), 422
    return render_template(
        "training/preview.html", school=school, found=found, role_titles=ROLE_TITLES, confirm=None, done=True
    )
