"""The people pages: listing coordinator, assessor and admin accounts, creating them, changing their roles, and
deactivating or reactivating them."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accreditation.access import roles_required
from accreditation.accounts.staff import (
    STAFF_ROLE_TITLES,
    NotYoursToManage,
    add_role,
    create_staff_account,
    grantable_places,
    grantable_roles,
    last_role_problem,
    management_problem,
    open_assignments,
    remove_role,
    set_active,
    staff_person,
    staff_query,
    status_title,
)
from accreditation.accounts.users import AccountError
from accreditation.accounts.welcome import send_welcome
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import User
from accreditation.pages.admin.forms import AccountStatusForm, RoleForm, StaffAccountForm
from accreditation.transactions import commit_early
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("admin", __name__, url_prefix="/admin")
AnyRoleForm = TypeVar("AnyRoleForm", bound=RoleForm)


@bp.route("/people")
@roles_required(COORDINATOR, ADMIN)
def people():
    role = request.args.get("role", "")
    role = role if role in STAFF_ROLE_TITLES else ""
    term = request.args.get("q", "").strip()[:100]
    rows = db.session.scalars(staff_query(current_user, role or None, term).limit(500)).all()
    return render_template(
        "admin/people.html",
        people=rows,
        role=role,
        term=term,
        role_titles=STAFF_ROLE_TITLES,
        status_title=status_title,
    )


def _person_or_404(user_id: int) -> User:
    """A programme person the signed-in coordinator or admin sees on the people page; 404 for anyone else."""
    person = staff_person(current_user, user_id)
    if person is None:
        abort(404)
    return person


def _with_choices(form: AnyRoleForm) -> AnyRoleForm:
    """The roles, countries and regions the signed-in person may grant, as the form's choices."""
    form.role.choices = [(r, STAFF_ROLE_TITLES[r]) for r in grantable_roles(current_user)]
    form.countries.choices, form.regions.choices = grantable_places(current_user)
    return form


def _person_page(
    person: User,
    problem: str | None = None,
    status: int = 200,
    role_form: RoleForm | None = None,
    role_problem: str | None = None,
):
    """The person page; ``problem`` is shown at the top, ``role_problem`` in the add-role form beside its fields."""
    refusal = management_problem(current_user, person)
    return (
        render_template(
            "admin/person.html",
            person=person,
            problem=problem,
            refusal=refusal,
            roles_removable=refusal is None and last_role_problem(person) is None,
            status_title=status_title,
            role_problem=role_problem,
            assignments=open_assignments(current_user, person),
            form=AccountStatusForm(),
            role_form=role_form or (None if refusal else _with_choices(RoleForm(formdata=None))),
            role_titles=STAFF_ROLE_TITLES,
            programmes=current_workflows().programmes,
        ),
        status,
    )


def _status(error: AccountError) -> int:
    """403 for an account the person may not change, 422 for a change that cannot be made."""
    return 403 if isinstance(error, NotYoursToManage) else 422


@bp.route("/people/<int:user_id>")
@roles_required(COORDINATOR, ADMIN)
def person(user_id: int):
    return _person_page(_person_or_404(user_id))


@bp.post("/people/<int:user_id>/deactivate")
@roles_required(COORDINATOR, ADMIN)
def deactivate(user_id: int):
    return _set_active(user_id, active=False)


@bp.post("/people/<int:user_id>/reactivate")
@roles_required(COORDINATOR, ADMIN)
def reactivate(user_id: int):
    return _set_active(user_id, active=True)


@bp.post("/people/<int:user_id>/roles")
@roles_required(COORDINATOR, ADMIN)
def add_role_to(user_id: int):
    person = _person_or_404(user_id)
    form = _with_choices(RoleForm())
    if not form.validate_on_submit():
        return _person_page(person, status=422, role_form=form, role_problem=_("Please correct the role below."))
    try:
        with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
            added = add_role(
                current_user, person, form.role.data, form.countries.data, form.regions.data, form.language_codes()
            )
    except NotYoursToManage as error:
        return _person_page(person, str(error), 403)
    except AccountError as error:
        return _person_page(person, status=422, role_form=form, role_problem=str(error))
    current_app.logger.info("user %s gave user %s %d grant(s)", current_user.id, person.id, len(added))
    flash(_("%(name)s's new role is saved.", name=person.name), "success")
    return redirect(url_for("admin.person", user_id=person.id))


@bp.post("/people/<int:user_id>/roles/<int:grant_id>/remove")
@roles_required(COORDINATOR, ADMIN)
def remove_role_of(user_id: int, grant_id: int):
    person = _person_or_404(user_id)
    if not AccountStatusForm().validate_on_submit():
        abort(400)
    try:
        with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
            remove_role(current_user, person, grant_id)
    except AccountError as error:
        return _person_page(person, str(error), _status(error))
    current_app.logger.info("user %s removed grant %s of user %s", current_user.id, grant_id, person.id)
    flash(_("The role is removed from %(name)s's account.", name=person.name), "success")
    return redirect(url_for("admin.person", user_id=person.id))


def _set_active(user_id: int, active: bool):
    person = _person_or_404(user_id)
    if not AccountStatusForm().validate_on_submit():
        abort(400)
    try:
        with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
            changed = set_active(current_user, person, active)
    except AccountError as error:
        return _person_page(person, str(error), _status(error))
    if changed:
        verb = "reactivated" if active else "deactivated"
        current_app.logger.info("account %s %s by user %s", person.id, verb, current_user.id)
    if active:
        flash(_("%(name)s's account is active: they can sign in again.", name=person.name), "success")
    else:
        flash(
            _(
                "%(name)s's account is deactivated: they are signed out everywhere, cannot sign in, and their API "
                "tokens no longer work.",
                name=person.name,
            ),
            "success",
        )
    return redirect(url_for("admin.person", user_id=person.id))


@bp.route("/people/new", methods=["GET", "POST"])
@roles_required(COORDINATOR, ADMIN)
def new_person():
    form = _with_choices(StaffAccountForm())
    problem = None
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():  # a refusal undoes what it wrote before the page is drawn again
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
            problem = str(error)
        else:
            commit_early()  # the welcome's link must find the account; the page says it was e-mailed
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
