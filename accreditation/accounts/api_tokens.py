"""Bearer tokens of the JSON API: issued after the same throttled check of e-mail and password as the sign-in page,
valid for ``API_TOKEN_DAYS``, listed and revoked by their owner.

A token is 32 random bytes (``ssa_`` and their base64url); only its SHA-256 is stored, so a copy of the database
gives no usable token. A token stops working when it expires, when it is revoked, when its owner is deactivated
and when its owner's password changes (it keeps a fingerprint of the password hash it was issued under).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from accreditation.accounts import notices
from accreditation.accounts.sign_in import check_credentials
from accreditation.extensions import db
from accreditation.models import ApiToken, User
from accreditation.models.time import utcnow

PREFIX = "ssa_"
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100  # anything longer is not one of ours and is not hashed
LAST_USED_PRECISION = timedelta(minutes=5)  # ``last_used_at`` is written at most this often per token


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once: only its hash is kept
    record: ApiToken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()


def issue_token(email: str, password: str, address: str, name: str = "") -> IssuedToken:
    """A new token for the person with ``email`` and ``password`` (SignInLocked, WrongCredentials: see
    ``check_credentials``; a WrongCredentials failure must be committed); its owner is e-mailed once it commits.
    Flushes, never commits."""
    user = check_credentials(email, password, address)
    token = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    record = ApiToken(
        user_id=user.id,
        token_hash=token_hash(token),
        name=name.strip(),
        password_fingerprint=password_fingerprint(user),
        created_at=now,
        expires_at=now + timedelta(days=current_app.config["API_TOKEN_DAYS"]),
    )
    db.session.add(record)
    db.session.flush()
    notices.api_token_issued(user, record.name, address, now)
    return IssuedToken(token, record)


def authenticate(token: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token record for ``token`` (its user, with roles and memberships, loaded), or None when it is
    unknown, expired, revoked, or its owner is inactive or has changed their password. Notes when it was used."""
    if not token.startswith(PREFIX) or len(token) > MAX_TOKEN_CHARS:
        return None
    now = now or utcnow()
    record = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == token_hash(token))
        .options(joinedload(ApiToken.user).options(joinedload(User.grants), joinedload(User.memberships)))
    )
    if record is None or not record.usable_at(now) or not record.user.active:
        return None
    if not hmac.compare_digest(record.password_fingerprint, password_fingerprint(record.user)):
        return None
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
        record.last_used_at = now
    return record


def working_tokens(user: User, now: datetime | None = None) -> Select:
    """A query of the person's tokens that still work."""
    return select(ApiToken).where(
        ApiToken.user_id == user.id,
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > (now or utcnow()),
        ApiToken.password_fingerprint == password_fingerprint(user),
    )


def tokens_of(user: User, now: datetime | None = None) -> list[ApiToken]:
    """The person's tokens that still work, newest first."""
    query = working_tokens(user, now)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of the person's own working tokens; None when they have no such token (someone else's included).
    Flushes, never commits."""
    record = db.session.get(ApiToken, token_id)
    if record is None or record.user_id != user.id or record.revoked_at is not None:
        return None
    record.revoked_at = utcnow()
    db.session.flush()
    return record
