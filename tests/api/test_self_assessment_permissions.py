"""Who may call the self-assessment's routes: every new route × every role, with the expected status in each cell
(the roles and the scene of ``tests.api.test_permissions``: school A's eSafety Label application in its
self-assessment, its CISS application at its site visit)."""

from __future__ import annotations

from io import BytesIO

import pytest

from accreditation.assessment.action_plan import action_plan
from accreditation.assessment.documents import Upload, upload_document
from accreditation.extensions import db
from tests.api.builders import ASSESSOR, COORD_MD, HEAD_A, Scene
from tests.api.test_permissions import APPLICATION_A, Row, _statuses, _table
from tests.applications.builders import assign, fire_as, person, start
from tests.assessment.builders import PDF, PNG, answer_all, framework_of, upload_required

#              anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
SCHOOL_WRITES = (401, 200, 200, 403, 403, 403, 403, 403, 403, 403)
SCHOOL_CREATES = (401, 201, 201, 403, 403, 403, 403, 403, 403, 403)
SCHOOL_DELETES = (401, 204, 204, 403, 403, 403, 403, 403, 403, 403)
DOCUMENT_READERS = (401, 200, 200, 403, 200, 403, 200, 403, 403, 403)

made: dict[str, int] = {}  # what a row's preparation made: a document, a file, an application


def _criterion() -> str:
    return framework_of().criteria[0].code


def _document(scene: Scene) -> int:
    """A new document of school A's eSafety Label application (committed); its id."""
    version = upload_document(scene.esafety, person(HEAD_A), Upload(PDF, "policy.pdf"), title="Policy")
    db.session.commit()
    made["document"], made["file"] = version.document_id, version.id
    return version.document_id


def _submitted(scene: Scene) -> None:
    answer_all(scene.esafety)
    upload_required(scene.esafety)
    fire_as(scene.esafety, "submit", HEAD_A)


def _implementing(scene: Scene) -> None:
    """School A's CISS cycle started again and accepted: it puts its modules in place."""
    fire_as(scene.ciss, "withdraw", HEAD_A, comment="Starting again.")
    made["ciss"] = start(scene.world, "ciss")
    fire_as(made["ciss"], "accept", COORD_MD)
    assign(made["ciss"], ASSESSOR)


def _new_version(scene: Scene, role: str) -> tuple[str, str, dict]:
    data = {"file": (BytesIO(PNG), f"{role}.png")}
    path = f"/applications/{scene.esafety}/documents/{made['document']}/versions"
    return "POST", path, {"data": data, "content_type": "multipart/form-data"}


def _delete(scene: Scene, role: str) -> tuple[str, str, dict]:
    return "DELETE", f"/applications/{scene.esafety}/documents/{_document(scene)}", {}


def _tick(scene: Scene, role: str) -> tuple[str, str, dict]:
    plan = action_plan(scene.esafety, person(HEAD_A))
    key = plan.areas[0].criteria[0].actions[0].action.key
    return "POST", f"/applications/{scene.esafety}/action-plan", {"json": {"action": key, "done": True}}


ROWS = [
    Row(
        "GET /applications/{id}/answers", lambda s, r: ("GET", f"/applications/{s.esafety}/answers", {}), APPLICATION_A
    ),
    Row(
        "GET /applications/{id}/answers/{code}",
        lambda s, r: ("GET", f"/applications/{s.esafety}/answers/{_criterion()}", {}),
        APPLICATION_A,
    ),
    Row(
        "GET /applications/{id}/documents",
        lambda s, r: ("GET", f"/applications/{s.esafety}/documents", {}),
        APPLICATION_A,
    ),
    Row(
        "GET /documents/files/{id}",
        lambda s, r: ("GET", f"/documents/files/{made['file']}", {}),
        DOCUMENT_READERS,
        prepare=_document,
    ),
    Row("POST /applications/{id}/documents/{id}/versions", _new_version, SCHOOL_CREATES, prepare=_document),
    Row(
        "PUT /applications/{id}/documents/{id}/criteria",
        lambda s, r: (
            "PUT",
            f"/applications/{s.esafety}/documents/{made['document']}/criteria",
            {"json": {"criterion_codes": [_criterion()]}},
        ),
        SCHOOL_WRITES,
        prepare=_document,
    ),
    Row("DELETE /applications/{id}/documents/{id}", _delete, SCHOOL_DELETES),
    Row(
        "GET /applications/{id}/results", lambda s, r: ("GET", f"/applications/{s.esafety}/results", {}), APPLICATION_A
    ),
    Row(
        "GET /applications/{id}/action-plan",
        lambda s, r: ("GET", f"/applications/{s.esafety}/action-plan", {}),
        APPLICATION_A,
    ),
    Row("POST /applications/{id}/action-plan", _tick, SCHOOL_WRITES),
    Row("GET /applications/{id}/modules", lambda s, r: ("GET", f"/applications/{s.ciss}/modules", {}), APPLICATION_A),
    Row(
        "POST /applications/{id}/modules/{code}",
        lambda s, r: ("POST", f"/applications/{made['ciss']}/modules/{framework_of('ciss').areas[0].code}", {}),
        SCHOOL_WRITES,
        prepare=_implementing,
    ),
    Row(
        "GET /applications/{id}/snapshots",
        lambda s, r: ("GET", f"/applications/{s.esafety}/snapshots", {}),
        APPLICATION_A,
        prepare=_submitted,
    ),
    Row(
        "GET /applications/{id}/snapshots/{round}",
        lambda s, r: ("GET", f"/applications/{s.esafety}/snapshots/1", {}),
        APPLICATION_A,
        prepare=_submitted,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_self_assessment_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    made.clear()
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )
