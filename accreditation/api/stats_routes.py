"""``/api/v1/stats/progress``: how many applications are in each state, per region, within the caller's scope (the
coordinators' dashboard's filters and queries)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.schemas import ProgressQuerySchema, ProgressSchema
from accreditation.applications.runtime import current_workflows
from accreditation.dashboard import queries
from accreditation.dashboard.filters import FilterError, parse_filters
from accreditation.extensions import db
from accreditation.geography.names import region_name
from accreditation.i18n import local
from accreditation.models import Region, School


@bp.route("/stats/progress", methods=["GET"], tags=["stats"])
@authenticated
@bp.arguments(ProgressQuerySchema, location="query")
@bp.response(200, ProgressSchema)
@bp.errors(403)
def progress(query: dict):
    """Applications counted per programme, region and state (coordinators within their countries and regions,
    admins everywhere), optionally for one programme, country or region."""
    user = caller()
    if not (user.is_admin or user.is_coordinator):
        return error_response(403, _("Only coordinators and admins see the figures."))
    codes = [query["programme"]] if query.get("programme") else sorted(current_workflows().programmes)
    counts = []
    for code in codes:
        args = {"programme": code, "country": query.get("country", ""), "region": query.get("region", "")}
        try:
            filters = parse_filters(args, user)
        except FilterError as problem:
            status = 403 if problem.status == 403 else 422
            return error_response(status, problem.message, "forbidden" if status == 403 else "invalid_filter")
        counts.extend(_counts(filters))
    names = _region_names({row["region"] for row in counts})
    for row in counts:
        row["region_name"] = region_name(row["region"], fallback=names.get(row["region"]))  # the reader's language
    return {
        "programme": query.get("programme"),
        "country": (query.get("country") or "").upper() or None,
        "region": (query.get("region") or "").upper() or None,
        "counts": counts,
        "total": sum(row["count"] for row in counts),
    }


def _counts(filters) -> list[dict]:
    keys = (School.country_code, School.region_code, queries.A.state)
    statement = queries.applications(filters, *keys, func.count(), with_schools=True).group_by(*keys).order_by(*keys)
    programme = filters.programme
    rows = []
    for country, region, state, count in db.session.execute(statement):
        label = local(programme.states[state].label) if state in programme.states else state
        rows.append(
            {
                "programme": programme.code,
                "country": country,
                "region": region,
                "state": state,
                "state_label": label,
                "count": count,
            }
        )
    return rows


def _region_names(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(db.session.execute(select(Region.code, Region.name).where(Region.code.in_(sorted(codes)))).all())
