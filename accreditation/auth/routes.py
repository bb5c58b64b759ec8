"""Signing in and out. The other account pages register on the same blueprint (imported at the end)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from accreditation.accounts import throttle
from accreditation.accounts.users import find_user_by_email
from accreditation.auth.blueprint import bp, client_address
from accreditation.auth.forms import SignInForm, SignOutForm
from accreditation.auth.redirects import safe_next
from accreditation.extensions import db

__all__ = ["bp"]


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        address = client_address()
        if throttle.is_locked_out(email, address):
            form.password.errors.append(
                "Too many failed sign-ins. Wait a few minutes before trying again, or reset your password."
            )
            return render_template("auth/sign_in.html", form=form), 429
        user = find_user_by_email(email)
        if user is None or not user.check_password(form.password.data) or not user.active:
            throttle.record_failure(email, address)
            db.session.commit()
            form.password.errors.append("The e-mail address or the password is not right.")
            return render_template("auth/sign_in.html", form=form), 401
        throttle.clear_failures(email)
        db.session.commit()
        session.clear()  # a new session at sign-in: no fixation
        login_user(user)
        flash(f"Welcome, {user.name}.", "success")
        return redirect(safe_next(form.next.data, url_for("home.index")))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.sign_in"))


# The other account pages attach their views to the same blueprint.
from accreditation.auth import invitation_views, password_views, registration_views  # noqa: E402, F401
