"""Fixtures of the certificate tests: the outbox relay and the delivery dispatch recorded instead of sent, and the
stand-in evidence."""

from __future__ import annotations

import pytest

from accreditation.deliveries import dispatch
from tests.applications.conftest import evidence, sent  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def dispatched(monkeypatch) -> list[list[int]]:
    """The chunks of delivery ids handed to Celery (recorded here instead of sent to a broker)."""
    chunks: list[list[int]] = []
    monkeypatch.setattr(dispatch, "send_to_celery", chunks.append)
    return chunks
