"""Fixtures for the engine's tests: a registry of stand-in guards and actions, and the loaded programmes.

No database and no Flask app: the engine is pure Python. A stand-in guard reads its reasons from the context,
a mapping of guard name to reasons (absent: the guard passes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from workflows import ACTIONS, DECISIONS, GUARDS, PROGRAMMES_DIR, Programme, Registry, load_programmes
from workflows.names import FEATURE_GUARDS

THIRD_DIR = Path(__file__).parent / "fixtures" / "third"


def stand_in_registry(**guards: Callable[[Any], Any]) -> Registry:
    """Every guard, action and decision name the application registers, with functions that do nothing real;
    ``guards`` replaces the stand-ins of the guards it names."""
    registry = Registry()
    for name in (*GUARDS, *FEATURE_GUARDS):
        registry.guard(name)(guards.get(name) or _stand_in_guard(name))
    for name in ACTIONS:
        registry.action(name)(lambda *args, **kwargs: None)
    for name in DECISIONS:
        registry.decision(name)(lambda *args, **kwargs: None)
    return registry


def _stand_in_guard(name: str):
    def guard(context: Mapping[str, Iterable[str]] | None) -> Iterable[str]:
        return (context or {}).get(name, ())

    return guard


@pytest.fixture(scope="session")
def registry() -> Registry:
    return stand_in_registry()


@pytest.fixture(scope="session")
def programmes(registry: Registry) -> dict[str, Programme]:
    """The two shipped programmes and the third one added as a data file."""
    return load_programmes([PROGRAMMES_DIR, THIRD_DIR], registry)
