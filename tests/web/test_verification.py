"""Coordinators verify or reject schools in their scope; nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import School
from accreditation.models.user import User
from tests.builders import add_school, csrf_token, mail_text, outbox, sign_in


def _pending_school(app, country="MD", region="MD-BA", national_id="MD-5005") -> int:
    """A pending school in ``region`` with a school admin."""
    from accreditation.accounts.users import create_user
    from tests.builders import PASSWORD

    with app.app_context():
        school = add_school("Pending School", national_id, country, region, verification="pending")
        create_user(  # reads English (a Moldovan school teaches in Romanian, an interface language)
            f"head.{national_id.lower()}@example.org",
            "Pending Head",
            "school-admin",
            PASSWORD,
            school_id=school.id,
            language="en",
        )
        db.session.commit()
        school_id = school.id
        db.session.remove()
    return school_id


def _decide(client, school_id: int, button: str, note: str = ""):
    page = client.get(f"/coordinate/schools/{school_id}")
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    return client.post(
        f"/coordinate/schools/{school_id}/decision", data={"csrf_token": token, button: "x", "note": note}
    )


def _school(app, school_id: int) -> School:
    with app.app_context():
        school = db.session.get(School, school_id)
        db.session.expunge(school)
        db.session.remove()
        return school


def test_list_links_to_the_verification_page(app, client, world):
    school_id = _pending_school(app)
    sign_in(client, world.emails["coordinator_md"])
    page = client.get("/coordinate/schools?status=pending").get_data(as_text=True)
    assert f'href="/coordinate/schools/{school_id}"' in page


def test_schools_list_filters_by_verification_status_within_scope(app, client, world):
    _pending_school(app)  # Moldova, MD-5005
    _pending_school(app, "UA", "UA-46", "UA-7007")
    sign_in(client, world.emails["coordinator_md"])
    pending = client.get("/coordinate/schools?status=pending").get_data(as_text=True)
    assert "MD-5005" in pending
    assert "MD-1001" not in pending  # verified
    assert "UA-7007" not in pending  # outside Moldova
    assert '<option value="pending" selected>' in pending
    verified = client.get("/coordinate/schools?status=verified").get_data(as_text=True)
    assert "MD-1001" in verified and "MD-5005" not in verified


def test_coordinator_in_scope_verifies_a_school_and_its_admins_are_told(app, client, world):
    school_id = _pending_school(app)
    sign_in(client, world.emails["coordinator_md"])
    response = _decide(client, school_id, "verify", "Checked with the ministry register.")
    assert response.status_code == 302
    school = _school(app, school_id)
    assert school.verification == "verified"
    assert school.verified_at is not None
    assert school.verification_note == "Checked with the ministry register."
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == world.emails["coordinator_md"]))
        assert school.verified_by_id == coordinator.id
    [mail] = outbox(app)
    assert mail["To"] == "head.md-5005@example.org"
    assert "has been verified" in mail_text(mail)
    assert "Verified" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_rejection_needs_a_reason_and_then_tells_the_school_why(app, client, world):
    school_id = _pending_school(app)
    sign_in(client, world.emails["admin"])
    refused = _decide(client, school_id, "reject", "   ")
    assert refused.status_code == 422
    assert "Give the reason for rejecting" in refused.get_data(as_text=True)
    assert _school(app, school_id).verification == "pending"
    assert outbox(app) == []

    response = _decide(client, school_id, "reject", "No such school in the national register.")
    assert response.status_code == 302
    school = _school(app, school_id)
    assert school.verification == "rejected"
    assert school.verification_note == "No such school in the national register."
    [mail] = outbox(app)
    assert "No such school in the national register." in mail_text(mail)


def test_deciding_again_gives_a_clear_message_and_changes_nothing(app, client, world):
    school_id = _pending_school(app)
    sign_in(client, world.emails["coordinator_md"])
    page = client.get(f"/coordinate/schools/{school_id}")
    token = csrf_token(page.get_data(as_text=True))
    assert (
        client.post(f"/coordinate/schools/{school_id}/decision", data={"csrf_token": token, "verify": "x"}).status_code
        == 302
    )
    again = client.post(
        f"/coordinate/schools/{school_id}/decision",
        data={"csrf_token": token, "reject": "x", "note": "Changed my mind"},
    )
    assert again.status_code == 409
    assert "already decided" in again.get_data(as_text=True)
    assert _school(app, school_id).verification == "verified"


def test_coordinator_of_another_region_gets_404(app, client, world):
    school_id = _pending_school(app)  # in Moldova
    sign_in(client, world.emails["coordinator_ua"])
    assert client.get(f"/coordinate/schools/{school_id}").status_code == 404
    token = csrf_token(client.get("/coordinate/schools").get_data(as_text=True))
    response = client.post(f"/coordinate/schools/{school_id}/decision", data={"csrf_token": token, "verify": "x"})
    assert response.status_code == 404
    assert _school(app, school_id).verification == "pending"


def test_regional_coordinator_verifies_in_their_region(app, client, world):
    school_id = _pending_school(app, "UA", "UA-46", "UA-7007")
    sign_in(client, world.emails["coordinator_ua"])
    assert _decide(client, school_id, "verify").status_code == 302
    assert _school(app, school_id).verification == "verified"


def test_school_admin_and_assessor_get_403(app, client, world):
    school_id = _pending_school(app)
    for who in ("school_admin_a", "assessor"):
        sign_in(client, world.emails[who])
        assert client.get(f"/coordinate/schools/{school_id}").status_code == 403
        token = csrf_token(client.get("/me").get_data(as_text=True))
        response = client.post(f"/coordinate/schools/{school_id}/decision", data={"csrf_token": token, "verify": "x"})
        assert response.status_code == 403
        client.post("/sign-out", data={"csrf_token": token})
    assert _school(app, school_id).verification == "pending"


def test_unknown_school_is_404(client, world):
    sign_in(client, world.emails["admin"])
    assert client.get("/coordinate/schools/999999").status_code == 404
