"""A loaded programme: its definition compiled onto one machine, and the questions the application asks it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .definition import Awards, Event, ProgrammeDefinition, State, Timer
from .diagram import render_diagram
from .errors import GuardFailed, MissingData, RoleNotAllowed, TransitionNotAllowed, UnknownEvent, UnknownState
from .machine import compile_machine
from .registry import Registry
from .resolution import Resolution
from .texts import gettext as _
from .texts import local


@dataclass(frozen=True)
class Step:
    """One completed move. The application writes it as a transition record and queues one outbox job per
    action in ``actions`` (the entry actions of ``dest``, in order), in the same transaction."""

    event: str
    source: str
    dest: str
    actions: tuple[str, ...]


class Programme:
    """One accreditation programme, compiled once and shared by every application of it (thread-safe: it keeps
    no per-application state)."""

    def __init__(self, definition: ProgrammeDefinition, registry: Registry) -> None:
        self.definition = definition
        self.registry = registry
        self.machine = compile_machine(definition, registry)
        self.resolution = Resolution(self.machine, registry)  # triggers resolved without binding a model

    def __repr__(self) -> str:
        return f"<Programme {self.code!r} from {self.definition.file}>"

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def initial(self) -> str:
        return self.definition.initial

    @property
    def states(self) -> Mapping[str, State]:
        return self.definition.states

    @property
    def events(self) -> Mapping[str, Event]:
        return self.definition.events

    @property
    def awards(self) -> Awards | None:
        return self.definition.awards

    def state(self, name: str) -> State:
        """The state called ``name``; UnknownState if there is none."""
        try:
            return self.definition.states[name]
        except KeyError:
            raise UnknownState(name) from None

    def event(self, name: str) -> Event:
        """The event called ``name``; UnknownEvent if there is none."""
        try:
            return self.definition.events[name]
        except KeyError:
            raise UnknownEvent(name) from None

    def ends_application(self, event: str) -> bool:
        """Whether ``event`` leads to a final state, after which nothing more happens: people confirm it first."""
        return self.state(self.event(event).dest).is_final

    def timers(self, state: str) -> tuple[Timer, ...]:
        return self.state(state).timers

    def events_from(self, state: str) -> list[Event]:
        """The events that can leave ``state``, whoever fires them, in the file's order."""
        self.state(state)
        return [event for event in self.definition.events.values() if state in event.sources]

    def events_for(self, roles: Iterable[str], state: str) -> list[Event]:
        """The events someone with ``roles`` may fire from ``state`` (guards not evaluated): their buttons."""
        roles = _role_set(roles)
        return [event for event in self.events_from(state) if event.roles & roles]

    def may_fire(self, roles: Iterable[str], state: str, event: str) -> bool:
        """Whether someone with ``roles`` may fire ``event`` from ``state``, guards and data aside."""
        definition = self.event(event)
        self.state(state)
        return state in definition.sources and bool(definition.roles & _role_set(roles))

    def blocking_reasons(self, state: str, event: str, context: Any) -> list[str]:
        """Run ``event``'s guards with ``context``; every reason they give (empty: nothing blocks it)."""
        definition = self._event_from(state, event)
        return self.registry.check_guards(definition.guards, context)

    def missing_data(self, event: str, data: Mapping[str, Any] | None) -> dict[str, str]:
        """Each required item (``comment``, ``date``, ``level``, ``items``) absent or unusable in ``data``,
        with what to do about it."""
        data = data or {}
        missing: dict[str, str] = {}
        for requirement in self.event(event).requires:
            message = _REQUIREMENT_CHECKS[requirement](self, data.get(requirement))
            if message:
                missing[requirement] = message
        return missing

    def advance(
        self,
        state: str,
        event: str,
        context: Any = None,
        *,
        roles: Iterable[str],
        data: Mapping[str, Any] | None = None,
    ) -> Step:
        """Fire ``event`` from ``state`` for someone with ``roles``; the step taken, or a typed error.

        Checks, in order: the state and event exist (UnknownState, UnknownEvent), a role may fire it
        (RoleNotAllowed), it leaves this state (TransitionNotAllowed), the required data is there (MissingData),
        the guards pass (GuardFailed, with all their reasons). Nothing is stored: the caller saves ``dest``.
        """
        self.state(state)
        definition = self.event(event)
        roles = _role_set(roles)
        if not definition.roles & roles:
            raise RoleNotAllowed(event, roles)
        if state not in definition.sources:
            raise TransitionNotAllowed(event, state)
        missing = self.missing_data(event, data)
        if missing:
            raise MissingData(missing, missing.values())
        triggered = self.resolution.trigger(state, event, context)
        if not triggered.moved:
            raise GuardFailed(triggered.reasons)
        return Step(event=event, source=state, dest=triggered.state, actions=triggered.actions)

    def graph(self, format: str = "mermaid") -> str:
        """The programme's diagram as Mermaid (``mermaid``) or Graphviz (``dot``) source."""
        return render_diagram(self.definition, format)

    def _event_from(self, state: str, event: str) -> Event:
        self.state(state)
        definition = self.event(event)
        if state not in definition.sources:
            raise TransitionNotAllowed(event, state)
        return definition


def _role_set(roles: Iterable[str]) -> frozenset[str]:
    """The roles as a set; a single role name given as text counts as one role, not as its letters."""
    return frozenset([roles]) if isinstance(roles, str) else frozenset(roles)


def _check_comment(programme: Programme, value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    return _("Please add a comment explaining this decision.")


def _check_date(programme: Programme, value: Any) -> str | None:
    if isinstance(value, date):
        return None
    if isinstance(value, str) and value.strip():
        try:
            datetime.fromisoformat(value.strip())
        except ValueError:
            return _("%(value)s is not a date; please give one as YYYY-MM-DD.", value=repr(value))
        return None
    return _("Please give a date.")


def _check_level(programme: Programme, value: Any) -> str | None:
    awards = programme.awards
    levels = awards.levels if awards else ()
    if isinstance(value, str) and any(level.code == value for level in levels):
        return None
    return _("Please choose a level: %(levels)s.", levels=", ".join(local(level.label) for level in levels))


def _check_items(programme: Programme, value: Any) -> str | None:
    if isinstance(value, list | tuple) and value and all(isinstance(item, str) and item.strip() for item in value):
        return None
    return _("Please list at least one item, each with some text.")


_REQUIREMENT_CHECKS = {
    "comment": _check_comment,
    "date": _check_date,
    "level": _check_level,
    "items": _check_items,
}
