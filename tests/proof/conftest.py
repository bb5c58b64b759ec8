"""Fixtures of the proof tests: the outbox relay and the delivery dispatch recorded instead of sent, cheap password
hashes, and one scene in which every route has something to point at, built once per session and put back into
the tables before each test (a write changes it; the tables are emptied after each test), with the API's tokens
and client and a signed-in client per role."""

from __future__ import annotations

from functools import partial

import pytest
from werkzeug.security import generate_password_hash

from accreditation.applications import outbox
from accreditation.deliveries import dispatch
from accreditation.extensions import db
from accreditation.models import user as user_model
from tests.api.builders import build_tokens
from tests.api.conftest import api, quick_passwords  # noqa: F401  (fixtures)
from tests.applications.conftest import sent  # noqa: F401  (fixture)
from tests.builders import World, build_world
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture)
from tests.proof.builders import (
    ProofScene,
    Recording,
    RoleClients,
    build_proof_scene,
    record_tables,
    restore_tables,
)


@pytest.fixture(scope="session")
def recording(app) -> Recording:
    """The world, the API's tokens and the proof scene, built once (its follow-up jobs recorded, not sent)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(user_model, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1"))
        patch.setattr(outbox, "send_to_celery", lambda job_id: None)
        patch.setattr(dispatch, "send_to_celery", lambda ids: None)
        with app.app_context():
            world = build_world()
            db.session.commit()
            tokens = build_tokens()
            scene = build_proof_scene(world)
            rows = record_tables()
            db.session.remove()
    return Recording(scene, tokens, rows)


@pytest.fixture
def scene(app, recording) -> ProofScene:
    """The scene as it was built (a copy: a test's ``prepare`` may point it elsewhere)."""
    if recording.fresh:
        recording.fresh = False
    else:
        with app.app_context():
            restore_tables(recording.rows)
    from dataclasses import replace

    return replace(recording.scene)


@pytest.fixture
def world(scene) -> World:
    return scene.world


@pytest.fixture
def tokens(recording, scene) -> dict[str, str | None]:
    return recording.tokens


@pytest.fixture
def clients(app, scene) -> RoleClients:
    return RoleClients(app)
