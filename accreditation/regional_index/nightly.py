"""Recompute every stored count of the regional index: each programme with awards, each country, this year and the
one before (for the change). Run nightly by beat (``accreditation.tasks.regional_index``) and by
``flask regional-index refresh``."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Country
from accreditation.regional_index.store import refresh


def refresh_all(year: int, after_programme: Callable[[], None] | None = None) -> int:
    """How many counts were refreshed. Flushes; ``after_programme`` (e.g. a commit) runs after each programme."""
    countries = list(db.session.scalars(select(Country.code).order_by(Country.code)))
    done = 0
    for programme in current_workflows().programmes.values():
        if programme.awards is None:
            continue
        for country in countries:
            for each in (year - 1, year):
                refresh(programme.code, country, each)
                done += 1
        if after_programme is not None:
            after_programme()
    return done
