"""Who may call the assessor-quality API: every route × every role (``tests.api.builders.ROLES``), in the proof
scene (school A's CISS application under review, judged, its site visit scheduled). An exercise and held
decisions are made by ``tests.assessor_quality.proof.scene_objects``, fresh for each role's write."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Snapshot
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import SECOND_ASSESSOR, person
from tests.assessor_quality.proof.scene_objects import exercise, new_assessor, sample, shown_sample
from tests.review.builders import LEAD

READS = [
    Row(
        "GET /quality/calibration/{id}",
        lambda s, r: ("GET", f"/quality/calibration/{exercise(s)}", {}),
        (401, 404, 404, 404, 200, 404, 200, 404, 200, 404),
    ),
    Row(
        "GET /quality/moderation/{id}",
        lambda s, r: ("GET", f"/quality/moderation/{shown_sample(s)}", {}),
        (401, 404, 404, 404, 200, 200, 200, 404, 200, 404),
    ),
    Row(
        "GET /quality/figures",
        lambda s, r: ("GET", "/quality/figures", {}),
        (401, 403, 403, 403, 403, 403, 200, 200, 200, 403),
    ),
    Row(
        "GET /quality/calibration/submissions",
        lambda s, r: ("GET", "/quality/calibration/submissions", {}),
        (401, 403, 403, 403, 403, 403, 200, 200, 200, 403),
    ),
]

WRITES = [
    Row(
        "POST /quality/calibration/{id}/judgments",
        lambda s, r: ("POST", f"/quality/calibration/{exercise(s)}/judgments", {"json": {"levels": {}}}),
        (401, 404, 404, 404, 422, 404, 403, 404, 403, 404),
    ),
    Row(
        "POST /quality/moderation/{id}/reading",
        lambda s, r: ("POST", f"/quality/moderation/{sample(s)}/reading", {"json": {"agree": False, "note": r}}),
        (401, 404, 404, 404, 403, 200, 403, 404, 403, 404),
    ),
    Row(
        "POST /quality/moderation/{id}/settlement",
        lambda s, r: (
            "POST",
            f"/quality/moderation/{sample(s, 'disagreed')}/settlement",
            {"json": {"uphold": False, "note": r}},
        ),
        (401, 404, 404, 404, 403, 403, 200, 404, 200, 404),
    ),
    Row(
        "POST /applications/{id}/assessor-feedback",
        lambda s, r: (
            "POST",
            f"/applications/{s.ciss}/assessor-feedback",
            {"json": {"clarity": 4, "fairness": 4, "helpfulness": 4}},
        ),
        (401, 409, 409, 403, 403, 403, 403, 403, 403, 403),  # no decision yet; only the school's people answer
    ),
    Row(
        "POST /quality/calibration",
        lambda s, r: ("POST", "/quality/calibration", {"json": calibration_body(s)}),
        (401, 403, 403, 403, 403, 403, 422, 422, 422, 403),  # the CISS round is not decided: no past submission
    ),
    Row(
        "POST /quality/moderation/{id}/moderator",
        lambda s, r: (
            "POST",
            f"/quality/moderation/{sample(s, moderator=False)}/moderator",
            {"json": {"assessor_id": person(SECOND_ASSESSOR).id}},
        ),
        (401, 404, 404, 404, 403, 404, 200, 404, 200, 404),
    ),
    Row(
        "POST /quality/people/{id}/accreditation",
        lambda s, r: (
            "POST",
            f"/quality/people/{new_assessor(r)}/accreditation",
            {"json": {"programme": "ciss", "note": "Experienced."}},
        ),
        (401, 403, 403, 403, 403, 403, 201, 403, 201, 403),
    ),
]


def calibration_body(s) -> dict:
    snapshot = db.session.scalar(select(Snapshot.id).where(Snapshot.application_id == s.ciss))
    people = [person(LEAD).id, person(SECOND_ASSESSOR).id]
    return {"title": "Calibrare", "snapshot_id": snapshot, "assessor_ids": people}


def test_every_read_answers_each_role_with_the_expected_status(app, api, scene):
    expected = [(row.name, row.expected) for row in READS]
    actual = [(row.name, _statuses(app, api, scene, row)) for row in READS]
    assert actual == expected, _table(actual)


@pytest.mark.parametrize("row", WRITES, ids=[row.name for row in WRITES])
def test_every_write_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, _table([(row.name, actual)])
