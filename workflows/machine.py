"""Compiling a programme onto one shared ``transitions`` machine, and running one trigger through it.

The machine keeps no models: for each trigger a fresh, throw-away model is added at the application's current
state, the event is triggered, and the model is removed again: the machine is shared by every request and worker
thread of the process, and a model left on it would stay referenced (and grow its list of models) for as long as the
process lives. Callbacks only write onto that throw-away model (the guards' reasons, the entry actions to record),
never anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transitions import EventData, Machine

from .definition import ProgrammeDefinition
from .registry import Registry


class _Binding:
    """The model bound to the machine for one trigger; a plain object, never a database row."""

    def __init__(self) -> None:
        self._reasons: list[str] = []
        self._actions: list[str] = []


@dataclass(frozen=True)
class Triggered:
    """What one trigger did: whether the state moved, where to, and what the guards and entered states said."""

    moved: bool
    state: str
    reasons: tuple[str, ...]
    actions: tuple[str, ...]


class _GuardCheck:
    """A transition's condition: runs all of the event's guards (no short cut) and keeps their reasons."""

    def __init__(self, registry: Registry, guards: tuple[str, ...]) -> None:
        self.registry = registry
        self.guards = guards

    def __call__(self, event_data: EventData) -> bool:
        reasons = self.registry.check_guards(self.guards, event_data.kwargs.get("context"))
        event_data.model._reasons.extend(reasons)
        return not reasons


class _RecordEntry:
    """A state's entry callback: notes the state's actions for the caller to record (it runs none of them)."""

    def __init__(self, actions: tuple[str, ...]) -> None:
        self.actions = actions

    def __call__(self, event_data: EventData) -> None:
        event_data.model._actions.extend(self.actions)


def compile_machine(definition: ProgrammeDefinition, registry: Registry) -> Machine:
    """One machine for the whole programme: no models, no ``to_<state>`` shortcuts, guards from ``registry``."""
    machine = Machine(
        model=None,
        states=[
            {"name": state.name, "on_enter": [_RecordEntry(state.on_enter)] if state.on_enter else []}
            for state in definition.states.values()
        ],
        initial=definition.initial,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
        name=definition.code,
    )
    for event in definition.events.values():
        conditions = [_GuardCheck(registry, event.guards)] if event.guards else []
        machine.add_transition(event.name, list(event.sources), event.dest, conditions=conditions)
    return machine


def trigger_once(machine: Machine, state: str, event: str, context: Any) -> Triggered:
    """Trigger ``event`` from ``state`` with a model bound only for this call; the machine keeps nothing."""
    binding = _Binding()
    machine.add_model(binding, initial=state)
    try:
        moved = machine.events[event].trigger(binding, context=context)
    finally:
        machine.remove_model(binding)
    return Triggered(
        moved=bool(moved),
        state=binding.state,
        reasons=tuple(binding._reasons),
        actions=tuple(binding._actions),
    )
