"""The shape of a programme definition: immutable values built by the loader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StateKind = Literal["initial", "normal", "final"]
TimerBase = Literal["entered", "deadline", "expires"]

STATE_KINDS: tuple[str, ...] = ("initial", "normal", "final")
TIMER_BASES: tuple[str, ...] = ("entered", "deadline", "expires")


@dataclass(frozen=True)
class Timer:
    """Something that happens when an application stays too long in a state.

    ``relative_to``: ``entered`` counts ``after_days`` from entering the state, ``deadline`` from the deadline
    set for the state (e.g. the visit date), ``expires`` counts ``after_days`` *before* the award expires.
    """

    after_days: int
    kind: str
    remind: str | None = None
    escalate: str | None = None
    fire: str | None = None
    relative_to: TimerBase = "entered"


@dataclass(frozen=True)
class State:
    """A workflow state; ``open`` marks an active cycle that blocks a second application."""

    name: str
    label: str
    kind: StateKind = "normal"
    timers: tuple[Timer, ...] = ()
    on_enter: tuple[str, ...] = ()
    open: bool = True

    @property
    def is_final(self) -> bool:
        return self.kind == "final"


@dataclass(frozen=True)
class Event:
    """A named move from any of ``sources`` to ``dest`` that ``roles`` may fire once ``guards`` pass."""

    name: str
    label: str
    sources: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class AwardLevel:
    """A level earned with a share of criteria at or above benchmark and a minimum average level."""

    code: str
    label: str
    min_share_at_benchmark: float
    min_average: float


@dataclass(frozen=True)
class IntermediateAward:
    """A certificate given on entering ``on_state``, before the final award (e.g. of commitment)."""

    code: str
    label: str
    on_state: str


@dataclass(frozen=True)
class Awards:
    """The award levels (ordered low to high) and how long an award stays valid."""

    levels: tuple[AwardLevel, ...]
    validity_months: int
    reassess_after_months: int | None = None
    renewal_opens_months_before: int | None = None
    intermediate: IntermediateAward | None = None
    top_needs_moderation: bool = False

    @property
    def top(self) -> AwardLevel | None:
        return self.levels[-1] if self.levels else None

    def level(self, code: str) -> AwardLevel | None:
        return next((level for level in self.levels if level.code == code), None)


@dataclass(frozen=True, eq=False)
class Programme:
    """One accreditation scheme's workflow and awards, as loaded from one file.

    Compared by identity: a loaded definition is one object, compiled once.
    """

    code: str
    name: str
    file: str
    states: dict[str, State]
    events: dict[str, Event]
    initial: str
    awards: Awards
    framework: str | None = None

    @property
    def final_states(self) -> tuple[str, ...]:
        return tuple(name for name, state in self.states.items() if state.is_final)

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(name for name, state in self.states.items() if state.open)
