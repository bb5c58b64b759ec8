"""Forms for signing in and out, registering a school, accepting an invitation and resetting a password.

Forms check shape only; the meaning (a region of that country, a free identifier, a new e-mail) is checked by the
operations in ``accreditation.accounts``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from accreditation.accounts.passwords import PASSWORD_HINT
from accreditation.accounts.registration import SCHOOL_LANGUAGES, school_language_choices
from accreditation.models.school import SchoolType

__all__ = ["PASSWORD_HINT"]  # the hint under a new password, for the views


def _password(label: object = None) -> PasswordField:
    return PasswordField(label or _l("Password"), validators=[DataRequired(), Length(max=200)])


def _password_again() -> PasswordField:
    return PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class SignInForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    keep_signed_in = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class SignOutForm(FlaskForm):
    """Sign-out is a POST with a CSRF token, so no other site can sign a user out."""


class RegistrationForm(FlaskForm):
    """A school and its first school admin. The view fills the country and region choices."""

    school_name = StringField(_l("School name"), validators=[DataRequired(), Length(max=200)])
    national_id = StringField(_l("National identifier"), validators=[DataRequired(), Length(max=40)])
    country = SelectField(_l("Country"), validators=[DataRequired(message=_l("Choose the country the school is in."))])
    region = SelectField(_l("Region"), validators=[DataRequired(message=_l("Choose the school’s region."))])
    address = TextAreaField(_l("Address"), validators=[DataRequired(), Length(max=500)])
    # No language is chosen for the school: the first of the list would be a wrong answer nobody noticed.
    language = SelectField(
        _l("Language of teaching"),
        choices=SCHOOL_LANGUAGES,
        validators=[DataRequired(message=_l("Choose the school’s language of teaching."))],
    )
    school_type = SelectField(_l("Type of school"), default="secondary")
    pupils = IntegerField(
        _l("Number of pupils"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message=_l("Give a number between %(min)s and %(max)s.")),
        ],
    )
    name = StringField(_l("Your full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Your e-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = _password()
    password_again = _password_again()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [("", _l("Choose…")), *school_language_choices()]
        self.school_type.choices = [(kind.value, kind.title) for kind in SchoolType]


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = _password(_l("New password"))
    password_again = _password_again()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = _password(_l("New password"))
    password_again = _password_again()


class AcceptInvitationForm(FlaskForm):
    """The invitee's name and password, when they have no account yet."""

    name = StringField(_l("Your full name"), validators=[DataRequired(), Length(max=120)])
    password = _password()
    password_again = _password_again()


class ConfirmForm(FlaskForm):
    """A button with a CSRF token: accept an invitation with the signed-in account."""
