"""Pages for coordinators and admins: schools in their scope."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import or_, select

from accreditation.access import coordinator_scope_filter, roles_required
from accreditation.extensions import db
from accreditation.models import School

bp = Blueprint("coordinator", __name__, url_prefix="/coordinate")


@bp.route("/schools")
@roles_required("coordinator", "admin")
def schools():
    term = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "")
    query = select(School).order_by(School.name)
    query = coordinator_scope_filter(current_user, query, School.country_code, School.region_code)
    if term:
        like = f"%{term}%"
        query = query.where(or_(School.name.ilike(like), School.national_id.ilike(like)))
    if status in ("pending", "verified", "rejected"):
        query = query.where(School.verification == status)
    rows = db.session.scalars(query.limit(500)).all()
    return render_template("coordinator/schools.html", schools=rows, term=term, status=status)
