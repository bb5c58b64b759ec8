"""Fixtures of the application tests: the outbox relay recorded instead of sent, and stand-in evidence."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accreditation.applications import outbox
from tests.applications.builders import CompleteEvidence

SEND_TO_CELERY = outbox.send_to_celery  # the real relay, for the tests that talk to a worker


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
