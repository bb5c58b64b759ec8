"""The shape of a programme definition: immutable values that the parser builds from one YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .assessor_quality import NONE as NO_ASSESSOR_QUALITY
from .assessor_quality import AssessorQuality
from .between_awards import BetweenAwards
from .texts import EMPTY_TEXT, Text

StateKind = Literal["initial", "normal", "final"]
TimerBase = Literal["entered", "deadline", "expires", "reassessment"]
TimerAction = Literal["remind", "escalate", "fire"]
Requirement = Literal["comment", "date", "level", "items"]

STATE_KINDS: tuple[str, ...] = ("initial", "normal", "final")
TIMER_BASES: tuple[str, ...] = ("entered", "deadline", "expires", "reassessment")
TIMER_ACTIONS: tuple[str, ...] = ("remind", "escalate", "fire")
REQUIREMENTS: tuple[str, ...] = ("comment", "date", "level", "items")


@dataclass(frozen=True)
class Timer:
    """Something that happens ``offset_days`` after (negative: before) a date while the application is in a state.

    ``relative_to`` names that date: ``entered`` (the state was entered), ``deadline`` (the deadline the
    application has for this state, e.g. the visit date), ``expires`` (the award's expiry) or ``reassessment``
    (the earliest re-assessment). ``action`` is ``remind`` or ``escalate`` (``target`` is a role) or ``fire``
    (``target`` is an event, fired by the ``system`` role).
    """

    offset_days: int
    action: TimerAction
    target: str
    relative_to: TimerBase = "entered"

    def due(self, base: date) -> date:
        """When the timer is due, given the date (or datetime) it counts from."""
        return base + timedelta(days=self.offset_days)


@dataclass(frozen=True)
class State:
    """A workflow state. ``on_enter`` names actions recorded on every entry; ``open`` marks an active cycle
    (one that stops the school from starting another application in the same programme)."""

    name: str
    label: Text
    kind: StateKind = "normal"
    on_enter: tuple[str, ...] = ()
    timers: tuple[Timer, ...] = ()
    open: bool = True

    @property
    def is_final(self) -> bool:
        return self.kind == "final"


@dataclass(frozen=True)
class Event:
    """A named move from any of ``sources`` to ``dest`` that ``roles`` may fire once ``guards`` pass and the data
    named in ``requires`` is given. ``decision`` names the operation that alone fires it (``workflows.DECISIONS``):
    it writes the decision's record with the transition."""

    name: str
    label: Text
    sources: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    decision: str | None = None


# Data that only a decision records (the level awarded, the items asked, the visit's date): an event requiring any
# of them must name its decision.
DECISION_DATA: tuple[str, ...] = ("date", "level", "items")


@dataclass(frozen=True)
class AwardLevel:
    """An award level and how it is earned: the share of criteria the self-assessment puts at or above their
    benchmark, and the assessor's review score. ``needs_moderation``: a second assessor must confirm it."""

    code: str
    label: Text
    rank: int
    min_share_at_benchmark: float = 0.0
    min_review_score: float = 0.0
    needs_moderation: bool = False

    def earned_by(self, share_at_benchmark: float, review_score: float) -> bool:
        return share_at_benchmark >= self.min_share_at_benchmark and review_score >= self.min_review_score


@dataclass(frozen=True)
class IntermediateAward:
    """A certificate given on entering ``on_state``, before the final award (e.g. a certificate of commitment)."""

    code: str
    label: Text
    on_state: str
    validity_months: int | None = None


@dataclass(frozen=True)
class Awards:
    """The award levels (lowest rank first), the state whose entry grants one, and how long it stays valid."""

    granted_on: str
    levels: tuple[AwardLevel, ...]
    validity_months: int
    reassess_after_months: int | None = None
    intermediate: IntermediateAward | None = None

    @property
    def top(self) -> AwardLevel | None:
        return self.levels[-1] if self.levels else None

    def level(self, code: str) -> AwardLevel | None:
        return next((level for level in self.levels if level.code == code), None)

    def level_for(self, share_at_benchmark: float, review_score: float) -> AwardLevel | None:
        """The highest level these results earn, or None when they earn none."""
        earned = [level for level in self.levels if level.earned_by(share_at_benchmark, review_score)]
        return earned[-1] if earned else None


@dataclass(frozen=True, eq=False)
class ProgrammeDefinition:
    """One accreditation scheme's workflow and awards, as read from ``file``."""

    code: str
    name: Text
    file: str
    states: dict[str, State]
    events: dict[str, Event]
    awards: Awards | None = None
    framework: str | None = None
    description: Text = EMPTY_TEXT
    # A criterion's expected evidence must be linked before the self-assessment is submitted (through the guard
    # required_documents_uploaded); off: the school is only warned.
    evidence_required: bool = False
    # Staff training, incidents, duties and the yearly check between the award and the renewal (issue 30).
    between_awards: BetweenAwards | None = None
    # Assessors' training path and the moderation sample of decisions (issue 32).
    assessor_quality: AssessorQuality = NO_ASSESSOR_QUALITY

    @property
    def initial(self) -> str:
        return next(name for name, state in self.states.items() if state.kind == "initial")

    @property
    def final_states(self) -> tuple[str, ...]:
        return tuple(name for name, state in self.states.items() if state.is_final)

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(name for name, state in self.states.items() if state.open and not state.is_final)
