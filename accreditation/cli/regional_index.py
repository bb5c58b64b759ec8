"""`flask regional-index refresh`: compute and keep the regional index's counts ahead of the readers (e.g. hourly from
cron), so no dashboard request waits for a large country's aggregation."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Country
from accreditation.models.time import utcnow
from accreditation.regional_index.store import refresh


@click.group("regional-index")
def regional_index() -> None:
    """The regional index of the dashboard and the API."""


@regional_index.command("refresh")
@click.option("--year", type=int, default=None, help="Default: this year (and the previous one, for the change).")
@with_appcontext
def refresh_command(year: int | None) -> None:
    """Recompute the counts of every programme with awards and every country, for the year and the one before."""
    this_year = utcnow().year
    if year is not None and not 2000 <= year <= this_year:
        raise click.ClickException(f"year must be between 2000 and {this_year}")
    year = year or this_year
    countries = list(db.session.scalars(select(Country.code).order_by(Country.code)))
    done = 0
    for programme in current_workflows().programmes.values():
        if programme.awards is None:
            continue
        for country in countries:
            for each in (year - 1, year):
                refresh(programme.code, country, each)
                done += 1
        db.session.commit()
    click.echo(f"{done} counts refreshed")
