"""`flask demo`: load a realistic pilot for trying the system."""

from __future__ import annotations

import click


@click.command()
def demo() -> None:
    """Load demo data."""
    raise click.ClickException("not implemented yet")
