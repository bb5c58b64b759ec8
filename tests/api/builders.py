"""Builders for the API tests: tokens made directly (no password check: these tests are about what a token lets
through), the scene every role is tested in, and a client that sends a role's token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient

from accreditation.accounts.api_tokens import PREFIX, password_fingerprint, token_hash
from accreditation.extensions import db
from accreditation.models import ApiToken, Application, User
from accreditation.models.time import utcnow
from tests.applications.builders import (
    LONG_COMMENT,
    SECOND_ASSESSOR,
    add_second_assessor,
    assign,
    complete_modules,
    fire_as,
    person,
    start,
)
from tests.builders import World

HEAD_A = "head.a@example.org"
STAFF_A = "staff.a@example.org"
HEAD_B = "head.b@example.org"
ASSESSOR = "assessor@example.org"
COORD_MD = "coord.md@example.org"
COORD_UA = "coord.ua@example.org"
ADMIN = "admin@example.org"
NETWORK_LEAD = "network.lead@example.org"  # holds no role: leads the network of school A (``add_lead_network``)
NETWORK_NAME = "Rețeaua de probă"  # the scene's network (the networks' proof rows find it by this name)

# The roles of the permission table, and who plays each (None: no token at all).
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "school_admin_a": HEAD_A,
    "school_staff_a": STAFF_A,
    "member_b": HEAD_B,
    "assessor_assigned": ASSESSOR,
    "assessor_unassigned": SECOND_ASSESSOR,
    "coordinator_in": COORD_MD,
    "coordinator_out": COORD_UA,
    "admin": ADMIN,
    "network_lead": NETWORK_LEAD,
}


def make_token(email: str, days: int = 30, name: str = "test", **columns: Any) -> tuple[str, int]:
    """A working token of the person with ``email`` (flushed), and its id."""
    user = person(email)
    token = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    record = ApiToken(
        user_id=user.id,
        token_hash=token_hash(token),
        name=name,
        password_fingerprint=password_fingerprint(user),
        created_at=now,
        expires_at=now + timedelta(days=days),
        **columns,
    )
    db.session.add(record)
    db.session.flush()
    return token, record.id


def add_network_lead() -> User:
    """The person who will lead the scene's network: an account with no role at all (flushed)."""
    from tests.builders import PASSWORD

    lead = User(email=NETWORK_LEAD, name="Nina Network", language="en")
    lead.set_password(PASSWORD)
    db.session.add(lead)
    db.session.flush()
    return lead


def add_lead_network(world: World) -> int:
    """The scene's network: Moldova's, made by the admin, with school A, led by the network lead; its id. Flushes."""
    from accreditation.networks.operations import add_schools, create_network, name_lead

    network = create_network(person(ADMIN), NETWORK_NAME, "MD")
    add_schools(person(ADMIN), network.id, [world.school_a])
    name_lead(person(ADMIN), network.id, NETWORK_LEAD)
    return network.id


def build_tokens() -> dict[str, str | None]:
    """A second (unassigned) assessor, the future network lead, and a token per role (None for the anonymous one).
    Commits."""
    add_second_assessor()
    add_network_lead()
    tokens = {role: (make_token(email)[0] if email else None) for role, email in ROLES.items()}
    db.session.commit()
    return tokens


@dataclass
class Scene:
    world: World
    ciss: int  # school A's CISS application, its site visit scheduled (the assessor and coordinators act)
    esafety: int  # school A's eSafety Label application, in its self-assessment (the school acts)
    spare_token: int | None = None  # a second token of school A's admin (to revoke)


def build_scene(world: World) -> Scene:
    """Needs the ``evidence`` fixture (the guards' stand-ins) and the second assessor. Commits."""
    ciss = start(world, "ciss")
    fire_as(ciss, "accept", COORD_MD)
    complete_modules(ciss, HEAD_A)
    fire_as(ciss, "start_self_assessment", HEAD_A)
    fire_as(ciss, "submit", HEAD_A, comment=LONG_COMMENT)
    assign(ciss, ASSESSOR)
    fire_as(ciss, "start_review", COORD_MD)
    fire_as(ciss, "schedule_visit", ASSESSOR, date=(date.today() + timedelta(days=10)).isoformat())
    esafety = start(world, "esafety-label")
    fire_as(esafety, "start_self_assessment", HEAD_A)
    assign(esafety, ASSESSOR)
    add_lead_network(world)
    db.session.commit()
    return Scene(world, ciss, esafety)


def version_of(application_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Application, application_id).version


class ApiClient:
    """Calls ``/api/v1`` as a role (its token in the Authorization header) or with a given token."""

    def __init__(self, client: FlaskClient, tokens: dict[str, str | None]) -> None:
        self.client = client
        self.tokens = tokens

    def call(self, method: str, path: str, as_: str | None = "admin", token: str | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        token = token or (self.tokens.get(as_) if as_ else None)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def get(self, path: str, as_: str | None = "admin", **kwargs):
        return self.call("GET", path, as_, **kwargs)

    def post(self, path: str, as_: str | None = "admin", **kwargs):
        return self.call("POST", path, as_, **kwargs)

    def put(self, path: str, as_: str | None = "admin", **kwargs):
        return self.call("PUT", path, as_, **kwargs)

    def delete(self, path: str, as_: str | None = "admin", **kwargs):
        return self.call("DELETE", path, as_, **kwargs)
