"""Fixtures of the network tests: the world, a network lead who holds no other role, and API tokens per person."""

from __future__ import annotations

import pytest

from accreditation.extensions import db
from accreditation.models import User
from tests.api.builders import ADMIN, COORD_MD, COORD_UA, HEAD_A, ApiClient, make_token
from tests.applications.conftest import sent  # noqa: F401  (fixture: the outbox relay recorded, not sent)
from tests.builders import add_school

LEAD = "lead@example.org"


@pytest.fixture
def people(app, world) -> dict[str, str]:
    """A token for the admin, both coordinators, school A's head and a person with no role yet (the future lead);
    three more Moldovan schools: two in Bălți, one in Chișinău."""
    with app.app_context():
        db.session.add(User(email=LEAD, name="Lena Lead", language="en"))
        add_school("Gimnaziul Bălți 1", "MD-2001", "MD", "MD-BA")
        add_school("Gimnaziul Bălți 2", "MD-2002", "MD", "MD-BA")
        add_school("Liceul Chișinău C", "MD-1003", "MD", "MD-CU")
        db.session.flush()
        tokens = {
            role: make_token(email)[0]
            for role, email in {
                "admin": ADMIN,
                "coord_md": COORD_MD,
                "coord_ua": COORD_UA,
                "head_a": HEAD_A,
                "lead": LEAD,
            }.items()
        }
        db.session.commit()
        db.session.remove()
    return tokens


@pytest.fixture
def api(app, people) -> ApiClient:
    return ApiClient(app.test_client(), people)
