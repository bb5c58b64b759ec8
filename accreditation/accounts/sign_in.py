"""Checking an e-mail address and a password, throttled per account and per network address: one rule for the
sign-in page and the API's token endpoint alike."""

from __future__ import annotations

import secrets
from functools import cache

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from accreditation.accounts import throttle
from accreditation.accounts.users import AccountError, find_user_by_email
from accreditation.models import User


class SignInLocked(AccountError):
    """Too many failures for this account or from this address; ``retry_after`` is in seconds."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(_("Too many failed sign-ins. Wait a few minutes before trying again, or reset your password."))
        self.retry_after = retry_after


class WrongCredentials(AccountError):
    """No active account has this e-mail address and password (the failure is recorded)."""

    status = 401

    def __init__(self) -> None:
        super().__init__(_("The e-mail address or the password is not right."))


@cache
def _nobodys_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def _check_against_nobody(password: str) -> None:
    check_password_hash(_nobodys_hash(), password)


def check_credentials(email: str, password: str, address: str) -> User:
    """The active user with ``email`` and ``password``. SignInLocked while the account or the address is locked
    out (even with the right password); WrongCredentials otherwise, after recording the failure, which the caller
    must commit. A success forgets the account's failures. Flushes, never commits."""
    email = email.strip().lower()
    if throttle.is_locked_out(email, address):
        raise SignInLocked(throttle.seconds_until_unlocked(email, address))
    user = find_user_by_email(email)
    if user is None:
        _check_against_nobody(password)  # as slow as a real check: the answer's timing does not tell who has an account
    if user is None or not user.check_password(password) or not user.active:
        throttle.record_failure(email, address)
        raise WrongCredentials()
    throttle.clear_failures(email)
    return user
