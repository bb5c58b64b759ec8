"""Country and region names in the reader's language, from the ISO 3166 translations of the iso-codes project that
``pycountry`` ships (its gettext catalogues ``iso3166-1`` and ``iso3166-2``), never translated by hand.

The database keeps the English names of countries.csv and regions.csv (what exports and searches key on); these
functions give the name to show. A name iso-codes has not translated into a language stays English. ``sorted_*``
order places by the language's alphabet (``accreditation.collation``).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache
from typing import TypeVar

import pycountry

from accreditation.collation import sorted_by
from accreditation.geography import reference_countries, reference_regions
from accreditation.i18n import current_language

T = TypeVar("T")
ENGLISH = "en"


@cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@cache
def _english_countries() -> dict[str, str]:
    return reference_countries()


@cache
def _english_regions() -> dict[str, str]:
    return reference_regions()


def _language(language: str | None) -> str:
    if language is None:
        language = current_language()
    return language.split("_")[0].split("-")[0].lower()


def _translated(domain: str, iso_name: str | None, language: str) -> str | None:
    if not iso_name or language == ENGLISH:
        return None
    catalogue = _catalogue(domain, language)
    found = catalogue.gettext(iso_name)
    translated = found != iso_name or iso_name in getattr(catalogue, "_catalog", {})  # "Moldova" is Romanian too
    return found if translated else None


def country_name(code: str | None, language: str | None = None, fallback: str | None = None) -> str:
    """The name of the country ``code`` (ISO 3166-1 alpha-2) in ``language`` (default: the current one)."""
    if not code:
        return fallback or ""
    language = _language(language)
    english = _english_countries().get(code.upper()) or fallback
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is not None:
        for iso_name in (getattr(country, "common_name", None), country.name):
            if found := _translated("iso3166-1", iso_name, language):
                return found
        english = english or getattr(country, "common_name", None) or country.name
    return english or code


def region_name(code: str | None, language: str | None = None, fallback: str | None = None) -> str:
    """The name of the region ``code`` (ISO 3166-2, e.g. ``UA-46``) in ``language`` (default: the current one)."""
    if not code:
        return fallback or ""
    language = _language(language)
    english = _english_regions().get(code.upper()) or fallback
    subdivision = pycountry.subdivisions.get(code=code.upper())
    if subdivision is not None and (found := _translated("iso3166-2", subdivision.name, language)):
        return found
    return english or (subdivision.name if subdivision is not None else code)


def sorted_places(items: Iterable[T], key, language: str | None = None) -> list[T]:
    """``items`` sorted by the place name ``key(item)`` in ``language``'s alphabetical order."""
    return sorted_by(items, _language(language), key=key)


def init_app(app) -> None:
    """The templates' ``country_name`` and ``region_name`` filters: ``{{ school.country_code|country_name }}``."""
    app.add_template_filter(country_name, "country_name")
    app.add_template_filter(region_name, "region_name")
