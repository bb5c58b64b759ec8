"""Every figure of the dashboard for one programme within the filters, from two grouped queries (no query per
school): one pass over the applications gives the funnel, the awards by level (and how many are still valid),
how many are stalled or have a review overdue, and the applications started and awards given per month; the
stays in each state come from the counts fire() keeps (or from the records, see ``durations``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Executable, Select, and_, case, func, or_

from accreditation.dashboard import queries
from accreditation.dashboard.durations import (
    NO_STAYS,
    Stays,
    counted_statement,
    counted_stays,
    grouped_stays,
    stays_by,
)
from accreditation.dashboard.filters import Filters
from accreditation.dashboard.programme_facts import ProgrammeFacts, facts_of
from accreditation.dashboard.queries import A, Moment, R
from accreditation.extensions import db

MONTHS_SHOWN = 12  # without a date range: the last twelve months
MAX_MONTHS = 120


@dataclass(frozen=True)
class StateFigure:
    state: str
    label: str
    applications: int
    stalled: int
    overdue: int | None  # None: not a review state
    final: bool


@dataclass(frozen=True)
class LevelFigure:
    level: str
    label: str
    awarded: int
    valid: int


@dataclass(frozen=True)
class DurationFigure:
    state: str
    label: str
    stays: Stays


@dataclass(frozen=True)
class MonthFigure:
    month: str
    started: int
    awarded: int


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    facts: ProgrammeFacts
    moment: Moment
    states: list[StateFigure]
    levels: list[LevelFigure]
    durations: list[DurationFigure]
    months: list[MonthFigure]

    @property
    def total(self) -> int:
        return sum(figure.applications for figure in self.states)

    @property
    def stalled(self) -> int:
        return sum(figure.stalled for figure in self.states)

    @property
    def overdue(self) -> int:
        return sum(figure.overdue or 0 for figure in self.states)

    @property
    def awarded(self) -> int:
        return sum(figure.awarded for figure in self.levels)


def dashboard(filters: Filters, moment: Moment) -> Dashboard:
    facts = facts_of(filters.programme)
    months = month_window(filters, moment)
    states, levels, per_month = _applications_figures(filters, facts, moment, months)
    return Dashboard(
        filters=filters,
        facts=facts,
        moment=moment,
        states=states,
        levels=levels,
        durations=_durations(filters, facts),
        months=per_month,
    )


def statements(filters: Filters, moment: Moment) -> dict[str, Executable]:
    """The dashboard's queries as they run (for the benchmark's query plans)."""
    facts = facts_of(filters.programme)
    return {
        "applications: states, levels, stalled, overdue, per month": _applications_query(
            filters, facts, moment, month_window(filters, moment)
        ),
        "time in each state": grouped_stays(_durations_query(filters), R.from_state)
        if filters.whole_countries is None
        else counted_statement(filters.programme.code, filters.whole_countries),
    }


def _flag(condition):
    return func.sum(case((condition, 1), else_=0))


def _applications_query(filters: Filters, facts: ProgrammeFacts, moment: Moment, months: list[str]) -> Select:
    """One pass over the applications in scope, grouped by state, level, month started and month awarded (within
    the months shown) and, with a date range, whether they started in it; with how many awards are still valid,
    how many are stalled and how many have a review overdue. With a date range, applications started outside it
    count only for the awards they received in it."""
    started_window = queries.within_months(filters, A.created_at, months[0], months[-1])
    awarded_window = queries.within_months(filters, A.awarded_at, months[0], months[-1])
    started = case((and_(*started_window), queries.month_of(A.created_at, months)))
    awarded = case((and_(*awarded_window), queries.month_of(A.awarded_at, months)))
    cohort = queries.cohort(filters)
    valid = and_(A.expires_at > moment.now, A.state.not_in(sorted(facts.final_states)))
    keys = (A.state, A.award_level, started, awarded)
    if cohort:  # last: whether the application started in the date range
        keys = (*keys, case((and_(*cohort), 1), else_=0))
    query = queries.applications(
        filters,
        *keys,
        func.count(),
        _flag(valid),
        _flag(queries.stalled(facts, moment)),
        _flag(queries.overdue(facts, moment)),
    )
    if cohort:
        query = query.where(or_(and_(*cohort), and_(*awarded_window)))
    return query.group_by(*keys)


def _applications_figures(
    filters: Filters, facts: ProgrammeFacts, moment: Moment, months: list[str]
) -> tuple[list[StateFigure], list[LevelFigure], list[MonthFigure]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # applications, stalled, overdue
    levels: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # awarded, still valid
    started_in: dict[str, int] = defaultdict(int)
    awarded_in: dict[str, int] = defaultdict(int)
    rows = db.session.execute(_applications_query(filters, facts, moment, months))
    for row in rows:
        state, level, started, awarded, *in_cohort = row[: len(row) - 4]
        count, valid, stalled, overdue = row[-4:]
        if awarded is not None:
            awarded_in[queries.month_label(awarded, months)] += count
        if in_cohort and not in_cohort[0]:
            continue
        figures = counts[state]
        figures[0] += count
        figures[1] += stalled or 0
        figures[2] += overdue or 0
        if level is not None:
            levels[level][0] += count
            levels[level][1] += valid or 0
        if started is not None:
            started_in[queries.month_label(started, months)] += count
    ordered = list(facts.states) + sorted(set(counts) - set(facts.states))  # a state no longer defined: last
    review = set(facts.review_states)
    states = [
        StateFigure(
            state=name,
            label=facts.state_label(name),
            applications=counts.get(name, [0, 0, 0])[0],
            stalled=counts.get(name, [0, 0, 0])[1],
            overdue=counts.get(name, [0, 0, 0])[2] if name in review else None,
            final=name in facts.final_states,
        )
        for name in ordered
    ]
    level_figures = [
        LevelFigure(level, facts.level_label(level), *levels.get(level, (0, 0)))
        for level in list(facts.levels) + sorted(set(levels) - set(facts.levels))
    ]
    per_month = [MonthFigure(month, started_in.get(month, 0), awarded_in.get(month, 0)) for month in months]
    return states, level_figures, per_month


def _durations_query(filters: Filters) -> Select:
    return queries.durations_join(queries.applications(filters, A.id).where(*queries.cohort(filters)))


def _durations(filters: Filters, facts: ProgrammeFacts) -> list[DurationFigure]:
    countries = filters.whole_countries
    if countries is None:
        stays = stays_by(_durations_query(filters), R.from_state)
    else:
        stays = counted_stays(filters.programme.code, countries)
    return [
        DurationFigure(name, facts.state_label(name), stays.get((name,), NO_STAYS))
        for name in facts.states
        if name not in facts.final_states
    ]


def month_window(filters: Filters, moment: Moment) -> list[str]:
    """The months the monthly figures cover: those of the date range, else the last twelve."""
    end = filters.end or moment.now.date()
    start = filters.start or _add_months(end.replace(day=1), -(MONTHS_SHOWN - 1))
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        months.append(f"{cursor:%Y-%m}")
        cursor = _add_months(cursor, 1)
    return months[-MAX_MONTHS:]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
