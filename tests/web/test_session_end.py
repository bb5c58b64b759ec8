"""A signed session cookie outlives nothing: signing out or a new password ends every session signed in before,
copies of its cookie included (users.session_epoch, checked by identity.load_principal)."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import User
from tests.builders import link_in, outbox, sign_in, sign_out
from tests.web.test_password_reset import _ask, _reset


def _copy_of_session(app, client):
    """Another browser holding a copy of ``client``'s session cookie (what a thief or a shared computer keeps)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value, domain="localhost")
    return other


def test_signing_out_ends_copies_of_the_session_cookie(app, client, world):
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302
    copy = _copy_of_session(app, client)
    assert copy.get("/me").status_code == 200  # the copy works while the session lasts

    sign_out(client)

    answer = copy.get("/me")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")
    assert copy.get(f"/schools/{world.school_a}").status_code == 302
    # Signing in again works, in the same browser or in another.
    assert sign_in(client, world.emails["school_admin_a"]).status_code == 302
    assert client.get("/me").status_code == 200


def test_signing_out_ends_the_users_sessions_in_other_browsers_too(app, world):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, world.emails["assessor"])
    sign_in(phone, world.emails["assessor"])
    someone_else = app.test_client()
    sign_in(someone_else, world.emails["admin"])

    sign_out(laptop)

    assert phone.get("/me").status_code == 302
    assert someone_else.get("/me").status_code == 200  # only that user's sessions end


def test_a_new_password_ends_the_other_sessions_and_keeps_the_resetter_signed_in(app, world):
    email = world.emails["coordinator_md"]
    old = app.test_client()
    sign_in(old, email)
    assert old.get("/me").status_code == 200

    resetting = app.test_client()
    _ask(resetting, email)
    [mail] = [m for m in outbox(app) if m["To"] == email]
    assert _reset(resetting, link_in(mail)).status_code == 302

    assert resetting.get("/me").status_code == 200
    assert old.get("/me").status_code == 302


def test_a_session_from_before_the_epoch_or_without_one_signs_nobody_in(app, client, world):
    email = world.emails["school_staff_a"]
    sign_in(client, email)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user_id, epoch = user.id, user.session_epoch
    for planted in (str(user_id), f"{user_id}:{epoch - 1}", f"{user_id}:{epoch + 1}", f"{user_id}:", f"x:{epoch}"):
        with client.session_transaction() as session:
            session["_user_id"] = planted
        assert client.get("/me").status_code == 302, planted
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{epoch}"
    assert client.get("/me").status_code == 200
