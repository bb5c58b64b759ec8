"""Who may call the network API: every route as every role of the permission matrix (a network of Moldova, school A
in it, made by the admin). Its lead (the last role) reads it and its schools' progress and writes to
them, and changes nothing (tests/networks/test_networks_api.py: a lead sees the network's schools and nothing else)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Network
from accreditation.networks.operations import add_schools, create_network
from tests.api.builders import ADMIN, HEAD_B, Scene
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import person

NAME = "Rețeaua de probă"

#             anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)
CREATORS = (401, 403, 403, 403, 403, 403, 201, 403, 201, 403)
READERS = (401, 404, 404, 404, 404, 404, 200, 404, 200, 200)  # its managers and its lead
MANAGERS = (401, 404, 404, 404, 404, 404, 200, 404, 200, 403)  # a lead follows; the coordinator changes it
MANAGERS_CREATE = (401, 404, 404, 404, 404, 404, 201, 404, 201, 403)
SENDERS = (401, 404, 404, 404, 404, 404, 201, 404, 201, 201)  # its managers and its lead write to its schools


def _network(scene: Scene) -> None:
    if db.session.scalar(select(Network.id).where(Network.name == NAME)) is None:
        network = create_network(person(ADMIN), NAME, "MD")
        add_schools(person(ADMIN), network.id, [scene.world.school_a])
        db.session.commit()


def _path(tail: str = "") -> str:
    return f"/networks/{db.session.scalar(select(Network.id).where(Network.name == NAME))}{tail}"


ROWS = [
    Row("GET /networks", lambda s, r: ("GET", "/networks", {}), SIGNED_IN),
    Row("POST /networks", lambda s, r: ("POST", "/networks", {"json": {"name": f"N {r}", "country": "MD"}}), CREATORS),
    Row("GET /networks/{id}", lambda s, r: ("GET", _path(), {}), READERS, _network),
    Row("GET /networks/{id}/progress", lambda s, r: ("GET", _path("/progress"), {}), READERS, _network),
    Row(
        "POST /networks/{id}/schools",
        lambda s, r: ("POST", _path("/schools"), {"json": {"school_ids": [s.world.school_a]}}),
        MANAGERS,
        _network,
    ),
    Row(
        "POST /networks/{id}/leads",
        lambda s, r: ("POST", _path("/leads"), {"json": {"email": HEAD_B}}),
        MANAGERS_CREATE,
        _network,
    ),
    Row(
        "POST /networks/{id}/messages",
        lambda s, r: ("POST", _path("/messages"), {"json": {"subject": "Hello", "body": f"From {r}"}}),
        SENDERS,
        _network,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_network_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )
