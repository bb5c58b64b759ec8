"""The network API's permission table's fixtures (tokens per role, the scene, the client), as in tests/api."""

from __future__ import annotations

from tests.api.conftest import api, quick_passwords, scene, tokens  # noqa: F401  (fixtures)
from tests.applications.conftest import evidence  # noqa: F401  (fixture)
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture)
