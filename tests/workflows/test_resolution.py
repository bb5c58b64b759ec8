"""The trigger resolved from the machine's tables (``workflows.resolution``) gives exactly what the ``transitions``
walk gives (``workflows.machine.trigger_once``), on every event of every programme, from every source state, with
the guards passing, each failing alone, and all failing; and resolving leaves the shared machine untouched."""

from __future__ import annotations

from workflows import Programme
from workflows.machine import trigger_once


def _contexts(programme: Programme, event: str) -> list[dict[str, list[str]]]:
    guards = programme.event(event).guards
    contexts: list[dict[str, list[str]]] = [{}]
    contexts += [{name: [f"{name} says no"]} for name in guards]
    if len(guards) > 1:
        contexts.append({name: [f"{name} says no", "and again"] for name in guards})
    return contexts


def test_resolution_matches_the_transitions_walk_everywhere(programmes: dict[str, Programme]):
    compared = 0
    for programme in programmes.values():
        for event in programme.events.values():
            for source in event.sources:
                for context in _contexts(programme, event.name):
                    walked = trigger_once(programme.machine, source, event.name, context)
                    resolved = programme.resolution.trigger(source, event.name, context)
                    assert resolved == walked, (programme.code, event.name, source, context)
                    compared += 1
    assert compared > 50  # every shipped programme and the third one took part


def test_some_events_move_and_some_are_refused(programmes: dict[str, Programme]):
    """The comparison above covers both outcomes (and entry actions), so it could tell them apart."""
    outcomes = set()
    with_actions = 0
    for programme in programmes.values():
        for event in programme.events.values():
            for source in event.sources:
                for context in _contexts(programme, event.name):
                    resolved = programme.resolution.trigger(source, event.name, context)
                    outcomes.add(resolved.moved)
                    with_actions += bool(resolved.actions)
    assert outcomes == {True, False}
    assert with_actions > 0


def test_advance_binds_no_model_to_the_shared_machine(programmes: dict[str, Programme]):
    programme = programmes["ciss"]
    event = next(e for e in programme.events.values() if not e.guards and not e.requires)
    role = next(iter(event.roles))
    before = list(programme.machine.models)
    step = programme.advance(event.sources[0], event.name, {}, roles={role})
    assert step.dest == event.dest
    assert list(programme.machine.models) == before == []
