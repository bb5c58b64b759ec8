"""CSV exports within the person's scope: the schools' applications (state, level, dates, region), and an
anonymous aggregate for ministries (applications per region and state: counts only, no school)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime

from flask import Response, stream_with_context
from sqlalchemy import func, select

from accreditation.audit import record_read
from accreditation.dashboard import queries
from accreditation.dashboard.drilldown import application_lines, sort_key
from accreditation.dashboard.filters import Filters
from accreditation.dashboard.programme_facts import facts_of
from accreditation.dashboard.queries import A, Moment
from accreditation.extensions import db
from accreditation.geography.names import region_name
from accreditation.models import Region, School

SCHOOL_COLUMNS = (
    "application_id",
    "school_id",
    "school",
    "national_id",
    "country",
    "region",
    "region_name",
    "programme",
    "cycle",
    "state",
    "state_label",
    "award_level",
    "started_at",
    "state_entered_at",
    "awarded_at",
    "expires_at",
)
AGGREGATE_COLUMNS = ("country", "region", "region_name", "programme", "state", "state_label", "applications")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def schools_csv(filters: Filters, moment: Moment) -> Iterator[str]:
    """The applications of the filters (and drill-down), one line each, streamed."""
    code = filters.programme.code
    rows = (
        (
            line.application_id,
            line.school_id,
            _cell(line.school),
            _cell(line.national_id),
            line.country,
            line.region,
            _cell(line.region_name),
            code,
            line.cycle,
            line.state,
            line.state_label,
            line.award_level or "",
            _time(line.started_at),
            _time(line.state_entered_at),
            _time(line.awarded_at),
            _time(line.expires_at),
        )
        for line in application_lines(filters, moment, limit=None)
    )
    return _stream(SCHOOL_COLUMNS, rows)


def aggregate_csv(filters: Filters, moment: Moment) -> Iterator[str]:
    """Applications per region and state within the filters (the date range counts applications started in it);
    no school is named."""
    facts = facts_of(filters.programme)
    keys = (School.country_code, School.region_code, A.state)
    query = (
        queries.applications(filters, *keys, func.count(), with_schools=True)
        .where(*queries.cohort(filters))
        .group_by(*keys)
    )
    counts = db.session.execute(query).all()
    english = dict(db.session.execute(select(Region.code, Region.name)).all()) if counts else {}
    names = {code: region_name(code, fallback=name) for code, name in english.items()}  # the reader's language
    order = {state: index for index, state in enumerate(facts.states)}
    counts.sort(key=lambda row: (row[0], sort_key(names.get(row[1], row[1])), order.get(row[2], len(order))))
    rows = (
        (country, region, _cell(names.get(region, region)), filters.programme.code, state, facts.state_label(state), n)
        for country, region, state, n in counts
    )
    return _stream(AGGREGATE_COLUMNS, rows)


def csv_response(filename: str, chunks: Iterator[str]) -> Response:
    """An export streamed as a CSV download, never cached, and written to the audit log."""
    record_read("dashboard_export", export=filename)
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _stream(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _time(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""
