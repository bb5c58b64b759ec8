"""A school admin's two further actions on a window: e-mailing its staff link to members they pick, and closing it
before its last day (tucked away on the window's page, confirmed)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from accreditation.access import get_school
from accreditation.extensions import db
from accreditation.models import School
from accreditation.pages.surveys.blueprint import bp
from accreditation.pages.surveys.forms import CheckboxesField
from accreditation.surveys.closing import close_window
from accreditation.surveys.errors import SurveyError
from accreditation.surveys.invitations import invite_staff, invited_ids, members_to_invite, staff_link
from accreditation.surveys.windows import has_closed


class InviteStaffForm(FlaskForm):
    members = CheckboxesField(_l("Members to invite"), coerce=int, validate_choice=False)  # the operation checks

    def validate_members(self, field) -> None:
        """Only ids a database can hold reach the operation (which checks that each is a member)."""
        if any(not 0 < member < 2**31 for member in field.data or []):
            raise ValidationError(_("Choose the members from the list."))


class CloseWindowForm(FlaskForm):
    pass


def _invite_page(school: School, window_id: int, form: InviteStaffForm, status: int = 200):
    link = staff_link(school, window_id)
    invited = invited_ids(link)
    members = members_to_invite(school)
    form.members.choices = [(m.id, m.name) for m in members if m.id not in invited]
    return (
        render_template(
            "surveys/invite_staff.html",
            school=school,
            window=link.window,
            form=form,
            members=members,
            invited=invited,
            closed=has_closed(link.window),
        ),
        status,
    )


@bp.route("/schools/<int:school_id>/surveys/<int:window_id>/staff", methods=["GET"])
@login_required
def invite_staff_page(school_id: int, window_id: int):
    school = get_school(school_id, current_user, manage=True)
    return _invite_page(school, window_id, InviteStaffForm())


@bp.route("/schools/<int:school_id>/surveys/<int:window_id>/staff", methods=["POST"])
@login_required
def invite_staff_send(school_id: int, window_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = InviteStaffForm()
    form.members.choices = [(m.id, m.name) for m in members_to_invite(school)]
    if not form.validate_on_submit():
        return _invite_page(school, window_id, form, 422)
    if not form.members.data:
        form.members.errors = [_("Choose at least one member to invite.")]
        return _invite_page(school, window_id, form, 422)
    try:
        with db.session.begin_nested():
            written = invite_staff(current_user, school, window_id, form.members.data)
    except SurveyError as error:
        form.members.errors = [error.message]
        return _invite_page(school, window_id, form, error.status)
    if not written:
        flash(_("These members had been invited already: nobody was e-mailed again."), "info")
        return redirect(url_for("surveys.invite_staff_page", school_id=school.id, window_id=window_id))
    flash(
        ngettext(
            "%(num)d invitation is on its way.",
            "%(num)d invitations are on their way.",
            len(written),
        ),
        "success",
    )
    return redirect(url_for("surveys.invite_staff_page", school_id=school.id, window_id=window_id))


@bp.route("/schools/<int:school_id>/surveys/<int:window_id>/close", methods=["POST"])
@login_required
def close(school_id: int, window_id: int):
    school = get_school(school_id, current_user, manage=True)
    if not CloseWindowForm().validate_on_submit():
        flash(_("The form expired; reload the page."), "error")
    else:
        try:
            with db.session.begin_nested():
                close_window(current_user, school, window_id)
            flash(_("The survey is closed: nobody can answer any more, and its results are final."), "success")
        except SurveyError as error:
            flash(error.message, "error")
    return redirect(url_for("surveys.window", school_id=school.id, window_id=window_id))
