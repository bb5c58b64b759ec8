"""The assessor-quality operations through the API with real tokens, as the pages run them: a decision drawn for
moderation answers 202 with what is held and who must read it (the application unchanged, the school not told),
then the second assessor agrees and it is carried out; a coordinator names the second reader, runs a calibration
exercise on a past submission and accredits an assessor directly; each refusal with its status and reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import AssessorAccreditation, CalibrationExercise, ModerationSample
from tests.api.builders import ApiClient, version_of
from tests.applications.builders import SECOND_ASSESSOR, assign, person
from tests.assessor_quality.test_moderation import judge_silver, notify_school_jobs
from tests.review.builders import under_review

LEAD = "assessor_assigned"
SECOND = "assessor_unassigned"
COORDINATOR = "coordinator_in"


@pytest.fixture
def judged(app, world, tokens, quality) -> int:
    """esafety-label re-reads every first decision; school A's application judged for Silver by the world's
    assessor (lead), the second assessor assigned as moderator."""
    quality("esafety-label", moderate_first_decisions=True)
    with app.app_context():
        application_id = under_review(world)
        assign(application_id, SECOND_ASSESSOR, "moderator")
        judge_silver(application_id)
        db.session.remove()
    return application_id


def _award(api: ApiClient, app, application_id: int, as_: str = LEAD):
    with app.app_context():
        expected = version_of(application_id)
    return api.post(
        f"/applications/{application_id}/decisions/award",
        as_,
        json={"level": "silver", "justification": "", "expected_version": expected},
    ), expected


def test_a_held_decision_answers_202_with_what_is_held_and_who_reads_it(app, api, judged):
    response, before = _award(api, app, judged)
    assert response.status_code == 202, response.get_json()
    held = response.get_json()
    assert (held["decision"], held["level"], held["reason"], held["status"]) == ("award", "silver", "first", "waiting")
    assert held["moderator"] == {"id": held["moderator_id"], "name": "Sofia Second"}
    assert held["application_id"] == judged and "application" not in held
    assert response.headers["Location"] == held["href"] == f"/api/v1/quality/moderation/{held['id']}"
    assert "school is told" in held["message"]
    with app.app_context():
        assert version_of(judged) == before  # nothing moved
        assert notify_school_jobs(judged) == []
        assert person(SECOND_ASSESSOR).id == held["moderator_id"]

    again, _version = _award(api, app, judged)  # held already: the lead waits
    assert again.status_code == 409 and "second assessor" in again.get_json()["error"]["message"]

    shown = api.get(held["href"].removeprefix("/api/v1"), SECOND)
    assert shown.status_code == 200 and shown.get_json()["id"] == held["id"]
    read = api.post(f"/quality/moderation/{held['id']}/reading", SECOND, json={"agree": True, "note": ""})
    assert read.status_code == 200, read.get_json()
    assert read.get_json()["status"] == "agreed" and read.get_json()["message"].startswith("Carried out")
    application = api.get(f"/applications/{judged}", LEAD).get_json()
    assert application["state"] == "labelled" and application["version"] > before
    with app.app_context():
        assert len(notify_school_jobs(judged)) == 1  # told only now


def test_a_coordinator_names_the_second_reader_through_the_api(app, api, judged):
    response, _before = _award(api, app, judged)
    held = response.get_json()
    with app.app_context():  # as when no accredited assessor could be chosen
        db.session.get(ModerationSample, held["id"]).moderator_id = None
        db.session.commit()
        second_id = person(SECOND_ASSESSOR).id
    waiting = api.get(f"/quality/moderation/{held['id']}", COORDINATOR).get_json()
    assert waiting["moderator"] is None and "coordinator must name" in waiting["message"]
    path = f"/quality/moderation/{held['id']}/moderator"
    assert api.post(path, LEAD, json={"assessor_id": second_id}).status_code == 403
    assert api.post(path, "coordinator_out", json={"assessor_id": second_id}).status_code == 404
    refused = api.post(path, COORDINATOR, json={"assessor_id": held["assessor_id"]})
    assert refused.status_code == 422 and "other than the one who decided" in refused.get_json()["error"]["message"]
    assert api.post(path, COORDINATOR, json={}).status_code == 422
    named = api.post(path, COORDINATOR, json={"assessor_id": second_id})
    assert named.status_code == 200, named.get_json()
    assert named.get_json()["moderator"]["id"] == second_id and named.get_json()["status"] == "waiting"


def test_a_coordinator_runs_a_calibration_exercise_through_the_api(app, api, judged):
    response, _before = _award(api, app, judged)
    api.post(f"/quality/moderation/{response.get_json()['id']}/reading", SECOND, json={"agree": True, "note": ""})
    assert api.get("/quality/calibration/submissions", LEAD).status_code == 403
    listed = api.get("/quality/calibration/submissions", COORDINATOR)
    assert listed.status_code == 200
    submissions = listed.get_json()
    submissions = [row for row in submissions if row["snapshot_id"] is not None]
    assert len(submissions) == 1 and submissions[0]["programme"] == "esafety-label"
    assert "school" not in str(submissions[0]).lower()
    with app.app_context():
        people = [person(email).id for email in ("assessor@example.org", SECOND_ASSESSOR)]
    body = {"title": "Calibration, spring", "snapshot_id": submissions[0]["snapshot_id"], "assessor_ids": people}

    assert api.post("/quality/calibration", LEAD, json=body).status_code == 403
    one = api.post("/quality/calibration", COORDINATOR, json={**body, "assessor_ids": people[:1]})
    assert one.status_code == 422 and "at least two" in one.get_json()["error"]["message"]
    elsewhere = api.post("/quality/calibration", "coordinator_out", json=body)
    assert elsewhere.status_code == 422  # not a submission of a school they coordinate
    made = api.post("/quality/calibration", COORDINATOR, json=body)
    assert made.status_code == 201, made.get_json()
    exercise = made.get_json()
    assert (exercise["title"], exercise["invited"], exercise["judged"]) == ("Calibration, spring", 2, 0)
    to_judge = api.get(f"/quality/calibration/{exercise['id']}", SECOND).get_json()
    assert to_judge["to_judge"] is True and all(row["consensus"] is None for row in to_judge["criteria"])
    with app.app_context():
        assert db.session.scalar(select(CalibrationExercise.title)) == "Calibration, spring"


def test_a_coordinator_accredits_an_assessor_directly_through_the_api(app, api, tokens):
    with app.app_context():
        second_id = person(SECOND_ASSESSOR).id
    path = f"/quality/people/{second_id}/accreditation"
    body = {"programme": "esafety-label", "note": "Ten years assessing for the ministry."}
    assert api.post(path, SECOND, json=body).status_code == 403
    assert api.post(path, COORDINATOR, json={**body, "note": " "}).status_code == 422
    assert api.post(path, COORDINATOR, json={**body, "programme": "nope"}).status_code == 422
    assert api.post("/quality/people/999999/accreditation", COORDINATOR, json=body).status_code == 404
    made = api.post(path, COORDINATOR, json=body)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["assessor_id"] == second_id and made.get_json()["note"] == body["note"]
    with app.app_context():
        assert db.session.scalar(select(AssessorAccreditation.granted_by_id)) == person("coord.md@example.org").id


def test_the_description_documents_the_held_answer_and_the_new_operations(api):
    spec = api.get("/openapi.json", None).get_json()
    assert "Sample" in spec["components"]["schemas"]
    for decision in ("award", "reject", "changes"):
        answers = spec["paths"][f"/api/v1/applications/{{application_id}}/decisions/{decision}"]["post"]["responses"]
        assert answers["202"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Sample"}
    assert "202" not in spec["paths"]["/api/v1/applications/{application_id}/decisions/visit"]["post"]["responses"]
    for path in (
        "/api/v1/quality/calibration",
        "/api/v1/quality/calibration/submissions",
        "/api/v1/quality/moderation/{sample_id}/moderator",
        "/api/v1/quality/people/{user_id}/accreditation",
    ):
        assert path in spec["paths"], path
