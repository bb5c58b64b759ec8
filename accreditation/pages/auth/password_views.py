"""Passwords: a forgotten one (ask for a link, then set a new password from it), and changing one's own."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import login_required, login_user

from accreditation.accounts.password_reset import (
    ResetLinkInvalid,
    change_password,
    request_reset,
    reset_password,
    user_for_token,
)
from accreditation.accounts.sign_in import SignInLocked, WrongCredentials
from accreditation.accounts.throttle import client_address
from accreditation.accounts.users import AccountError
from accreditation.extensions import db
from accreditation.identity import signed_in_user
from accreditation.pages.auth.blueprint import bp
from accreditation.pages.auth.forms import PASSWORD_HINT, ChangePasswordForm, ForgotPasswordForm, ResetPasswordForm
from accreditation.transactions import commit_early

SENT_MESSAGE = _l(
    "If an account exists for that address, we have e-mailed it a link to set a new password. "
    "The link works once, for a limited time."
)


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.email.data, client_address())  # the request's end commits it; the link goes after that
        # The same answer whether or not the address has an account, and whether or not it was sent.
        flash(str(SENT_MESSAGE), "info")
        return redirect(url_for("auth.sign_in"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


def _link_problem(problem: ResetLinkInvalid):
    return (
        render_template(
            "auth/link_problem.html",
            title=_("This link cannot be used"),
            message=str(problem),
            action=(url_for("auth.forgot_password"), _("Get a new link")),
        ),
        problem.status,
    )


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password_page(token: str):
    try:
        user = user_for_token(token)
    except ResetLinkInvalid as problem:
        return _link_problem(problem)
    form = ResetPasswordForm()
    problem = None
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():  # a refusal undoes what it wrote before the form is drawn again
                user = reset_password(token, form.password.data)
        except ResetLinkInvalid as invalid:
            return _link_problem(invalid)
        except AccountError as error:
            problem = str(error)
            form.password.errors = [*form.password.errors, problem]
        else:
            current_app.logger.info("user %s set a new password from a reset link", user.id)
            session.clear()
            login_user(user)
            refresh()  # the message in the language of who is now signed in
            flash(_("Your new password is set, and you are signed in."), "success")
            return redirect(url_for("home.index"))
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "auth/reset_password.html", form=form, user=user, first=not user.password_hash, password_hint=PASSWORD_HINT
        ),
        status,
    )


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password_page():
    """The signed-in person changes their own password, giving the current one."""
    form = ChangePasswordForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        user = signed_in_user()
        try:
            change_password(user, form.current_password.data, form.password.data, client_address())
        except SignInLocked as locked:
            form.current_password.errors = [*form.current_password.errors, str(locked)]
            status, headers = 429, {"Retry-After": str(locked.retry_after)}
        except WrongCredentials:
            commit_early()  # the failure counts toward the lock-out (as on the sign-in page), though the page says 422
            form.current_password.errors = [
                *form.current_password.errors,
                _("This is not your current password."),
            ]
            status = 422
        except AccountError as error:  # nothing was written: the request's end rolls back a refused form anyway
            form.password.errors = [*form.password.errors, str(error)]
            status = 422
        else:
            current_app.logger.info("user %s changed their password", user.id)
            session.clear()  # the new password ended every session: this one starts again
            login_user(user)
            flash(_("Your new password is set. Your other sessions and API tokens have ended."), "success")
            return redirect(url_for("home.me"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/change_password.html", form=form, password_hint=PASSWORD_HINT), status, headers
