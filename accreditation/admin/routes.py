"""Listing and creating coordinator, assessor and admin accounts."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accreditation.access import roles_required
from accreditation.accounts.staff import (
    STAFF_ROLE_TITLES,
    create_staff_account,
    grantable_places,
    grantable_roles,
    staff_query,
)
from accreditation.accounts.users import AccountError
from accreditation.accounts.welcome import send_welcome
from accreditation.admin.forms import StaffAccountForm
from accreditation.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/people")
@roles_required("coordinator", "admin")
def people():
    role = request.args.get("role", "")
    role = role if role in STAFF_ROLE_TITLES else ""
    term = request.args.get("q", "").strip()[:100]
    rows = db.session.scalars(staff_query(current_user, role or None, term).limit(500)).all()
    return render_template("admin/people.html", people=rows, role=role, term=term, role_titles=STAFF_ROLE_TITLES)


@bp.route("/people/new", methods=["GET", "POST"])
@roles_required("coordinator", "admin")
def new_person():
    form = StaffAccountForm()
    problem = None
    form.role.choices = [(r, STAFF_ROLE_TITLES[r]) for r in grantable_roles(current_user)]
    form.countries.choices, form.regions.choices = grantable_places(current_user)
    if form.validate_on_submit():
        try:
            user = create_staff_account(
                current_user,
                form.email.data,
                form.name.data,
                form.role.data,
                form.countries.data,
                form.regions.data,
                form.language_codes(),
                form.language.data,
            )
        except AccountError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            send_welcome(user, invited_by=current_user)
            current_app.logger.info("account %s created by user %s", user.id, current_user.id)
            flash(
                _(
                    "%(name)s can now set a password from the link e-mailed to %(email)s.",
                    name=user.name,
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.people"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/new_person.html", form=form, problem=problem), status
