"""``/api/v1/applications``: joining a programme, reading an application with what the caller may fire, the
self-assessment's answers and documents, firing events with their exact statuses, and the history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from accreditation.models import Answer, Application, Document
from tests.api.builders import ASSESSOR, HEAD_A, make_token, version_of
from tests.applications.builders import LONG_COMMENT, fire_as
from tests.assessment.builders import PDF, SCRIPT, framework_of
from tests.builders import PASSWORD, add_school

SOON = (date.today() + timedelta(days=20)).isoformat()
COMMENT = "The school asked to move the visit: the head teacher is away that week."


# --- joining a programme ----------------------------------------------------------------------------------------


def test_a_school_admin_joins_a_programme_and_gets_the_new_application(app, api, world):
    response = api.post("/applications", "school_admin_a", json={"school_id": world.school_a, "programme": "ciss"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/applications/{body['id']}"
    assert (body["school_id"], body["programme"], body["state"], body["version"]) == (
        world.school_a,
        "ciss",
        "applied",
        1,
    )
    assert body["award"] is None and body["allowed_events"] == ["withdraw"]
    assert api.get(f"/applications/{body['id']}", "coordinator_in").get_json()["allowed_events"] == [
        "accept",
        "decline",
    ]
    again = api.post("/applications", "school_admin_a", json={"school_id": world.school_a, "programme": "ciss"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "cycle_already_open"


@pytest.mark.parametrize("role", ["school_staff_a", "coordinator_in", "admin", "member_b"])
def test_only_the_schools_admin_joins_a_programme(api, world, role):
    response = api.post("/applications", role, json={"school_id": world.school_a, "programme": "ciss"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_permitted"


def test_joining_needs_a_known_programme_a_known_school_and_a_verified_one(app, api, world):
    unknown = api.post("/applications", "school_admin_a", json={"school_id": world.school_a, "programme": "nope"})
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "unknown_programme"
    nowhere = api.post("/applications", "school_admin_a", json={"school_id": 999999, "programme": "ciss"})
    assert nowhere.status_code == 404 and nowhere.get_json()["error"]["code"] == "unknown_school"
    with app.app_context():
        pending = add_school("Pending School", "MD-5005", "MD", "MD-CU", verification="pending")
        create_user("head.p@example.org", "Head P", "school-admin", PASSWORD, school_id=pending.id)
        token, _ = make_token("head.p@example.org")
        school_id = pending.id
        db.session.commit()
    refused = api.call("POST", "/applications", token=token, json={"school_id": school_id, "programme": "ciss"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "school_not_verified"
    for body, field in (
        ({"school_id": "1", "programme": "ciss"}, "school_id"),
        ({"school_id": 1.5, "programme": "ciss"}, "school_id"),
        ({"school_id": world.school_a}, "programme"),
        ({"school_id": world.school_a, "programme": "ciss", "cycle": 2}, "cycle"),
    ):
        response = api.post("/applications", "school_admin_a", json=body)
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"], body


# --- reading ----------------------------------------------------------------------------------------------------


def test_an_application_shows_what_the_caller_may_fire_now_and_what_blocks_the_rest(api, scene):
    assessor = api.get(f"/applications/{scene.ciss}", "assessor_assigned").get_json()
    assert assessor["state"] == "visit_scheduled" and assessor["state_label"] == "Site visit scheduled"
    assert assessor["deadline"] == (date.today() + timedelta(days=10)).isoformat()
    assert set(assessor["allowed_events"]) == {"request_changes", "reschedule_visit", "certify", "reject"}
    assert [action["event"] for action in assessor["allowed_actions"]] == assessor["allowed_events"]
    blocked = {item["event"]: item["reasons"] for item in assessor["blocked_events"]}
    assert list(blocked) == ["propose_top_award"] and "moderator" in blocked["propose_top_award"][0]
    coordinator = api.get(f"/applications/{scene.ciss}", "coordinator_in").get_json()
    assert coordinator["allowed_events"] == ["reschedule_visit"]
    school = api.get(f"/applications/{scene.ciss}", "school_admin_a").get_json()
    assert school["allowed_events"] == ["withdraw"] and school["version"] == assessor["version"]
    assert api.get(f"/applications/{scene.ciss}", "school_staff_a").get_json()["allowed_events"] == []
    assert api.get("/applications/999999", "admin").status_code == 404


def test_each_person_lists_the_applications_they_may_see(api, scene):
    def ids(role: str, query: str = "") -> list[int]:
        response = api.get(f"/applications{query}", role)
        assert response.status_code == 200
        return [application["id"] for application in response.get_json()]

    both = sorted([scene.ciss, scene.esafety])
    assert ids("admin") == ids("assessor_assigned") == ids("coordinator_in") == ids("school_staff_a") == both
    assert ids("member_b") == ids("assessor_unassigned") == ids("coordinator_out") == []
    assert ids("admin", "?programme=ciss") == [scene.ciss]
    assert ids("admin", "?state=self_assessment") == [scene.esafety]
    assert ids("admin", f"?school_id={scene.world.school_b}") == []
    assert ids("admin", "?limit=1") == [min(both)]
    assert ids("admin", f"?after={min(both)}") == [max(both)]
    assert api.get("/applications?limit=0", "admin").status_code == 422


def test_the_history_lists_every_transition_oldest_first(api, scene):
    response = api.get(f"/applications/{scene.ciss}/history", "school_staff_a")
    assert response.status_code == 200
    records = response.get_json()
    assert [record["version"] for record in records] == list(range(1, len(records) + 1))
    assert [record["event"] for record in records] == [
        "join-programme",
        "accept",
        "start_self_assessment",
        "submit",
        "start_review",
        "schedule_visit",
    ]
    assert records[0]["from_state"] is None and records[0]["to_state"] == "applied"
    assert records[1]["actor"]["name"] == "Mira Coordinator" and records[1]["actor_role"] == "coordinator"
    assert records[3]["comment"].startswith("We answered every criterion")
    assert records[-1]["data"] == {"date": (date.today() + timedelta(days=10)).isoformat()}
    assert api.get(f"/applications/{scene.ciss}/history", "member_b").status_code == 403


# --- events -----------------------------------------------------------------------------------------------------


def _fire(api, scene, event: str, role: str = "assessor_assigned", version: int | None = None, **data):
    return _fire_on(api, scene.ciss, event, role, version, **data)


def _fire_on(api, application_id: int, event: str, role: str, version: int | None = None, **data):
    if version is None:
        with api.client.application.app_context():
            version = version_of(application_id)
    return api.post(f"/applications/{application_id}/events/{event}", role, json={"expected_version": version, **data})


def test_an_event_fired_at_the_current_version_moves_the_application(app, api, scene):
    before = api.get(f"/applications/{scene.esafety}", "school_admin_a").get_json()
    assert "submit" in before["allowed_events"]
    response = _fire_on(api, scene.esafety, "submit", "school_admin_a", before["version"], comment=LONG_COMMENT)
    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert after["version"] == before["version"] + 1 and after["state"] == "submitted"
    last = api.get(f"/applications/{scene.esafety}/history", "admin").get_json()[-1]
    assert (last["event"], last["comment"], last["actor_role"]) == ("submit", LONG_COMMENT, "school_admin")


def test_a_decision_fired_as_a_bare_event_is_refused_naming_its_route(app, api, scene):
    """Awarding, asking for changes, the visit: each records its decision with the transition, so the generic
    event route refuses them (422) and points to the decision's route; nothing changes."""
    shown = api.get(f"/applications/{scene.ciss}", "assessor_assigned").get_json()
    routes = {action["event"]: action for action in shown["allowed_actions"]}
    assert routes["certify"]["decision"] == "award"
    assert routes["certify"]["href"] == f"/api/v1/applications/{scene.ciss}/decisions/award"
    assert routes["reschedule_visit"]["href"] == f"/api/v1/applications/{scene.ciss}/decisions/visit"
    for event, data in (
        ("certify", {"level": "established"}),
        ("request_changes", {"items": ["Made-up item"]}),
        ("reschedule_visit", {"date": SOON, "comment": COMMENT}),
        ("reject", {"comment": COMMENT}),
    ):
        response = _fire(api, scene, event, **data)
        assert response.status_code == 422, (event, response.get_json())
        error = response.get_json()["error"]
        assert error["code"] == "decision_required" and error["href"] == routes[event]["href"], event
    with app.app_context():
        assert version_of(scene.ciss) == shown["version"]
    assert api.get(f"/applications/{scene.ciss}/history", "admin").get_json()[-1]["event"] == "schedule_visit"


def test_an_award_shows_on_the_application(app, api, scene):
    with app.app_context():
        fire_as(scene.ciss, "certify", ASSESSOR, level="established")
    body = api.get(f"/applications/{scene.ciss}", "school_admin_a").get_json()
    assert body["state"] == "certified"
    assert body["award"]["level"] == "established" and body["award"]["label"] == "Established"
    assert body["award"]["awarded_at"] and body["award"]["expires_at"] > body["award"]["awarded_at"]


def test_a_stale_version_is_409_and_changes_nothing(app, api, scene):
    with app.app_context():
        current = version_of(scene.esafety)
    response = _fire_on(api, scene.esafety, "submit", "school_admin_a", current - 1, comment=COMMENT)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "stale_version"
    with app.app_context():
        assert version_of(scene.esafety) == current


@pytest.mark.parametrize(
    ("role", "event", "code"),
    [
        ("school_admin_a", "certify", "role_not_allowed"),
        ("admin", "reschedule_visit", "role_not_allowed"),
        ("member_b", "reschedule_visit", "not_yours"),
        ("assessor_unassigned", "reschedule_visit", "not_yours"),
        ("coordinator_out", "reschedule_visit", "not_yours"),
    ],
)
def test_an_event_the_caller_may_not_fire_is_403(app, api, scene, role, event, code):
    response = _fire(api, scene, event, role, date=SOON, comment=COMMENT, level="established")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == code


def test_failing_guards_are_422_with_every_reason_and_its_condition(api, scene, evidence):
    evidence.unanswered_criteria = lambda application: ["Filtering", "Passwords"]
    evidence.missing_documents = lambda application: ["Acceptable use policy"]
    response = _fire_on(api, scene.esafety, "submit", "school_admin_a", comment=LONG_COMMENT)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "guard_failed" and len(error["reasons"]) >= 2
    codes = [condition["code"] for condition in error["failed_conditions"]]
    assert codes[0] == "self_assessment_complete" and "required_documents_uploaded" in codes
    assert [condition["message"] for condition in error["failed_conditions"]] == error["reasons"]
    blocked = api.get(f"/applications/{scene.esafety}", "school_admin_a").get_json()["blocked_events"]
    [submit] = [item for item in blocked if item["event"] == "submit"]
    assert {condition["code"] for condition in submit["failed_conditions"]} == set(codes)


def test_missing_event_data_is_422_naming_it(api, scene):
    with api.client.application.app_context():
        fire_as(scene.ciss, "certify", ASSESSOR, level="established")
    response = _fire(api, scene, "suspend", "coordinator_in")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "missing_data" and list(error["fields"]) == ["comment"] and error["reasons"]


def test_unknown_applications_and_events_are_404_and_an_event_from_elsewhere_409(app, api, scene):
    unknown_event = _fire(api, scene, "teleport")
    assert unknown_event.status_code == 404 and unknown_event.get_json()["error"]["code"] == "unknown_event"
    nowhere = api.post("/applications/999999/events/certify", "admin", json={"expected_version": 1})
    assert nowhere.status_code == 404 and nowhere.get_json()["error"]["code"] == "application_not_found"
    elsewhere = _fire(api, scene, "accept", "coordinator_in")
    assert elsewhere.status_code == 409 and elsewhere.get_json()["error"]["code"] == "transition_not_allowed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "expected_version"),
        ({"expected_version": "6"}, "expected_version"),
        ({"expected_version": True}, "expected_version"),
        ({"expected_version": 6, "date": "next week"}, "date"),
        ({"expected_version": 6, "items": "one thing"}, "items"),
        ({"expected_version": 6, "comment": 12}, "comment"),
        ({"expected_version": 6, "urgent": True}, "urgent"),
    ],
)
def test_event_input_of_the_wrong_type_or_unknown_is_422_naming_the_field(app, api, scene, body, field):
    with app.app_context():
        version = version_of(scene.ciss)
    response = api.post(f"/applications/{scene.ciss}/events/reschedule_visit", "assessor_assigned", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    with app.app_context():
        assert version_of(scene.ciss) == version


# --- answers ----------------------------------------------------------------------------------------------------


def _code(app, position: int = 0) -> str:
    with app.app_context():
        return framework_of().criteria[position].code


def test_a_school_member_answers_a_criterion_and_the_same_answer_again_changes_nothing(app, api, scene):
    code = _code(app)
    path = f"/applications/{scene.esafety}/answers/{code}"
    first = api.put(path, "school_staff_a", json={"level": 2, "commentary": "Filtering is in place in labs."})
    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {
        "criterion_code": code,
        "level": 2,
        "commentary": "Filtering is in place in labs.",
        "revision": 1,
        "saved": True,
    }
    again = api.put(path, "school_admin_a", json={"level": 2, "commentary": "Filtering is in place in labs."})
    assert again.get_json()["saved"] is False and again.get_json()["revision"] == 1
    cleared = api.put(path, "school_admin_a", json={"level": None})
    assert cleared.get_json() == {"criterion_code": code, "level": None, "commentary": "", "revision": 2, "saved": True}


def test_an_answer_based_on_an_old_revision_is_a_conflict_without_it_the_answer_is_replaced(app, api, scene):
    code = _code(app)
    path = f"/applications/{scene.esafety}/answers/{code}"
    assert api.put(path, "school_admin_a", json={"level": 3, "commentary": "v1", "revision": 0}).status_code == 200
    assert api.put(path, "school_admin_a", json={"level": 4, "commentary": "v2", "revision": 1}).status_code == 200
    conflict = api.put(path, "school_staff_a", json={"level": 1, "commentary": "staff", "revision": 1})
    assert conflict.status_code == 409
    error = conflict.get_json()["error"]
    assert error["code"] == "answer_conflict" and error["saved"]["revision"] == 2 and error["saved"]["level"] == 4
    replaced = api.put(path, "school_staff_a", json={"level": 1, "commentary": "staff"})
    assert replaced.status_code == 200 and replaced.get_json()["revision"] == 3
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.criterion_code == code))
        assert (answer.level, answer.commentary, answer.revision) == (1, "staff", 3)


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [
        ("coordinator_in", 403, "not_permitted"),
        ("assessor_assigned", 403, "not_permitted"),
        ("admin", 403, "not_permitted"),
        ("member_b", 403, "not_yours"),
    ],
)
def test_only_the_schools_members_answer(app, api, scene, role, status, code):
    response = api.put(f"/applications/{scene.esafety}/answers/{_code(app)}", role, json={"level": 2})
    assert response.status_code == status and response.get_json()["error"]["code"] == code


def test_bad_answers_are_422_and_answers_after_submission_409(app, api, scene):
    path = f"/applications/{scene.esafety}/answers"
    unknown = api.put(f"{path}/no-such-criterion", "school_admin_a", json={"level": 2})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_criterion"
    scale = api.put(f"{path}/{_code(app)}", "school_admin_a", json={"level": 99})
    assert scale.status_code == 422 and scale.get_json()["error"]["code"] == "level_out_of_scale"
    for body, field in (({"level": "2"}, "level"), ({"commentary": "x"}, "level"), ({"level": 2, "note": ""}, "note")):
        response = api.put(f"{path}/{_code(app)}", "school_admin_a", json=body)
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    with app.app_context():
        fire_as(scene.esafety, "submit", HEAD_A)
    closed = api.put(f"{path}/{_code(app)}", "school_admin_a", json={"level": 2})
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "not_editable"


# --- documents --------------------------------------------------------------------------------------------------


def _upload(api, scene, role="school_admin_a", content=PDF, filename="policy.pdf", **fields):
    from io import BytesIO

    data = {"file": (BytesIO(content), filename), **fields}
    return api.post(f"/applications/{scene.esafety}/documents", role, data=data, content_type="multipart/form-data")


def test_a_school_member_uploads_a_document_for_a_criterion(app, api, scene):
    code = _code(app, 1)
    response = _upload(api, scene, "school_staff_a", criterion_code=code)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["title"], body["filename"], body["version"]) == ("other", "policy.pdf", "policy.pdf", 1)
    assert body["media_type"] == "application/pdf" and body["size"] == len(PDF) and body["criterion_codes"] == [code]
    with app.app_context():
        kind = framework_of().required_documents[0].code
    typed = _upload(api, scene, kind=kind, title="Our acceptable use policy")
    assert typed.status_code == 201 and typed.get_json()["kind"] == kind
    with app.app_context():
        assert len(db.session.scalars(select(Document)).all()) == 2


def test_bad_uploads_are_refused_and_nothing_is_stored(app, api, scene):
    script = _upload(api, scene, content=SCRIPT, filename="policy.pdf")
    assert script.status_code == 422 and script.get_json()["error"]["code"] == "upload_refused"
    unknown = _upload(api, scene, criterion_code="no-such-criterion")
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_criterion"
    extra = _upload(api, scene, colour="blue")
    assert extra.status_code == 422 and "colour" in extra.get_json()["error"]["fields"]
    no_file = api.post(f"/applications/{scene.esafety}/documents", "school_admin_a", data={"file": "text, not a file"})
    assert no_file.status_code == 422 and "file" in no_file.get_json()["error"]["fields"]
    assert _upload(api, scene, "coordinator_in").status_code == 403
    with app.app_context():
        assert db.session.scalars(select(Document)).all() == []
        assert db.session.get(Application, scene.esafety).state == "self_assessment"


def test_an_upload_over_the_limit_is_413(app, api, scene):
    app.config["MAX_CONTENT_LENGTH"], limit = 4096, app.config["MAX_CONTENT_LENGTH"]
    try:
        response = _upload(api, scene, content=PDF + b"\0" * 10_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"
