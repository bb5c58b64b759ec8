"""Changing a programme person's roles from their person page, through real HTTP requests: adding a role over
more places and taking one away, with creation's rules (who may grant what, where; an assessor's languages) and
the last role kept (deactivating is how an account ends)."""

from __future__ import annotations

import re

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from accreditation.models import User
from tests.builders import PASSWORD, csrf_token, sign_in, user_id


def _person(app, user_id: int) -> tuple[list[tuple[str, str | None, str | None]], list[str]]:
    """The person's grants (role, country, region) and assessor languages, sorted."""
    with app.app_context():
        user = db.session.get(User, user_id)
        grants = sorted((g.role, g.country_code, g.region_code) for g in user.grants)
        return grants, sorted(entry.language for entry in user.assessor_languages)


def _new(app, role: str, **scope) -> int:
    with app.app_context():
        user = create_user(f"{role}.{len(scope)}@example.org", "Nina Person", role, PASSWORD, **scope)
        db.session.commit()
        return user.id


def _add(client, user_id: int, **fields):
    token = csrf_token(client.get(f"/admin/people/{user_id}").get_data(as_text=True))
    return client.post(f"/admin/people/{user_id}/roles", data={"csrf_token": token, **fields})


def _remove_links(client, user_id: int) -> list[str]:
    return re.findall(r'action="(/admin/people/\d+/roles/\d+/remove)"', client.get(f"/admin/people/{user_id}").text)


def test_an_admin_gives_an_assessor_a_region_to_coordinate_and_then_takes_the_assessor_role_away(app, world):
    nina = _new(app, "assessor", countries=["MD"], languages=["ro"])
    admin = app.test_client()
    sign_in(admin, world.emails["admin"])
    assert _remove_links(admin, nina) == []  # a single role is not removed: the account is deactivated instead
    response = _add(admin, nina, role="coordinator", regions=["MD-BA"])
    assert response.status_code == 302, response.text
    assert "new role is saved" in admin.get(response.headers["Location"]).text
    assert _person(app, nina)[0] == [("assessor", "MD", None), ("coordinator", "MD", "MD-BA")]

    [assessor_link, _coordinator_link] = _remove_links(admin, nina)  # in the order they were granted
    token = csrf_token(admin.get(f"/admin/people/{nina}").text)
    assert admin.post(assessor_link, data={"csrf_token": token}).status_code == 302
    assert _person(app, nina)[0] == [("coordinator", "MD", "MD-BA")]
    assert _remove_links(admin, nina) == []


def test_a_coordinators_role_changes_follow_the_rules_of_creation(app, world):
    nina = _new(app, "coordinator", regions=["MD-BA"])
    mira = app.test_client()
    sign_in(mira, world.emails["coordinator_md"])  # coordinates Moldova

    response = _add(mira, nina, role="assessor", countries=["MD"])
    assert response.status_code == 422 and "at least one language" in response.text
    response = _add(mira, nina, role="assessor", countries=["UA"], languages="uk")
    assert response.status_code == 422 and "not a valid choice" in response.text  # Ukraine is not hers to grant
    response = _add(mira, nina, role="admin")
    assert response.status_code == 422
    response = _add(mira, nina, role="coordinator", regions=["MD-BA"])
    assert response.status_code == 422 and "already holds that role there" in response.text
    response = _add(mira, nina, role="coordinator")
    assert response.status_code == 422 and "at least one country or region" in response.text
    assert _person(app, nina) == ([("coordinator", "MD", "MD-BA")], [])

    response = _add(mira, nina, role="assessor", countries=["MD"], languages="ro, ru")
    assert response.status_code == 302
    assert _person(app, nina) == ([("assessor", "MD", None), ("coordinator", "MD", "MD-BA")], ["ro", "ru"])


def test_accounts_with_roles_elsewhere_are_changed_by_an_admin_only(app, world):
    mira = app.test_client()
    artem_id = user_id(app, world.emails["assessor"])
    before = _person(app, artem_id)
    sign_in(mira, world.emails["coordinator_md"])
    page = mira.get(f"/admin/people/{artem_id}").text
    assert "outside the area you coordinate" in page and "/roles" not in page
    token = csrf_token(page)
    response = mira.post(
        f"/admin/people/{artem_id}/roles", data={"csrf_token": token, "role": "assessor", "countries": ["MD"]}
    )
    assert response.status_code == 403 and "outside the area you coordinate" in response.text
    with app.app_context():
        grant_id = db.session.get(User, artem_id).grants[0].id
    response = mira.post(f"/admin/people/{artem_id}/roles/{grant_id}/remove", data={"csrf_token": token})
    assert response.status_code == 403
    assert _person(app, artem_id) == before


def test_a_coordinator_without_a_place_gets_a_message_in_words_on_the_creation_form(app, client, world):
    sign_in(client, world.emails["admin"])
    token = csrf_token(client.get("/admin/people/new").text)
    data = {"csrf_token": token, "email": "noplace@example.org", "name": "No Place", "role": "coordinator"}
    response = client.post("/admin/people/new", data={**data, "language": "en"})
    assert response.status_code == 422
    assert "Choose at least one country or region for a coordinator." in response.text and "--" not in response.text
