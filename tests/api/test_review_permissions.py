"""Who may call the assessor's side of the API: every new route × every role (``tests.api.builders.ROLES``), with
the expected status in each cell, in the scene of ``test_permissions`` (school A's CISS application at its site
visit, its eSafety Label application in its self-assessment, the world's assessor assigned to both).

The review's routes need a real self-assessment: their rows first submit the eSafety Label application with real
answers and documents and start its review (``prepare``). A write is sent by each role in turn, so once a role has
made a decision the state has moved on: the roles after it that may see the application get 409 (the decision is
not open any more), those that may not see it 403. The moderation rows assign the second assessor (the
"unassigned" role) as moderator."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from accreditation.applications import commit_and_relay
from accreditation.extensions import db
from accreditation.models import School
from accreditation.review import decisions
from accreditation.review.conflicts import record_conflict
from accreditation.review.visits import VisitInput
from tests.api.builders import ASSESSOR, COORD_MD, HEAD_A, Scene, version_of
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import LONG_COMMENT, SECOND_ASSESSOR, assign, fire_as, person
from tests.assessment.builders import answer_all, upload_required
from tests.review.builders import criteria, judge_all

JUSTIFIED = "The school's practice, seen at the visit, justifies this level."

#               anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
ASSESSORS_ONLY = (401, 403, 403, 403, 200, 200, 403, 403, 403, 403)
REVIEW_READERS = (401, 403, 403, 403, 200, 403, 200, 403, 403, 403)  # the draft: not the admins (as the page)
FEEDBACK_READERS = (401, 200, 200, 403, 200, 403, 200, 403, 200, 403)


# --- scenes -----------------------------------------------------------------------------------------------------------


def _under_review(scene: Scene) -> None:
    """The eSafety Label application submitted with real answers and documents, its review started."""
    answer_all(scene.esafety)
    upload_required(scene.esafety)
    fire_as(scene.esafety, "submit", HEAD_A, comment=LONG_COMMENT)
    fire_as(scene.esafety, "start_review", ASSESSOR)


def _judged(scene: Scene) -> None:
    """Under review, every criterion judged by the lead: one a level below its claim, the others agreed."""
    _under_review(scene)
    first = criteria(scene.esafety)[0]
    wanting = {"verdict": "different", "level": first.benchmark - 1, "gap": "minor", "comment": "Not yet."}
    judge_all(scene.esafety, except_={first.code: wanting})


def _decided(scene: Scene) -> None:
    """Round 1 decided: changes requested."""
    _judged(scene)
    decisions.request_changes(scene.esafety, person(ASSESSOR), None, "Please work on the first criterion.")
    commit_and_relay()


def _in_moderation(scene: Scene) -> None:
    """The top level (gold) proposed by the lead; the second assessor is the moderator."""
    _judged(scene)
    assign(scene.esafety, SECOND_ASSESSOR, "moderator")
    decisions.approve(scene.esafety, person(ASSESSOR), "gold", JUSTIFIED, None)
    commit_and_relay()


def _visit_scheduled(scene: Scene) -> None:
    """The CISS application's visit moved through the decision (so that a site visit row exists)."""
    given = VisitInput(date.today() + timedelta(days=14), time(9), 120, "The school hall", "Europe/Chisinau")
    decisions.schedule_visit(scene.ciss, person(COORD_MD), given, "Moved to suit the school.", None)
    commit_and_relay()


def _conflicts(scene: Scene) -> None:
    """Two standing conflicts of the second assessor with school A (one for the coordinator to withdraw, one for
    the admin)."""
    school = db.session.get(School, scene.world.school_a)
    second, coordinator = person(SECOND_ASSESSOR), person(COORD_MD)
    recorded = [record_conflict(second, school, kind, "", coordinator) for kind in ("declared", "advised")]
    db.session.commit()
    scene.conflict_ids = {"admin": recorded[1].id, "default": recorded[0].id}  # type: ignore[attr-defined]


# --- requests -----------------------------------------------------------------------------------------------------


def _judgment(scene: Scene, role: str) -> tuple[str, str, dict]:
    code = criteria(scene.esafety)[0].code
    return "PUT", f"/applications/{scene.esafety}/review/judgments/{code}", {"json": {"verdict": "agree"}}


def _decision(name: str, **body):
    def request(scene: Scene, role: str) -> tuple[str, str, dict]:
        target = scene.ciss if name == "visit" else scene.esafety
        payload = {"expected_version": version_of(target), **body}
        return "POST", f"/applications/{target}/decisions/{name}", {"json": payload}

    return request


def _visit_body() -> dict:
    day = (date.today() + timedelta(days=21)).isoformat()
    return {"date": day, "time": "10:30", "minutes": 90, "place": "The library", "comment": "Moved again."}


def _declare(scene: Scene, role: str) -> tuple[str, str, dict]:
    school = db.session.get(School, scene.world.school_a)
    body = {"country": school.country_code, "national_id": school.national_id, "kind": "declared"}
    return "POST", "/assessor/conflicts", {"json": body}


def _record(scene: Scene, role: str) -> tuple[str, str, dict]:
    kind = "advised" if role == "admin" else "declared"  # one of each: the admin's is not a second of the same
    body = {"assessor_id": person(SECOND_ASSESSOR).id, "kind": kind, "note": f"Recorded by {role}."}
    return "POST", f"/applications/{scene.ciss}/conflicts", {"json": body}


def _withdraw(scene: Scene, role: str) -> tuple[str, str, dict]:
    ids = scene.conflict_ids  # type: ignore[attr-defined]
    conflict_id = ids.get(role, ids["default"])
    body = {"note": f"Recorded in error, says {role}."}
    return "POST", f"/applications/{scene.ciss}/conflicts/{conflict_id}/withdraw", {"json": body}


ROWS = [
    Row("GET /assessor/queue", lambda s, r: ("GET", "/assessor/queue", {}), ASSESSORS_ONLY),
    Row("GET /assessor/conflicts", lambda s, r: ("GET", "/assessor/conflicts", {}), ASSESSORS_ONLY),
    Row(
        "GET /applications/{id}/review",
        lambda s, r: ("GET", f"/applications/{s.esafety}/review", {}),
        REVIEW_READERS,
        prepare=_under_review,
    ),
    Row(
        "GET /applications/{id}/review (none yet)",
        lambda s, r: ("GET", f"/applications/{s.esafety}/review", {}),
        (401, 403, 403, 403, 409, 403, 409, 403, 403, 403),
    ),
    Row(
        "GET /applications/{id}/rounds",
        lambda s, r: ("GET", f"/applications/{s.esafety}/rounds", {}),
        FEEDBACK_READERS,
        prepare=_decided,
    ),
    Row(
        "GET /applications/{id}/rounds/{n}",
        lambda s, r: ("GET", f"/applications/{s.esafety}/rounds/1", {}),
        FEEDBACK_READERS,
        prepare=_decided,
    ),
    Row(
        "GET /applications/{id}/visit.ics",
        lambda s, r: ("GET", f"/applications/{s.ciss}/visit.ics", {}),
        FEEDBACK_READERS,
        prepare=_visit_scheduled,
    ),
    Row(
        "PUT /applications/{id}/review/judgments/{c}",
        _judgment,
        (401, 403, 403, 403, 200, 403, 403, 403, 403, 403),
        prepare=_under_review,
    ),
    Row(
        "POST /applications/{id}/decisions/changes",
        _decision("changes", comment="Please work on it."),
        (401, 403, 403, 403, 200, 403, 409, 403, 409, 403),
        prepare=_judged,
    ),
    Row(
        "POST /applications/{id}/decisions/visit",
        _decision("visit", **_visit_body()),
        (401, 403, 403, 403, 200, 403, 200, 403, 403, 403),
    ),
    Row(
        "POST /applications/{id}/decisions/award",
        _decision("award", level="bronze", justification=JUSTIFIED),
        (401, 403, 403, 403, 200, 403, 409, 403, 409, 403),
        prepare=_judged,
    ),
    Row(
        "POST /applications/{id}/decisions/confirm",
        _decision("confirm"),
        (401, 403, 403, 403, 422, 200, 409, 403, 409, 403),  # the lead: the guard wants a second assessor
        prepare=_in_moderation,
    ),
    Row(
        "POST /applications/{id}/decisions/send_back",
        _decision("send_back", comment="Please describe the visit first."),
        (401, 403, 403, 403, 422, 200, 409, 403, 409, 403),
        prepare=_in_moderation,
    ),
    Row(
        "POST /applications/{id}/decisions/reject",
        _decision("reject", comment="The evidence supports no level."),
        (401, 403, 403, 403, 200, 403, 409, 403, 409, 403),
        prepare=_judged,
    ),
    Row("POST /assessor/conflicts", _declare, (401, 403, 403, 403, 201, 201, 403, 403, 403, 403)),
    Row("POST /applications/{id}/conflicts", _record, (401, 403, 403, 403, 403, 403, 201, 403, 201, 403)),
    Row(
        "POST /applications/{id}/conflicts/{c}/withdraw",
        _withdraw,
        (401, 403, 403, 403, 403, 403, 200, 403, 200, 403),
        prepare=_conflicts,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_review_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )
