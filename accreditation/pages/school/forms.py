"""Forms on a school's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length

from accreditation.accounts.invitations import ROLE_TITLES
from workflows.roles import SCHOOL_STAFF


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail of the person to invite"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=list(ROLE_TITLES.items()), default=SCHOOL_STAFF)


class ButtonForm(FlaskForm):
    """A button with only its CSRF token: revoke a pending invitation, remove a member."""
