"""Forms for signing in and out, registering a school, accepting an invitation and resetting a password.

Forms check shape only; the meaning (a region of that country, a free identifier, a new e-mail) is checked by the
operations in ``accreditation.accounts``.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from accreditation.accounts.registration import SCHOOL_LANGUAGES
from accreditation.accounts.users import MIN_PASSWORD_LENGTH
from accreditation.models.school import SchoolType

SCHOOL_TYPES = [(t.value, t.value.capitalize()) for t in SchoolType]
PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters."


def _password(label: str = "Password") -> PasswordField:
    return PasswordField(label, validators=[DataRequired(), Length(max=200)])


def _password_again() -> PasswordField:
    return PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords are not the same.")],
    )


class SignInForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class SignOutForm(FlaskForm):
    """Sign-out is a POST with a CSRF token, so no other site can sign a user out."""


class RegistrationForm(FlaskForm):
    """A school and its first school admin. The view fills the country and region choices."""

    school_name = StringField("School name", validators=[DataRequired(), Length(max=200)])
    national_id = StringField("National identifier", validators=[DataRequired(), Length(max=40)])
    country = SelectField("Country", validators=[DataRequired()])
    region = SelectField("Region", validators=[DataRequired()])
    address = TextAreaField("Address", validators=[DataRequired(), Length(max=500)])
    language = SelectField("Language of teaching", choices=SCHOOL_LANGUAGES, validators=[DataRequired()])
    school_type = SelectField("Type of school", choices=SCHOOL_TYPES, default="secondary")
    pupils = IntegerField(
        "Number of pupils",
        validators=[Optional(), NumberRange(min=0, max=100_000, message="Give a number between 0 and 100000.")],
    )
    name = StringField("Your full name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Your e-mail", validators=[DataRequired(), Email(), Length(max=254)])
    password = _password()
    password_again = _password_again()


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = _password("New password")
    password_again = _password_again()


class AcceptInvitationForm(FlaskForm):
    """The invitee's name and password, when they have no account yet."""

    name = StringField("Your full name", validators=[DataRequired(), Length(max=120)])
    password = _password()
    password_again = _password_again()


class ConfirmForm(FlaskForm):
    """A button with a CSRF token: accept an invitation with the signed-in account."""
