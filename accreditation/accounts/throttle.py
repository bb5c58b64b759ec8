"""Throttling per account and per network address: rows in the database, counted within a sliding window, so the
limits hold across processes and machines.

Sign-in: too many failures for one account or from one address lock it out for a while (``SIGNIN_*`` settings).
E-mails asked for an account (a password link, a registration with its address): at most so many per account and
per address within the window (``ACCOUNT_MAIL_*`` settings); beyond, the caller sends nothing and answers the same.
"""

from __future__ import annotations

import math
from datetime import UTC, timedelta

from flask import current_app, request
from sqlalchemy import delete, func, or_, select

from accreditation.extensions import db
from accreditation.models import AccountMailRequest, SignInFailure
from accreditation.models.time import utcnow


def client_address() -> str:
    """The address a request comes from, as throttling counts it."""
    return request.remote_addr or "unknown"


def _window_start():
    return utcnow() - timedelta(minutes=current_app.config["SIGNIN_LOCKOUT_MINUTES"])


def is_locked_out(email: str, address: str) -> bool:
    """True when the account or the address has reached its failure limit within the window."""
    since = _window_start()
    per_account, per_address = db.session.execute(
        select(
            func.count().filter(SignInFailure.email == email.lower()),
            func.count().filter(SignInFailure.address == address),
        ).where(
            SignInFailure.created_at >= since,
            or_(SignInFailure.email == email.lower(), SignInFailure.address == address),
        )
    ).one()
    config = current_app.config
    return (
        per_account >= config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
        or per_address >= config["SIGNIN_MAX_FAILURES_PER_ADDRESS"]
    )


def seconds_until_unlocked(email: str, address: str) -> int:
    """How long a locked-out sign-in should wait before trying again (for ``Retry-After``): until the oldest failure
    that counts against the account or the address leaves the window (at least one second)."""
    since = _window_start()
    oldest = db.session.scalar(
        select(func.min(SignInFailure.created_at)).where(
            SignInFailure.created_at >= since,
            or_(SignInFailure.email == email.lower(), SignInFailure.address == address),
        )
    )
    if oldest is None:
        return 1
    if oldest.tzinfo is None:  # SQLite gives the aggregate back as a naive UTC value
        oldest = oldest.replace(tzinfo=UTC)
    return max(1, math.ceil((oldest - since).total_seconds()))


def record_failure(email: str, address: str) -> None:
    db.session.add(SignInFailure(email=email.lower(), address=address))
    db.session.flush()


def clear_failures(email: str) -> None:
    """A successful sign-in forgets the account's failures (and old rows are pruned)."""
    db.session.execute(
        delete(SignInFailure).where(
            or_(SignInFailure.email == email.lower(), SignInFailure.created_at < _window_start())
        )
    )


def _mail_window_start():
    return utcnow() - timedelta(minutes=current_app.config["ACCOUNT_MAIL_WINDOW_MINUTES"])


def may_mail_account(email: str, address: str) -> bool:
    """Whether another e-mail may be sent for ``email`` on a request from ``address``: neither has reached its limit
    within the window (an address without an account counts too, so the answer tells nothing)."""
    email = email.strip().lower()
    per_account, per_address = db.session.execute(
        select(
            func.count().filter(AccountMailRequest.email == email),
            func.count().filter(AccountMailRequest.address == address),
        ).where(
            AccountMailRequest.created_at >= _mail_window_start(),
            or_(AccountMailRequest.email == email, AccountMailRequest.address == address),
        )
    ).one()
    config = current_app.config
    return per_account < config["ACCOUNT_MAIL_MAX_PER_ACCOUNT"] and per_address < config["ACCOUNT_MAIL_MAX_PER_ADDRESS"]


def record_mail_request(email: str, address: str) -> None:
    """Count one e-mail asked for ``email`` from ``address`` (and prune the rows that left the window). Flushes."""
    db.session.execute(delete(AccountMailRequest).where(AccountMailRequest.created_at < _mail_window_start()))
    db.session.add(AccountMailRequest(email=email.strip().lower(), address=address))
    db.session.flush()
