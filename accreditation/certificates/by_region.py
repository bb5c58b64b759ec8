"""The public page of certified schools by region: the schools that hold a valid award now and chose to be listed
(``School.on_regions_page``: an explicit opt-in, off by default), grouped by region, and every region of their
countries for the map (a region with none is drawn empty). Places only: no street address is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from accreditation.certificates.reads import CertifiedSchool, certified_schools
from accreditation.collation import sort_key
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.i18n import current_language
from accreditation.models import Region
from workflows import Programme

EVERYONE = 1_000_000  # the list is read whole here, then grouped


@dataclass
class RegionRow:
    code: str
    name: str
    schools: list[CertifiedSchool] = field(default_factory=list)


@dataclass
class CountryRows:
    code: str
    name: str
    regions: list[RegionRow]

    @property
    def total(self) -> int:
        return sum(len(region.schools) for region in self.regions)

    @property
    def most(self) -> int:
        return max((len(region.schools) for region in self.regions), default=0)


def certified_by_region(programme: Programme) -> list[CountryRows]:
    """Per country with a listed school: each of its regions (named in the reader's language and sorted as it
    sorts) with its listed certified schools."""
    listing = certified_schools(programme.code, 1, EVERYONE, regions_page=True)
    language = current_language()
    by_name: dict[tuple[str, str], list[CertifiedSchool]] = {}
    for school in listing.rows:
        by_name.setdefault((school.country_name, school.region_name), []).append(school)
    countries = {name for name, _ in by_name}
    regions = db.session.execute(select(Region.code, Region.country_code)).all()
    key = sort_key(language)
    result: dict[str, CountryRows] = {}
    for code, country_code in regions:
        country = country_name(country_code, language)
        if country not in countries:
            continue
        name = region_name(code, language)
        rows = result.setdefault(country_code, CountryRows(country_code, country, []))
        rows.regions.append(RegionRow(code, name, by_name.get((country, name), [])))
    for rows in result.values():
        rows.regions.sort(key=lambda region: key(region.name))
    return sorted(result.values(), key=lambda rows: key(rows.name))
