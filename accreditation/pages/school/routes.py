"""Pages for a school's members: the dashboard and the members page (list, invite, revoke, remove)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import get_school
from accreditation.accounts.invitations import (
    ROLE_TITLES,
    can_invite,
    invite,
    is_pending,
    pending_invitations,
    revoke,
    send_invitation_mail,
)
from accreditation.accounts.members import (
    MayNotRemove,
    NoSuchMember,
    may_remove_members,
    members_of,
    remove_member,
)
from accreditation.accounts.registration import language_name
from accreditation.accounts.school_page import school_row
from accreditation.accounts.users import AccountError
from accreditation.extensions import db
from accreditation.mail import MailError
from accreditation.models import School
from accreditation.pages.school.forms import ButtonForm, InviteForm
from accreditation.transactions import commit_early

bp = Blueprint("school", __name__, url_prefix="/schools")


@bp.route("/<int:school_id>")
@login_required
def dashboard(school_id: int):
    school = school_row(school_id, current_user)  # a plain row: the page edits nothing of the school
    membership = current_user.membership_of(school.id)
    return render_template(
        "school/dashboard.html",
        school=school,
        membership=membership,
        can_invite=can_invite(current_user, school),
        language=language_name(school.language),
    )


def _members_page(school: School, form: InviteForm, status: int = 200, problem: str | None = None):
    members = members_of(school)
    admin = can_invite(current_user, school)
    return (
        render_template(
            "school/members.html",
            school=school,
            members=members,
            invitations=pending_invitations(school) if admin else [],
            can_invite=admin,
            form=form,
            problem=problem,
            role_titles=ROLE_TITLES,
            is_pending=is_pending,
            may_remove=may_remove_members(current_user, school),
        ),
        status,
    )


@bp.route("/<int:school_id>/members")
@login_required
def members(school_id: int):
    school = get_school(school_id, current_user)
    return _members_page(school, InviteForm())


@bp.route("/<int:school_id>/invitations", methods=["POST"])
@login_required
def invite_member(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = InviteForm()
    if not form.validate_on_submit():
        return _members_page(school, form, 422)
    try:
        with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
            invitation, token = invite(school, current_user, form.email.data, form.role.data)
    except AccountError as error:
        return _members_page(school, form, 422, str(error))
    commit_early()  # the e-mailed link must find its invitation; the page says whether the e-mail went
    current_app.logger.info("user %s invited %s to school %s", current_user.id, invitation.email, school.id)
    try:
        send_invitation_mail(invitation, token, current_user)
    except MailError:
        current_app.logger.exception("could not e-mail invitation %s", invitation.id)
        flash(
            _(
                "The invitation for %(email)s is saved, but the e-mail could not be sent. "
                "Invite the same address again later to send a new link.",
                email=invitation.email,
            ),
            "error",
        )
    else:
        flash(_("An invitation was e-mailed to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("school.members", school_id=school.id))


@bp.route("/<int:school_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(school_id: int, invitation_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with db.session.begin_nested():  # a refusal, answered by a redirect, undoes what it wrote
            invitation = revoke(school, current_user, invitation_id)
    except AccountError as error:
        flash(str(error), "error")
    else:
        flash(
            _("The invitation for %(email)s is revoked: its link no longer works.", email=invitation.email), "success"
        )
    return redirect(url_for("school.members", school_id=school.id))


@bp.post("/<int:school_id>/members/<int:user_id>/remove")
@login_required
def remove(school_id: int, user_id: int):
    school = get_school(school_id, current_user)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        with db.session.begin_nested():  # a refusal, answered by a redirect, undoes what it wrote
            person = remove_member(school, current_user, user_id)
    except MayNotRemove:
        abort(403)
    except NoSuchMember:
        abort(404)
    except AccountError as error:
        flash(str(error), "error")
    else:
        current_app.logger.info("user %s removed user %s from school %s", current_user.id, person.id, school.id)
        flash(_("%(name)s is no longer a member of %(school)s.", name=person.name, school=school.name), "success")
    return redirect(url_for("school.members", school_id=school.id))
