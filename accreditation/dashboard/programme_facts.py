"""What the dashboard reads from a programme's definition, so that a third programme needs no code.

- **Review states**: the states from which an assessor may fire an event (an assessor's turn to act).
- **Overdue**: an application in a review state is overdue once the earliest remind/escalate timer of that state
  that falls on or after its base date has passed. A timer before its base date (a reminder three days before a
  site visit) is advance notice, not lateness.
- **In progress**: the states that are neither final nor reached from the award state (after the award, waiting
  for the expiry is not stalling). An application in progress whose state has not changed for
  ``STALLED_AFTER_DAYS`` is stalled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from accreditation.i18n import local
from workflows import Programme, Timer
from workflows.roles import ASSESSOR

REVIEWER_ROLE = ASSESSOR
LATENESS_ACTIONS = ("remind", "escalate")
# Timer bases and the application column each counts from.
BASE_COLUMNS = {
    "entered": "state_entered_at",
    "deadline": "deadline",
    "expires": "expires_at",
    "reassessment": "reassessment_from",
}


@dataclass(frozen=True)
class OverdueRule:
    """An application in ``state`` is overdue once ``base_column`` + ``offset_days`` lies in the past."""

    state: str
    base_column: str
    offset_days: int

    def threshold(self, now: datetime) -> datetime | date:
        """The latest base value that is overdue at ``now``: a date for ``deadline``, a timestamp otherwise."""
        moment = now - timedelta(days=self.offset_days)
        return moment.date() if self.base_column == "deadline" else moment


@dataclass(frozen=True)
class ProgrammeFacts:
    code: str
    states: tuple[str, ...]  # in the programme's order
    state_labels: dict[str, str]
    final_states: frozenset[str]
    review_states: tuple[str, ...]
    overdue_rules: tuple[OverdueRule, ...]
    in_progress_states: tuple[str, ...]
    levels: tuple[str, ...]  # lowest rank first
    level_labels: dict[str, str]

    def state_label(self, name: str) -> str:
        """The state's label in the current language."""
        return local(self.state_labels.get(name, name))

    def level_label(self, code: str) -> str:
        """The level's label in the current language."""
        return local(self.level_labels.get(code, code))


def facts_of(programme: Programme) -> ProgrammeFacts:
    return _facts(programme)


@lru_cache(maxsize=32)
def _facts(programme: Programme) -> ProgrammeFacts:
    definition = programme.definition
    review = tuple(
        name
        for name in definition.states
        if any(name in event.sources and REVIEWER_ROLE in event.roles for event in definition.events.values())
    )
    rules = tuple(rule for name in review if (rule := _overdue_rule(name, definition.states[name].timers)))
    after_award = _reachable_from(programme, definition.awards.granted_on) if definition.awards else set()
    in_progress = tuple(
        name for name, state in definition.states.items() if not state.is_final and name not in after_award
    )
    levels = sorted(definition.awards.levels, key=lambda level: level.rank) if definition.awards else []
    return ProgrammeFacts(
        code=programme.code,
        states=tuple(definition.states),
        state_labels={name: state.label for name, state in definition.states.items()},
        final_states=frozenset(definition.final_states),
        review_states=review,
        overdue_rules=rules,
        in_progress_states=in_progress,
        levels=tuple(level.code for level in levels),
        level_labels={level.code: level.label for level in levels},
    )


def _overdue_rule(state: str, timers: tuple[Timer, ...]) -> OverdueRule | None:
    lateness = [t for t in timers if t.action in LATENESS_ACTIONS and t.offset_days >= 0]
    if not lateness:
        return None
    first = min(lateness, key=lambda timer: timer.offset_days)
    return OverdueRule(state, BASE_COLUMNS[first.relative_to], first.offset_days)


def _reachable_from(programme: Programme, start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for event in programme.events_from(state):
            if event.dest not in seen:
                seen.add(event.dest)
                todo.append(event.dest)
    return seen
