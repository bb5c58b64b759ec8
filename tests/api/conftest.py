"""Fixtures of the API tests: the outbox relay and the delivery dispatch recorded instead of sent, the stand-in
evidence, a token per role, a scene with an application in each programme, and a client that calls the API with a
role's token."""

from __future__ import annotations

from functools import partial

import pytest
from werkzeug.security import generate_password_hash

from accreditation.extensions import db
from accreditation.models import user as user_model
from tests.api.builders import ApiClient, Scene, build_scene, build_tokens
from tests.applications.conftest import evidence, sent  # noqa: F401  (fixtures)
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch) -> None:
    """Cheap password hashes for the people of these tests (the hashing itself is tested with the accounts)."""
    monkeypatch.setattr(user_model, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1"))


@pytest.fixture
def tokens(app, world) -> dict[str, str | None]:
    """A second (unassigned) assessor, and a working token for each role of ``tests.api.builders.ROLES``."""
    with app.app_context():
        built = build_tokens()
        db.session.remove()
    return built


@pytest.fixture
def scene(app, world, tokens, evidence) -> Scene:  # noqa: F811
    """School A with a CISS application at its site visit and an eSafety Label application in its
    self-assessment, the world's assessor assigned to both."""
    with app.app_context():
        built = build_scene(world)
        db.session.remove()
    return built


@pytest.fixture
def api(app, tokens) -> ApiClient:
    return ApiClient(app.test_client(), tokens)
