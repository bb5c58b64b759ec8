"""A school admin invites staff by an e-mailed link; the link works once and not after it expires."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Invitation, Membership, User
from accreditation.models.time import utcnow
from tests.builders import add_school, csrf_token, link_in, outbox, sign_in, sign_out

NEW_PASSWORD = "a brand new password"


def _invite(client, school_id: int, email: str, role: str = "school_staff"):
    page = client.get(f"/schools/{school_id}/members")
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    return client.post(f"/schools/{school_id}/invitations", data={"csrf_token": token, "email": email, "role": role})


def _invitation_link(app, client, world, email: str = "new.teacher@example.org") -> str:
    sign_in(client, world.emails["school_admin_a"])
    assert _invite(client, world.school_a, email).status_code == 302
    sign_out(client)
    [mail] = [m for m in outbox(app) if m["To"] == email]
    return link_in(mail)


def _accept_new(client, link: str, name: str = "New Teacher", password: str = NEW_PASSWORD):
    page = client.get(link)
    assert page.status_code == 200, page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(link, data={"csrf_token": token, "name": name, "password": password, "password_again": password})


def test_invitee_creates_an_account_and_joins_the_school(app, client, world):
    link = _invitation_link(app, client, world)
    assert link.startswith("/invitations/")
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.token_hash != link.rsplit("/", 1)[1]  # only the hash is stored
        assert len(invitation.token_hash) == 64
        db.session.remove()

    response = _accept_new(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/schools/{world.school_a}"
    assert "Liceul Teoretic A" in client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.teacher@example.org"))
        assert [(m.school_id, m.role) for m in user.memberships] == [(world.school_a, "school_staff")]
        assert user.check_password(NEW_PASSWORD)
        assert db.session.scalar(select(Invitation)).accepted_at is not None


def test_used_link_gives_a_clear_410(app, client, world):
    link = _invitation_link(app, client, world)
    assert _accept_new(client, link).status_code == 302
    sign_out(client)
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_expired_link_gives_a_clear_410_and_creates_nothing(app, client, world):
    link = _invitation_link(app, client, world)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        link, data={"csrf_token": token, "name": "X", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 410
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new.teacher@example.org")) is None


def test_revoked_or_garbled_link_gives_a_clear_400(app, client, world):
    link = _invitation_link(app, client, world)
    assert client.get(link + "x").status_code == 400
    sign_in(client, world.emails["school_admin_a"])
    page = client.get(f"/schools/{world.school_a}/members").get_data(as_text=True)
    assert "new.teacher@example.org" in page
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    revoked = client.post(
        f"/schools/{world.school_a}/invitations/{invitation_id}/revoke", data={"csrf_token": csrf_token(page)}
    )
    assert revoked.status_code == 302
    sign_out(client)
    response = client.get(link)
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_existing_account_signs_in_and_accepts(app, client, world):
    email = world.emails["school_admin_b"]  # head of school B, invited to school A
    link = _invitation_link(app, client, world, email)
    page = client.get(link)
    assert page.status_code == 200
    assert "Sign in to accept" in page.get_data(as_text=True)
    signed_in = sign_in(client, email)
    assert signed_in.status_code == 302
    page = client.get(link)
    assert "Прийняти й приєднатися" in page.get_data(as_text=True)  # in her school's language, Ukrainian
    response = client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert sorted(m.school_id for m in user.memberships) == sorted([world.school_a, world.school_b])


def test_someone_else_signed_in_cannot_accept(app, client, world):
    link = _invitation_link(app, client, world, world.emails["school_admin_b"])
    sign_in(client, world.emails["assessor"])
    page = client.get(link)
    assert page.status_code == 403
    response = client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Invitation)).accepted_at is None


def test_staff_cannot_invite(app, client, world):
    sign_in(client, world.emails["school_staff_a"])
    page = client.get(f"/schools/{world.school_a}/members")
    assert page.status_code == 200
    assert "Send the invitation" not in page.get_data(as_text=True)
    response = client.post(
        f"/schools/{world.school_a}/invitations",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": "x@example.org", "role": "school_staff"},
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Invitation)) is None
    assert outbox(app) == []


def test_unverified_school_cannot_invite_yet(app, client, world):
    from accreditation.accounts.users import create_user
    from tests.builders import PASSWORD

    with app.app_context():
        school = add_school("New School", "MD-9009", "MD", "MD-BA", verification="pending")
        create_user(  # reads English (the school teaches in Romanian, an interface language)
            "head.new@example.org", "Head New", "school-admin", PASSWORD, school_id=school.id, language="en"
        )
        db.session.commit()
        school_id = school.id
    sign_in(client, "head.new@example.org")
    page = client.get(f"/schools/{school_id}/members").get_data(as_text=True)
    assert "once a coordinator has verified the school" in page
    response = client.post(
        f"/schools/{school_id}/invitations",
        data={"csrf_token": csrf_token(page), "email": "x@example.org", "role": "school_staff"},
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Invitation)) is None


def test_inviting_a_member_again_is_refused(app, client, world):
    sign_in(client, world.emails["school_admin_a"])
    response = _invite(client, world.school_a, world.emails["school_staff_a"])
    assert response.status_code == 422
    assert "already a member" in response.get_data(as_text=True)


def test_inviting_an_address_again_replaces_the_old_link(app, client, world):
    first = _invitation_link(app, client, world)
    sign_in(client, world.emails["school_admin_a"])
    assert _invite(client, world.school_a, "new.teacher@example.org").status_code == 302
    sign_out(client)
    assert client.get(first).status_code == 400
    second = link_in(outbox(app)[-1])
    assert client.get(second).status_code == 200
    with app.app_context():
        assert len(db.session.scalars(select(Membership)).all()) == 3  # world's three members only
