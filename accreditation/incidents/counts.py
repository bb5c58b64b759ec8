"""Anonymous incident counts for coordinators: per region of their scope and per category, within the filters
(country, year, category), every small number suppressed through ``dashboard.small_numbers`` (no cell under 5)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from accreditation.access import coordinator_scope_filter
from accreditation.applications.runtime import current_workflows
from accreditation.dashboard.small_numbers import shown, suppress_row
from accreditation.extensions import db
from accreditation.models import Incident, School, User
from workflows.between_awards import Choice


def all_categories() -> list[Choice]:
    """The incident categories of every loaded programme with an incident log, each code once."""
    found: dict[str, Choice] = {}
    for programme in current_workflows().programmes.values():
        section = programme.definition.between_awards
        for item in section.incidents.categories if section and section.incidents else ():
            found.setdefault(item.code, item)
    return list(found.values())


@dataclass(frozen=True)
class CountFilters:
    country: str | None = None
    year: int | None = None
    category: str | None = None


@dataclass(frozen=True)
class RegionRow:
    region: str
    cells: dict[str, int | None]  # per category; None: fewer than 5, not shown
    total: int | None


def region_counts(user: User, categories: list[str], filters: CountFilters) -> list[RegionRow]:
    """One row per region of ``user``'s scope with incidents, its cells per category of ``categories``."""
    query = select(School.region_code, Incident.category, func.count()).join(School, School.id == Incident.school_id)
    query = coordinator_scope_filter(user, query, School.country_code, School.region_code)
    if filters.country:
        query = query.where(School.country_code == filters.country)
    if filters.year:
        query = query.where(
            Incident.occurred_on >= date(filters.year, 1, 1), Incident.occurred_on <= date(filters.year, 12, 31)
        )
    if filters.category:
        query = query.where(Incident.category == filters.category)
        categories = [filters.category]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for region, category, count in db.session.execute(query.group_by(School.region_code, Incident.category)):
        if category in categories:
            counts[region][category] = count
    rows = []
    for region in sorted(counts):
        raw = {category: counts[region].get(category, 0) for category in categories}
        total = shown(sum(raw.values()))
        cells = suppress_row(raw) if total is not None else {key: shown(value) for key, value in raw.items()}
        rows.append(RegionRow(region, cells, total))
    return rows
