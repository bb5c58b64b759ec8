"""The forms of the people pages: a new coordinator, assessor or admin account, a role added to one, and the
buttons that deactivate and reactivate it."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from accreditation.i18n import LANGUAGE_NAMES
from workflows.roles import ASSESSOR


class RoleForm(FlaskForm):
    """A programme role and where it applies: on its own, a role added to an account. Shape only: whether the
    person filling it may grant the role there is decided in accounts.staff."""

    role = SelectField(_l("Role"), validators=[DataRequired()])
    countries = SelectMultipleField(_l("Countries"), validate_choice=True)
    regions = SelectMultipleField(_l("Regions"), validate_choice=True)
    languages = StringField(_l("Languages the assessor works in"), validators=[Length(max=60)])

    def validate_languages(self, field: StringField) -> None:
        if any(not re.fullmatch(r"[a-z]{2}", code) for code in self.language_codes()):
            raise ValidationError(_l("Give two-letter language codes separated by commas, e.g. ro, ru, uk."))

    def language_codes(self) -> list[str]:
        return [code.strip().lower() for code in (self.languages.data or "").split(",") if code.strip()]


class StaffAccountForm(RoleForm):
    """A new coordinator, assessor or admin account: the person, and their first role."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    language = SelectField(_l("Interface language"), choices=list(LANGUAGE_NAMES.items()), default="en")

    def validate_languages(self, field: StringField) -> None:
        super().validate_languages(field)
        if self.role.data == ASSESSOR and not self.language_codes():
            raise ValidationError(_l("Give at least one language the assessor works in."))


class AccountStatusForm(FlaskForm):
    """Deactivating or reactivating an account: the button and its CSRF token; the rules are in accounts.staff."""
