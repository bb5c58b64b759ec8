"""The dashboard's filters and the person's scope: parsed from the query string and checked, or a FilterError
that says what is wrong (and nothing is shown)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.models import Application, Country, Region, School, User
from accreditation.models.user import Role
from workflows import Programme

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class FilterError(ValueError):
    """A filter that cannot be used; ``status`` is the HTTP status of the page that says so (400 malformed or
    unknown, 403 outside the person's scope)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Scope:
    """The countries and regions a person may see on the dashboard: everything for admins."""

    everything: bool
    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, user: User) -> Scope:
        if user.is_admin:
            return cls(everything=True)
        countries, regions = user.scope(Role.COORDINATOR) if user.is_coordinator else (set(), set())
        return cls(everything=False, countries=frozenset(countries), regions=frozenset(regions))

    def covers(self, country: str, region: str) -> bool:
        return self.everything or country in self.countries or region in self.regions

    def conditions(self) -> list[ColumnElement[bool]]:
        """Conditions on ``schools`` that keep only the schools in scope (none for admins)."""
        if self.everything:
            return []
        return [or_(School.country_code.in_(sorted(self.countries)), School.region_code.in_(sorted(self.regions)))]


@dataclass(frozen=True)
class Slice:
    """Which applications a drill-down shows: ``kind`` is one of KINDS (``all``: every one in the filters)."""

    kind: str = "all"
    value: str = ""

    KINDS = ("all", "state", "level", "stalled", "overdue", "started", "awarded", "left")

    def query_args(self) -> dict[str, str]:
        if self.kind == "all":
            return {}
        return {self.kind: self.value or "1"}


@dataclass(frozen=True)
class Filters:
    programme: Programme
    scope: Scope
    country: str | None = None
    region: str | None = None
    start: date | None = None  # applications started on or after this day (UTC)
    end: date | None = None  # ... and on or before this day
    slice: Slice = field(default_factory=Slice)

    def query_args(self, **overrides: str | None) -> dict[str, str]:
        """The filters as query-string arguments (for links that keep them), with ``overrides``."""
        args = {
            "programme": self.programme.code,
            "country": self.country,
            "region": self.region,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }
        args.update(overrides)
        return {name: value for name, value in args.items() if value}

    @property
    def cohort(self) -> tuple[datetime | None, datetime | None]:
        """The start (inclusive) and end (exclusive) of the started-between filter, as UTC timestamps."""
        start = datetime.combine(self.start, datetime.min.time(), UTC) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), datetime.min.time(), UTC) if self.end else None
        return start, end

    @property
    def whole_countries(self) -> tuple[str, ...] | None:
        """The countries the figures cover entirely, for figures kept per country: an empty tuple for every
        country, None when the figures cover part of a country (a region) or only applications started in a
        date range."""
        if self.start or self.end or self.region:
            return None
        if self.country:
            return (self.country,) if self.scope.everything or self.country in self.scope.countries else None
        if self.scope.everything:
            return ()
        if self.scope.regions or not self.scope.countries:
            return None
        return tuple(sorted(self.scope.countries))

    def school_conditions(self) -> list[ColumnElement[bool]]:
        """Conditions on ``schools``: the scope, then the country and region filters (empty: every school)."""
        conditions = self.scope.conditions()
        if self.country:
            conditions.append(School.country_code == self.country)
        if self.region:
            conditions.append(School.region_code == self.region)
        return conditions


def parse_filters(args: Mapping[str, str], user: User, with_slice: bool = False) -> Filters:
    """The filters of a request; FilterError for an unknown programme, region or country, a malformed or reversed
    date range, or a country or region outside the person's scope."""
    scope = Scope.of(user)
    programme = _programme(_arg(args, "programme"), scope)
    country = _arg(args, "country").upper() or None
    region = _arg(args, "region").upper() or None
    if country:
        name = db.session.scalar(select(Country.name).where(Country.code == country))
        if name is None:
            raise FilterError(_("There is no country with the code %(code)s.", code=country))
        if not _country_in_scope(scope, country):
            place = country_name(country, fallback=name)
            raise FilterError(_("%(country)s is outside the countries and regions you coordinate.", country=place), 403)
    if region:
        found = db.session.execute(select(Region.country_code, Region.name).where(Region.code == region)).first()
        if found is None:
            raise FilterError(_("There is no region with the code %(code)s.", code=region))
        if country and found.country_code != country:
            place = region_name(region, fallback=found.name)
            raise FilterError(
                _("The region %(region)s is not in %(country)s.", region=place, country=country_name(country))
            )
        if not scope.covers(found.country_code, region):
            place = region_name(region, fallback=found.name)
            raise FilterError(_("%(region)s is outside the regions you coordinate.", region=place), 403)
    start, end = _day(args, "from"), _day(args, "to")
    if start and end and start > end:
        raise FilterError(_("The start date (%(start)s) is after the end date (%(end)s).", start=start, end=end))
    filters = Filters(programme=programme, scope=scope, country=country, region=region, start=start, end=end)
    if with_slice:
        filters = replace(filters, slice=_slice(args, programme))
    return filters


def _arg(args: Mapping[str, str], name: str) -> str:
    return (args.get(name) or "").strip()[:60]


def _programme(code: str, scope: Scope) -> Programme:
    programmes = current_workflows().programmes
    if not code:
        return _default_programme(programmes, scope)
    if code not in programmes:
        raise FilterError(_("There is no programme called %(code)s.", code=code))
    return programmes[code]


def _country_in_scope(scope: Scope, country: str) -> bool:
    """A country is open to a person who coordinates all of it or any of its regions (the figures stay limited
    to their regions)."""
    if scope.everything or country in scope.countries:
        return True
    if not scope.regions:
        return False
    found = db.session.scalar(
        select(Region.code).where(Region.code.in_(sorted(scope.regions)), Region.country_code == country)
    )
    return found is not None


def _day(args: Mapping[str, str], name: str) -> date | None:
    raw = _arg(args, name)
    if not raw:
        return None
    try:
        if not DAY.fullmatch(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise FilterError(_("%(value)s is not a date; give dates as YYYY-MM-DD.", value=raw)) from None


def _default_programme(programmes: Mapping[str, Programme], scope: Scope) -> Programme:
    """With no programme asked for, the first (by code) that has an application in the person's scope, so a pilot
    that runs only one programme opens on its figures rather than on zeros; the first of all when none has one."""
    codes = sorted(programmes)
    for code in codes:
        found = db.session.scalar(
            select(Application.id)
            .join(School, School.id == Application.school_id)
            .where(Application.programme_code == code, *scope.conditions())
            .limit(1)
        )
        if found is not None:
            return programmes[code]
    return programmes[codes[0]]


def _slice(args: Mapping[str, str], programme: Programme) -> Slice:
    given = [kind for kind in Slice.KINDS[1:] if _arg(args, kind)]
    if len(given) > 1:
        raise FilterError(_("Choose one figure to look into, not several."))
    if not given:
        return Slice()
    kind = given[0]
    value = _arg(args, kind)
    if kind in ("state", "left") and value not in programme.states:
        raise FilterError(_("%(programme)s has no state called %(state)s.", programme=programme.name, state=value))
    if kind == "level":
        awards = programme.awards
        if awards is None or awards.level(value) is None:
            raise FilterError(_("%(programme)s has no level called %(level)s.", programme=programme.name, level=value))
    if kind in ("started", "awarded") and not MONTH.fullmatch(value):
        raise FilterError(_("%(value)s is not a month; give months as YYYY-MM.", value=value))
    if kind in ("stalled", "overdue"):
        value = "1"
    return Slice(kind, value)
