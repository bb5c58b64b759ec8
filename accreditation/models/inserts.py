"""An INSERT that leaves alone the rows a unique constraint already holds, on every database the models run on."""

from __future__ import annotations

from sqlalchemy import Insert, insert
from sqlalchemy.dialects import postgresql, sqlite

from accreditation.extensions import db


def insert_ignoring_duplicates(table) -> Insert:
    """An INSERT that skips rows a unique constraint already holds (ON CONFLICT DO NOTHING)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table).prefix_with("IGNORE")  # MySQL/MariaDB
