"""Fixtures of the operations tests: the stand-in evidence, and Celery's hand-offs recorded instead of sent where a
test asks for it (``sent``, ``dispatched``); the request-id test sends for real, to a worker."""

from __future__ import annotations

import pytest

from accreditation.applications import outbox
from accreditation.deliveries import dispatch
from tests.applications.conftest import evidence  # noqa: F401  (fixture)


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """The outbox job ids relayed to Celery (recorded here instead of sent to a broker)."""
    relayed: list[int] = []
    monkeypatch.setattr(outbox, "send_to_celery", relayed.append)
    return relayed


@pytest.fixture
def dispatched(monkeypatch) -> list[list[int]]:
    chunks: list[list[int]] = []
    monkeypatch.setattr(dispatch, "send_to_celery", chunks.append)
    return chunks
