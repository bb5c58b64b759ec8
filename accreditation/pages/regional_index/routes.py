"""The regional index on the dashboard: ``regional_index_section(filters)``, called by
``templates/regional_index/_section.html`` (included by the dashboard), with the year asked in ``?year=``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, request

from accreditation.dashboard.filters import Filters
from accreditation.regional_index.figures import RegionalIndex, regional_index
from accreditation.regional_index.scope import YearError, index_request, parse_year

bp = Blueprint("regional_index", __name__)


@dataclass(frozen=True)
class Section:
    index: RegionalIndex | None
    year: int | None
    problem: str = ""


@bp.app_template_global()
def regional_index_section(filters: Filters | None) -> Section | None:
    """The index for the dashboard's filters, or None when the dashboard has no valid filters."""
    if filters is None:
        return None
    try:
        year = parse_year(request.args.get("year", "").strip())
    except YearError:
        return Section(None, None, "year")
    asked = index_request(filters, year)
    if asked is None:
        return Section(None, year)
    return Section(regional_index(filters.programme, asked.country, year, asked.regions), year)
