"""Who may call the coordinators' routes: each route × every role, with the expected status in each cell (the
roles and the scene of ``test_permissions``)."""

from __future__ import annotations

from itertools import count

import pytest

from accreditation.accounts.users import create_user, scoped_grants
from accreditation.extensions import db
from accreditation.models import User
from tests.api.builders import ASSESSOR, ApiClient, Scene
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import SECOND_ASSESSOR, person
from tests.builders import add_school

#           anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
STAFF = (401, 403, 403, 403, 403, 403, 200, 200, 200, 403)
STAFF_MD = (401, 403, 403, 403, 403, 403, 200, 403, 200, 403)
MANAGED_MD = (401, 403, 403, 403, 403, 403, 200, 404, 200, 403)

_serial = count(1)


class ReadingClient(ApiClient):
    """Reads each response to its end, so a streamed export finishes within its request."""

    def call(self, *args, **kwargs):
        response = super().call(*args, **kwargs)
        response.get_data()
        return response


@pytest.fixture
def api(app, tokens) -> ApiClient:
    return ReadingClient(app.test_client(), tokens)


def _pending_school(scene: Scene, role: str) -> tuple[str, str, dict]:
    """A new pending school of Moldova for each caller (a decided one cannot be decided again)."""
    number = next(_serial)
    school = add_school(f"Pending {number}", f"MD-P{number}", "MD", "MD-BA", verification="pending")
    db.session.commit()
    return "POST", f"/schools/{school.id}/verification", {"json": {"decision": "verify"}}


def _md_person(role: str, *, active: bool = True, coordinator_too: bool = False) -> User:
    """A fresh Moldovan assessor (also coordinating Bălți with ``coordinator_too``), committed."""
    user = create_user(f"{role}.{next(_serial)}@example.org", "Moldovan Person", "assessor", None, ["MD"], [], ["ro"])
    if coordinator_too:
        user.grants.extend(scoped_grants("coordinator", [], ["MD-BA"]))
    user.active = active
    db.session.commit()
    return user


def _assessor_id(scene: Scene, role: str) -> int:
    return person(ASSESSOR).id


def _remove_role(scene: Scene, role: str) -> tuple[str, str, dict]:
    user = _md_person(role, coordinator_too=True)
    grant = next(grant for grant in user.grants if grant.role == "coordinator")
    return "DELETE", f"/people/{user.id}/roles/{grant.id}", {}


def _add_role(scene: Scene, role: str) -> tuple[str, str, dict]:
    user = _md_person(role)
    return "POST", f"/people/{user.id}/roles", {"json": {"role": "coordinator", "regions": ["MD-BA"]}}


def _new_person(scene: Scene, role: str) -> tuple[str, str, dict]:
    body = {
        "email": f"new.{role}@example.org",
        "name": role,
        "role": "assessor",
        "countries": ["MD"],
        "languages": ["ro"],
    }
    return "POST", "/people", {"json": body}


def _assign(scene: Scene, role: str) -> tuple[str, str, dict]:
    body = {"assessor_id": person(SECOND_ASSESSOR).id}
    return "PUT", f"/applications/{scene.ciss}/assessors/moderator", {"json": body}


READS = [
    Row("GET /schools/pending", lambda s, r: ("GET", "/schools/pending", {}), STAFF),
    Row(
        "GET /applications/{id}/assessor-proposals",
        lambda s, r: ("GET", f"/applications/{s.ciss}/assessor-proposals", {}),
        (401, 403, 403, 403, 403, 403, 200, 403, 200, 403),
    ),
    Row("GET /dashboard/{programme}", lambda s, r: ("GET", "/dashboard/ciss", {}), STAFF),
    Row("GET /dashboard/{programme}?country=MD", lambda s, r: ("GET", "/dashboard/ciss?country=MD", {}), STAFF_MD),
    Row("GET /dashboard/{programme}/regions", lambda s, r: ("GET", "/dashboard/ciss/regions?state=applied", {}), STAFF),
    Row("GET /dashboard/{programme}/schools", lambda s, r: ("GET", "/dashboard/ciss/schools", {}), STAFF),
    Row(
        "GET /dashboard/{programme}/export/schools.csv",
        lambda s, r: ("GET", "/dashboard/ciss/export/schools.csv", {}),
        STAFF,
    ),
    Row(
        "GET /dashboard/{programme}/export/regions.csv",
        lambda s, r: ("GET", "/dashboard/esafety-label/export/regions.csv", {}),
        STAFF,
    ),
    Row("GET /people", lambda s, r: ("GET", "/people", {}), STAFF),
    Row("GET /people/{id}", lambda s, r: ("GET", f"/people/{_assessor_id(s, r)}", {}), MANAGED_MD),
]

WRITES = [
    Row("POST /schools/{id}/verification", _pending_school, MANAGED_MD),
    Row("PUT /applications/{id}/assessors/{role}", _assign, (401, 403, 403, 403, 403, 403, 200, 403, 200, 403)),
    Row("POST /people", _new_person, (401, 403, 403, 403, 403, 403, 201, 422, 201, 403)),
    Row("POST /people/{id}/roles", _add_role, MANAGED_MD),
    Row("DELETE /people/{id}/roles/{grant_id}", _remove_role, MANAGED_MD),
    Row(
        "POST /people/{id}/deactivate",
        lambda s, r: ("POST", f"/people/{_md_person(r).id}/deactivate", {}),
        MANAGED_MD,
    ),
    Row(
        "POST /people/{id}/reactivate",
        lambda s, r: ("POST", f"/people/{_md_person(r, active=False).id}/reactivate", {}),
        MANAGED_MD,
    ),
]


def test_every_coordination_read_answers_each_role_with_the_expected_status(app, api, scene):
    expected = [(row.name, row.expected) for row in READS]
    actual = [(row.name, _statuses(app, api, scene, row)) for row in READS]
    assert actual == expected, "\nexpected:\n" + _table(expected) + "\nactual:\n" + _table(actual)


@pytest.mark.parametrize("row", WRITES, ids=[row.name for row in WRITES])
def test_every_coordination_write_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )
