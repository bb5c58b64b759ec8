"""How long schools usually take from joining a programme to its award, from the records of their transitions.

Each application is one cycle: its record without ``from_state`` is the joining, its first record entering the
programme's ``awards.granted_on`` state is the award. The median (interpolated like ``percentile_cont``, as the
dashboard's other durations) is told only when at least ``MINIMUM_SCHOOLS`` awarded applications make it up: fewer
would say more about those few schools than about the programme.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from accreditation.dashboard.durations import percentile
from accreditation.extensions import db
from accreditation.models import Application, TransitionRecord
from workflows import Programme

MINIMUM_SCHOOLS = 5
DAYS_IN_MONTH = 365.25 / 12
WEEKS_UP_TO_DAYS = 60  # below: weeks; from there on: months
DAYS_UP_TO = 14  # below: days


@dataclass(frozen=True)
class TimeToAward:
    """The awarded applications counted and the median number of days from joining to the award (None: none)."""

    schools: int
    median_days: float | None

    @property
    def enough(self) -> bool:
        """Whether enough schools make the median up to tell it."""
        return self.schools >= MINIMUM_SCHOOLS and self.median_days is not None

    @property
    def about(self) -> tuple[str, int]:
        """The median rounded to a unit a person reads: ``("days" | "weeks" | "months", amount)``, at least 1."""
        days = self.median_days or 0.0
        if days < DAYS_UP_TO:
            return "days", max(1, round(days))
        if days < WEEKS_UP_TO_DAYS:
            return "weeks", max(1, round(days / 7))
        return "months", max(1, round(days / DAYS_IN_MONTH))


def award_spans_statement(programme: Programme):
    """Per awarded application of ``programme``: when it joined and when it first entered the award state."""
    granted_on = programme.awards.granted_on if programme.awards else ""
    record = TransitionRecord
    joined = func.min(case((record.from_state.is_(None), record.at)))
    awarded = func.min(case((record.to_state == granted_on, record.at)))
    return (
        select(joined, awarded)
        .join(Application, Application.id == record.application_id)
        .where(
            Application.programme_code == programme.code,
            Application.awarded_at.is_not(None),
            record.from_state.is_(None) | (record.to_state == granted_on),
        )
        .group_by(record.application_id)
    )


def time_to_award(programme: Programme) -> TimeToAward:
    """The median days from joining to the award over the programme's awarded applications."""
    if programme.awards is None:
        return TimeToAward(0, None)
    days = sorted(
        (awarded - joined).total_seconds() / 86400
        for joined, awarded in db.session.execute(award_spans_statement(programme))
        if joined is not None and awarded is not None and awarded >= joined
    )
    if not days:
        return TimeToAward(0, None)
    return TimeToAward(len(days), percentile([(value, 1) for value in days], 0.5))
