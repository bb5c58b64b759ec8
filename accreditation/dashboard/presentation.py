"""What the pages show besides the figures: the charts (with their drill-down links), the words for a drill-down,
and the countries and regions a person may choose in the filters."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import or_, select

from accreditation.dashboard.charts import Bar, columns, horizontal_bars
from accreditation.dashboard.figures import Dashboard
from accreditation.dashboard.filters import Filters, Scope, Slice
from accreditation.dashboard.programme_facts import ProgrammeFacts
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name, sorted_places
from accreditation.i18n import local_number
from accreditation.models import Country, Region


@dataclass(frozen=True)
class CountryChoice:
    code: str
    name: str
    regions: list[tuple[str, str]]  # (code, name) of the regions in scope


def choices(scope: Scope) -> list[CountryChoice]:
    """The countries and regions the person may filter on: all for admins, else their own."""
    query = select(Region.country_code, Country.name, Region.code, Region.name).join(
        Country, Country.code == Region.country_code
    )
    if not scope.everything:
        query = query.where(
            or_(Region.country_code.in_(sorted(scope.countries)), Region.code.in_(sorted(scope.regions)))
        )
    found: dict[str, CountryChoice] = {}
    for country, english, region, english_region in db.session.execute(query.order_by(Country.name, Region.name)):
        choice = found.setdefault(country, CountryChoice(country, country_name(country, fallback=english), []))
        choice.regions.append((region, region_name(region, fallback=english_region)))
    for choice in found.values():  # in the reader's language and alphabetical order
        choice.regions[:] = sorted_places(choice.regions, key=lambda pair: pair[1])
    return sorted_places(found.values(), key=lambda choice: choice.name)


def drill_url(endpoint: str, filters: Filters, kind: str = "all", value: str = "", **extra: str | None) -> str:
    """The address of a dashboard page with the filters (changed by ``extra``) and a drill-down. A page has about a
    hundred links: the endpoint's path is built once per request and the query string added to it."""
    args = filters.query_args(**extra)
    args.update(Slice(kind, value).query_args())
    paths = g.setdefault("dashboard_paths", {})
    path = paths.get(endpoint) or paths.setdefault(endpoint, url_for(endpoint))
    return f"{path}?{urlencode(args)}" if args else path


def charts(board: Dashboard) -> dict[str, Markup]:
    """The dashboard's charts; each bar opens its figure's regions."""
    filters = board.filters

    def regions_of(kind: str, value: str = "", count: float = 1) -> str | None:
        return drill_url("dashboard.regions", filters, kind, value) if count else None

    state_bars = [
        Bar(
            _("%(state)s (final)", state=figure.label) if figure.final else figure.label,
            figure.applications,
            str(figure.applications),
            regions_of("state", figure.state, figure.applications),
            muted=figure.final,
        )
        for figure in board.states
    ]
    level_bars = [
        Bar(figure.label, figure.awarded, str(figure.awarded), regions_of("level", figure.level, figure.awarded))
        for figure in board.levels
    ]
    duration_bars = [
        Bar(
            figure.label,
            figure.stays.median_days or 0,
            _(
                "median %(median)s d, 90%% %(p90)s d",
                median=days(figure.stays.median_days),
                p90=days(figure.stays.p90_days),
            )
            if figure.stays.count
            else _("no stay ended yet"),
            regions_of("left", figure.state, figure.stays.count),
        )
        for figure in board.durations
        if figure.state in board.facts.in_progress_states  # after the award, a stay lasts the award's validity
    ]
    started = [
        Bar(month.month, month.started, str(month.started), regions_of("started", month.month, month.started))
        for month in board.months
    ]
    awarded = [
        Bar(month.month, month.awarded, str(month.awarded), regions_of("awarded", month.month, month.awarded))
        for month in board.months
    ]
    return {
        "states": horizontal_bars(state_bars, _("Applications by state")),
        "levels": horizontal_bars(level_bars, _("Awards by level")),
        "durations": horizontal_bars(duration_bars, _("Median days spent in each state")),
        "started": columns(started, _("Applications started per month")),
        "awarded": columns(awarded, _("Awards per month")),
    }


def days(value: float | None) -> str:
    """Days as the stays are counted: with a tenth below ten days, whole beyond."""
    if value is None:
        return "—"
    return local_number(value, 1) if value < 9.95 else local_number(value, 0)  # "2,8" in Russian


def describe(chosen: Slice, facts: ProgrammeFacts, stalled_after_days: int) -> str:
    """The drill-down's applications in words, e.g. "applications in the state Under review", "all applications"."""
    if chosen.kind == "state":
        return _("applications in the state “%(state)s”", state=facts.state_label(chosen.value))
    if chosen.kind == "level":
        return _("applications awarded the level “%(level)s”", level=facts.level_label(chosen.value))
    if chosen.kind == "stalled":
        return ngettext(
            "applications stalled: no state change for %(num)d day or more",
            "applications stalled: no state change for %(num)d days or more",
            stalled_after_days,
        )
    if chosen.kind == "overdue":
        return _("applications with a review overdue")
    if chosen.kind == "started":
        return _("applications started in %(month)s", month=chosen.value)
    if chosen.kind == "awarded":
        return _("applications awarded in %(month)s", month=chosen.value)
    if chosen.kind == "left":
        return _(
            "applications that spent time in the state “%(state)s” (stays ended)", state=facts.state_label(chosen.value)
        )
    return _("all applications")
