"""The landing page and each role's home page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    if current_user.is_admin or current_user.is_coordinator:
        return redirect(url_for("coordinator.schools"))
    if current_user.memberships:
        return redirect(url_for("school.dashboard", school_id=current_user.memberships[0].school_id))
    return redirect(url_for("home.me"))


@bp.route("/me")
@login_required
def me():
    return render_template("home/me.html")
