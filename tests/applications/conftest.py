"""Fixtures of the application tests: the outbox relay recorded instead of sent, stand-in evidence, and an
emptied history after each test (the SQLite triggers refuse the shared clean-up's DELETE)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from accreditation.applications import outbox
from accreditation.extensions import db
from tests.applications.builders import CompleteEvidence

SEND_TO_CELERY = outbox.send_to_celery  # the real relay, for the tests that talk to a worker


@pytest.fixture(autouse=True)
def _empty_history(request) -> Iterator[None]:
    """Runs before the shared table clean-up: empties transition_records around its append-only triggers."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            if connection.dialect.name != "sqlite":
                return  # TRUNCATE (the shared clean-up on PostgreSQL) fires no row triggers
            triggers = connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'transition_records'")
            ).all()
            for name, _ in triggers:
                connection.execute(text(f'DROP TRIGGER "{name}"'))
            connection.execute(text("DELETE FROM transition_records"))
            for _, sql in triggers:
                connection.execute(text(sql))


@pytest.fixture(autouse=True)
def sent(monkeypatch) -> list[int]:
    """The outbox job ids relayed to Celery (recorded here instead of sent to a broker)."""
    relayed: list[int] = []
    monkeypatch.setattr(outbox, "send_to_celery", relayed.append)
    return relayed


@pytest.fixture
def evidence(app) -> Iterator[CompleteEvidence]:
    """Stand-in evidence for the guards whose data arrives with issues 4 and 5: everything complete."""
    workflows = app.extensions["workflows"]
    original = workflows.evidence
    workflows.evidence = CompleteEvidence()
    yield workflows.evidence
    workflows.evidence = original
