"""Who may call what: every endpoint × every role, with the expected status in each cell.

The roles (``tests.api.builders.ROLES``): anonymous (no token), the admin and a staff member of school A, a member
(the admin) of school B, the assessor assigned to school A's applications and one who is not, the coordinator of
Moldova (school A's country) and the one of a Ukrainian region (school B's), an admin, and the lead of a network
with school A (no other role). The scene: school A's
CISS application at its site visit, its eSafety Label application in its self-assessment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

import pytest

from accreditation.certificates.codes import code_for, new_verification_id
from accreditation.extensions import db
from tests.api.builders import HEAD_A, ROLES, ApiClient, Scene, make_token, version_of
from tests.applications.builders import fire_as
from tests.assessment.builders import PDF, framework_of
from tests.builders import PASSWORD

#            anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
EVERYONE = (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)
APPLICATION_A = (401, 200, 200, 403, 200, 403, 200, 403, 200, 403)

Request = Callable[[Scene, str], tuple[str, str, dict]]


@dataclass(frozen=True)
class Row:
    name: str
    request: Request
    expected: tuple[int, ...]
    prepare: Callable[[Scene], None] | None = None


def _framework_code(scene: Scene) -> str:
    return framework_of().criteria[0].code


READS = [
    Row("GET /programmes", lambda s, r: ("GET", "/programmes", {}), EVERYONE),
    Row("GET /programmes/{code}/framework", lambda s, r: ("GET", "/programmes/esafety-label/framework", {}), EVERYONE),
    Row(
        "GET /certificates/{code}",
        lambda s, r: ("GET", f"/certificates/{code_for(new_verification_id())}", {}),
        EVERYONE,
    ),
    Row("GET /tokens", lambda s, r: ("GET", "/tokens", {}), SIGNED_IN),
    Row("GET /schools", lambda s, r: ("GET", "/schools", {}), (401, 200, 200, 200, 403, 403, 200, 200, 200, 403)),
    Row(
        "GET /schools/{id}",
        lambda s, r: ("GET", f"/schools/{s.world.school_a}", {}),
        (401, 200, 200, 403, 403, 403, 200, 403, 200, 403),
    ),
    Row("GET /applications", lambda s, r: ("GET", "/applications", {}), SIGNED_IN),
    Row("GET /applications/{id}", lambda s, r: ("GET", f"/applications/{s.ciss}", {}), APPLICATION_A),
    Row("GET /applications/{id}/history", lambda s, r: ("GET", f"/applications/{s.ciss}/history", {}), APPLICATION_A),
    Row(
        "GET /stats/progress",
        lambda s, r: ("GET", "/stats/progress", {}),
        (401, 403, 403, 403, 403, 403, 200, 200, 200, 403),
    ),
    Row(
        "GET /stats/progress?country=MD",
        lambda s, r: ("GET", "/stats/progress?country=MD", {}),
        (401, 403, 403, 403, 403, 403, 200, 403, 200, 403),
    ),
    Row(
        "GET /stats/regional-index",
        lambda s, r: ("GET", "/stats/regional-index?programme=ciss&country=MD", {}),
        (401, 403, 403, 403, 403, 403, 200, 403, 200, 403),
    ),
]


def _token_request(scene: Scene, role: str) -> tuple[str, str, dict]:
    email = ROLES[role] or HEAD_A
    password = PASSWORD if ROLES[role] else "not the password"
    return "POST", "/tokens", {"json": {"email": email, "password": password}}


def _spare_token(scene: Scene) -> None:
    _, token_id = make_token(HEAD_A, name="spare")
    db.session.commit()
    scene.spare_token = token_id


def _new_school(scene: Scene, role: str) -> tuple[str, str, dict]:
    body = {
        "national_id": f"MD-{role}",
        "name": f"School added by {role}",
        "country": "MD",
        "region": "MD-BA",
        "language": "ro",
        "type": "primary",
    }
    return "POST", "/schools", {"json": body}


def _withdraw_esafety(scene: Scene) -> None:
    fire_as(scene.esafety, "withdraw", HEAD_A)


def _answer(scene: Scene, role: str) -> tuple[str, str, dict]:
    return "PUT", f"/applications/{scene.esafety}/answers/{_framework_code(scene)}", {"json": {"level": 2}}


def _document(scene: Scene, role: str) -> tuple[str, str, dict]:
    data = {"file": (BytesIO(PDF), f"{role}.pdf")}
    return "POST", f"/applications/{scene.esafety}/documents", {"data": data, "content_type": "multipart/form-data"}


def _withdraw(scene: Scene, role: str) -> tuple[str, str, dict]:
    body = {"expected_version": version_of(scene.ciss)}
    return "POST", f"/applications/{scene.ciss}/events/withdraw", {"json": body}


def _decision_event(scene: Scene, role: str) -> tuple[str, str, dict]:
    body = {
        "expected_version": version_of(scene.ciss),
        "date": (date.today() + timedelta(days=20)).isoformat(),
        "comment": f"Moved at the request of {role}.",
    }
    return "POST", f"/applications/{scene.ciss}/events/reschedule_visit", {"json": body}


WRITES = [
    Row("POST /tokens", _token_request, (401, 201, 201, 201, 201, 201, 201, 201, 201, 201)),
    Row(
        "DELETE /tokens/{id}",
        lambda s, r: ("DELETE", f"/tokens/{s.spare_token}", {}),
        (401, 204, 404, 404, 404, 404, 404, 404, 404, 404),
        prepare=_spare_token,
    ),
    Row("POST /schools", _new_school, (401, 403, 403, 403, 403, 403, 201, 403, 201, 403)),
    Row(
        "POST /applications",
        lambda s, r: ("POST", "/applications", {"json": {"school_id": s.world.school_a, "programme": "esafety-label"}}),
        (401, 201, 403, 403, 403, 403, 403, 403, 403, 403),
        prepare=_withdraw_esafety,
    ),
    Row("PUT /applications/{id}/answers/{code}", _answer, (401, 200, 200, 403, 403, 403, 403, 403, 403, 403)),
    Row("POST /applications/{id}/documents", _document, (401, 201, 201, 403, 403, 403, 403, 403, 403, 403)),
    Row("POST /applications/{id}/events/{event}", _withdraw, (401, 200, 403, 403, 403, 403, 403, 403, 403, 403)),
    # A decision's event through the generic route: refused (422, pointing to its route) to those who may make it.
    Row(
        "POST /applications/{id}/events/{decision}", _decision_event, (401, 403, 403, 403, 422, 403, 422, 403, 403, 403)
    ),
]


def _statuses(app, api: ApiClient, scene: Scene, row: Row) -> tuple[int, ...]:
    if row.prepare:
        with app.app_context():
            row.prepare(scene)
    statuses = []
    for role in ROLES:
        with app.app_context():
            method, path, kwargs = row.request(scene, role)
        response = api.call(method, path, role if ROLES[role] else None, **kwargs)
        assert response.status_code < 500, (row.name, role, response.get_data(as_text=True))
        if response.status_code >= 400:
            assert set(response.get_json()["error"]) >= {"code", "message"}, (row.name, role)
        statuses.append(response.status_code)
    return tuple(statuses)


def _table(rows: list[tuple[str, tuple[int, ...]]]) -> str:
    header = f"{'':44}" + "".join(f"{role[:11]:>12}" for role in ROLES)
    return "\n".join([header, *(f"{name:44}" + "".join(f"{s:>12}" for s in cells) for name, cells in rows)])


def test_every_read_answers_each_role_with_the_expected_status(app, api, scene):
    expected = [(row.name, row.expected) for row in READS]
    actual = [(row.name, _statuses(app, api, scene, row)) for row in READS]
    assert actual == expected, "\nexpected:\n" + _table(expected) + "\nactual:\n" + _table(actual)


@pytest.mark.parametrize("row", WRITES, ids=[row.name for row in WRITES])
def test_every_write_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )
