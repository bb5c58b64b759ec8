"""Pages for coordinators and admins: schools in their scope, and verifying a school."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from accreditation.access import roles_required
from accreditation.accounts.registration import language_name
from accreditation.accounts.users import AccountError
from accreditation.accounts.verification import (
    AlreadyDecided,
    ReasonRequired,
    can_verify,
    decide_school,
    schools_to_verify,
    send_decision_mail,
)
from accreditation.extensions import db
from accreditation.models import Membership, School, User
from accreditation.pages.coordinator.forms import DecisionForm
from accreditation.transactions import on_commit
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("coordinator", __name__, url_prefix="/coordinate")


@bp.route("/schools")
@roles_required(COORDINATOR, ADMIN)
def schools():
    term = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "")
    rows = db.session.scalars(schools_to_verify(current_user, status, term).limit(500)).all()
    return render_template("coordinator/schools.html", schools=rows, term=term, status=status)


def _school_in_scope(school_id: int) -> School:
    """404 for a school that does not exist or lies outside the coordinator's scope: its existence is not shown."""
    school = db.session.get(School, school_id)
    if school is None or not can_verify(current_user, school):
        abort(404)
    return school


def _school_page(school: School, form: DecisionForm, status: int = 200, problem: str | None = None):
    members = db.session.execute(
        select(Membership, User)
        .join(User, Membership.user_id == User.id)
        .where(Membership.school_id == school.id)
        .order_by(Membership.role, func.lower(User.name))
    ).all()
    decided_by = db.session.get(User, school.verified_by_id) if school.verified_by_id else None
    return (
        render_template(
            "coordinator/school.html",
            school=school,
            members=members,
            form=form,
            problem=problem,
            decided_by=decided_by,
            language=language_name(school.language),
        ),
        status,
    )


@bp.route("/schools/<int:school_id>")
@roles_required(COORDINATOR, ADMIN)
def school(school_id: int):
    return _school_page(_school_in_scope(school_id), DecisionForm())


@bp.route("/schools/<int:school_id>/decision", methods=["POST"])
@roles_required(COORDINATOR, ADMIN)
def decide(school_id: int):
    school = _school_in_scope(school_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _school_page(school, form, 422)
    if form.decision is None:
        return _school_page(school, form, 422, _("Choose to verify or to reject the school."))
    try:
        with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
            decide_school(school, current_user, form.decision, form.note.data or "")
    except AlreadyDecided as decided:
        return _school_page(school, form, 409, str(decided))
    except ReasonRequired as missing:
        form.note.errors = [*form.note.errors, str(missing)]
        return _school_page(school, form, 422)
    except AccountError as error:
        return _school_page(school, form, 422, str(error))
    current_app.logger.info("school %s %s by user %s", school.id, school.verification, current_user.id)
    on_commit(db.session(), partial(send_decision_mail, school))
    flash(
        _(
            "%(school)s is now %(decision)s. Its school admins have been told.",
            school=school.name,
            decision=school.verification_title.lower(),
        ),
        "success",
    )
    return redirect(url_for("coordinator.school", school_id=school.id))
