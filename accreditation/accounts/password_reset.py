"""Password reset by an e-mailed, signed link that expires and works once; a signed-in person's change of password.

The token is an itsdangerous timed signature over the user id and a fingerprint of the current password hash. Setting
a password changes the hash, so the same link cannot be used twice, and no table is needed. An account created
without a password (empty hash) uses the same link to set its first password.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from accreditation.accounts import notices, throttle
from accreditation.accounts.passwords import password_problem
from accreditation.accounts.sign_in import check_credentials
from accreditation.accounts.users import AccountError, find_user_by_email
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.models import User

SALT = "password-reset"


class ResetLinkInvalid(AccountError):
    """The link cannot be used; ``status`` is the HTTP status of the page that says so."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, (user.password_hash or "").encode(), hashlib.sha256).hexdigest()[:20]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def reset_url(user: User) -> str:
    """The absolute link that lets ``user`` set a new password (works without a request context)."""
    return f"{current_app.config['BASE_URL']}/reset-password/{make_reset_token(user)}"


def user_for_token(token: str) -> User:
    """The user a reset link belongs to, or ResetLinkInvalid saying why it cannot be used."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise ResetLinkInvalid(
            _("This password link has expired. Ask for a new one with “Forgot your password?”."), 410
        ) from None
    except BadSignature:
        raise ResetLinkInvalid(_("This password link is not valid. Check that you copied all of it."), 400) from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) and isinstance(data.get("u"), int) else None
    if user is None or not user.active:
        raise ResetLinkInvalid(_("This password link is not valid for any active account."), 400)
    if not hmac.compare_digest(str(data.get("f", "")), _fingerprint(user)):
        raise ResetLinkInvalid(
            _("This password link has already been used. Ask for a new one with “Forgot your password?”."), 410
        )
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link and forget the account's failed sign-ins; the owner is e-mailed once it
    commits (unless it was the account's first password). Flushes, never commits."""
    user = user_for_token(token)
    if problem := password_problem(password, (user.email, user.name)):
        raise AccountError(problem)
    had_password = bool(user.password_hash)
    user.set_password(password)
    if had_password:
        notices.password_changed(user)
    throttle.clear_failures(user.email)
    db.session.flush()
    return user


def user_for_reset_request(email: str) -> User | None:
    """The active account a reset link should go to, if any (the page says the same thing either way)."""
    user = find_user_by_email(email)
    return user if user is not None and user.active else None


def _reset_message(user: User) -> tuple[str, str]:
    """The subject and text of the e-mail with ``user``'s password link, in their language."""
    minutes = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)
    with force_locale(language_of(user)):
        subject = _("Reset your Safe School Accreditation password")
        text = render_template("email/password_reset.txt", user=user, link=reset_url(user), minutes=minutes)
    return subject, text


def request_reset(email: str, address: str) -> None:
    """Someone at ``address`` asks for a password link for ``email``. The link goes to an active account with that
    address once the transaction commits, unless the account or the address has asked too often within the window
    (``throttle.may_mail_account``). The caller answers the same in every case: whether the account exists, and
    whether it was throttled, must not show. Flushes, never commits."""
    if not throttle.may_mail_account(email, address):
        current_app.logger.info("password link for a request from %s not sent: too many requests", address)
        return
    throttle.record_mail_request(email, address)
    user = user_for_reset_request(email)
    if user is not None:
        subject, text = _reset_message(user)
        notices.send_after_commit(user.email, subject, text)


def change_password(user: User, current: str, new: str, address: str) -> None:
    """The signed-in ``user`` sets a new password, giving their current one. The current password is checked like
    a sign-in (SignInLocked while locked out; WrongCredentials, recorded, which the caller must commit); AccountError
    when the new one breaks the rule or is the current one. Every other session and API token of the account ends,
    and its owner is e-mailed once it commits. Flushes, never commits."""
    check_credentials(user.email, current, address)
    if problem := password_problem(new, (user.email, user.name)):
        raise AccountError(problem)
    if user.check_password(new):
        raise AccountError(_("The new password is the same as the current one: choose another."))
    user.set_password(new)
    notices.password_changed(user)
    db.session.flush()
