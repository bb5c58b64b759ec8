"""Median and 90th percentile of the time spent in a state, grouped by any columns.

Stays are counted in tenths of a day at the precision the dashboard shows (``stay_counts.tenths_of``: a tenth of
a day below ten days, a day below a year, ten days beyond), so a figure comes from a histogram: either the
counts fire() keeps per programme, country and state (``StateStayCount``: a few thousand rows instead of every
record; used when the figures cover whole countries and every start date), or the records themselves grouped the
same way (a region, a date range, a drill-down). Both give the same figures; the percentiles are interpolated
between values like PostgreSQL's ``percentile_cont``, in Python on any database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, Select, func, literal_column, select

from accreditation.applications.stay_counts import SQL_TENTHS
from accreditation.extensions import db
from accreditation.models import StateStayCount

QUANTILES = (0.5, 0.9)
TENTHS = literal_column(SQL_TENTHS.format(s="transition_records.seconds_in_from_state"), Integer).label("tenths")


@dataclass(frozen=True)
class Stays:
    """How many stays ended in a state, and the median and 90th percentile of their length in days."""

    count: int
    median_days: float | None
    p90_days: float | None


NO_STAYS = Stays(0, None, None)


def percentile(histogram: Sequence[tuple[int, int]], fraction: float) -> float:
    """The ``fraction`` percentile of the values of a histogram ((value, count), by value), interpolated linearly
    between the two values around it, as ``percentile_cont`` does on the values themselves."""
    total = sum(count for _, count in histogram)
    if not total:
        raise ValueError("no values")
    position = fraction * (total - 1)
    low_index = int(position)
    low = _value_at(histogram, low_index)
    high = _value_at(histogram, min(low_index + 1, total - 1))
    return low + (high - low) * (position - low_index)


def _value_at(histogram: Sequence[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, count in histogram:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def stays_of(histogram: Iterable[tuple[int, int]]) -> Stays:
    ordered = sorted(histogram)
    count = sum(n for _, n in ordered)
    if not count:
        return NO_STAYS
    return Stays(count, *(percentile(ordered, q) / 10 for q in QUANTILES))


def grouped_stays(query: Select, *keys) -> Select:
    """The statement ``stays_by`` runs: per group and length in tenths of a day, the number of stays."""
    return query.with_only_columns(*keys, TENTHS, func.count()).group_by(*keys, TENTHS)


def stays_by(query: Select, *keys) -> dict[tuple, Stays]:
    """Group ``query`` (applications joined to their ending records, see ``queries.durations_join``) by ``keys``;
    the stays of each group."""
    return _by_key(db.session.execute(grouped_stays(query, *keys)), len(keys))


def counted_statement(programme_code: str, countries: Sequence[str]) -> Select:
    """The statement ``counted_stays`` runs."""
    table = StateStayCount
    query = select(table.from_state, table.tenths, func.sum(table.stays)).where(table.programme_code == programme_code)
    if countries:
        query = query.where(table.country_code.in_(countries))
    return query.group_by(table.from_state, table.tenths)


def counted_stays(programme_code: str, countries: Sequence[str]) -> dict[tuple, Stays]:
    """The stays per state from the counts fire() keeps, for ``countries`` (empty: every country)."""
    return _by_key(db.session.execute(counted_statement(programme_code, countries)), 1)


def _by_key(rows, key_length: int) -> dict[tuple, Stays]:
    histograms: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        histograms[tuple(row[:key_length])].append((int(row[key_length]), int(row[key_length + 1])))
    return {key: stays_of(histogram) for key, histogram in histograms.items()}
