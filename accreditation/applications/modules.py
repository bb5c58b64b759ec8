"""The modules a school puts in place in a programme (the five CISS modules): the areas of its framework, for
programmes whose workflow waits for them (an event guarded by ``modules_complete``)."""

from __future__ import annotations

from dataclasses import dataclass

from accreditation.applications.runtime import current_workflows
from workflows import Framework, Programme, Text

MODULES_GUARD = "modules_complete"


@dataclass(frozen=True)
class Module:
    code: str
    title: Text
    description: Text


def has_modules(programme: Programme) -> bool:
    return any(MODULES_GUARD in event.guards for event in programme.events.values())


def modules_of(programme: Programme, framework: Framework | None = None) -> tuple[Module, ...]:
    """The modules of ``programme`` (its current framework's areas, in order); empty when it has none."""
    if not has_modules(programme):
        return ()
    if framework is None:
        framework = current_workflows().framework_of(programme)
    if framework is None:
        return ()
    return tuple(Module(area.code, area.title, area.description) for area in framework.areas)


def module_of(programme: Programme, code: str) -> Module | None:
    return next((module for module in modules_of(programme) if module.code == code), None)
