"""The public pages: /verify/<code> for anyone (valid, expired, revoked, replaced, suspended, ended, unknown,
tampered: never a 500), the list of certified schools (a school may opt out), the issuer's keys; and a school's
certificate PDF for the people who may see the school."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from accreditation.certificates.codes import code_for, new_verification_id
from accreditation.extensions import db
from accreditation.models import Certificate
from accreditation.models.certificate import CertificateKind, CertificateStatus
from accreditation.models.time import utcnow
from tests.applications.builders import fire_as, start
from tests.builders import csrf_token, sign_in, sign_out
from tests.certificates.builders import COORDINATORS, certificate_of, certified, run_jobs


def _issue(app, world, programme="ciss", school="a") -> tuple[int, str]:
    with app.app_context():
        certificate = certified(world, programme, school)
        return certificate.id, code_for(certificate.verification_id)


def _listed(client, programme: str) -> str:
    """The table of the public list of certified schools ("" when nobody is listed: the page says so instead)."""
    page = client.get(f"/certified/{programme}").get_data(as_text=True)
    if 'id="certified"' not in page:
        assert 'id="no-certified"' in page
        return ""
    return page[page.index('id="certified"') : page.index("</table>")]


def _verdict(client, code: str) -> tuple[int, str]:
    response = client.get(f"/verify/{code}")
    return response.status_code, response.get_data(as_text=True)


def test_anyone_sees_a_valid_certificate_with_school_programme_level_and_dates(app, client, world, evidence):
    certificate_id, code = _issue(app, world)
    status, page = _verdict(client, code)
    assert status == 200
    assert 'class="verdict verdict-valid"' in page and "Valid" in page
    with app.app_context():
        certificate = db.session.get(Certificate, certificate_id)
        for expected in (
            "Liceul Teoretic A",
            "Certified Safe Internet School",
            "Level: Established",
            certificate.serial,
            certificate.issued_at.date().isoformat(),
            certificate.expires_at.date().isoformat(),
        ):
            assert expected in page


def test_an_expired_certificate_says_expired_even_before_the_sweep(app, client, world, evidence):
    certificate_id, code = _issue(app, world, "esafety-label")
    with app.app_context():
        db.session.execute(
            update(Certificate).where(Certificate.id == certificate_id).values(expires_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-expired" in page and "Expired" in page


def test_a_revoked_certificate_says_revoked_with_the_reason(app, client, world, evidence):
    certificate_id, code = _issue(app, world)
    reason = "The certified measures were found not to be in place at a follow-up visit."
    with app.app_context():
        application_id = db.session.get(Certificate, certificate_id).application_id
        fire_as(application_id, "revoke", COORDINATORS["a"], comment=reason)
        run_jobs(application_id, "expire_certificate")
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-revoked" in page and reason in page


def test_a_replaced_certificate_names_its_successor(app, client, world, evidence):
    old_id, code = _issue(app, world)
    with app.app_context():
        old_application = db.session.get(Certificate, old_id).application_id
        fire_as(old_application, "open_renewal", COORDINATORS["a"])
        new_serial = certified(world, "ciss").serial
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-superseded" in page and new_serial in page


def test_an_unknown_code_is_unknown(app, client):
    with app.app_context():
        code = code_for(new_verification_id())  # well signed, but no certificate has it
    status, page = _verdict(client, code)
    assert status == 404 and "verdict-unknown" in page


@pytest.mark.parametrize(
    "mangle",
    [
        lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # the signature altered
        lambda code: ("B" if code[0] != "B" else "C") + code[1:],  # the id altered
        lambda code: code.split("-")[0],  # the signature cut off
        lambda code: code + "x",
        lambda code: "../../etc/passwd",
        lambda code: "%00%ff' OR 1=1 --",
        lambda code: "x" * 500,
    ],
)
def test_a_tampered_or_made_up_code_is_rejected_never_a_500(app, client, world, evidence, mangle):
    _, code = _issue(app, world)
    mangled = mangle(code)
    response = client.get(f"/verify/{mangled}")
    assert response.status_code == (400 if "%00" in mangled else 404)  # a NUL character is refused before the view
    page = response.get_data(as_text=True)
    assert "verdict-invalid" in page or "Not Found" in page or "Not found" in page or "NUL character" in page
    assert "Liceul Teoretic A" not in page


def test_the_verify_form_sends_a_typed_code_to_its_page(client, app):
    assert client.get("/verify").status_code == 200
    response = client.get("/verify?code=%20abc-def%20")
    assert response.status_code == 302 and response.headers["Location"].endswith("/verify/abc-def")


def test_the_public_list_shows_certified_schools_that_did_not_opt_out(app, client, world, evidence):
    _issue(app, world, "ciss", "a")
    _issue(app, world, "ciss", "b")
    listed = _listed(client, "ciss")
    assert "Liceul Teoretic A" in listed and "Lviv School B" in listed and "Established" in listed
    assert "Liceul Teoretic A" not in _listed(client, "esafety-label")

    sign_in(client, "head.b@example.org")
    dashboard = client.get(f"/schools/{world.school_b}").get_data(as_text=True)
    assert f'action="/schools/{world.school_b}/public-listing"' in dashboard  # in the head's language (Ukrainian)
    response = client.post(
        f"/schools/{world.school_b}/public-listing", data={"listed": "0", "csrf_token": csrf_token(dashboard)}
    )
    assert response.status_code == 302
    listed = _listed(client, "ciss")
    assert "Liceul Teoretic A" in listed and "Lviv School B" not in listed
    assert client.get("/certified/nonexistent").status_code == 404


def test_only_the_schools_admin_chooses_its_listing(app, client, world):
    sign_in(client, "staff.a@example.org")
    token = csrf_token(client.get(f"/schools/{world.school_a}").get_data(as_text=True))
    response = client.post(f"/schools/{world.school_a}/public-listing", data={"listed": "0", "csrf_token": token})
    assert response.status_code == 403
    sign_out(client)
    sign_in(client, "head.b@example.org")
    token = csrf_token(client.get(f"/schools/{world.school_b}").get_data(as_text=True))
    response = client.post(f"/schools/{world.school_a}/public-listing", data={"listed": "0", "csrf_token": token})
    assert response.status_code == 403
    sign_out(client)
    sign_in(client, "head.a@example.org")
    response = client.post(f"/schools/{world.school_a}/public-listing", data={"listed": "0"})
    assert response.status_code == 400  # no CSRF token


def test_the_school_and_its_coordinator_download_the_pdf_others_do_not(app, client, world, evidence):
    certificate_id, _ = _issue(app, world)
    assert client.get(f"/certificates/{certificate_id}.pdf").status_code == 302  # sign in first
    for email, expected in [
        ("head.a@example.org", 200),
        ("staff.a@example.org", 200),
        ("coord.md@example.org", 200),
        ("head.b@example.org", 404),
        ("coord.ua@example.org", 404),
        ("assessor@example.org", 404),
    ]:
        sign_in(client, email)
        response = client.get(f"/certificates/{certificate_id}.pdf")
        sign_out(client)
        assert response.status_code == expected, email
        if expected == 200:
            assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    with app.app_context():
        assert certificate_of(db.session.get(Certificate, certificate_id).application_id).pdf_key


# --- what a certificate says now: every status, and the application's state behind a certificate stored as valid ---


def _api(client, code: str) -> tuple[str, str]:
    body = client.get(f"/api/v1/certificates/{code}").get_json()
    return body["status"], body["outcome"]


def _school_section(client, school_id: int) -> str:
    sign_in(client, "head.a@example.org")
    page = client.get(f"/schools/{school_id}").get_data(as_text=True)
    sign_out(client)
    return page[page.index('id="certificates"') :]


def test_a_suspended_certification_is_not_shown_as_valid_anywhere_until_it_is_reinstated(app, client, world, evidence):
    certificate_id, code = _issue(app, world)
    with app.app_context():
        application_id = db.session.get(Certificate, certificate_id).application_id
        fire_as(application_id, "suspend", COORDINATORS["a"], comment="A complaint is being investigated.")
        assert db.session.get(Certificate, certificate_id).status == "valid"  # stored valid: the state says more
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-suspended" in page and "verdict-valid" not in page
    assert "Suspended" in page and 'id="since"' in page
    assert "A complaint is being investigated." not in page  # the coordinator's comment stays internal
    assert "/credential.json" not in page  # no signed credential to download while it is not in force
    assert _api(client, code) == ("revoked", "suspended")
    credential = client.get(f"/verify/{code}/credential.json")
    assert credential.status_code == 410 and credential.get_json()["status"] == "suspended"
    assert "Liceul Teoretic A" not in _listed(client, "ciss")
    section = _school_section(client, world.school_a)
    assert ">Suspended</a>" in section and "/credential.json" not in section

    with app.app_context():
        fire_as(application_id, "reinstate", COORDINATORS["a"], comment="The complaint was unfounded.")
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-valid" in page
    assert _api(client, code) == ("valid", "valid")
    assert client.get(f"/verify/{code}/credential.json").status_code == 200
    assert "Liceul Teoretic A" in _listed(client, "ciss")


def test_a_revoked_certificate_says_revoked_at_once_before_its_job_has_run(app, client, world, evidence):
    certificate_id, code = _issue(app, world)
    reason = "The measures were found not to be in place."
    with app.app_context():
        application_id = db.session.get(Certificate, certificate_id).application_id
        fire_as(application_id, "revoke", COORDINATORS["a"], comment=reason)  # expire_certificate not run yet
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-revoked" in page and reason in page
    assert _api(client, code) == ("revoked", "revoked")
    assert client.get(f"/verify/{code}/credential.json").status_code == 410
    assert "Liceul Teoretic A" not in _listed(client, "ciss")


def test_the_commitment_certificate_of_a_school_that_withdrew_is_no_longer_valid(app, client, world, evidence):
    with app.app_context():
        application_id = start(world, "ciss")
        fire_as(application_id, "accept", COORDINATORS["a"])
        run_jobs(application_id, "issue_commitment_certificate")
        commitment = certificate_of(application_id, CertificateKind.INTERMEDIATE)
        code = code_for(commitment.verification_id)
    assert "verdict-valid" in _verdict(client, code)[1]
    with app.app_context():
        fire_as(application_id, "withdraw", "head.a@example.org")
        run_jobs(application_id)
    status, page = _verdict(client, code)
    assert status == 200 and "verdict-ended" in page and "Withdrawn by the school" in page
    assert _api(client, code) == ("expired", "ended")
    assert ">Ended</a>" in _school_section(client, world.school_a)


@pytest.mark.parametrize("stored", [status.value for status in CertificateStatus])
def test_every_stored_status_has_its_own_verdict_on_every_page(app, client, world, evidence, stored):
    certificate_id, code = _issue(app, world)
    with app.app_context():
        db.session.execute(
            update(Certificate)
            .where(Certificate.id == certificate_id)
            .values(status=stored, status_changed_at=utcnow(), status_reason="")
        )
        db.session.commit()
    status, page = _verdict(client, code)
    assert status == 200 and f"verdict-{stored}" in page
    assert ("verdict-valid" in page) == (stored == "valid")
    assert _api(client, code)[1] == stored
    assert client.get(f"/verify/{code}/credential.json").status_code == (200 if stored == "valid" else 410)
    assert ("Liceul Teoretic A" in _listed(client, "ciss")) == (stored == "valid")
    label = {"valid": "Valid", "expired": "Expired", "revoked": "Revoked", "superseded": "Replaced"}[stored]
    assert f'">{label}</a></td>' in _school_section(client, world.school_a)
