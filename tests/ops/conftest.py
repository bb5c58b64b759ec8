"""Fixtures of the operations tests: the stand-in evidence, and Celery's hand-offs recorded instead of sent."""

from __future__ import annotations

import pytest

from accreditation.deliveries import dispatch
from tests.applications.conftest import evidence, sent  # noqa: F401  (fixtures)


@pytest.fixture
def dispatched(monkeypatch) -> list[list[int]]:
    chunks: list[list[int]] = []
    monkeypatch.setattr(dispatch, "send_to_celery", chunks.append)
    return chunks
