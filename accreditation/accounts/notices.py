"""Security e-mails to the owner of an account: what happened to it, when, and what to do if it was not them.

A notice is written when the operation runs (in the account's language) and sent once its transaction commits
(``transactions.on_commit``), like the other e-mails to one person (a password link, an invitation): a rolled-back
change sends nothing, and a mail server that fails is logged without undoing the change.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from accreditation.extensions import db
from accreditation.i18n import date_locale, language_of, whereabouts_of, written_moment, zone_name_of
from accreditation.mail import MailError, send_mail
from accreditation.models import School, User
from accreditation.models.time import utcnow
from accreditation.transactions import on_commit

log = logging.getLogger(__name__)

PASSWORD_CHANGED = _l("Your Safe School Accreditation password was changed")
API_TOKEN_ISSUED = _l("A new API token for your Safe School Accreditation account")
REGISTRATION_ATTEMPT = _l("Someone tried to register with your e-mail address")
SCHOOL_REGISTERED = _l("Your school is registered on Safe School Accreditation")


def _links() -> dict[str, str]:
    base = current_app.config["BASE_URL"]
    return {"sign_in_link": f"{base}/sign-in", "reset_link": f"{base}/forgot-password"}


def _moment(user: User, when: datetime | None, language: str) -> str:
    """When it happened, in the account's time zone and language, with the zone's name."""
    place = whereabouts_of(user)
    return written_moment(when or utcnow(), ZoneInfo(zone_name_of(user)), date_locale(language, place.country))


def _notify(user: User, subject: object, template: str, when: datetime | None, **context: object) -> None:
    """Write the notice to ``user`` now, in their language, and send it once the transaction commits."""
    language = language_of(user)
    with force_locale(language):
        moment = _moment(user, when, language)
        text = render_template(template, user=user, when=moment, **_links(), **context)
        title = str(subject)
    send_after_commit(user.email, title, text)


def send_after_commit(to: str, subject: str, text: str) -> None:
    """Send this e-mail once the current transaction commits (never if it is rolled back); a mail server that
    fails is logged, and the commit stands."""

    def send() -> None:
        try:
            send_mail(to, subject, text)
        except MailError:
            log.exception("could not send the e-mail %r", subject)

    on_commit(db.session(), send)


def password_changed(user: User, when: datetime | None = None) -> None:
    """The account's password was changed (from a reset link or by its owner)."""
    _notify(user, PASSWORD_CHANGED, "email/password_changed.txt", when=when)


def api_token_issued(user: User, name: str, address: str, when: datetime | None = None) -> None:
    """A new API token was issued for the account (its ``name``, from the network ``address``)."""
    _notify(user, API_TOKEN_ISSUED, "email/api_token_issued.txt", when=when, token_name=name, address=address)


def registration_attempt(user: User, when: datetime | None = None) -> None:
    """Someone tried to register a school with the account's e-mail address."""
    _notify(user, REGISTRATION_ATTEMPT, "email/registration_attempt.txt", when=when)


def school_registered(user: User, school: School) -> None:
    """A school was registered with the account as its first admin: where to sign in."""
    _notify(user, SCHOOL_REGISTERED, "email/registration_received.txt", when=None, school=school)
