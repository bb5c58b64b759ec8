"""Opening an invitation link: create an account, or accept with the account one has."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_user

from accreditation.accounts.invitations import (
    ROLE_TITLES,
    InvitationUnusable,
    accept_as,
    accept_with_new_account,
    invitation_for_token,
)
from accreditation.accounts.users import AccountError, find_user_by_email
from accreditation.extensions import db
from accreditation.identity import signed_in_user
from accreditation.pages.auth.blueprint import bp
from accreditation.pages.auth.forms import PASSWORD_HINT, AcceptInvitationForm, ConfirmForm


def _unusable(problem: InvitationUnusable):
    return (
        render_template(
            "auth/link_problem.html",
            title=_("This invitation cannot be used"),
            message=str(problem),
            action=(url_for("auth.sign_in"), _("Sign in")),
        ),
        problem.status,
    )


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = invitation_for_token(token)
    except InvitationUnusable as problem:
        return _unusable(problem)
    context = {"invitation": invitation, "school": invitation.school, "role_title": str(ROLE_TITLES[invitation.role])}
    problem = None

    if find_user_by_email(invitation.email) is not None:
        # An account exists: its owner signs in, then accepts with one button.
        signed_in_as_invitee = current_user.is_authenticated and current_user.email.lower() == invitation.email.lower()
        form = ConfirmForm()
        if signed_in_as_invitee and form.validate_on_submit():
            try:
                with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
                    membership = accept_as(token, signed_in_user())
            except InvitationUnusable as unusable:
                return _unusable(unusable)
            except AccountError as error:
                problem = str(error)
            else:
                flash(_("You are now a member of %(school)s.", school=invitation.school.name), "success")
                return redirect(url_for("school.dashboard", school_id=membership.school_id))
        status = 403 if current_user.is_authenticated and not signed_in_as_invitee else 200
        if form.is_submitted() and problem:
            status = 422
        return (
            render_template(
                "auth/invitation_existing.html",
                form=form,
                signed_in_as_invitee=signed_in_as_invitee,
                problem=problem,
                **context,
            ),
            status,
        )

    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():  # a refusal undoes what it wrote before the form is drawn again
                user = accept_with_new_account(token, form.name.data, form.password.data)
        except InvitationUnusable as unusable:
            return _unusable(unusable)
        except AccountError as error:
            problem = str(error)
        else:
            current_app.logger.info("user %s joined school %s by invitation", user.id, invitation.school_id)
            session.clear()
            login_user(user)
            refresh()  # the message in the language of who is now signed in
            flash(
                _(
                    "Welcome, %(name)s. You are now a member of %(school)s.",
                    name=user.name,
                    school=invitation.school.name,
                ),
                "success",
            )
            return redirect(url_for("school.dashboard", school_id=invitation.school_id))
    status = 422 if form.is_submitted() else 200
    return (
        render_template("auth/invitation_new.html", form=form, problem=problem, password_hint=PASSWORD_HINT, **context),
        status,
    )
