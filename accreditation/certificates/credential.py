"""The certificate as a machine-verifiable credential: an Open Badges 3.0 ``OpenBadgeCredential`` (a W3C Verifiable
Credential 2.0) secured with a Data Integrity proof of the ``eddsa-jcs-2022`` cryptosuite.

Signing (VC Data Integrity EdDSA Cryptosuites, "eddsa-jcs-2022"): the proof options plus the document's
``@context`` are canonicalised with JCS (RFC 8785), so is the document without its proof; the Ed25519 signature is
over SHA-256(options) ‖ SHA-256(document), and goes into ``proofValue`` as base58btc multibase. The document is
signed when downloaded, with the certificate's issue time as the proof's ``created``: Ed25519 is deterministic, so
the same certificate and key always give the same file.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accreditation.certificates.jcs import canonical_bytes
from accreditation.certificates.keys import Issuer, base58btc, from_base58btc

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(unsecured: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    proof_config = dict(proof_options)
    if "@context" in unsecured:
        proof_config["@context"] = unsecured["@context"]
    return hashlib.sha256(canonical_bytes(proof_config)).digest() + hashlib.sha256(canonical_bytes(unsecured)).digest()


def add_proof(unsecured: dict[str, Any], issuer: Issuer, created: datetime) -> dict[str, Any]:
    """``unsecured`` with an ``eddsa-jcs-2022`` proof by ``issuer``'s key."""
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": issuer.verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = issuer.private_key.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": {**options, "proofValue": "z" + base58btc(signature)}}


def verify_proof(secured: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    """Whether ``secured`` carries a valid ``eddsa-jcs-2022`` proof by ``public_key`` (any change: False)."""
    proof = secured.get("proof") if isinstance(secured, dict) else None
    if not isinstance(proof, dict) or proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        signature = from_base58btc(value[1:])
    except ValueError:
        return False
    unsecured = copy.deepcopy({key: item for key, item in secured.items() if key != "proof"})
    options = {key: item for key, item in proof.items() if key != "proofValue"}
    if "@context" in options:
        context = options["@context"]
        document_context = unsecured.get("@context")
        if not isinstance(context, list) or not isinstance(document_context, list):
            return False
        if document_context[: len(context)] != context:
            return False
        unsecured["@context"] = context
        options = {key: item for key, item in options.items() if key != "@context"}
    try:
        public_key.verify(signature, _hash_data(unsecured, options))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def unsigned_credential(
    *,
    verify_url: str,
    issuer: Issuer,
    issuer_name: str,
    issuer_url: str,
    achievement_id: str,
    credential_name: str,
    achievement_name: str,
    achievement_description: str,
    criteria: str,
    school_name: str,
    school_identifier: str,
    issued_at: datetime,
    expires_at: datetime | None,
) -> dict[str, Any]:
    """The OpenBadgeCredential of one certificate, before its proof. Its ``id`` is the public verification URL,
    where anyone sees whether it is still valid."""
    credential: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer_name, "url": issuer_url},
        "validFrom": timestamp(issued_at),
        "name": credential_name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": school_name},
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": False,
                    "identityHash": school_identifier,
                },
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": achievement_name,
                "description": achievement_description,
                "criteria": {"narrative": criteria},
            },
        },
    }
    if expires_at is not None:
        credential["validUntil"] = timestamp(expires_at)
    return credential
