"""Which country, regions and year an index is asked for, within what the reader may see (the dashboard's
filters and scope)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from accreditation.dashboard.filters import Filters
from accreditation.extensions import db
from accreditation.models import Region
from accreditation.models.time import utcnow

FIRST_YEAR = 2000


class YearError(ValueError):
    """The year asked is not a year the index can be computed for; the message says so."""


@dataclass(frozen=True)
class Request:
    country: str
    regions: list[str]
    year: int


def parse_year(text: str | None) -> int:
    """The year of ``text`` (empty: this year); YearError for anything else than a year up to this one."""
    this_year = utcnow().year
    if not text:
        return this_year
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= this_year:
        raise YearError(f"year must be between {FIRST_YEAR} and {this_year}")
    return int(text)


def index_request(filters: Filters, year: int) -> Request | None:
    """The country (the filter's, or the only one in the reader's scope) and its regions the reader may see; None
    when no single country is chosen."""
    scope = filters.scope
    country = filters.country
    if country is None and not scope.everything and len(scope.countries) == 1 and not scope.regions:
        country = next(iter(scope.countries))
    if country is None:
        return None
    codes = list(db.session.scalars(select(Region.code).where(Region.country_code == country).order_by(Region.code)))
    if filters.region:
        codes = [code for code in codes if code == filters.region]
    if not scope.everything and country not in scope.countries:
        codes = [code for code in codes if code in scope.regions]
    return Request(country, codes, year) if codes else None
