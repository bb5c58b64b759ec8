"""Credentials that outlive the operator: the credential names its entries in the W3C Bitstring Status Lists the
service publishes and signs; a copy downloaded while valid stops verifying as valid once the certificate is
revoked or suspended, as an independent verifier (``independent_verifier``: ``cryptography`` only) finds."""

from __future__ import annotations

from urllib.parse import urlsplit

from accreditation.certificates.codes import code_for
from tests.applications.builders import fire_as
from tests.certificates.builders import COORDINATORS, certified, run_jobs
from tests.ministry.independent_verifier import status_bit, verdict


def _fetcher(client):
    def fetch(url: str) -> dict:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.get_json(force=True)

    return fetch


def _download(app, client, world, programme: str = "ciss") -> tuple[int, dict]:
    with app.app_context():
        certificate = certified(world, programme)
        application_id, code = certificate.application_id, code_for(certificate.verification_id)
    response = client.get(f"/verify/{code}/credential.json")
    assert response.status_code == 200
    return application_id, response.get_json(force=True)


def test_a_valid_credential_carries_both_status_entries_and_verifies_as_valid(app, client, world, evidence):
    _, credential = _download(app, client, world)
    entries = credential["credentialStatus"]
    assert [entry["statusPurpose"] for entry in entries] == ["revocation", "suspension"]
    assert entries[0]["statusListCredential"] == "http://localhost/credentials/status/revocation"
    fetch = _fetcher(client)
    assert verdict(credential, fetch) == "valid"
    listing = client.get("/credentials/status/revocation")
    assert listing.headers["Access-Control-Allow-Origin"] == "*"
    assert listing.get_json(force=True)["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]


def test_a_revoked_credential_has_its_bit_set_in_the_signed_list(app, client, world, evidence):
    application_id, credential = _download(app, client, world)
    with app.app_context():
        fire_as(application_id, "revoke", COORDINATORS["a"], comment="The school closed its safeguarding team.")
        run_jobs(application_id)
    fetch = _fetcher(client)
    revocation, suspension = credential["credentialStatus"]
    assert status_bit(revocation, fetch) is True
    assert status_bit(suspension, fetch) is False
    assert verdict(credential, fetch) == "revoked"  # the copy downloaded before no longer verifies as valid


def test_a_suspended_credential_has_its_suspension_bit_set_until_reinstated(app, client, world, evidence):
    application_id, credential = _download(app, client, world)
    fetch = _fetcher(client)
    with app.app_context():
        fire_as(application_id, "suspend", COORDINATORS["a"], comment="A complaint is being looked into.")
    assert verdict(credential, fetch) == "suspension"
    with app.app_context():
        fire_as(application_id, "reinstate", COORDINATORS["a"], comment="The complaint was unfounded.")
    assert verdict(credential, fetch) == "valid"


def test_a_list_altered_in_transit_is_refused(app, client, world, evidence):
    _, credential = _download(app, client, world)
    real = _fetcher(client)

    def altered(url: str) -> dict:
        document = real(url)
        if "credentialSubject" in document and "encodedList" in document["credentialSubject"]:
            document["validFrom"] = "2001-01-01T00:00:00Z"
        return document

    try:
        verdict(credential, altered)
    except ValueError as error:
        assert "proof" in str(error)
    else:
        raise AssertionError("an altered status list was believed")


def test_an_unknown_purpose_is_not_found(client, app):
    assert client.get("/credentials/status/whatever").status_code == 404
