"""Resolving a trigger from the compiled machine's own tables, without binding a model to it.

``trigger_once`` (machine.py) adds a throw-away model to the shared ``transitions`` machine, triggers the event and
removes the model again: correct, but most of a transition's cost in the engine (and a lock-free mutation of a
machine every thread shares). The machine's tables do not change once compiled, so they are read once into a
plain table: for each event and source state, the transitions in the machine's order with their guards, their
destination and the destination's entry actions. Resolving walks that table as the machine would: the first
transition whose guards all pass is taken (every guard of a transition runs, and the reasons of each one that
failed are kept), and the destination's entry actions are those the machine's ``on_enter`` callbacks would note
(a transition back into the same state enters it again, as in ``transitions``).
``tests/workflows/test_resolution.py`` compares both on every event of every shipped programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transitions import Machine

from .machine import Triggered, _GuardCheck, _RecordEntry
from .registry import Registry


@dataclass(frozen=True)
class _Candidate:
    guards: tuple[tuple[str, ...], ...]  # one tuple per condition of the transition (each runs all its guards)
    dest: str
    actions: tuple[str, ...]


class Resolution:
    """The compiled machine's transitions as a read-only table; thread-safe (it keeps nothing per call)."""

    def __init__(self, machine: Machine, registry: Registry) -> None:
        self.registry = registry
        entries = {name: _entry_actions(state.on_enter) for name, state in machine.states.items()}
        self.table: dict[tuple[str, str], tuple[_Candidate, ...]] = {}
        for name, event in machine.events.items():
            for source, transitions in event.transitions.items():
                self.table[(name, source)] = tuple(
                    _Candidate(
                        guards=tuple(_guards_of(condition) for condition in transition.conditions),
                        dest=transition.dest if transition.dest is not None else source,
                        actions=entries[transition.dest] if transition.dest is not None else (),
                    )
                    for transition in transitions
                )

    def trigger(self, state: str, event: str, context: Any) -> Triggered:
        """What ``trigger_once(machine, state, event, context)`` gives, without touching the machine."""
        reasons: list = []
        for candidate in self.table.get((event, state), ()):
            passed = True
            for guards in candidate.guards:
                found = self.registry.check_guards(guards, context)
                reasons.extend(found)
                if found:
                    passed = False
                    break  # transitions stops at a transition's first failing condition
            if passed:
                return Triggered(True, candidate.dest, tuple(reasons), candidate.actions)
        return Triggered(False, state, tuple(reasons), ())


def _guards_of(condition: Any) -> tuple[str, ...]:
    check = condition.func
    if not isinstance(check, _GuardCheck) or not condition.target:
        raise TypeError(f"a condition the engine did not compile: {check!r}")
    return check.guards


def _entry_actions(callbacks: list) -> tuple[str, ...]:
    actions: list[str] = []
    for callback in callbacks:
        if not isinstance(callback, _RecordEntry):
            raise TypeError(f"an entry callback the engine did not compile: {callback!r}")
        actions.extend(callback.actions)
    return tuple(actions)
