"""Deactivating and reactivating a programme person's account (someone who left the programme), through real HTTP
requests: who may, what it ends at once (sessions, sign-in, API tokens), and what it leaves (the assignments, listed
for the coordinator to reassign)."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from accreditation.models import ApiToken, User
from tests.applications.builders import assign, start
from tests.builders import PASSWORD, csrf_token, sign_in, user_id


def _post(client, user_id: int, action: str):
    token = csrf_token(client.get(f"/admin/people/{user_id}").get_data(as_text=True))
    return client.post(f"/admin/people/{user_id}/{action}", data={"csrf_token": token})


def _moldovan_assessor(app, email: str = "moldova.only@example.org") -> int:
    with app.app_context():
        user = create_user(email, "Marin Assessor", "assessor", PASSWORD, countries=["MD"], languages=["ro"])
        db.session.commit()
        return user.id


def test_admin_deactivates_an_assessor_who_is_signed_out_everywhere_and_loses_their_api_tokens(app, world):
    assessor = world.emails["assessor"]
    assessor_id = user_id(app, assessor)
    with app.app_context():
        application = start(world, "ciss")
        assign(application, assessor)
    browser = app.test_client()
    sign_in(browser, assessor)
    assert browser.get("/assessor/queue").status_code == 200
    api = app.test_client()
    token = api.post("/api/v1/tokens", json={"email": assessor, "password": PASSWORD}).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/tokens", headers=bearer).status_code == 200

    admin = app.test_client()
    sign_in(admin, world.emails["admin"])
    page = admin.get(f"/admin/people/{assessor_id}").get_data(as_text=True)
    assert "Artem Assessor" in page and f"/applications/{application}" in page  # the open assignment, to reassign
    response = _post(admin, assessor_id, "deactivate")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/people/{assessor_id}")
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out everywhere" in page and 'id="reactivate"' in page
    assert "Deactivated" in admin.get("/admin/people").get_data(as_text=True)

    assert "/sign-in" in browser.get("/assessor/queue").headers["Location"]  # the open session ended
    assert api.get("/api/v1/tokens", headers=bearer).status_code == 401
    assert sign_in(app.test_client(), assessor).status_code != 302  # the sign-in form refuses them
    with app.app_context():
        user = db.session.get(User, assessor_id)
        assert not user.active
        assert all(t.revoked_at is not None for t in db.session.scalars(select(ApiToken)))

    assert _post(admin, assessor_id, "reactivate").status_code == 302
    again = app.test_client()
    assert sign_in(again, assessor).status_code == 302
    assert again.get("/assessor/queue").status_code == 200
    assert api.get("/api/v1/tokens", headers=bearer).status_code == 401  # revoked for good


def test_a_coordinator_deactivates_an_assessor_of_their_country_but_not_one_who_also_assesses_elsewhere(app, world):
    marin = _moldovan_assessor(app)
    artem = user_id(app, world.emails["assessor"])  # assesses in Moldova and Ukraine
    client = app.test_client()
    sign_in(client, world.emails["coordinator_md"])
    assert _post(client, marin, "deactivate").status_code == 302
    with app.app_context():
        assert not db.session.get(User, marin).active

    page = client.get(f"/admin/people/{artem}").get_data(as_text=True)
    assert "outside the area you coordinate" in page and 'id="deactivate"' not in page
    response = _post(client, artem, "deactivate")
    assert response.status_code == 403
    assert "outside the area you coordinate" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, artem).active


def test_people_outside_the_coordinators_scope_are_not_found_and_nobody_deactivates_themselves(app, world):
    marin = _moldovan_assessor(app)
    lviv = app.test_client()
    sign_in(lviv, world.emails["coordinator_ua"])  # coordinates UA-46 only
    assert lviv.get(f"/admin/people/{marin}").status_code == 404
    token = csrf_token(lviv.get("/admin/people").get_data(as_text=True))
    assert lviv.post(f"/admin/people/{marin}/deactivate", data={"csrf_token": token}).status_code == 404
    admin_id = user_id(app, world.emails["admin"])
    assert lviv.get(f"/admin/people/{admin_id}").status_code == 404  # admins are for admins

    admin = app.test_client()
    sign_in(admin, world.emails["admin"])
    response = _post(admin, admin_id, "deactivate")
    assert response.status_code == 403 and "your own account" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_id).active and db.session.get(User, marin).active


def test_school_members_and_assessors_may_not_deactivate_anyone(app, world):
    marin = _moldovan_assessor(app)
    for who in ("school_admin_a", "assessor"):
        client = app.test_client()
        sign_in(client, world.emails[who])
        assert client.get(f"/admin/people/{marin}").status_code == 403
        token = csrf_token(client.get("/me").get_data(as_text=True))
        assert client.post(f"/admin/people/{marin}/deactivate", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        assert db.session.get(User, marin).active
