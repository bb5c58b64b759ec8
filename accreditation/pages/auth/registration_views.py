"""A school registers itself with its first school admin."""

from __future__ import annotations

from functools import partial

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accreditation.accounts.registration import (
    FirstAdmin,
    RegistrationRefused,
    SchoolDetails,
    notify_coordinators,
    register_school,
)
from accreditation.accounts.throttle import client_address
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name, sorted_places
from accreditation.models import Country, Region
from accreditation.pages.auth.blueprint import bp
from accreditation.pages.auth.forms import PASSWORD_HINT, RegistrationForm
from accreditation.transactions import on_commit


def _place_choices(form: RegistrationForm) -> None:
    countries = db.session.scalars(select(Country)).all()
    names = {c.code: country_name(c.code, fallback=c.name) for c in countries}  # in the reader's language
    form.country.choices = [("", _("Choose a country"))] + sorted_places(names.items(), key=lambda pair: pair[1])
    grouped: dict[str, list[tuple[str, str]]] = {}
    for region in db.session.scalars(select(Region)):
        name = region_name(region.code, fallback=region.name)
        grouped.setdefault(names.get(region.country_code, region.country_code), []).append(
            (region.code, f"{name} ({region.code})")
        )
    ordered = {country: sorted_places(regions, key=lambda pair: pair[1]) for country, regions in grouped.items()}
    by_country = dict(sorted_places(ordered.items(), key=lambda item: item[0]))
    form.region.choices = {"—": [("", _("Choose a region"))], **by_country}


def _show_problems(form: RegistrationForm, problems: dict[str, str]) -> None:
    """Put each refusal next to its field; one without a field of its own goes next to the school's name."""
    fields = {form_field.name: form_field for form_field in form}
    for name, message in problems.items():
        target = fields.get(name, form.school_name)
        target.errors = [*target.errors, message]


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        flash(_("You are signed in already. Sign out to register another school with a new account."), "info")
        return redirect(url_for("home.index"))
    form = RegistrationForm()
    _place_choices(form)
    if form.validate_on_submit():
        details = SchoolDetails(
            name=form.school_name.data,
            national_id=form.national_id.data,
            country_code=form.country.data,
            region_code=form.region.data,
            address=form.address.data,
            language=form.language.data,
            school_type=form.school_type.data,
            pupils=form.pupils.data,
        )
        admin = FirstAdmin(name=form.name.data, email=form.email.data, password=form.password.data)
        try:
            with db.session.begin_nested():  # a refusal undoes what it wrote before the form is drawn again
                registered = register_school(details, admin, client_address())
        except RegistrationRefused as refused:
            _show_problems(form, refused.problems)
        except IntegrityError:
            # Someone registered the same identifier or e-mail in the same instant.
            form.national_id.errors = [
                *form.national_id.errors,
                _("This school or e-mail address was registered a moment ago. Check and try again."),
            ]
        else:
            if registered is not None:
                school, user = registered
                on_commit(db.session(), partial(notify_coordinators, school))  # its failure is only logged
                current_app.logger.info("school %s registered by user %s", school.id, user.id)
            # The same answer whether or not the address already had an account: the e-mail says which.
            flash(
                _(
                    "Thank you. We have sent a message to %(email)s: follow it to continue.",
                    email=form.email.data.strip().lower(),
                ),
                "info",
            )
            return redirect(url_for("auth.sign_in"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form, password_hint=PASSWORD_HINT), status
