"""The certificate as an Open Badges 3.0 credential: its eddsa-jcs-2022 proof verifies with the key the issuer
publishes at /.well-known/did.json (and /.well-known/jwks.json), and fails when any field is altered."""

from __future__ import annotations

import base64
import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accreditation.certificates.codes import code_for
from accreditation.certificates.credential import verify_proof
from accreditation.certificates.jcs import canonical
from accreditation.certificates.keys import parse_signing_key, public_key_from_multibase
from tests.certificates.builders import certified


def _certified(app, world, programme: str) -> str:
    """An application certified and its certificate issued; the certificate's public code."""
    with app.app_context():
        return code_for(certified(world, programme).verification_id)


def _download(client, code: str) -> dict:
    response = client.get(f"/verify/{code}/credential.json")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.get_json(force=True)


def _published_key(client, verification_method: str) -> Ed25519PublicKey:
    document = client.get("/.well-known/did.json").get_json(force=True)
    [method] = [m for m in document["verificationMethod"] if m["id"] == verification_method]
    assert method["type"] == "Multikey" and verification_method in document["assertionMethod"]
    return public_key_from_multibase(method["publicKeyMultibase"])


def test_the_credential_verifies_with_the_published_key(app, client, world, evidence):
    code = _certified(app, world, "ciss")
    credential = _download(client, code)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["id"] == f"http://localhost/verify/{code}"
    assert credential["issuer"]["id"] == "did:web:localhost"
    assert credential["credentialSubject"]["achievement"]["name"].endswith("Established")
    assert {"identityType": "name", "identityHash": "Liceul Teoretic A"}.items() <= credential["credentialSubject"][
        "identifier"
    ][0].items()
    proof = credential["proof"]
    assert (proof["type"], proof["cryptosuite"], proof["proofPurpose"]) == (
        "DataIntegrityProof",
        "eddsa-jcs-2022",
        "assertionMethod",
    )
    key = _published_key(client, proof["verificationMethod"])
    assert verify_proof(credential, key)
    assert _download(client, code) == credential  # deterministic: the same file every time


@pytest.mark.parametrize(
    "alter",
    [
        lambda c: c["credentialSubject"]["achievement"].update(name="Certified Safe Internet School: Exemplary"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Another School"),
        lambda c: c.update(validUntil="2099-01-01T00:00:00Z"),
        lambda c: c["proof"].update(created="2001-01-01T00:00:00Z"),
        lambda c: c.update(extra="field"),
        lambda c: c["proof"].update(proofValue=c["proof"]["proofValue"][:-2] + "11"),
    ],
    ids=["level", "school", "validity", "proof-created", "added-field", "signature"],
)
def test_the_credential_fails_verification_when_a_field_is_altered(app, client, world, evidence, alter):
    credential = _download(client, _certified(app, world, "esafety-label"))
    key = _published_key(client, credential["proof"]["verificationMethod"])
    altered = copy.deepcopy(credential)
    alter(altered)
    assert not verify_proof(altered, key)


def test_the_jwks_publishes_the_same_key_as_the_did_document(client, app):
    jwks = client.get("/.well-known/jwks.json").get_json(force=True)
    document = client.get("/.well-known/did.json").get_json(force=True)
    [jwk] = jwks["keys"]
    [method] = document["verificationMethod"]
    raw = base64.urlsafe_b64decode(jwk["x"] + "==")
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "EdDSA")
    assert public_key_from_multibase(method["publicKeyMultibase"]).public_bytes_raw() == raw
    assert document["id"] == "did:web:localhost"


def test_a_tampered_code_has_no_credential(client, app, world, evidence):
    code = _certified(app, world, "ciss")
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert client.get(f"/verify/{tampered}/credential.json").status_code == 404


def test_json_canonicalisation_sorts_keys_by_utf16_code_units_as_rfc_8785_does():
    # The sorting example of RFC 8785, section 3.2.3.
    data = {"€": 1, "\r": 2, "דּ": 3, "1": 4, "😀": 5, "\u0080": 6, "ö": 7}
    assert list(json.loads(canonical(data))) == ["\r", "1", "\u0080", "ö", "€", "😀", "דּ"]
    assert canonical({"b": [True, None, 1], "a": 'x"\n\u001f'}) == '{"a":"x\\"\\n\\u001f","b":[true,null,1]}'


def test_the_signing_key_is_read_from_a_pem_or_a_base64_seed():
    seed = bytes(range(32))
    from_seed = parse_signing_key(base64.b64encode(seed).decode())
    from_urlsafe = parse_signing_key(base64.urlsafe_b64encode(seed).decode().rstrip("="))
    assert from_seed.private_bytes_raw() == from_urlsafe.private_bytes_raw() == seed
    from accreditation.certificates.keys import SigningKeyError

    with pytest.raises(SigningKeyError):
        parse_signing_key("not a key")


def test_outside_development_the_signing_key_is_required_and_checked():
    from accreditation.certificates.keys import new_key_pem
    from accreditation.config import ConfigError, load_config

    production = {"APP_ENV": "production", "SECRET_KEY": "s" * 40}
    with pytest.raises(ConfigError, match="CREDENTIAL_SIGNING_KEY is not set"):
        load_config(production)
    with pytest.raises(ConfigError, match="CREDENTIAL_SIGNING_KEY must be"):
        load_config({**production, "CREDENTIAL_SIGNING_KEY": "not a key"})
    key = new_key_pem()
    assert load_config({**production, "CREDENTIAL_SIGNING_KEY": key})["CREDENTIAL_SIGNING_KEY"] == key.strip()
    assert load_config({"APP_ENV": "development"})["CREDENTIAL_SIGNING_KEY"] == ""  # generated into the instance
