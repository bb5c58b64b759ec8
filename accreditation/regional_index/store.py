"""The index's counts are computed for a whole country at a time and kept (``RegionalIndexCounts``) while fresh:
``REGIONAL_INDEX_MAX_AGE_MINUTES`` (default 60) for a year not over yet, a day for a past year (its figures change
only when records are corrected). A request that finds none, or stale ones, computes them and keeps them (flushed,
committed with its request); ``refresh`` recomputes them ahead (``flask regional-index refresh``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accreditation.extensions import db
from accreditation.models import RegionalIndexCounts
from accreditation.models.time import utcnow
from accreditation.regional_index.counts import Counts, count, from_json, to_json

PAST_YEAR_MAX_AGE = timedelta(days=1)


def _max_age(year: int, now: datetime) -> timedelta:
    if datetime(year + 1, 1, 1, tzinfo=UTC) <= now:
        return PAST_YEAR_MAX_AGE
    return timedelta(minutes=int(current_app.config.get("REGIONAL_INDEX_MAX_AGE_MINUTES", 60)))


def country_counts(programme_code: str, country: str, year: int, force: bool = False) -> Counts:
    """The counts of ``country`` as of the end of ``year``: kept ones while fresh (unless ``force``), else computed
    now and kept."""
    now = utcnow()
    row = db.session.scalar(
        select(RegionalIndexCounts).where(
            RegionalIndexCounts.programme_code == programme_code,
            RegionalIndexCounts.country_code == country,
            RegionalIndexCounts.year == year,
        )
    )
    if row is not None and not force and row.computed_at > now - _max_age(year, now):
        return from_json(row.counts)
    counts = count(programme_code, country, datetime(year + 1, 1, 1, tzinfo=UTC))
    document = to_json(counts)
    try:
        with db.session.begin_nested():
            if row is None:
                row = RegionalIndexCounts(programme_code=programme_code, country_code=country, year=year)
                db.session.add(row)
            row.computed_at, row.counts = now, document
    except IntegrityError:  # a concurrent request kept them first: these are as good
        pass
    return counts


def refresh(programme_code: str, country: str, year: int) -> Counts:
    """Compute and keep the counts now, whatever is kept."""
    return country_counts(programme_code, country, year, force=True)
