"""Public verification codes: a random id (stored) joined to its HMAC (never stored), so a code cannot be guessed
and an altered one is rejected before the database is asked.

A code reads ``<id>-<mac>``: 16 base64url characters of random id (96 bits) and 16 of HMAC-SHA256 (96 bits).
The HMAC key is derived from ``SECRET_KEY`` for this one purpose: changing ``SECRET_KEY`` makes every printed code
invalid.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

ID_BYTES = 12
MAC_BYTES = 12
PURPOSE = b"safe-school-accreditation/certificate-verification/v1"
CODE = re.compile(r"^([A-Za-z0-9_-]{16})-([A-Za-z0-9_-]{16})$")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _key() -> bytes:
    return hmac.new(str(current_app.config["SECRET_KEY"]).encode(), PURPOSE, hashlib.sha256).digest()


def _mac(verification_id: str) -> str:
    return _b64(hmac.new(_key(), verification_id.encode(), hashlib.sha256).digest()[:MAC_BYTES])


def new_verification_id() -> str:
    return _b64(secrets.token_bytes(ID_BYTES))


def code_for(verification_id: str) -> str:
    """The public code of a certificate's verification id."""
    return f"{verification_id}-{_mac(verification_id)}"


def verification_id_from(code: str) -> str | None:
    """The verification id inside ``code`` when its HMAC is right (constant-time check); None otherwise."""
    match = CODE.match(code.strip()) if isinstance(code, str) else None
    if match is None:
        return None
    verification_id, mac = match.groups()
    return verification_id if hmac.compare_digest(mac, _mac(verification_id)) else None
