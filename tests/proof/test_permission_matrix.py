"""Who may open what: every route of the app (``app.url_map``) and every API endpoint, requested as every role,
with the expected status in each cell. A route without a row fails ``test_every_route_has_a_row``, by name.

The roles (``tests.api.builders.ROLES``): anonymous, the admin and a staff member of school A, a member (the admin)
of school B, the assessor assigned to school A's applications and one who is not, the coordinator of Moldova
(school A's country) and the one of a Ukrainian region (school B's), an admin, and a network lead (no other role;
leads a network with school A). The scene
(``tests.proof.builders``): school A's CISS application at its site visit after a real self-assessment and review
(snapshot, judgments, visit, certificate of commitment), its eSafety Label application in its self-assessment with a
document, a pending invitation, an onboarding job of the Moldovan coordinator.

A cell is the response's status, or ``SIGN_IN`` for a redirect to the sign-in page (with ``next=``). Forms are
posted with the session's valid CSRF token, so the cells show the permission, not the token. Each write runs in a
fresh scene; what a role's request needs (an invitation, a pending school) is made for that role alone, so one
role's success does not change the next one's answer. The API's table (``tests.api.test_permissions``) runs here
too, in this scene."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from accreditation.extensions import db
from tests.api import (
    test_coordination_permissions,
    test_review_permissions,
    test_school_people_permissions,
    test_self_assessment_permissions,
)
from tests.api import test_permissions as api_table
from tests.api.builders import ROLES
from tests.assessor_quality.proof import test_api_permissions as test_quality_permissions
from tests.between_awards.api import test_between_awards_api as test_between_awards_permissions
from tests.between_awards.api import test_between_awards_writes_api as test_between_awards_writes
from tests.networks.api import test_network_documents as test_network_document_permissions
from tests.networks.api import test_network_permissions
from tests.proof.builders import ProofScene, RoleClients
from tests.proof.routes import READS, SIGN_IN, WRITES, Cell, Route
from tests.surveys.api import test_survey_api as test_survey_permissions

# --- running the table ------------------------------------------------------------------------------------------------


def _cell(response) -> Cell:
    if response.status_code in (301, 302, 303):
        target = urlsplit(response.headers["Location"])
        if target.path == "/sign-in" and "next=" in target.query:
            return SIGN_IN
    return response.status_code


def _send(app, clients: RoleClients, scene: ProofScene, route: Route, role: str):
    with app.app_context():
        call = route.request(scene, role)
        db.session.remove()
    endpoint, _args = app.url_map.bind("localhost").match(call.path, route.method)
    assert endpoint == route.endpoint, f"{route.name}: {call.path} is {endpoint}"
    client = clients[role]
    url = f"{call.path}?{call.query}" if call.query else call.path
    if route.method == "GET":
        return client.get(url)
    token = clients.token(role)
    return client.open(
        url, method=route.method, data={**call.data, "csrf_token": token}, headers={"X-CSRFToken": token}
    )


def _statuses(app, clients: RoleClients, scene: ProofScene, route: Route) -> tuple[Cell, ...]:
    if route.prepare:
        with app.app_context():
            route.prepare(scene)
            db.session.remove()
    cells = []
    for role in ROLES:
        response = _send(app, clients, scene, route, role)
        body = response.get_data()  # read to the end: a streamed answer runs its generator
        response.close()
        assert response.status_code < 500, (route.name, role, body[:2000].decode(errors="replace"))
        cells.append(_cell(response))
    return tuple(cells)


def _table(rows: list[tuple[str, tuple[Cell, ...]]]) -> str:
    header = f"{'':44}" + "".join(f"{role[:11]:>12}" for role in ROLES)
    lines = [f"{name:44}" + "".join(f"{cell!s:>12}" for cell in cells) for name, cells in rows]
    return "\n".join([header, *lines])


def _compare(expected: list[tuple[str, tuple[Cell, ...]]], actual: list[tuple[str, tuple[Cell, ...]]]) -> None:
    differ = [name for (name, want), (_, got) in zip(expected, actual, strict=True) if want != got]
    assert not differ, f"differs: {', '.join(differ)}\nexpected:\n" + _table(expected) + "\nactual:\n" + _table(actual)


def test_every_page_answers_each_role_with_the_expected_status(app, scene, clients):
    expected = [(route.name, route.expected) for route in READS]
    actual = [(route.name, _statuses(app, clients, scene, route)) for route in READS]
    _compare(expected, actual)


@pytest.mark.parametrize("route", WRITES, ids=[route.name for route in WRITES])
def test_every_form_answers_each_role_with_the_expected_status(app, scene, clients, route):
    _compare([(route.name, route.expected)], [(route.name, _statuses(app, clients, scene, route))])


# --- the API's table, in this scene -----------------------------------------------------------------------------------


def test_every_api_read_answers_each_role_with_the_expected_status(app, api, scene):
    expected = [(row.name, row.expected) for row in api_table.READS]
    actual = [(row.name, api_table._statuses(app, api, scene, row)) for row in api_table.READS]
    _compare(expected, actual)


@pytest.mark.parametrize("row", api_table.WRITES, ids=[row.name for row in api_table.WRITES])
def test_every_api_write_answers_each_role_with_the_expected_status(app, api, scene, row):
    _compare([(row.name, row.expected)], [(row.name, api_table._statuses(app, api, scene, row))])


# --- every route has a row --------------------------------------------------------------------------------------------

IGNORED_METHODS = {"HEAD", "OPTIONS"}
PARAMETER = re.compile(r"<[^>]+>|\{[^}]+\}")


def _api_key(method: str, path: str) -> str:
    """``GET /applications/{}``: an API row's name or a rule's path, its parameters blanked, the prefix dropped."""
    path = path.split("?")[0].removeprefix("/api/v1")
    return f"{method} {PARAMETER.sub('{}', path)}"


# Every API permission table (the general one, and one per side: the self-assessment, the review, coordination,
# the school's people): their rows run against the API's own scenes; here only their names count.
API_ROWS = [
    row
    for table in (
        api_table,
        test_self_assessment_permissions,
        test_review_permissions,
        test_coordination_permissions,
        test_school_people_permissions,
        test_quality_permissions,
        test_between_awards_permissions,
        test_between_awards_writes,
        test_survey_permissions,
        test_network_permissions,
        test_network_document_permissions,
    )
    for name in ("READS", "WRITES", "ROWS")
    for row in getattr(table, name, [])
]


def test_every_route_has_a_row(app):
    pages = {(route.endpoint, route.method) for route in READS + WRITES}
    api_rows = {_api_key(*row.name.split(" ", 1)) for row in API_ROWS}
    missing = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - IGNORED_METHODS):
            if (rule.endpoint, method) in pages:
                continue
            if rule.rule.startswith("/api/v1/") and _api_key(method, rule.rule) in api_rows:
                continue
            missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, (
        "routes without a row in the permission matrix (add one to tests/proof/routes.py, or to "
        "tests/api/test_permissions.py for the API):\n  " + "\n  ".join(missing)
    )


def test_a_method_a_route_does_not_take_is_refused(app, scene, clients):
    """Every path of the table answers 405 to a method none of its rules takes (the API in JSON)."""
    paths = set()
    with app.app_context():
        for route in READS:
            paths.add(route.request(scene, "anonymous").path)
    for path in sorted(paths):
        response = clients["anonymous"].open(path, method="PATCH")
        assert response.status_code == 405, (path, response.status_code)
        if path.startswith("/api/"):
            assert response.get_json()["error"]["code"]
