"""`flask schools …`: bulk operations on schools."""

from __future__ import annotations

import click


@click.group()
def schools() -> None:
    """Manage schools."""
