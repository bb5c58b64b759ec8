"""The credentials' status, published as W3C Bitstring Status Lists (v1.0) that the service signs.

Two lists, one per purpose: ``revocation`` (the certificate stopped for good before its ``validUntil``: revoked,
replaced, ended early, its application's cycle over) and ``suspension`` (its certification is suspended and may be
reinstated). A certificate's index in both is its ``status_position``, drawn at random and unique when it was
issued (``models/status_positions.py``), never its id, which would tell how many certificates exist. The list is a
bitstring of at least 131,072 bits (16 KB, the specification's minimum), kept at most half full and grown in whole
multiples of that, index 0 the most significant bit of the first byte, GZIP-compressed and written as multibase
base64url (``u``). Each list is a
``BitstringStatusListCredential`` signed with the issuer's key (``eddsa-jcs-2022``, as the certificates), so a copy
of a credential downloaded before its revocation no longer verifies as valid once the verifier reads the list.

What sets a bit mirrors ``status.standing`` (the verification page), computed for every certificate in a few
set-based queries instead of one certificate at a time.
"""

from __future__ import annotations

import base64
import gzip
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select

from accreditation.applications.runtime import current_workflows
from accreditation.certificates.credential import add_proof, timestamp
from accreditation.certificates.keys import Issuer, current_issuer
from accreditation.certificates.status import suspension_states
from accreditation.extensions import db
from accreditation.models import Application, Certificate
from accreditation.models.certificate import CertificateStatus
from accreditation.models.status_positions import list_bits
from accreditation.models.time import utcnow

REVOCATION = "revocation"
SUSPENSION = "suspension"
PURPOSES = (REVOCATION, SUSPENSION)
TTL_MS = 3_600_000  # a verifier may cache a list for an hour
STATUS_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def list_url(purpose: str, base_url: str | None = None) -> str:
    """Where the list of ``purpose`` is published (its credential's ``id``)."""
    return f"{base_url or current_app.config['BASE_URL']}/credentials/status/{purpose}"


def status_entries(position: int, base_url: str | None = None) -> list[dict[str, str]]:
    """The ``credentialStatus`` of the credential of the certificate at ``position`` (its ``status_position``):
    one ``BitstringStatusListEntry`` per purpose."""
    return [
        {
            "id": f"{list_url(purpose, base_url)}#{position}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": str(position),
            "statusListCredential": list_url(purpose, base_url),
        }
        for purpose in PURPOSES
    ]


def flagged(now: datetime | None = None) -> dict[str, set[int]]:
    """The positions (``status_position``) whose bit is set, per purpose."""
    now = now or utcnow()
    revoked: set[int] = set(
        db.session.scalars(
            select(Certificate.status_position).where(
                or_(
                    Certificate.status.in_((CertificateStatus.REVOKED.value, CertificateStatus.SUPERSEDED.value)),
                    # expired by a change (e.g. a timer's event) before its printed end: validUntil does not say it
                    (Certificate.status == CertificateStatus.EXPIRED.value)
                    & (Certificate.expires_at.is_(None) | (Certificate.status_changed_at < Certificate.expires_at)),
                )
            )
        )
    )
    suspended: set[int] = set()
    for programme in current_workflows().programmes.values():
        final = sorted(state.name for state in programme.states.values() if state.is_final)
        suspension = sorted(suspension_states(programme))
        if not final and not suspension:
            continue
        rows = db.session.execute(
            select(Certificate.status_position, Application.state)
            .join(Application, Application.id == Certificate.application_id)
            .where(
                Certificate.programme_code == programme.code,
                Certificate.status == CertificateStatus.VALID.value,
                Application.state.in_(final + suspension),
            )
        ).all()
        for position, state in rows:
            (suspended if state in suspension else revoked).add(position)
    return {REVOCATION: revoked, SUSPENSION: suspended}


def list_size() -> int:
    """Bits in the published lists: the minimum, or the multiple of it that holds every position drawn."""
    return list_bits(db.session.scalar(select(func.max(Certificate.status_position))))


def encode(indexes: set[int], size: int) -> str:
    """The ``encodedList``: multibase base64url (no padding) of the GZIP of the bitstring (index 0 leftmost)."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (for tests and the archive's own check)."""
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    purpose: str,
    now: datetime | None = None,
    issuer: Issuer | None = None,
    base_url: str | None = None,
    marks: dict[str, set[int]] | None = None,
) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` of ``purpose`` as of ``now``."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown status purpose {purpose!r}")
    now = now or utcnow()
    issuer = issuer or current_issuer()
    marks = marks if marks is not None else flagged(now)
    url = list_url(purpose, base_url)
    unsigned = {
        "@context": [STATUS_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "ttl": TTL_MS,
            "encodedList": encode(marks[purpose], list_size()),
        },
    }
    return add_proof(unsigned, issuer, now)
