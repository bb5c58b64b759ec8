"""`flask geography load`: the reference countries and ISO 3166-2 regions."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from accreditation.extensions import db
from accreditation.geography import load_geography


@click.group()
def geography() -> None:
    """Countries and regions."""


@geography.command("load")
@click.option("--country", "countries", multiple=True, help="ISO 3166-1 code to load (default: all known).")
@with_appcontext
def load(countries: tuple[str, ...]) -> None:
    """Load or update the reference countries and their regions (safe to run again)."""
    try:
        counts = load_geography(countries or None)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"{counts.countries} countries; {counts.regions_created} regions added, {counts.regions_updated} updated."
    )
