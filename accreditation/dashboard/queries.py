"""The SQL building blocks the figures, drill-downs and exports share: applications of one programme within the
filters (joined to their schools only when a condition needs them), and the conditions of each kind of figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ARRAY, TIMESTAMP, ColumnElement, Select, and_, bindparam, false, func, or_, select

from accreditation.dashboard.filters import Filters, Slice
from accreditation.dashboard.programme_facts import ProgrammeFacts
from accreditation.extensions import db
from accreditation.models import Application, School, TransitionRecord

A = Application
R = TransitionRecord


@dataclass(frozen=True)
class Moment:
    """The time the figures are computed for, and the configured number of days after which progress stalls."""

    now: datetime
    stalled_after_days: int

    @property
    def stalled_before(self) -> datetime:
        return self.now - timedelta(days=self.stalled_after_days)


def applications(filters: Filters, *columns, with_schools: bool = False) -> Select:
    """SELECT ``columns`` FROM the programme's applications, limited to the schools the filters allow."""
    query = select(*columns).select_from(A).where(A.programme_code == filters.programme.code)
    conditions = filters.school_conditions()
    if conditions or with_schools:
        query = query.join(School, School.id == A.school_id).where(*conditions)
    return query


def cohort(filters: Filters) -> list[ColumnElement[bool]]:
    """Applications started within the filters' date range."""
    start, end = filters.cohort
    conditions = []
    if start is not None:
        conditions.append(A.created_at >= start)
    if end is not None:
        conditions.append(A.created_at < end)
    return conditions


def stalled(facts: ProgrammeFacts, moment: Moment) -> ColumnElement[bool]:
    if not facts.in_progress_states:
        return false()
    return and_(A.state.in_(facts.in_progress_states), A.state_entered_at < moment.stalled_before)


def overdue(facts: ProgrammeFacts, moment: Moment) -> ColumnElement[bool]:
    rules = [
        and_(A.state == rule.state, getattr(A, rule.base_column) < rule.threshold(moment.now))
        for rule in facts.overdue_rules
    ]
    return or_(*rules) if rules else false()


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """The first moment of ``month`` (YYYY-MM) and of the month after, in UTC."""
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    return start, end


def within_months(filters: Filters, column, first: str, last: str) -> list[ColumnElement[bool]]:
    """``column`` falls in the months ``first`` to ``last`` (YYYY-MM) and within the filters' date range."""
    start, _ = month_bounds(first)
    _, end = month_bounds(last)
    range_start, range_end = filters.cohort
    if range_start is not None:
        start = max(start, range_start)
    if range_end is not None:
        end = min(end, range_end)
    return [column >= start, column < end]


def month_of(column, months: list[str]) -> ColumnElement:
    """Which of ``months`` (consecutive, YYYY-MM) a UTC timestamp falls in, for a column already limited to them:
    on PostgreSQL the month's position (1 for the first; ``width_bucket`` over the months' first moments, cheaper
    than formatting every row), elsewhere its ``YYYY-MM``. ``month_label`` turns either into ``YYYY-MM``."""
    if db.session.get_bind().dialect.name == "postgresql":
        starts = [month_bounds(month)[0] for month in months]
        return func.width_bucket(column, bindparam("month_starts", starts, type_=ARRAY(TIMESTAMP(timezone=True))))
    return func.strftime("%Y-%m", column)


def month_label(key: int | str, months: list[str]) -> str:
    return months[key - 1] if isinstance(key, int) else key


def durations_join(query: Select, state: str | None = None) -> Select:
    """Join the transition records that end a stay (not a move back into the same state) and say how long it was."""
    query = query.join(R, R.application_id == A.id).where(
        R.from_state.is_not(None), R.from_state != R.to_state, R.seconds_in_from_state.is_not(None)
    )
    return query.where(R.from_state == state) if state else query


def slice_conditions(filters: Filters, facts: ProgrammeFacts, moment: Moment) -> list[ColumnElement[bool]]:
    """The conditions on applications of a drill-down (``left`` adds its records with ``durations_join``)."""
    chosen: Slice = filters.slice
    if chosen.kind == "started":
        return within_months(filters, A.created_at, chosen.value, chosen.value)
    if chosen.kind == "awarded":
        return within_months(filters, A.awarded_at, chosen.value, chosen.value)
    conditions = cohort(filters)
    if chosen.kind == "state":
        conditions.append(A.state == chosen.value)
    elif chosen.kind == "level":
        conditions.append(A.award_level == chosen.value)
    elif chosen.kind == "stalled":
        conditions.append(stalled(facts, moment))
    elif chosen.kind == "overdue":
        conditions.append(overdue(facts, moment))
    return conditions


def sliced(filters: Filters, facts: ProgrammeFacts, moment: Moment, *columns, with_schools: bool = True) -> Select:
    """SELECT ``columns`` FROM the applications of the filters' drill-down (joined to their schools)."""
    query = applications(filters, *columns, with_schools=with_schools).where(*slice_conditions(filters, facts, moment))
    if filters.slice.kind == "left":
        query = durations_join(query, filters.slice.value)
    return query
