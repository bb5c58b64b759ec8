"""A member of one school gets 403 or 404 on every page of another school, and changes nothing there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Invitation, School
from accreditation.models.time import utcnow
from tests.builders import csrf_token, sign_in

# (method, path) with {school} for the other school's id and {invitation} for one of its pending invitations.
SCHOOL_PAGES = [
    ("GET", "/schools/{school}"),
    ("GET", "/schools/{school}/members"),
    ("POST", "/schools/{school}/invitations"),
    ("POST", "/schools/{school}/invitations/{invitation}/revoke"),
    ("GET", "/coordinate/schools/{school}"),
    ("POST", "/coordinate/schools/{school}/decision"),
]


@pytest.fixture
def other_school(app, world) -> dict[str, int]:
    """School B, made pending (so a decision would change it), with one pending invitation."""
    with app.app_context():
        school = db.session.get(School, world.school_b)
        school.verification = "pending"
        invitation = Invitation(
            school_id=school.id,
            email="invitee.b@example.org",
            role="school_staff",
            token_hash="0" * 64,
            expires_at=utcnow() + timedelta(days=3),
        )
        db.session.add(invitation)
        db.session.commit()
        ids = {"school": school.id, "invitation": invitation.id}
        db.session.remove()
    return ids


@pytest.mark.parametrize("who", ["school_admin_a", "school_staff_a"])
@pytest.mark.parametrize(("method", "path"), SCHOOL_PAGES, ids=[f"{m} {p}" for m, p in SCHOOL_PAGES])
def test_member_of_one_school_gets_403_or_404_on_another_schools_pages(
    app, client, world, other_school, who, method, path
):
    sign_in(client, world.emails[who])
    url = path.format(**other_school)
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_token(client.get(f"/schools/{world.school_a}").get_data(as_text=True))
        response = client.post(
            url,
            data={"csrf_token": token, "email": "intruder@example.org", "role": "school_admin", "verify": "x"},
        )
    assert response.status_code in (403, 404), response.status_code
    assert "Lviv School B" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(School, other_school["school"]).verification == "pending"
        assert [i.email for i in db.session.scalars(select(Invitation))] == ["invitee.b@example.org"]


def test_admin_of_one_school_cannot_revoke_another_schools_invitation_through_their_own_school(
    app, client, world, other_school
):
    sign_in(client, world.emails["school_admin_a"])
    page = client.get(f"/schools/{world.school_a}/members").get_data(as_text=True)
    response = client.post(
        f"/schools/{world.school_a}/invitations/{other_school['invitation']}/revoke",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "no such invitation" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Invitation, other_school["invitation"]) is not None


@pytest.mark.parametrize(("method", "path"), SCHOOL_PAGES, ids=[f"{m} {p}" for m, p in SCHOOL_PAGES])
def test_school_pages_need_sign_in(client, world, other_school, method, path):
    url = path.format(**other_school)
    response = client.get(url) if method == "GET" else client.post(url, data={})
    # GET redirects to sign-in; a POST without a CSRF token is refused before anything else.
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "/sign-in" in response.headers["Location"]
