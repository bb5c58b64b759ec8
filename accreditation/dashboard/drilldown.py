"""Behind every figure: the regions (with their counts), then the schools' applications in a region. One grouped
query for the regions, one query (and a count) for the list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from accreditation import collation
from accreditation.dashboard import queries
from accreditation.dashboard.durations import Stays, stays_by
from accreditation.dashboard.filters import Filters
from accreditation.dashboard.programme_facts import ProgrammeFacts, facts_of
from accreditation.dashboard.queries import A, Moment, R
from accreditation.extensions import db
from accreditation.geography.names import region_name as place_name
from accreditation.i18n import current_language
from accreditation.models import Region, School

LIST_LIMIT = 500


@dataclass(frozen=True)
class RegionFigure:
    country: str
    region: str
    name: str
    applications: int
    stays: Stays | None = None  # for the time spent in a state


@dataclass(frozen=True)
class ApplicationLine:
    """One application in a list or an export: its school, region, state, award and dates."""

    application_id: int
    school_id: int
    school: str
    national_id: str
    country: str
    region: str
    region_name: str
    cycle: int
    state: str
    state_label: str
    award_level: str | None
    award_label: str | None
    started_at: datetime
    state_entered_at: datetime
    awarded_at: datetime | None
    expires_at: datetime | None
    days_in_state: float  # in the current state, until the figures' moment
    days_in_slice_state: float | None = None  # for ``left``: the total time spent in that state


def regions(filters: Filters, moment: Moment) -> list[RegionFigure]:
    """The filters' drill-down counted per region (for ``left``: its stays per region), regions by name."""
    facts = facts_of(filters.programme)
    keys = (School.country_code, School.region_code)
    query = queries.sliced(filters, facts, moment, A.id)
    names = {}
    if filters.slice.kind == "left":
        stays = stays_by(query, *keys)
        counts = {key: value.count for key, value in stays.items()}
    else:
        stays = {}
        counts = {
            tuple(row[:2]): row[2]
            for row in db.session.execute(query.with_only_columns(*keys, func.count()).group_by(*keys))
        }
    if counts:
        codes = sorted({region for _, region in counts})
        english = dict(db.session.execute(select(Region.code, Region.name).where(Region.code.in_(codes))).all())
        names = {code: place_name(code, fallback=name) for code, name in english.items()}  # the reader's language
    figures = [
        RegionFigure(country, region, names.get(region, region), count, stays.get((country, region)))
        for (country, region), count in counts.items()
    ]
    return sorted(figures, key=lambda figure: (figure.country, sort_key(figure.name)))


def sort_key(name: str) -> tuple[int, ...]:
    """A name as sorted for people in the reader's language (Bălți between Basarabeasca and Briceni; Romanian's ă,
    ș and ț as letters of their own)."""
    return collation.sort_key(current_language())(name)


def application_count(filters: Filters, moment: Moment) -> int:
    facts = facts_of(filters.programme)
    query = queries.sliced(filters, facts, moment, A.id)
    if filters.slice.kind == "left":
        query = query.group_by(A.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def application_lines(filters: Filters, moment: Moment, limit: int | None = LIST_LIMIT) -> Iterator[ApplicationLine]:
    """The applications of the filters' drill-down with their school and region, by school name."""
    facts = facts_of(filters.programme)
    query = _lines_query(filters, facts, moment)
    if limit is not None:
        query = query.limit(limit)
    for row in db.session.execute(query.execution_options(yield_per=2000)):
        yield _line(row, facts, moment)


def _lines_query(filters: Filters, facts: ProgrammeFacts, moment: Moment) -> Select:
    columns = [
        A.id,
        A.school_id,
        School.name,
        School.national_id,
        School.country_code,
        School.region_code,
        Region.name.label("region_name"),
        A.cycle,
        A.state,
        A.award_level,
        A.created_at,
        A.state_entered_at,
        A.awarded_at,
        A.expires_at,
    ]
    query = queries.sliced(filters, facts, moment, *columns).join(Region, Region.code == School.region_code)
    if filters.slice.kind == "left":
        query = query.add_columns(func.sum(R.seconds_in_from_state)).group_by(A.id, School.id, Region.code)
    return query.order_by(School.name, School.id, A.cycle)


def _line(row, facts: ProgrammeFacts, moment: Moment) -> ApplicationLine:
    in_state = (moment.now - row.state_entered_at).total_seconds() / 86400
    return ApplicationLine(
        application_id=row[0],
        school_id=row[1],
        school=row[2],
        national_id=row[3],
        country=row[4],
        region=row[5],
        region_name=place_name(row[5], fallback=row[6]),  # in the reader's language
        cycle=row[7],
        state=row[8],
        state_label=facts.state_label(row[8]),
        award_level=row[9],
        award_label=facts.level_label(row[9]) if row[9] else None,
        started_at=row[10],
        state_entered_at=row[11],
        awarded_at=row[12],
        expires_at=row[13],
        days_in_state=max(0.0, in_state),
        days_in_slice_state=row[14] / 86400 if len(row) > 14 and row[14] is not None else None,
    )
