"""The application registers a function for every guard and action name programme files may use."""

from __future__ import annotations

from workflows import ACTIONS, GUARDS
from workflows.names import FEATURE_GUARDS


def test_every_guard_and_action_name_is_registered(app):
    registry = app.extensions["workflows"].registry
    assert registry.guard_names == set(GUARDS) | set(FEATURE_GUARDS)  # the core's guards and the features'
    assert set(ACTIONS) <= registry.action_names
    # Jobs a feature queues itself (not declared in programme files): the assessor's e-mail on assignment.
    assert registry.action_names - set(ACTIONS) == {"notify_assignment"}


def test_the_programmes_are_loaded_once_at_start_up(app):
    assert sorted(app.extensions["workflows"].programmes) == ["ciss", "esafety-label"]
