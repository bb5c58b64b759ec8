"""What the benchmarks share: each works in a PostgreSQL schema of its own (created, dropped, never the public one)
and builds the application with a throw-away instance folder.

A benchmark script is run as a file (``python bench/fire.py``): it puts the project's root on ``sys.path`` first,
then imports this module as ``bench.common``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from flask import Flask
from sqlalchemy import create_engine, text

POSTGRESQL_PREFIXES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def add_database_url(parser: argparse.ArgumentParser, uses: str) -> None:
    """The ``--database-url`` option (default: ``BENCH_DATABASE_URL``, else the local server's postgres database);
    ``uses`` says what the benchmark does in that database."""
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1/postgres"),
        help=f"PostgreSQL database to use ({uses})",
    )


def engine_url(url: str, schema: str) -> str:
    """The SQLAlchemy URL (psycopg 3) of the PostgreSQL database ``url`` whose connections use ``schema``;
    SystemExit for any other database."""
    for prefix in POSTGRESQL_PREFIXES:
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
            break
    else:
        raise SystemExit("error: the benchmark needs a PostgreSQL URL")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def reset_schema(url: str, schema: str, drop_only: bool = False) -> None:
    """Drop ``schema`` with everything in it, and create it again empty unless ``drop_only``."""
    engine = create_engine(url.split("?")[0], isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if not drop_only:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()


def build_app(url: str, name: str) -> Flask:
    """The application (testing settings) on the database ``url``, with a new temporary instance folder named after
    the benchmark ``name``; e-mails are written as files into that folder."""
    os.environ["APP_ENV"] = "testing"
    from accreditation import create_app

    instance = tempfile.mkdtemp(prefix=f"bench-{name}-")
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": instance, "MAIL_OUTBOX_DIR": str(Path(instance) / "mail")}
    )


def load_pilot(fill: Callable[[], None], tables: Sequence[str]) -> None:
    """In the application's context, on an empty schema: migrate, load the geography, run ``fill``, analyse the
    tables for the planner, and print how long the load took and how many rows each of ``tables`` holds."""
    from flask_migrate import upgrade

    from accreditation.extensions import db
    from accreditation.geography import load_geography

    upgrade()
    load_geography()
    db.session.commit()
    began = time.perf_counter()
    fill()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    counts = {table: db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in tables}  # noqa: S608
    print(f"loaded in {time.perf_counter() - began:.0f} s: {counts}")
