"""Pages for a school's members."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from accreditation.access import get_school

bp = Blueprint("school", __name__, url_prefix="/schools")


@bp.route("/<int:school_id>")
@login_required
def dashboard(school_id: int):
    school = get_school(school_id, current_user)
    membership = current_user.membership_of(school.id)
    return render_template("school/dashboard.html", school=school, membership=membership)
