"""Fixtures of the ministry's tests (issue 31): those of the certificate tests."""

from tests.applications.conftest import evidence, sent  # noqa: F401  (fixtures)
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture)
