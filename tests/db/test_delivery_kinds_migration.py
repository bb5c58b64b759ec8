"""Migration 0011_delivery_kinds upgrades and downgrades on SQLite and on PostgreSQL, with deliveries in the table:
each on a database of its own, in a child process (the session's database stays at the head)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from accreditation.config import PROJECT_ROOT


def _round_trip(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.db.delivery_kinds_round_trip", url],
        cwd=PROJECT_ROOT,
        env={**os.environ, "APP_ENV": "testing"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_delivery_kinds_migration_round_trips_on_sqlite(tmp_path):
    done = _round_trip(f"sqlite:///{tmp_path / 'migrations.sqlite'}")
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]


@pytest.mark.postgres
def test_the_delivery_kinds_migration_round_trips_on_postgresql():
    url = re.sub(r"^postgresql(\+\w+)?://", "postgresql+psycopg://", os.environ["TEST_DATABASE_URL"])
    name = f"{url.rsplit('/', 1)[1]}_migrations"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        done = _round_trip(f"{url.rsplit('/', 1)[0]}/{name}")
        assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        server.dispose()
