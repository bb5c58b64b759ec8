"""Signing in and out. The other account pages register on the same blueprint (imported at the end)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from accreditation.accounts.sign_in import SignInLocked, WrongCredentials, check_credentials
from accreditation.accounts.throttle import client_address
from accreditation.identity import signed_in_user
from accreditation.pages.auth.blueprint import bp
from accreditation.pages.auth.forms import SignInForm, SignOutForm
from accreditation.pages.auth.redirects import safe_next
from accreditation.session_lifetime import stay_signed_in
from accreditation.transactions import commit_early

__all__ = ["bp"]


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = check_credentials(form.email.data, form.password.data, client_address())
        except SignInLocked as locked:
            form.password.errors.append(str(locked))
            return render_template("auth/sign_in.html", form=form), 429, {"Retry-After": str(locked.retry_after)}
        except WrongCredentials as wrong:
            commit_early()  # the failure counts toward the lock-out, though the page answers 401
            form.password.errors.append(str(wrong))
            return render_template("auth/sign_in.html", form=form), 401
        session.clear()  # a new session at sign-in: no fixation
        stay_signed_in(form.keep_signed_in.data)
        login_user(user)
        refresh()  # the welcome is in the language of who signed in, not the one chosen before
        flash(_("Welcome, %(name)s.", name=user.name), "success")
        return redirect(safe_next(form.next.data, url_for("home.index")))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        signed_in_user().end_sessions()  # a copy of this session's cookie signs nobody in
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.sign_in"))


# The other account pages attach their views to the same blueprint.
from accreditation.pages.auth import invitation_views, password_views, registration_views  # noqa: E402, F401
