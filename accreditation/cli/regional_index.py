"""`flask regional-index refresh`: compute and keep the regional index's counts ahead of the readers (e.g. hourly from
cron), so no dashboard request waits for a large country's aggregation."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from accreditation.extensions import db
from accreditation.models.time import utcnow
from accreditation.regional_index.nightly import refresh_all


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
    done = refresh_all(year or this_year, after_programme=db.session.commit)
    click.echo(f"{done} counts refreshed")
