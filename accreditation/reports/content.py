"""What a yearly report says, in the current language: its key figures, the regions, the weakest criteria and the
methods, all from the regional index (so its suppression of small numbers applies unchanged). The PDF and the ODT
lay out the same ``Report``."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.i18n import local, local_number
from accreditation.incidents.counts import CountFilters, all_categories, region_counts
from accreditation.models import Region, User, YearlyReport
from accreditation.models.time import utcnow
from accreditation.regional_index.figures import Median, regional_index
from accreditation.reports.training import training_section

WEAKEST_SHOWN = 5


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    figures: list[tuple[str, str]]  # (what, value)
    region_header: list[str]
    region_rows: list[list[str]]
    chart: list[tuple[str, float]]  # region name, engagement share (the shown ones)
    weakest_header: list[str]
    weakest_rows: list[list[str]]
    methods: list[str]
    incident_header: list[str] = field(default_factory=list)
    incident_rows: list[list[str]] = field(default_factory=list)  # empty: no incident log, or none recorded
    training_lines: list[str] = field(default_factory=list)  # the window, the schools; or that none recorded one
    training_header: list[str] = field(default_factory=list)
    training_rows: list[list[str]] = field(default_factory=list)  # per staff role; empty when no school recorded one


def _count(value: int | None) -> str:
    return _("hidden") if value is None else local_number(value)


def _share(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def _median(m: Median, threshold: int) -> str:
    if m.hidden:
        return _("fewer than %(num)s", num=threshold)
    if m.value is None:
        return "–"
    return _("%(median)s (%(num)s schools)", median=local_number(m.value, 1), num=local_number(m.population))


def _incidents(row: YearlyReport) -> tuple[list[str], list[list[str]]]:
    """The incidents recorded in the year per region and category (the coordinators' anonymous counts, small
    numbers hidden), as the person who asked for the report may see them; none when nobody keeps a log."""
    requester = db.session.get(User, row.requested_by_id) if row.requested_by_id else None
    categories = all_categories()
    if requester is None or not categories:
        return [], []
    codes = [category.code for category in categories]
    rows = region_counts(requester, codes, CountFilters(country=row.country_code, year=row.year))
    if row.region_code:
        rows = [r for r in rows if r.region == row.region_code]
    header = [_("Region"), *(local(category.title) for category in categories), _("Total")]
    return header, [[region_name(r.region), *(_count(r.cells[code]) for code in codes), _count(r.total)] for r in rows]


def report_of(row: YearlyReport) -> Report:
    """The report ``row`` asks for, in the current language (the caller forces the report's)."""
    programme = current_workflows().programmes[row.programme_code]
    if row.region_code:
        regions = [row.region_code]
    else:
        regions = list(
            db.session.scalars(select(Region.code).where(Region.country_code == row.country_code).order_by(Region.code))
        )
    index = regional_index(programme, row.country_code, row.year, regions)
    place = region_name(row.region_code) if row.region_code else country_name(row.country_code)
    t = index.threshold
    figures = [
        (_("Schools in the registry"), _count(index.registry)),
        (_("Schools that started the programme"), _count(index.engaged)),
        (_("Schools holding a valid award at the end of the year"), _count(index.certified)),
    ]
    region_rows = [
        [
            str(r.rank or "–"),
            r.name,
            _count(r.registry),
            f"{_count(r.engaged)} ({_share(r.engagement)})",
            f"{_count(r.certified)} ({_share(r.certification)})",
            "–" if r.change is None else f"{'+' if r.change > 0 else ''}{local_number(r.change * 100, 1)}",
        ]
        for r in index.regions
    ]
    titles = {c.code: c.title for c in index.criteria}
    weakest_rows = [
        [titles[c.code], _median(index.claimed[c.code], t), _median(index.reviewed[c.code], t)]
        for c in index.weakest[:WEAKEST_SHOWN]
    ]
    methods = [
        _(
            "Engagement: the schools that started %(programme)s (an application made before the end of %(year)s), "
            "against the schools of the registry (those not rejected) in each region.",
            programme=local(programme.name),
            year=row.year,
        ),
        _(
            "Certification: the schools holding a valid award on 31 December %(year)s (not expired, revoked or "
            "replaced by then), against the same registry.",
            year=row.year,
        ),
        _(
            "Performance: per criterion, the median level the schools claimed in their latest submitted "
            "self-assessment, and the median level the assessors gave in the latest decided review (the level "
            "claimed where they agreed); insufficient evidence gives no level."
        ),
        _(
            "Ranking: by the share of the registry that started, then by the share certified; the change is in "
            "percentage points since the end of the previous year."
        ),
        _(
            "Small numbers: a figure from fewer than %(num)s schools is hidden, and so is a second figure of the "
            "same table when it could be worked out from the total. Every median states the number of schools it is "
            "computed on.",
            num=t,
        ),
        _("Made on %(day)s from the service's records.", day=format_date(utcnow().date(), "long")),
    ]
    training = training_section(row, programme, t)
    methods.insert(-1, training.method)
    incident_header, incident_rows = _incidents(row)
    if incident_rows:
        methods.insert(
            -1,
            _(
                "Incidents: those the schools recorded in their incident logs as happening in %(year)s, by region "
                "and category, with the same rule for small numbers.",
                year=row.year,
            ),
        )
    return Report(
        training_lines=training.lines,
        training_header=training.header,
        training_rows=training.rows,
        incident_header=incident_header,
        incident_rows=incident_rows,
        title=_("%(programme)s: yearly report %(year)s", programme=local(programme.name), year=row.year),
        subtitle=place,
        figures=figures,
        region_header=[
            _("Rank"),
            _("Region"),
            _("Schools in the registry"),
            _("Started"),
            _("Certified"),
            _("Change (points)"),
        ],
        region_rows=region_rows,
        chart=[(r.name, r.engagement) for r in index.regions if r.engagement is not None],
        weakest_header=[_("Criterion"), _("Claimed (median)"), _("Reviewed (median)")],
        weakest_rows=weakest_rows,
        methods=methods,
    )
