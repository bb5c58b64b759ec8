"""``/api/v1/schools``: who sees which school, filters and pages, and adding a school with the CSV import's rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Invitation, School
from tests.builders import add_school, outbox

NEW_SCHOOL = {
    "national_id": "MD-3003",
    "name": "Gimnaziul Nou",
    "country": "MD",
    "region": "MD-BA",
    "language": "ro",
    "type": "primary",
}


def _names(response) -> set[str]:
    assert response.status_code == 200, response.get_json()
    return {school["name"] for school in response.get_json()}


def test_each_person_lists_the_schools_they_may_see(api):
    assert _names(api.get("/schools", "admin")) == {"Liceul Teoretic A", "Lviv School B"}
    assert _names(api.get("/schools", "coordinator_in")) == {"Liceul Teoretic A"}
    assert _names(api.get("/schools", "coordinator_out")) == {"Lviv School B"}
    assert _names(api.get("/schools", "school_staff_a")) == {"Liceul Teoretic A"}
    assert _names(api.get("/schools", "member_b")) == {"Lviv School B"}
    refused = api.get("/schools", "assessor_assigned")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"


def test_schools_are_filtered_by_country_and_region_within_the_scope(api):
    assert _names(api.get("/schools?country=UA", "admin")) == {"Lviv School B"}
    assert _names(api.get("/schools?country=ua&region=ua-46", "admin")) == {"Lviv School B"}
    assert _names(api.get("/schools?region=MD-BA", "admin")) == set()
    assert _names(api.get("/schools?country=UA", "coordinator_in")) == set()  # outside the scope: nothing
    bad = api.get("/schools?country=Moldova&colour=red", "admin")
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"country", "colour"}


def test_schools_come_a_page_at_a_time_with_a_link_to_the_next(app, api):
    with app.app_context():
        for number in range(5):
            add_school(f"Extra School {number}", f"MD-9{number}", "MD", "MD-BA")
        db.session.commit()
    seen, path, pages = [], "/schools?country=MD&limit=3", 0
    while path:
        response = api.get(path, "coordinator_in")
        assert response.status_code == 200
        seen += [school["id"] for school in response.get_json()]
        link = response.headers.get("Link")
        path = link[link.index("</api/v1") + len("</api/v1") : link.index(">")] if link else None
        pages += 1
    assert len(seen) == 6 and seen == sorted(seen) and pages == 3


def test_one_school_for_its_members_its_coordinators_and_admins(api, world):
    school_a = world.school_a
    body = api.get(f"/schools/{school_a}", "school_staff_a").get_json()
    assert body["name"] == "Liceul Teoretic A" and body["country"] == "MD" and body["region"] == "MD-CU"
    assert body["type"] == "secondary" and body["verification"] == "verified" and body["pupils"] == 400
    assert api.get(f"/schools/{school_a}", "coordinator_in").status_code == 200
    assert api.get(f"/schools/{school_a}", "coordinator_out").status_code == 403
    assert api.get(f"/schools/{school_a}", "member_b").status_code == 403
    assert api.get("/schools/999999", "admin").status_code == 404


def test_a_coordinator_adds_a_verified_school_in_their_scope(app, api):
    response = api.post("/schools", "coordinator_in", json={**NEW_SCHOOL, "pupils": 120, "address": "Str. Nouă 1"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["verification"] == "verified" and body["invitation"] is None
    assert (body["region"], body["pupils"], body["address"]) == ("MD-BA", 120, "Str. Nouă 1")
    with app.app_context():
        school = db.session.get(School, body["id"])
        assert school.national_id == "MD-3003" and school.school_type == "primary"
    assert api.get(f"/schools/{body['id']}", "coordinator_in").status_code == 200


def test_a_new_school_with_an_email_gets_its_admin_invited(app, api):
    response = api.post("/schools", "admin", json={**NEW_SCHOOL, "email": "Director@Gimnaziul.md"})
    assert response.status_code == 201
    assert response.get_json()["invitation"] == {"email": "director@gimnaziul.md", "sent": True}
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.school_id == response.get_json()["id"] and invitation.role == "school_admin"
    assert [message["To"] for message in outbox(app)] == ["director@gimnaziul.md"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": "UA-46"}, "region"),  # not in Moldova
        ({"region": "MD-ZZ"}, "region"),  # no such region
        ({"language": "romanian"}, "language"),
        ({"name": "   "}, "name"),
        ({"email": "not an address"}, "email"),
    ],
)
def test_a_school_the_import_would_refuse_is_422_naming_the_field(app, api, change, field):
    response = api.post("/schools", "admin", json={**NEW_SCHOOL, **change})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(select(School).where(School.national_id == "MD-3003")) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pupils": "120"}, "pupils"),
        ({"pupils": -1}, "pupils"),
        ({"pupils": True}, "pupils"),
        ({"type": "university"}, "type"),
        ({"country": "MDA"}, "country"),
        ({"name": 7}, "name"),
        ({"website": "https://example.org"}, "website"),
        ({"name": "Nul\x00School"}, "name"),
    ],
)
def test_a_school_with_a_wrong_type_or_an_unknown_field_is_422_naming_it(api, change, field):
    response = api.post("/schools", "admin", json={**NEW_SCHOOL, **change})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_a_school_outside_the_coordinators_scope_or_twice_is_refused(app, api):
    outside = api.post("/schools", "coordinator_out", json=NEW_SCHOOL)
    assert outside.status_code == 403 and outside.get_json()["error"]["code"] == "not_permitted"
    assert api.post("/schools", "school_admin_a", json=NEW_SCHOOL).status_code == 403
    assert api.post("/schools", "admin", json=NEW_SCHOOL).status_code == 201
    again = api.post("/schools", "coordinator_in", json={**NEW_SCHOOL, "national_id": "md-3003"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "school_exists"
    with app.app_context():
        assert len(db.session.scalars(select(School).where(School.country_code == "MD")).all()) == 2
