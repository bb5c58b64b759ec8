"""Fixtures of the dashboard tests: the world with a pilot of known histories, and signed-in clients."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accreditation.extensions import db
from tests.applications.web import signed_in
from tests.builders import World
from tests.dashboard.builders import build_pilot


@dataclass
class Pilot:
    world: World
    ids: dict[str, int]


@pytest.fixture
def pilot(app, world) -> Pilot:
    with app.app_context():
        ids = build_pilot(world)
        db.session.commit()
        db.session.remove()
    return Pilot(world, ids)


@pytest.fixture
def md(app, pilot):
    """A client signed in as the coordinator of Moldova."""
    return signed_in(app, pilot.world.emails["coordinator_md"])


@pytest.fixture
def admin(app, pilot):
    return signed_in(app, pilot.world.emails["admin"])
