"""Which time zone a person reads times in when they have not chosen one: where they work.

The rule, kept simple on purpose: a school's region has its own zone when time_zones.csv gives it one (the regions
of a country with several zones that are not on the capital's time, such as Kaliningrad or Novosibirsk); otherwise
the school's country's zone, which is its capital's. A person of a school goes by their first school (the oldest
membership); a coordinator or an assessor by the first region or country of their grants; anyone else by nothing
(UTC). A person's own choice on their account page always wins (``accreditation.i18n.zone_name_of``).
"""

from __future__ import annotations

import csv
from functools import cache

from accreditation.geography import DATA
from accreditation.i18n import Whereabouts
from accreditation.joints import Joints


@cache
def _zones() -> dict[str, str]:
    """Country codes (``MD``) and region codes (``RU-NVS``) to IANA time zones, from time_zones.csv."""
    with open(DATA / "time_zones.csv", encoding="utf-8", newline="") as file:
        return {row["code"]: row["time_zone"] for row in csv.DictReader(file)}


def zone_of_place(country_code: str | None, region_code: str | None = None) -> str | None:
    """The time zone of a region (its own, else its country's), or of a country; None when unknown."""
    zones = _zones()
    if region_code and region_code.upper() in zones:
        return zones[region_code.upper()]
    country = country_code or (region_code.split("-", 1)[0] if region_code else None)
    return zones.get(country.upper()) if country else None


def whereabouts(user: object) -> Whereabouts:
    """Where ``user`` works: their first school's country and zone, else their first scoped grant's."""
    memberships = sorted(getattr(user, "memberships", None) or [], key=lambda membership: membership.id or 0)
    for membership in memberships:
        school = getattr(membership, "school_summary", None) or membership.school  # a Principal's, else the ORM's
        if school is not None:
            return Whereabouts(school.country_code, zone_of_place(school.country_code, school.region_code))
    grants = sorted(getattr(user, "grants", None) or [], key=lambda grant: grant.id or 0)
    for grant in grants:
        country = grant.country_code or (grant.region_code.split("-", 1)[0] if grant.region_code else None)
        if country:
            return Whereabouts(country, zone_of_place(country, grant.region_code))
    return Whereabouts()


def register(joints: Joints) -> None:
    """Let the pages and e-mails find where a person works (``accreditation.i18n.whereabouts_of``)."""
    joints.whereabouts = whereabouts
