"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from accreditation.extensions import db


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


@pytest.mark.postgres
def test_migrations_match_the_models_on_postgresql(ctx):
    assert db.engine.dialect.name == "postgresql"
    assert _differences() == []


def test_migrations_match_the_models(ctx):
    assert _differences() == []
