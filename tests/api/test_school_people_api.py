"""The school's people, certificates and data export through the API, on real HTTP requests with real tokens: a
school admin reads its members, invites (the e-mail lands in the outbox), revokes, removes a member; downloads its
certificate's PDF and credential (the same as the pages'); exports its data; and the refusals."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from accreditation.certificates.codes import code_for
from accreditation.certificates.credential import verify_proof
from accreditation.certificates.keys import public_key_from_multibase
from accreditation.extensions import db
from accreditation.models import Certificate, Invitation, Membership, School
from accreditation.models.certificate import CertificateStatus
from accreditation.models.time import utcnow
from tests.api.builders import HEAD_A, HEAD_B, STAFF_A
from tests.builders import add_school, link_in, outbox, sign_in, user_id
from tests.certificates.builders import certified

NEWCOMER = "new.teacher@example.org"


def _members(app, school_id: int) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Membership.user_id).where(Membership.school_id == school_id)))


def _certificate(app, world, programme: str = "ciss", school: str = "a") -> tuple[int, str]:
    """A certificate issued to the school (its application certified through the workflow): its id and code."""
    with app.app_context():
        certificate = certified(world, programme, school)
        db.session.commit()
        return certificate.id, code_for(certificate.verification_id)


# --- members ---------------------------------------------------------------------------------------------------------


def test_the_members_are_listed_with_who_may_remove_whom(app, api, world):
    head, staff = user_id(app, HEAD_A), user_id(app, STAFF_A)
    response = api.get(f"/schools/{world.school_a}/members", "school_admin_a")
    assert response.status_code == 200
    members = {member["user_id"]: member for member in response.get_json()}
    assert set(members) == {head, staff}
    assert (members[head]["role"], members[head]["name"], members[head]["email"]) == ("school_admin", "Head A", HEAD_A)
    assert members[staff]["role"] == "school_staff" and members[staff]["role_label"]
    assert not members[head]["may_remove"] and members[staff]["may_remove"]  # nobody removes themselves

    as_staff = api.get(f"/schools/{world.school_a}/members", "school_staff_a").get_json()
    assert [member["may_remove"] for member in as_staff] == [False, False]
    as_coordinator = api.get(f"/schools/{world.school_a}/members", "coordinator_in").get_json()
    assert all(member["may_remove"] for member in as_coordinator)


def test_a_school_admin_removes_a_member_who_left(app, api, world):
    staff = user_id(app, STAFF_A)
    path = f"/schools/{world.school_a}/members/{staff}"
    assert api.delete(path, "school_staff_a").status_code == 403  # staff do not remove anyone
    assert api.delete(path, "member_b").get_json()["error"]["code"] == "not_yours"

    response = api.delete(path, "school_admin_a")
    assert response.status_code == 204 and response.get_data() == b""
    assert staff not in _members(app, world.school_a)
    assert staff not in {m["user_id"] for m in api.get(f"/schools/{world.school_a}/members", "admin").get_json()}
    assert api.get(f"/schools/{world.school_a}", "school_staff_a").status_code == 403  # their access ended

    again = api.delete(path, "school_admin_a")
    assert again.status_code == 404 and again.get_json()["error"]["code"] == "no_such_member"


def test_nobody_removes_themselves_nor_a_member_of_another_school(app, api, world):
    head = user_id(app, HEAD_A)
    response = api.delete(f"/schools/{world.school_a}/members/{head}", "school_admin_a")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "cannot_remove_yourself"
    assert head in _members(app, world.school_a)

    head_b = user_id(app, HEAD_B)
    assert api.delete(f"/schools/{world.school_a}/members/{head_b}", "school_admin_a").status_code == 404
    assert head_b in _members(app, world.school_b)
    assert api.delete(f"/schools/999999/members/{head_b}", "admin").status_code == 404
    # a coordinator over the school removes its only admin (who left), and an admin may too
    assert api.delete(f"/schools/{world.school_a}/members/{head}", "coordinator_out").status_code == 403
    assert api.delete(f"/schools/{world.school_a}/members/{head}", "coordinator_in").status_code == 204


# --- invitations -----------------------------------------------------------------------------------------------------


def test_a_school_admin_invites_a_colleague_by_e_mail_and_revokes_the_invitation(app, api, client, world):
    path = f"/schools/{world.school_a}/invitations"
    response = api.post(path, "school_admin_a", json={"email": "New.Teacher@Example.org", "role": "school_admin"})
    assert response.status_code == 201, response.get_json()
    invitation = response.get_json()
    assert (invitation["email"], invitation["role"], invitation["pending"], invitation["sent"]) == (
        NEWCOMER,
        "school_admin",
        True,
        True,
    )
    [mail] = outbox(app)
    assert mail["To"] == NEWCOMER and "Liceul Teoretic A" in mail["Subject"]
    link = link_in(mail)
    assert link.startswith("/invitations/")
    assert client.get(link).status_code == 200  # the link works

    listed = api.get(path, "school_admin_a").get_json()
    assert [(i["id"], i["email"], i["role"]) for i in listed] == [(invitation["id"], NEWCOMER, "school_admin")]

    revoked = api.post(f"{path}/{invitation['id']}/revoke", "school_admin_a")
    assert revoked.status_code == 204
    assert api.get(path, "school_admin_a").get_json() == []
    assert client.get(link).status_code == 400  # its link no longer works
    again = api.post(f"{path}/{invitation['id']}/revoke", "school_admin_a")
    assert again.status_code == 404 and again.get_json()["error"]["code"] == "no_such_invitation"


def test_inviting_again_replaces_the_earlier_link(app, api, world):
    path = f"/schools/{world.school_a}/invitations"
    first = api.post(path, "school_admin_a", json={"email": NEWCOMER}).get_json()
    second = api.post(path, "school_admin_a", json={"email": NEWCOMER}).get_json()
    assert first["role"] == "school_staff"  # the default
    assert [i["id"] for i in api.get(path, "school_admin_a").get_json()] == [second["id"]]
    assert len(outbox(app)) == 2


def test_an_accepted_invitation_is_not_revoked(app, api, world):
    invitation = api.post(f"/schools/{world.school_a}/invitations", "school_admin_a", json={"email": NEWCOMER})
    invitation_id = invitation.get_json()["id"]
    with app.app_context():
        db.session.get(Invitation, invitation_id).accepted_at = utcnow()
        db.session.commit()
    response = api.post(f"/schools/{world.school_a}/invitations/{invitation_id}/revoke", "school_admin_a")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "already_accepted"
    other = api.post(f"/schools/{world.school_b}/invitations/{invitation_id}/revoke", "member_b")
    assert other.status_code == 404  # not that school's


def test_invitations_are_refused_with_a_reason(app, api, world):
    path = f"/schools/{world.school_a}/invitations"
    member = api.post(path, "school_admin_a", json={"email": STAFF_A})
    assert member.status_code == 422 and "already a member" in member.get_json()["error"]["message"]
    assert member.get_json()["error"]["reasons"]

    bad = api.post(path, "school_admin_a", json={"email": "not an address", "role": "headmaster", "extra": 1})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"email", "role", "extra"}

    assert api.post(path, "school_staff_a", json={"email": NEWCOMER}).status_code == 403
    assert api.post(path, "coordinator_in", json={"email": NEWCOMER}).status_code == 403
    assert api.post(path, "member_b", json={"email": NEWCOMER}).get_json()["error"]["code"] == "not_yours"
    assert api.get(path, "school_staff_a").status_code == 403
    assert api.post("/schools/999999/invitations", "admin", json={"email": NEWCOMER}).status_code == 404
    assert outbox(app) == []
    with app.app_context():
        assert db.session.scalars(select(Invitation)).all() == []


def test_an_unverified_school_invites_nobody_yet(app, api, world):
    with app.app_context():
        pending = add_school("Pending School", "MD-3003", "MD", "MD-BA", verification="pending").id
        db.session.add(Membership(user_id=user_id(app, HEAD_A), school_id=pending, role="school_admin"))
        db.session.commit()
    response = api.post(f"/schools/{pending}/invitations", "school_admin_a", json={"email": NEWCOMER})
    assert response.status_code == 422 and "verified" in response.get_json()["error"]["message"]
    assert outbox(app) == []


# --- certificates ----------------------------------------------------------------------------------------------------


def test_a_school_reads_its_certificates_and_downloads_the_pages_pdf_and_credential(app, api, client, world, evidence):
    certificate_id, code = _certificate(app, world)
    listed = api.get(f"/schools/{world.school_a}/certificates", "school_staff_a")
    assert listed.status_code == 200
    [shown] = listed.get_json()
    assert (shown["id"], shown["code"], shown["status"], shown["outcome"], shown["in_force"]) == (
        certificate_id,
        code,
        "valid",
        "valid",
        True,
    )
    assert shown["serial"].startswith("CISS-") and shown["level"] == "established" and shown["kind"] == "award"
    assert shown["issued_at"] and shown["expires_at"] and shown["title"] and shown["status_label"]
    assert shown["verify_url"] == f"http://localhost/verify/{code}"
    assert api.get(f"/certificates/{code}", None).get_json()["serial"] == shown["serial"]

    pdf = api.get(f"/schools/{world.school_a}/certificates/{certificate_id}/pdf", "school_admin_a")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == f'inline; filename="{shown["serial"]}.pdf"'
    sign_in(client, HEAD_A)
    page_pdf = client.get(f"/certificates/{certificate_id}.pdf")
    assert page_pdf.data == pdf.data and page_pdf.headers["Content-Disposition"] == pdf.headers["Content-Disposition"]

    credential = api.get(f"/schools/{world.school_a}/certificates/{certificate_id}/credential", "school_staff_a")
    assert credential.status_code == 200 and credential.mimetype == "application/ld+json"
    document = credential.get_json(force=True)
    assert document == client.get(f"/verify/{code}/credential.json").get_json(force=True)
    did = client.get("/.well-known/did.json").get_json(force=True)
    [method] = [m for m in did["verificationMethod"] if m["id"] == document["proof"]["verificationMethod"]]
    assert verify_proof(document, public_key_from_multibase(method["publicKeyMultibase"]))


def test_a_certificate_not_in_force_has_no_credential(app, api, world, evidence):
    certificate_id, _code = _certificate(app, world)
    with app.app_context():
        certificate = db.session.get(Certificate, certificate_id)
        certificate.status, certificate.status_changed_at = CertificateStatus.REVOKED.value, utcnow()
        db.session.commit()
    [shown] = api.get(f"/schools/{world.school_a}/certificates", "school_admin_a").get_json()
    assert (shown["status"], shown["in_force"], shown["not_in_force_since"] is not None) == ("revoked", False, True)
    response = api.get(f"/schools/{world.school_a}/certificates/{certificate_id}/credential", "school_admin_a")
    assert response.status_code == 410
    error = response.get_json()["error"]
    assert (error["code"], error["outcome"]) == ("not_in_force", "revoked")
    pdf = api.get(f"/schools/{world.school_a}/certificates/{certificate_id}/pdf", "school_admin_a")
    assert pdf.status_code == 200  # the PDF stays the school's, as on its page


def test_another_schools_certificate_is_not_reached(app, api, world, evidence):
    certificate_id, _code = _certificate(app, world, "esafety-label", "b")
    own = f"/schools/{world.school_b}/certificates/{certificate_id}"
    for suffix in ("pdf", "credential"):
        assert api.get(f"{own}/{suffix}", "member_b").status_code == 200
        assert api.get(f"{own}/{suffix}", "school_admin_a").status_code == 403
        # through a school one may see, another school's certificate does not exist
        assert api.get(f"/schools/{world.school_a}/certificates/{certificate_id}/{suffix}", "admin").status_code == 404
        assert api.get(f"/schools/{world.school_b}/certificates/999999/{suffix}", "admin").status_code == 404
    assert api.get(f"/schools/{world.school_a}/certificates", "school_admin_a").get_json() == []
    assert api.get(f"/schools/{world.school_b}/certificates", "school_admin_a").status_code == 403
    assert api.get("/schools/999999/certificates", "admin").status_code == 404


def test_only_the_schools_admins_choose_its_public_listing(app, api, world):
    path = f"/schools/{world.school_a}/public-listing"
    assert api.get(path, "school_staff_a").get_json() == {"listed": True}
    response = api.put(path, "school_admin_a", json={"listed": False})
    assert response.status_code == 200 and response.get_json() == {"listed": False}
    with app.app_context():
        assert db.session.get(School, world.school_a).listed_publicly is False
    assert api.get(path, "coordinator_in").get_json() == {"listed": False}

    refused = api.put(path, "school_staff_a", json={"listed": True})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "not_permitted"
    assert api.put(path, "admin", json={"listed": True}).status_code == 403
    assert api.put(path, "school_admin_a", json={"listed": "yes"}).status_code == 422
    assert api.put(path, "school_admin_a", json={}).status_code == 422
    with app.app_context():
        assert db.session.get(School, world.school_a).listed_publicly is False


# --- the school's data -----------------------------------------------------------------------------------------------


def test_a_school_admin_exports_the_schools_data(app, api, client, world, evidence):
    _certificate(app, world)
    response = api.get(f"/schools/{world.school_a}/export", "school_admin_a")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f"attachment; filename=school-{world.school_a}-data.zip"
    assert response.headers["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        data = json.loads(archive.read("school.json"))
    assert data["school"]["name"] == "Liceul Teoretic A"
    assert {member["email"] for member in data["members"]} == {HEAD_A, STAFF_A}
    assert len(data["applications"]) == 1

    for role in ("school_staff_a", "coordinator_in", "admin", "member_b"):
        assert api.get(f"/schools/{world.school_a}/export", role).status_code == 403, role
    assert api.get("/schools/999999/export", "admin").status_code == 404
