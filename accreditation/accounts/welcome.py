"""The e-mail that welcomes a person whose account someone else created, with a link to set their password."""

from __future__ import annotations

from flask import current_app, render_template

from accreditation.mail import send_mail
from accreditation.models import User


def send_welcome(user: User, invited_by: User) -> None:
    """Send after the commit: the link is the password-reset link, valid for PASSWORD_RESET_MAX_AGE seconds."""
    from accreditation.accounts.password_reset import reset_url

    hours = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)
    context = {"user": user, "invited_by": invited_by, "link": reset_url(user), "hours": hours}
    send_mail(
        user.email,
        "Your Safe School Accreditation account",
        render_template("email/welcome.txt", **context),
    )
