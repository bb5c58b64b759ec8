"""The coordinators' side of the API: verifying a school, proposing and assigning assessors, the dashboard's
figures, drill-down and CSV exports, and managing the programme's people, each within the caller's scope, through
the operations the pages use."""

from __future__ import annotations

import csv
import io

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from tests.api.builders import ASSESSOR, COORD_MD, COORD_UA
from tests.applications.builders import SECOND_ASSESSOR, start
from tests.builders import PASSWORD, add_school, mail_text, outbox, sign_in, user_id


def _pending_school(app, national_id: str, country: str = "MD", region: str = "MD-BA") -> int:
    """A self-registered school awaiting verification, with a school admin to tell the decision."""
    with app.app_context():
        school = add_school(f"School {national_id}", national_id, country, region, verification="pending")
        create_user(f"head.{national_id.lower()}@example.org", "Head", "school-admin", None, school_id=school.id)
        db.session.commit()
        return school.id


# --- school verification --------------------------------------------------------------------------------------------


def test_a_coordinator_verifies_a_pending_school_of_their_country(app, api, scene):
    pending = _pending_school(app, "MD-9001")
    elsewhere = _pending_school(app, "UA-9001", "UA", "UA-46")
    listed = api.get("/schools/pending", "coordinator_in")
    assert listed.status_code == 200
    assert [school["id"] for school in listed.get_json()] == [pending]
    assert [school["id"] for school in api.get("/schools/pending", "coordinator_out").get_json()] == [elsewhere]
    assert {school["id"] for school in api.get("/schools/pending", "admin").get_json()} == {pending, elsewhere}
    assert api.get("/schools/pending?region=MD-CU", "admin").get_json() == []
    both = api.get("/schools/pending?sort=-id&limit=1", "admin")
    assert ([school["id"] for school in both.get_json()], both.headers["X-Total-Count"]) == ([elsewhere], "2")
    assert 'rel="next"' in both.headers["Link"]

    path = f"/schools/{pending}/verification"
    unexplained = api.post(path, "coordinator_in", json={"decision": "reject"})
    assert unexplained.status_code == 422
    assert unexplained.get_json()["error"]["code"] == "reason_required"
    assert api.post(path, "coordinator_in", json={"decision": "approve"}).status_code == 422

    verified = api.post(path, "coordinator_in", json={"decision": "verify", "note": "Checked with the ministry."})
    assert verified.status_code == 200, verified.get_json()
    body = verified.get_json()
    assert (body["verification"], body["verification_note"]) == ("verified", "Checked with the ministry.")
    assert body["verified_by"]["id"] == user_id(app, COORD_MD)
    assert body["verified_at"]
    assert [message["To"] for message in outbox(app)] == ["head.md-9001@example.org"]

    again = api.post(path, "admin", json={"decision": "reject", "note": "Too late."})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_decided"
    assert api.get("/schools/pending", "coordinator_in").get_json() == []
    assert api.get(f"/schools/{pending}", "coordinator_in").get_json()["verification"] == "verified"


def test_a_school_outside_the_scope_is_not_found_and_a_rejection_tells_the_school_why(app, api, scene):
    elsewhere = _pending_school(app, "UA-9002", "UA", "UA-46")
    outside = api.post(f"/schools/{elsewhere}/verification", "coordinator_in", json={"decision": "verify"})
    assert outside.status_code == 404
    assert api.post("/schools/999999/verification", "admin", json={"decision": "verify"}).status_code == 404
    rejected = api.post(
        f"/schools/{elsewhere}/verification", "coordinator_out", json={"decision": "reject", "note": "Not a school."}
    )
    assert rejected.status_code == 200
    assert rejected.get_json()["verification"] == "rejected"
    assert "Not a school." in mail_text(outbox(app)[-1])


# --- assigning assessors --------------------------------------------------------------------------------------------


def _proposals(api, application_id: int) -> dict:
    response = api.get(f"/applications/{application_id}/assessor-proposals", "coordinator_in")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return {proposal["role"]: proposal for proposal in body["proposals"]} | {"panel": body}


def test_a_coordinator_assigns_the_proposed_lead_and_moderator(app, api, scene):
    artem, sofia = user_id(app, ASSESSOR), user_id(app, SECOND_ASSESSOR)
    first = _proposals(api, scene.esafety)
    assert [(row["role"], row["assessor"]["id"]) for row in first["panel"]["assessors"]] == [("lead", artem)]
    # Artem has the CISS application open besides this one; Sofia has none: she is proposed as the lead.
    assert first["lead"]["proposed"]["assessor"]["id"] == sofia
    assert first["lead"]["proposed"]["open_reviews"] == 0
    why_not = {row["assessor"]["id"]: row["why_not"] for row in first["lead"]["others"]}
    assert "has 1 open review" in why_not[artem]

    lead = api.put(f"/applications/{scene.esafety}/assessors/lead", "coordinator_in", json={"assessor_id": sofia})
    assert lead.status_code == 200, lead.get_json()
    assert (lead.get_json()["role"], lead.get_json()["assessor"]["id"]) == ("lead", sofia)

    second = _proposals(api, scene.esafety)
    assert second["moderator"]["proposed"]["assessor"]["id"] == artem
    sofia_as_moderator = next(row for row in second["moderator"]["others"] if row["assessor"]["id"] == sofia)
    assert not sofia_as_moderator["eligible"]
    moderator = api.put(
        f"/applications/{scene.esafety}/assessors/moderator", "coordinator_in", json={"assessor_id": artem}
    )
    assert moderator.status_code == 200, moderator.get_json()

    panel = _proposals(api, scene.esafety)["panel"]
    assert {(row["role"], row["assessor"]["id"]) for row in panel["assessors"]} == {
        ("lead", sofia),
        ("moderator", artem),
    }
    history = [(row["role"], row["assessor"]["id"], row["ended_at"] is not None) for row in panel["history"]]
    assert sorted(history) == sorted([("lead", artem, True), ("lead", sofia, False), ("moderator", artem, False)])
    application = api.get(f"/applications/{scene.esafety}", "assessor_unassigned")
    assert application.status_code == 200  # Sofia now sees the application assigned to her


def test_an_ineligible_assessor_or_an_unknown_role_is_refused_with_the_reasons(app, api, scene):
    artem, coordinator = user_id(app, ASSESSOR), user_id(app, COORD_MD)
    path = f"/applications/{scene.ciss}/assessors"
    twice = api.put(f"{path}/moderator", "coordinator_in", json={"assessor_id": artem})
    assert twice.status_code == 422
    assert "moderator must be a second assessor" in " ".join(twice.get_json()["error"]["reasons"])
    assert api.put(f"{path}/moderator", "coordinator_in", json={"assessor_id": coordinator}).status_code == 422
    assert api.put(f"{path}/reviewer", "coordinator_in", json={"assessor_id": artem}).status_code == 422
    assert api.put(f"{path}/lead", "coordinator_in", json={"assessor_id": "1"}).status_code == 422
    assert api.put(f"{path}/lead", "coordinator_out", json={"assessor_id": artem}).status_code == 403
    assert api.put("/applications/999999/assessors/lead", "admin", json={"assessor_id": artem}).status_code == 404


# --- the dashboard --------------------------------------------------------------------------------------------------


def _states(response) -> dict[str, int]:
    assert response.status_code == 200, response.get_json()
    return {row["state"]: row["applications"] for row in response.get_json()["states"] if row["applications"]}


def test_the_figures_match_a_hand_count_within_each_scope(app, api, scene):
    with app.app_context():
        start(scene.world, "ciss", school="b")
    # By hand: school A's CISS application at its site visit (Moldova), school B's just applied (Lviv).
    assert _states(api.get("/dashboard/ciss", "admin")) == {"visit_scheduled": 1, "applied": 1}
    assert _states(api.get("/dashboard/ciss", "coordinator_in")) == {"visit_scheduled": 1}
    assert _states(api.get("/dashboard/ciss", "coordinator_out")) == {"applied": 1}
    assert _states(api.get("/dashboard/ciss?region=UA-46", "admin")) == {"applied": 1}
    body = api.get("/dashboard/ciss", "admin").get_json()
    assert (body["total"], body["awarded"], body["filters"]["programme"]) == (2, 0, "ciss")
    label = next(row["label"] for row in body["states"] if row["state"] == "applied")
    assert label == "Application received"
    assert _states(api.get("/dashboard/esafety-label", "coordinator_in")) == {"self_assessment": 1}


def test_the_drill_down_lists_the_applications_behind_a_figure(app, api, scene):
    regions = api.get("/dashboard/ciss/regions?state=visit_scheduled", "coordinator_in")
    assert regions.status_code == 200
    assert [(row["region"], row["applications"]) for row in regions.get_json()["regions"]] == [("MD-CU", 1)]
    schools = api.get("/dashboard/ciss/schools?state=visit_scheduled", "coordinator_in").get_json()
    assert schools["total"] == 1
    assert [(row["application_id"], row["school"]) for row in schools["applications"]] == [
        (scene.ciss, "Liceul Teoretic A")
    ]
    assert api.get("/dashboard/ciss/schools?state=applied", "coordinator_in").get_json()["total"] == 0


def test_bad_or_foreign_filters_are_refused(api, scene):
    assert api.get("/dashboard/ciss?country=UA", "coordinator_in").status_code == 403
    assert api.get("/dashboard/ciss?region=UA-46", "coordinator_in").get_json()["error"]["code"] == "outside_scope"
    assert api.get("/dashboard/nope", "admin").status_code == 404
    assert api.get("/dashboard/ciss?country=ZZ", "admin").status_code == 422
    assert api.get("/dashboard/ciss?from=2026-05-01&to=2026-01-01", "admin").status_code == 422
    assert api.get("/dashboard/ciss?from=May", "admin").status_code == 422
    assert api.get("/dashboard/ciss/schools?state=nope", "admin").status_code == 422
    assert api.get("/dashboard/ciss/schools?stalled=1&overdue=1", "admin").status_code == 422
    assert api.get("/dashboard/ciss?month=2026-01", "admin").status_code == 422
    assert api.get("/dashboard/ciss", "school_admin_a").status_code == 403


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_exports_are_the_pages_own(app, api, scene, client):
    with app.app_context():
        start(scene.world, "ciss", school="b")
    rows = _rows(api.get("/dashboard/ciss/export/schools.csv", "coordinator_in"))
    assert [(row["application_id"], row["school"], row["state"]) for row in rows] == [
        (str(scene.ciss), "Liceul Teoretic A", "visit_scheduled")
    ]
    aggregate = _rows(api.get("/dashboard/ciss/export/regions.csv", "admin"))
    assert [(row["region"], row["state"], row["applications"]) for row in aggregate] == [
        ("MD-CU", "visit_scheduled", "1"),
        ("UA-46", "applied", "1"),
    ]
    sign_in(client, COORD_MD, PASSWORD)
    page = client.get("/coordinate/dashboard/export/schools.csv?programme=ciss")
    through_api = api.get("/dashboard/ciss/export/schools.csv", "coordinator_in")
    assert through_api.get_data() == page.get_data()
    assert through_api.headers["Content-Disposition"] == page.headers["Content-Disposition"]


# --- people ---------------------------------------------------------------------------------------------------------


def test_a_coordinator_manages_a_person_in_their_scope(app, api, scene):
    new = {"email": "new.assessor@example.org", "name": "Nina New", "role": "assessor", "countries": ["MD"]}
    no_language = api.post("/people", "coordinator_in", json=new)
    assert no_language.status_code == 422
    assert "language" in no_language.get_json()["error"]["message"]

    created = api.post("/people", "coordinator_in", json={**new, "languages": ["ro"]})
    assert created.status_code == 201, created.get_json()
    person = created.get_json()
    assert (person["status"], person["welcome_sent"], person["manageable"]) == ("invited", True, True)
    assert [(row["role"], row["country"]) for row in person["roles"]] == [("assessor", "MD")]
    assert person["assessor_languages"] == ["ro"]
    assert outbox(app)[-1]["To"] == "new.assessor@example.org"
    assert api.get(created.headers["Location"].removeprefix("/api/v1"), "coordinator_in").status_code == 200
    assert person["id"] in [row["id"] for row in api.get("/people?role=assessor", "coordinator_in").get_json()]
    assert person["id"] not in [row["id"] for row in api.get("/people", "coordinator_out").get_json()]
    by_name = api.get("/people?sort=-name", "admin")
    names = [row["name"] for row in by_name.get_json()]
    assert names == sorted(names, reverse=True) and by_name.headers["X-Total-Count"] == str(len(names))
    assert api.get("/people?updated_since=2026-01-01T00:00:00Z", "admin").status_code == 422
    taken = api.post("/people", "admin", json={**new, "languages": ["ro"]})
    assert taken.status_code == 422

    path = f"/people/{person['id']}"
    added = api.post(f"{path}/roles", "coordinator_in", json={"role": "coordinator", "regions": ["MD-BA"]})
    assert added.status_code == 200, added.get_json()
    grants = {row["role"]: row["id"] for row in added.get_json()["roles"]}
    assert set(grants) == {"assessor", "coordinator"}
    removed = api.delete(f"{path}/roles/{grants['coordinator']}", "coordinator_in")
    assert [row["role"] for row in removed.get_json()["roles"]] == ["assessor"]
    last = api.delete(f"{path}/roles/{grants['assessor']}", "coordinator_in")
    assert last.status_code == 422

    deactivated = api.post(f"{path}/deactivate", "coordinator_in")
    assert (deactivated.status_code, deactivated.get_json()["active"]) == (200, False)
    assert api.get(path, "admin").get_json()["status"] == "deactivated"
    assert api.post(f"{path}/reactivate", "coordinator_in").get_json()["active"] is True


def test_a_coordinator_is_refused_outside_their_scope(app, api, scene):
    artem, ulyana, mira = user_id(app, ASSESSOR), user_id(app, COORD_UA), user_id(app, COORD_MD)
    assert api.get(f"/people/{ulyana}", "coordinator_in").status_code == 404
    assert api.post(f"/people/{ulyana}/deactivate", "coordinator_in").status_code == 404
    # Artem assesses in Moldova and Ukraine: Mira sees him, but only an admin changes his account.
    shown = api.get(f"/people/{artem}", "coordinator_in").get_json()
    assert (shown["manageable"], bool(shown["refusal"])) == (False, True)
    assert scene.ciss in [row["application_id"] for row in shown["open_assignments"]]
    refused = api.post(f"/people/{artem}/deactivate", "coordinator_in")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "not_yours_to_manage"
    assert api.get(f"/people/{artem}", "admin").get_json()["active"] is True
    own = api.post(f"/people/{mira}/deactivate", "coordinator_in")
    assert (own.status_code, own.get_json()["error"]["code"]) == (403, "not_yours_to_manage")
    foreign = {"email": "ua.coord@example.org", "name": "U", "role": "coordinator", "regions": ["UA-30"]}
    assert api.post("/people", "coordinator_in", json=foreign).status_code == 422
    admin = {"email": "second.admin@example.org", "name": "A", "role": "admin"}
    assert api.post("/people", "coordinator_in", json=admin).status_code == 422
    assert api.get("/people?role=pupil", "admin").status_code == 422
