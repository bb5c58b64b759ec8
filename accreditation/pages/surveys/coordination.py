"""The surveys on the coordinators' dashboard: its section (a template global the dashboard includes) and the CSV
export of the same anonymous aggregates."""

from __future__ import annotations

import csv
import io

from flask import request
from flask_login import current_user

from accreditation.access import roles_required
from accreditation.dashboard.exports import csv_response
from accreditation.dashboard.filters import FilterError, Filters, parse_filters
from accreditation.pages.surveys.blueprint import bp
from accreditation.surveys.aggregates import Aggregates, community_aggregates
from workflows.roles import ADMIN, COORDINATOR


@bp.app_template_global()
def survey_dashboard_section(filters: Filters | None) -> Aggregates | None:
    return community_aggregates(filters) if filters is not None else None


def _lines(aggregates: Aggregates):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["kind", "criterion", "audience", "schools", "responses", "mean", "threshold"])
    for item in aggregates.engagement:
        writer.writerow(["engagement", "", item.audience, item.schools, item.responses, "", aggregates.threshold])
    for row in aggregates.criteria:
        for group in aggregates.groups:
            if group in row.means:
                mean = row.means[group]
                hidden = f"fewer than {aggregates.threshold}"
                writer.writerow(
                    ["criterion", row.criterion, group, "", "", hidden if mean is None else mean, aggregates.threshold]
                )
    yield buffer.getvalue()


@bp.route("/coordinate/dashboard/export/surveys.csv")
@roles_required(COORDINATOR, ADMIN)
def export_surveys():
    try:
        filters = parse_filters(request.args, current_user)
    except FilterError as problem:
        return problem.message, problem.status
    aggregates = community_aggregates(filters)
    if aggregates is None:
        return "This programme has no survey.", 404
    return csv_response(f"surveys-{filters.programme.code}.csv", _lines(aggregates))
