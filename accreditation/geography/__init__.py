"""ISO 3166 reference data (countries and their first-level subdivisions) and its idempotent loader.

The data lives in countries.csv and regions.csv beside this module: ISO 3166-1 alpha-2 codes and ISO 3166-2
subdivision codes with English names (local spellings where English uses them). Add a country by adding rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from accreditation.extensions import db
from accreditation.models import Country, Region

DATA = Path(__file__).resolve().parent


@dataclass(frozen=True)
class GeographyCounts:
    countries: int
    regions_created: int
    regions_updated: int


def reference_countries() -> dict[str, str]:
    with open(DATA / "countries.csv", encoding="utf-8", newline="") as file:
        return {row["code"]: row["name"] for row in csv.DictReader(file)}


def reference_regions() -> dict[str, str]:
    with open(DATA / "regions.csv", encoding="utf-8", newline="") as file:
        return {row["code"]: row["name"] for row in csv.DictReader(file)}


def load_geography(countries: Iterable[str] | None = None) -> GeographyCounts:
    """Insert or update the reference countries (all, or ``countries``) and their regions. Flushes only."""
    known = reference_countries()
    wanted = [c.strip().upper() for c in countries] if countries else sorted(known)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ValueError(f"No reference data for {', '.join(unknown)}; known: {', '.join(sorted(known))}.")
    for code in wanted:
        country = db.session.get(Country, code) or Country(code=code)
        country.name = known[code]
        db.session.add(country)
    db.session.flush()
    created = updated = 0
    for code, name in reference_regions().items():
        country_code = code.split("-", 1)[0]
        if country_code not in wanted:
            continue
        region = db.session.get(Region, code)
        if region is None:
            db.session.add(Region(code=code, country_code=country_code, name=name))
            created += 1
        elif region.name != name or region.country_code != country_code:
            region.name, region.country_code = name, country_code
            updated += 1
    db.session.flush()
    return GeographyCounts(len(wanted), created, updated)
