"""The e-mail that welcomes a person whose account someone else created, with a link to set their password."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from accreditation.i18n import language_of
from accreditation.mail import send_mail
from accreditation.models import User


def send_welcome(user: User, invited_by: User) -> None:
    """Send after the commit: the link is the password-reset link, valid for PASSWORD_RESET_MAX_AGE seconds."""
    from accreditation.accounts.password_reset import reset_url

    hours = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)
    context = {"user": user, "invited_by": invited_by, "link": reset_url(user), "hours": hours}
    with force_locale(language_of(user)):
        subject = _("Your Safe School Accreditation account")
        text = render_template("email/welcome.txt", **context)
    send_mail(user.email, subject, text)
