"""``/api/v1/stats/regional-index``: the regional index of a programme in a country for a year (coordinators within
their scope, admins everywhere), with the dashboard's suppression of small numbers."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.regional_index_schemas import RegionalIndexQuerySchema, RegionalIndexSchema
from accreditation.dashboard.filters import FilterError, parse_filters
from accreditation.regional_index.figures import Median, regional_index
from accreditation.regional_index.scope import YearError, index_request, parse_year


def _medians(medians: dict[str, Median]) -> list[dict]:
    return [
        {"criterion": code, "median": m.value, "population": m.population, "hidden": m.hidden}
        for code, m in medians.items()
    ]


@bp.route("/stats/regional-index", methods=["GET"], tags=["stats"])
@authenticated
@bp.arguments(RegionalIndexQuerySchema, location="query")
@bp.response(200, RegionalIndexSchema)
@bp.errors(403)
def regional_index_view(query: dict):
    """Per region: schools in the registry, started and certified, the median claimed and reviewed level per
    criterion, the ranking and the change since the previous year; a figure from fewer schools than
    ``threshold`` is null."""
    user = caller()
    if not (user.is_admin or user.is_coordinator):
        return error_response(403, _("Only coordinators and admins see the figures."))
    args = {"programme": query["programme"], "country": query["country"], "region": query.get("region", "")}
    try:
        filters = parse_filters(args, user)
        year = parse_year((query.get("year") or "").strip())
    except FilterError as problem:
        status = 403 if problem.status == 403 else 422
        return error_response(status, problem.message, "forbidden" if status == 403 else "invalid_filter")
    except YearError as problem:
        return error_response(422, str(problem), "invalid_filter")
    asked = index_request(filters, year)
    if asked is None:
        return error_response(403, _("Only coordinators and admins see the figures."))
    index = regional_index(filters.programme, asked.country, year, asked.regions)
    return {
        "programme": filters.programme.code,
        "country": index.country,
        "year": index.year,
        "threshold": index.threshold,
        "registry": index.registry,
        "engaged": index.engaged,
        "certified": index.certified,
        "regions": [
            {
                "region": r.code,
                "region_name": r.name,
                "registry": r.registry,
                "engaged": r.engaged,
                "certified": r.certified,
                "engagement": r.engagement,
                "certification": r.certification,
                "rank": r.rank,
                "previous_rank": r.previous_rank,
                "change": r.change,
                "claimed": _medians(r.claimed),
                "reviewed": _medians(r.reviewed),
            }
            for r in index.regions
        ],
    }
