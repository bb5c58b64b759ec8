"""The API fixtures (tokens for each role of ``tests.api.builders.ROLES``, the client), for the assessor-quality API
tests."""

from __future__ import annotations

from tests.api.conftest import api, quick_passwords, tokens  # noqa: F401  (fixtures)
