"""Which timers exist, and when a timer is due, as SQL over the applications table.

A timer counts ``offset_days`` from a date of the application: the day it entered its state, its deadline, its
award's expiry or the start of re-assessment. Whether it is due compares that column with a bound limit (so the
``(programme_code, state)`` index does the work); the due date itself (part of a reminder's key) is computed in
SQL per dialect.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, Integer, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement

from accreditation.models import Application
from workflows import Programme, Timer

BASE_COLUMNS = {
    "entered": Application.state_entered_at,
    "deadline": Application.deadline,
    "expires": Application.expires_at,
    "reassessment": Application.reassessment_from,
}


@dataclass(frozen=True)
class StateTimer:
    programme_code: str
    state: str
    timer: Timer

    @property
    def kind(self) -> str:
        """The timer's name in a reminder's key, e.g. ``self_assessment.remind.school_admin.entered+30``."""
        timer = self.timer
        return f"{self.state}.{timer.action}.{timer.target}.{timer.relative_to}{timer.offset_days:+d}"

    @property
    def base(self):
        return BASE_COLUMNS[self.timer.relative_to]


def state_timers(programmes: Iterable[Programme], actions: set[str]) -> list[StateTimer]:
    """Every timer whose action is in ``actions``, of every state of every programme, in a stable order."""
    found = []
    for programme in sorted(programmes, key=lambda p: p.code):
        for name, state in programme.states.items():
            found.extend(StateTimer(programme.code, name, timer) for timer in state.timers if timer.action in actions)
    return found


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def due_condition(timer: StateTimer, today: date, catch_up_days: int | None = None) -> list[ColumnElement[bool]]:
    """The timer is due today (or was in the last ``catch_up_days`` days): ``base + offset <= today``."""
    last_base = today - timedelta(days=timer.timer.offset_days)
    column = timer.base
    if timer.timer.relative_to == "deadline":  # a date
        conditions = [column <= last_base]
        if catch_up_days is not None:
            conditions.append(column >= last_base - timedelta(days=catch_up_days))
    else:  # a UTC timestamp: due when its day is at most last_base
        conditions = [column < _midnight(last_base + timedelta(days=1))]
        if catch_up_days is not None:
            conditions.append(column >= _midnight(last_base - timedelta(days=catch_up_days)))
    return [
        Application.programme_code == timer.programme_code,
        Application.state == timer.state,
        column.is_not(None),
        *conditions,
    ]


def due_date(timer: StateTimer, dialect: str) -> ColumnElement[date]:
    """The day the timer falls due for each application, in SQL."""
    column, days = timer.base, int(timer.timer.offset_days)
    if dialect == "postgresql":
        day = column if timer.timer.relative_to == "deadline" else cast(func.timezone("UTC", column), Date)
        return (day + literal(days, Integer)).label("due_on")
    return func.date(column, f"{days:+d} days", type_=Date).label("due_on")  # SQLite
