"""An independent verifier of the service's credentials: it uses only ``cryptography`` and the standard library,
and reads only the published documents (the credential, the issuer's did:web document, the status lists). Nothing
of ``accreditation`` is imported, so it checks what the service publishes, not what its code believes.

It follows VC Data Integrity ``eddsa-jcs-2022`` and Bitstring Status List v1.0."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
Fetch = Callable[[str], dict[str, Any]]


def jcs(value: Any) -> bytes:
    """RFC 8785 for documents with ASCII keys and integers only (what is published): sorted keys, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def unbase58(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + ALPHABET.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def key_of(verification_method: str, fetch: Fetch) -> Ed25519PublicKey:
    """The Ed25519 key of a ``did:web`` verification method, from the DID document its host publishes."""
    did = verification_method.split("#")[0]
    assert did.startswith("did:web:")
    document = fetch("/.well-known/did.json")
    assert document["id"] == did
    [method] = [m for m in document["verificationMethod"] if m["id"] == verification_method]
    assert verification_method in document["assertionMethod"]
    raw = unbase58(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def proof_holds(document: dict[str, Any], fetch: Fetch) -> bool:
    proof = dict(document["proof"])
    if (proof.get("type"), proof.get("cryptosuite")) != ("DataIntegrityProof", "eddsa-jcs-2022"):
        return False
    signature = unbase58(proof.pop("proofValue")[1:])
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {**proof, "@context": document["@context"]}
    data = hashlib.sha256(jcs(options)).digest() + hashlib.sha256(jcs(unsecured)).digest()
    try:
        key_of(proof["verificationMethod"], fetch).verify(signature, data)
    except InvalidSignature:
        return False
    return document["issuer"] == proof["verificationMethod"].split("#")[0] or (
        isinstance(document["issuer"], dict) and document["issuer"]["id"] == proof["verificationMethod"].split("#")[0]
    )


def status_bit(entry: dict[str, Any], fetch: Fetch) -> bool:
    """The bit of a ``BitstringStatusListEntry``, from its signed list (a list whose proof fails raises)."""
    assert entry["type"] == "BitstringStatusListEntry"
    listing = fetch(entry["statusListCredential"])
    if not proof_holds(listing, fetch):
        raise ValueError("the status list's proof does not hold")
    subject = listing["credentialSubject"]
    assert "BitstringStatusListCredential" in listing["type"] and subject["statusPurpose"] == entry["statusPurpose"]
    encoded = subject["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def verdict(credential: dict[str, Any], fetch: Fetch, now: datetime | None = None) -> str:
    """``valid``, ``tampered``, ``expired``, ``revoked`` or ``suspended``."""
    if not proof_holds(credential, fetch):
        return "tampered"
    now = now or datetime.now(UTC)
    until = credential.get("validUntil")
    if until and datetime.fromisoformat(until.replace("Z", "+00:00")) <= now:
        return "expired"
    entries = credential.get("credentialStatus", [])
    entries = entries if isinstance(entries, list) else [entries]
    assert entries, "the credential has no status entry"
    for entry in entries:
        if status_bit(entry, fetch):
            return entry["statusPurpose"] if entry["statusPurpose"] != "revocation" else "revoked"
    return "valid"
