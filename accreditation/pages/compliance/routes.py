"""A school's compliance calendar: its duties with their due dates and owners; the school's admins choose owners;
an admin or the duty's owner ticks it, with an optional note and document. Members and the region's coordinators
read it."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import can_administer_school, get_school
from accreditation.assessment.errors import UploadRefused
from accreditation.compliance.calendar import DutyError, calendar_of, set_owner, tick
from accreditation.extensions import db
from accreditation.i18n import user_zone
from accreditation.models import School

bp = Blueprint("compliance", __name__, url_prefix="/schools/<int:school_id>/calendar")
DOCUMENT_TYPES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04")  # PDF, images, Word/OpenDocument


def today() -> date:
    return datetime.now(user_zone()).date()


@bp.get("")
@login_required
def calendar(school_id: int):
    return _calendar_page(get_school(school_id, current_user))


def _calendar_page(school: School):
    members = sorted(((m.user_id, m.user.name) for m in school.memberships), key=lambda item: item[1].casefold())
    return render_template(
        "compliance/calendar.html",
        school=school,
        rows=calendar_of(school, today()),
        today=today(),
        members=members,
        manage=can_administer_school(current_user, school),
    )


def _form_valid() -> None:
    from flask_wtf.csrf import validate_csrf
    from wtforms import ValidationError

    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        abort(400)


@bp.post("/<int:duty_id>/owner")
@login_required
def owner(school_id: int, duty_id: int):
    school = get_school(school_id, current_user, manage=True)
    _form_valid()
    chosen = request.form.get("owner", "")
    try:
        with db.session.begin_nested():
            set_owner(current_user, school, duty_id, int(chosen) if chosen.isdigit() else None)
    except DutyError as error:
        flash(error.message, "error")
    else:
        flash(_("The owner is saved: they get the reminders of this duty."), "success")
    return redirect(url_for("compliance.calendar", school_id=school.id))


@bp.post("/<int:duty_id>/done")
@login_required
def done(school_id: int, duty_id: int):
    school = get_school(school_id, current_user)
    _form_valid()
    document = None
    upload = request.files.get("document")
    if upload and upload.filename:
        content = upload.read()
        if not content.startswith(DOCUMENT_TYPES):
            flash(_("The document must be a PDF, an image, or a Word or OpenDocument file."), "error")
            return redirect(url_for("compliance.calendar", school_id=school.id))
        document = (content, upload.filename)
    try:
        with db.session.begin_nested():
            tick(current_user, school, duty_id, today(), request.form.get("note", ""), document)
    except DutyError as error:
        flash(error.message, "error")
    except UploadRefused as error:  # the calendar again, saying why, under 413 (too large, or past the quota)
        flash(error.message, "error")
        return _calendar_page(school), error.status
    else:
        flash(_("The duty is done: no more reminders for it."), "success")
    return redirect(url_for("compliance.calendar", school_id=school.id))
