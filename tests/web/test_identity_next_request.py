"""The signed-in person is read again on every request (accreditation/identity.py: a read model, never cached across
requests): a role removed, an account deactivated, a password changed elsewhere and a membership ended take effect
on the very next request of a session that is already open."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from accreditation.extensions import db
from accreditation.identity import Principal
from accreditation.models import Membership, RoleGrant, User
from tests.builders import csrf_token, sign_in, user_id


def _change(app, statement) -> None:
    """What another worker (an admin's request, a command) commits while the session stays open."""
    with app.app_context():
        db.session.execute(statement)
        db.session.commit()


def _signed_out(answer) -> bool:
    return answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")


def test_a_removed_role_is_gone_on_the_next_request(app, client, world):
    sign_in(client, world.emails["coordinator_md"])
    page = client.get("/coordinate/schools")
    assert page.status_code == 200
    assert "/coordinate/dashboard" in page.get_data(as_text=True)  # the navigation offers the coordinator's pages

    coordinator = user_id(app, world.emails["coordinator_md"])
    _change(app, delete(RoleGrant).where(RoleGrant.user_id == coordinator))

    assert client.get("/coordinate/schools").status_code == 403
    home = client.get("/me")
    assert home.status_code == 200
    assert "/coordinate/dashboard" not in home.get_data(as_text=True)


def test_a_granted_role_shows_on_the_next_request(app, client, world):
    sign_in(client, world.emails["assessor"])
    assert client.get("/coordinate/schools").status_code == 403
    _change(
        app,
        update(RoleGrant).where(RoleGrant.user_id == user_id(app, world.emails["assessor"])).values(role="coordinator"),
    )
    assert client.get("/coordinate/schools").status_code == 200


def test_a_deactivated_account_is_signed_out_on_the_next_request(app, client, world):
    sign_in(client, world.emails["school_admin_a"])
    assert client.get(f"/schools/{world.school_a}").status_code == 200
    _change(app, update(User).where(User.email == world.emails["school_admin_a"]).values(active=False))
    assert _signed_out(client.get(f"/schools/{world.school_a}"))


def test_a_password_changed_elsewhere_ends_the_session_on_the_next_request(app, client, world):
    sign_in(client, world.emails["assessor"])
    assert client.get("/me").status_code == 200
    with app.app_context():  # the person set a new password in another browser
        person = db.session.scalar(select(User).where(User.email == world.emails["assessor"]))
        person.set_password("another long passphrase 2026")
        db.session.commit()
    assert _signed_out(client.get("/me"))


def test_a_removed_membership_loses_the_school_on_the_next_request(app, client, world):
    sign_in(client, world.emails["school_staff_a"])
    page = client.get("/me")
    assert "Liceul Teoretic A" in page.get_data(as_text=True)  # the navigation names the school
    assert client.get(f"/schools/{world.school_a}").status_code == 200

    staff = user_id(app, world.emails["school_staff_a"])
    _change(app, delete(Membership).where(Membership.user_id == staff))

    assert client.get(f"/schools/{world.school_a}").status_code == 403
    assert "Liceul Teoretic A" not in client.get("/me").get_data(as_text=True)


def test_the_request_holds_a_read_model_and_a_changed_preference_shows_at_once(app, client, world):
    """current_user is the immutable Principal; the preferences page changes the ORM row and the same request's
    message is already in the language just chosen."""
    sign_in(client, world.emails["school_admin_a"])
    with app.test_request_context():
        from accreditation.identity import read_principal

        principal = read_principal(user_id(app, world.emails["school_admin_a"]))
    assert isinstance(principal, Principal)
    assert [m.school_summary.name for m in principal.memberships] == ["Liceul Teoretic A"]

    form = client.get("/me").get_data(as_text=True)
    answer = client.post(
        "/me", data={"csrf_token": csrf_token(form), "language": "uk", "timezone": "Europe/Kyiv"}, follow_redirects=True
    )
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert 'lang="uk"' in text
    assert "Your preferences are saved." not in text  # said in Ukrainian
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == world.emails["school_admin_a"]))
        assert (person.language, person.timezone) == ("uk", "Europe/Kyiv")
