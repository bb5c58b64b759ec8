"""The between-awards API: who may call what (every route × every role), and what the calls do, through the same
operations as the pages."""

from __future__ import annotations

import pytest

from tests.api.builders import Scene
from tests.api.test_permissions import Row, _statuses, _table

#          anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
SCHOOL_A = (401, 200, 200, 403, 403, 403, 200, 403, 200, 403)
ADMINS_OF_A = (401, 200, 403, 403, 403, 403, 403, 403, 403, 403)
CREATED_BY_ADMIN_A = (401, 201, 403, 403, 403, 403, 403, 403, 403, 403)
COORDINATORS = (401, 403, 403, 403, 403, 403, 200, 200, 200, 403)
TRAINING = {
    "person_name": "Ana",
    "staff_role": "teacher",
    "course_code": "online-safety-basics",
    "completed_on": "2026-01-10",
}
INCIDENT = {"category": "grooming", "occurred_on": "2026-01-10", "involved": ["pupil"]}


def _a(scene: Scene) -> str:
    return f"/schools/{scene.world.school_a}"


ROWS = [
    Row("GET /schools/{id}/training", lambda s, r: ("GET", f"{_a(s)}/training", {}), SCHOOL_A),
    Row(
        "POST /schools/{id}/training",
        lambda s, r: ("POST", f"{_a(s)}/training", {"json": TRAINING}),
        CREATED_BY_ADMIN_A,
    ),
    Row("GET /schools/{id}/incidents", lambda s, r: ("GET", f"{_a(s)}/incidents", {}), ADMINS_OF_A),
    Row(
        "POST /schools/{id}/incidents",
        lambda s, r: ("POST", f"{_a(s)}/incidents", {"json": INCIDENT}),
        CREATED_BY_ADMIN_A,
    ),
    Row("GET /schools/{id}/calendar", lambda s, r: ("GET", f"{_a(s)}/calendar", {}), SCHOOL_A),
    Row("GET /schools/{id}/health-check", lambda s, r: ("GET", f"{_a(s)}/health-check", {}), SCHOOL_A),
    Row("GET /stats/incidents", lambda s, r: ("GET", "/stats/incidents", {}), COORDINATORS),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_between_awards_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )


def test_the_api_records_through_the_same_operations_as_the_pages(app, api, scene):
    a = _a(scene)
    assert (
        api.post(f"{a}/training", "school_admin_a", json={**TRAINING, "completed_on": "2099-01-01"}).status_code == 422
    )
    assert api.put(f"{a}/training", "school_admin_a").status_code == 405
    created = api.post(f"{a}/incidents", "school_admin_a", json={**INCIDENT, "description": "Mail to x.y@mail.md"})
    assert created.status_code == 201
    assert created.get_json()["warnings"] == ["It looks like an e-mail address is written here."]
    register = api.get(f"{a}/training", "school_admin_a").get_json()
    assert register["window_months"] == 24 and {row["role"] for row in register["coverage"]} == {
        "teacher", "support", "governor", "leadership"}  # fmt: skip
    counts = api.get("/stats/incidents?country=MD", "admin").get_json()
    assert counts == [{"region": "MD-CU", "cells": counts[0]["cells"], "total": None}]
    assert counts[0]["cells"]["grooming"] is None  # one incident: fewer than 5, not shown
    assert api.get("/stats/incidents?country=moldova", "admin").status_code == 422
