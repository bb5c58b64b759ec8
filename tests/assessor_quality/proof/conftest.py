"""The proof scene's fixtures (tests/proof/conftest.py), for the assessor-quality API's permission table."""

from __future__ import annotations

from tests.proof.conftest import (  # noqa: F401  (fixtures)
    api,
    clients,
    dispatched,
    quick_passwords,
    recording,
    scene,
    sent,
    tokens,
    world,
)
