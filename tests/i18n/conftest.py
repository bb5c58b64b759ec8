"""Fixtures of the language tests: the stand-in evidence that drives an application to its award, and the outbox
relay and delivery dispatch recorded instead of sent. (The browser tests of languages are in tests/browser, beside
the one browser and live server of the test session.)"""

from __future__ import annotations

from tests.applications.conftest import evidence, sent  # noqa: F401  (fixtures)
from tests.certificates.conftest import dispatched  # noqa: F401  (fixtures)
