"""Fixtures of the between-awards tests: the outbox relay recorded instead of sent (as in the application tests)."""

from __future__ import annotations

from tests.applications.conftest import sent  # noqa: F401  (fixture)
