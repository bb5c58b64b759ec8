"""The API sends a returned self-assessment again by the page's rule: with some of the criteria the assessor returned
left unchanged it is refused (422, ``unaddressed_items``, their codes) unless ``send_as_is`` is true; the OpenAPI
description says so. The review still opens through the API's event route (the page opens it on the first visit)."""

from __future__ import annotations

from accreditation.applications import commit_and_relay
from accreditation.extensions import db
from accreditation.review import decisions
from accreditation.review.assignment import assign_assessor
from tests.api.builders import version_of
from tests.applications.builders import LONG_COMMENT, person
from tests.review.builders import COORDINATOR, LEAD, criteria, judge_all, submitted, under_review, version

FIRE = "/api/v1/applications/{application_id}/events/{event}"


def _returned(app, world) -> tuple[int, list[str]]:
    """School A's eSafety Label application returned by the lead assessor, two criteria found wanting."""
    with app.app_context():
        application_id = under_review(world, "esafety-label")
        codes = [criterion.code for criterion in criteria(application_id)[:2]]
        judge_all(
            application_id,
            except_={
                code: {"verdict": "insufficient", "comment": "Upload the signed log.", "gap": "minor"} for code in codes
            },
        )
        decisions.request_changes(application_id, person(LEAD), version(application_id), "Two things to mend.")
        db.session.commit()
        db.session.remove()
    return application_id, codes


def _send(app, api, application_id: int, **extra):
    with app.app_context():
        current = version_of(application_id)
    body = {"expected_version": current, "comment": LONG_COMMENT, **extra}
    return api.post(f"/applications/{application_id}/events/submit", "school_admin_a", json=body)


def _state(app, application_id: int) -> str:
    from accreditation.models import Application

    with app.app_context():
        state = db.session.get(Application, application_id).state
        db.session.remove()
    return state


def test_resubmitting_untouched_returned_criteria_needs_send_as_is(app, api, world):
    application_id, codes = _returned(app, world)
    refused = _send(app, api, application_id)
    assert refused.status_code == 422, refused.get_json()
    error = refused.get_json()["error"]
    assert error["code"] == "unaddressed_items"
    assert error["criteria"] == codes and len(error["reasons"]) == 2
    assert "send_as_is" in error["message"]
    assert _state(app, application_id) == "self_assessment"

    assert _send(app, api, application_id, send_as_is=False).status_code == 422
    sent = _send(app, api, application_id, send_as_is=True)
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["state"] == "submitted"
    last = api.get(f"/applications/{application_id}/history", "admin").get_json()[-1]
    assert last["event"] == "submit" and "send_as_is" not in last["data"]  # not event data


def test_someone_who_may_not_send_it_hears_that_rather_than_about_the_criteria(app, api, world):
    application_id, _codes = _returned(app, world)
    with app.app_context():
        current = version_of(application_id)
    body = {"expected_version": current, "comment": LONG_COMMENT}
    response = api.post(f"/applications/{application_id}/events/submit", "school_staff_a", json=body)
    assert response.status_code == 403 and response.get_json()["error"]["code"] != "unaddressed_items"


def test_the_description_documents_send_as_is(client):
    description = client.get("/api/v1/openapi.json").get_json()
    operation = description["paths"][FIRE]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = description["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert schema["properties"]["send_as_is"]["type"] == "boolean"
    assert "unaddressed_items" in schema["properties"]["send_as_is"]["description"]
    assert "send_as_is" in operation["description"]
    detail = description["components"]["schemas"]["ErrorDetail"]
    assert "criteria" in detail["properties"]


def test_the_review_still_opens_through_the_event_route(app, api, world):
    with app.app_context():
        application_id = submitted(world, "esafety-label")
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
        commit_and_relay()
        db.session.remove()
    shown = api.get(f"/applications/{application_id}", "assessor_assigned").get_json()
    assert "start_review" in shown["allowed_events"]
    response = api.post(
        f"/applications/{application_id}/events/start_review",
        "assessor_assigned",
        json={"expected_version": shown["version"]},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "under_review"
