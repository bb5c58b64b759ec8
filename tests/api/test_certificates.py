"""``GET /api/v1/certificates/<code>``: the public verification of a certificate's code, in the contract's statuses
(valid, expired, revoked, unknown) with the precise outcome beside them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from accreditation.certificates.codes import code_for, new_verification_id
from accreditation.extensions import db
from accreditation.models import Certificate
from accreditation.models.time import utcnow
from tests.applications.builders import fire_as
from tests.certificates.builders import COORDINATORS, certified, run_jobs


def _issue(app, world, programme: str = "ciss") -> tuple[int, str]:
    with app.app_context():
        certificate = certified(world, programme)
        return certificate.id, code_for(certificate.verification_id)


def _verify(client, code: str) -> dict:
    response = client.get(f"/api/v1/certificates/{code}")
    assert response.status_code == 200
    return response.get_json()


def test_anyone_verifies_a_valid_certificate(app, client, world, evidence):
    certificate_id, code = _issue(app, world)
    body = _verify(client, code)
    with app.app_context():
        certificate = db.session.get(Certificate, certificate_id)
        assert body == {
            "status": "valid",
            "outcome": "valid",
            "school": "Liceul Teoretic A",
            "programme": "ciss",
            "programme_name": certificate.programme_name,
            "level": "established",
            "title": certificate.title,
            "serial": certificate.serial,
            "issued_at": certificate.issued_at.isoformat(),
            "expires_at": certificate.expires_at.isoformat(),
        }


def test_an_expired_certificate_is_expired_even_before_the_sweep(app, client, world, evidence):
    certificate_id, code = _issue(app, world, "esafety-label")
    with app.app_context():
        db.session.execute(
            update(Certificate).where(Certificate.id == certificate_id).values(expires_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()
    assert _verify(client, code)["status"] == "expired"


def test_a_revoked_certificate_is_revoked(app, client, world, evidence):
    certificate_id, code = _issue(app, world)
    with app.app_context():
        application_id = db.session.get(Certificate, certificate_id).application_id
        fire_as(application_id, "revoke", COORDINATORS["a"], comment="The measures were found not to be in place.")
        run_jobs(application_id, "expire_certificate")
    body = _verify(client, code)
    assert (body["status"], body["outcome"]) == ("revoked", "revoked")


def test_a_replaced_certificate_is_no_longer_in_force(app, client, world, evidence):
    old_id, code = _issue(app, world)
    with app.app_context():
        fire_as(db.session.get(Certificate, old_id).application_id, "open_renewal", COORDINATORS["a"])
        certified(world, "ciss")
    body = _verify(client, code)
    assert (body["status"], body["outcome"]) == ("expired", "superseded")


@pytest.mark.parametrize("mangle", [lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"), lambda code: "x" * 300])
def test_an_unknown_or_altered_code_is_unknown(app, client, world, evidence, mangle):
    with app.app_context():
        unknown = code_for(new_verification_id())  # well signed, but no certificate has it
    body = _verify(client, unknown)
    assert (body["status"], body["outcome"], body["school"]) == ("unknown", "unknown", None)
    _, code = _issue(app, world)
    body = _verify(client, mangle(code))
    assert (body["status"], body["outcome"], body["school"], body["serial"]) == ("unknown", "invalid", None, None)
