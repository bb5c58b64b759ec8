"""The survey API: who may call what (every route × every role), and what the calls do, through the same
operations as the pages: the same refusals, the same links, the same suppression of small numbers."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from accreditation.extensions import db
from accreditation.models import SurveyAudience, SurveyWindow
from tests.api.builders import Scene
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import person
from tests.surveys.helpers import ANSWERS, answer

#            anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SCHOOL_A = (401, 200, 200, 403, 403, 403, 200, 403, 200, 403)
ADMINS_OF_A = (401, 200, 403, 403, 403, 403, 403, 403, 403, 403)
CREATED_BY_ADMIN_A = (401, 201, 403, 403, 403, 403, 403, 403, 403, 403)


def _today():
    return datetime.now(UTC).date()


def _new_window(scene: Scene, audiences=("pupils_12_14", "staff")) -> int:
    """An open window of school A, a fresh one per call (one role's close leaves the next one's open). Commits."""
    window = SurveyWindow(
        school_id=scene.world.school_a,
        programme="ciss",
        instrument_version=1,
        opens_on=_today(),
        closes_on=_today() + timedelta(days=7),
        languages="en,ru",
    )
    window.audiences = [SurveyAudience(audience=a, token=secrets.token_urlsafe(9), responses=0) for a in audiences]
    db.session.add(window)
    db.session.commit()
    return window.id


def _a(scene: Scene) -> str:
    return f"/schools/{scene.world.school_a}/surveys"


def _opening() -> dict:
    return {
        "programme": "ciss",
        "opens_on": _today().isoformat(),
        "closes_on": (_today() + timedelta(days=10)).isoformat(),
        "audiences": ["pupils_12_14", "parents"],
        "languages": ["en", "ro"],
    }


def _invitation(scene: Scene) -> dict:
    return {"json": {"user_ids": [person("staff.a@example.org").id]}}


ROWS = [
    Row("GET /survey-instruments", lambda s, r: ("GET", "/survey-instruments", {}), SIGNED_IN),
    Row("GET /schools/{id}/surveys", lambda s, r: ("GET", _a(s), {}), SCHOOL_A),
    Row("POST /schools/{id}/surveys", lambda s, r: ("POST", _a(s), {"json": _opening()}), CREATED_BY_ADMIN_A),
    Row(
        "POST /schools/{id}/surveys/{id}/close",
        lambda s, r: ("POST", f"{_a(s)}/{_new_window(s)}/close", {}),
        ADMINS_OF_A,
    ),
    Row(
        "GET /schools/{id}/surveys/{id}/results",
        lambda s, r: ("GET", f"{_a(s)}/{_new_window(s)}/results", {}),
        SCHOOL_A,
    ),
    Row(
        "POST /schools/{id}/surveys/{id}/staff-invitations",
        lambda s, r: ("POST", f"{_a(s)}/{_new_window(s)}/staff-invitations", _invitation(s)),
        ADMINS_OF_A,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_survey_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )


def test_the_instruments_come_with_their_questions_in_every_language(app, api, scene):
    found = api.get("/survey-instruments", "school_staff_a").get_json()
    assert sorted(i["programme"] for i in found) == ["ciss", "esafety-label"]
    ciss = next(i for i in found if i["programme"] == "ciss")
    assert ciss["threshold"] >= 5 and "pupils_9_11" in ciss["audiences"]
    assert all(set(q["text"]) == {"en", "ru", "uk", "ro", "be"} and q["criteria"] for q in ciss["questions"])
    only = api.get("/survey-instruments?programme=ciss", "school_admin_a").get_json()
    assert [i["programme"] for i in only] == ["ciss"]
    refused = api.get("/survey-instruments?programme=nothing", "school_admin_a")
    assert refused.status_code == 422 and refused.get_json()["error"]["message"] == "This programme has no survey."


def test_a_window_opened_through_the_api_is_refused_for_the_same_reasons_as_on_the_page(app, api, scene):
    a = _a(scene)
    late = {**_opening(), "closes_on": (_today() - timedelta(days=1)).isoformat()}
    refused = api.post(a, "school_admin_a", json=late)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"] == "The survey must close on or after the day it opens."
    assert api.post(a, "school_admin_a", json={**_opening(), "audiences": ["grandparents"]}).status_code == 422
    assert api.post(a, "school_admin_a", json={**_opening(), "languages": ["de"]}).status_code == 422
    opened = api.post(a, "school_admin_a", json=_opening())
    assert opened.status_code == 201
    window = opened.get_json()
    assert window["state"] == "open" and window["languages"] == ["en", "ro"]
    assert [link["audience"] for link in window["links"]] == ["pupils_12_14", "parents"]
    assert all(link["url"].startswith("http://localhost/s/") for link in window["links"])
    assert window["links"][0]["poster_url"].endswith(f"/surveys/{window['id']}/poster/pupils_12_14.pdf")
    listed = api.get(a, "school_staff_a").get_json()
    assert [w["id"] for w in listed] == [window["id"]]
    # The link opens the public answer page; its poster is a PDF for the school's members.
    assert app.test_client().get(window["links"][0]["url"].removeprefix("http://localhost")).status_code == 200


def test_results_are_given_only_from_the_threshold_and_a_closed_window_takes_no_answer(app, api, scene):
    a = _a(scene)
    with app.app_context():
        window_id = _new_window(scene, audiences=("pupils_12_14",))
        token = db.session.get(SurveyWindow, window_id).audiences[0].token
        db.session.remove()
    for _ in range(9):
        assert answer(app, f"/s/{token}")[1].status_code in (200, 303)
    nine = api.get(f"{a}/{window_id}/results", "school_admin_a").get_json()
    assert nine["threshold"] == 10
    assert nine["audiences"] == [{"audience": "pupils_12_14", "responses": None, "criteria": []}]
    assert answer(app, f"/s/{token}")[1].status_code in (200, 303)
    ten = api.get(f"{a}/{window_id}/results", "coordinator_in").get_json()
    [pupils] = ten["audiences"]
    assert pupils["responses"] == 10
    assert pupils["criteria"] and all(c["answers"] >= 10 for c in pupils["criteria"])
    # Every pupil gave the same answers: a criterion's mean is the mean of its questions' answers.
    [ciss] = api.get("/survey-instruments?programme=ciss", "school_admin_a").get_json()
    linked: dict[str, list[int]] = {}
    for question in ciss["questions"]:
        if question["code"] in ANSWERS:
            for criterion in question["criteria"]:
                linked.setdefault(criterion, []).append(ANSWERS[question["code"]])
    expected = {code: round(sum(values) / len(values), 2) for code, values in linked.items()}
    assert {c["criterion"]: c["mean"] for c in pupils["criteria"]} == expected

    closed = api.post(f"{a}/{window_id}/close", "school_admin_a")
    assert closed.status_code == 200 and closed.get_json()["state"] == "closed"
    again = api.post(f"{a}/{window_id}/close", "school_admin_a")
    assert again.status_code == 409 and again.get_json()["error"]["message"] == "This survey has already closed."
    late = answer_after_close(app, token)
    assert late == 410
    assert api.post(f"{a}/999999/close", "school_admin_a").status_code == 404


def answer_after_close(app, token: str) -> int:
    return app.test_client().get(f"/s/{token}").status_code
