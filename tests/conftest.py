"""Shared fixtures: an application on a real database (PostgreSQL or SQLite), a client, and data builders.

The database comes from ``TEST_DATABASE_URL`` (PostgreSQL in CI); without it a SQLite file in a temporary folder.
The schema is built once per session by running the Alembic migrations, and every table is emptied after each test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import partial

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from accreditation import create_app
from accreditation.extensions import db
from accreditation.models import user as user_model

# The browser tests' live server and Chromium, one of each for the whole run whichever folder asks (tests/browser).
pytest_plugins = ["tests.browser.fixtures"]

TEST_PASSWORD = "correct horse battery"
CHEAP_HASH = "pbkdf2:sha256:1"


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


SERVICE_MARKERS = {
    "postgres": "TEST_DATABASE_URL",
    "redis": "TEST_REDIS_URL",
    "amqp": "TEST_AMQP_URL",
    "s3": "TEST_S3_URL",
}


def pytest_collection_modifyitems(config, items):
    """Skip the tests whose service is not configured (``python -m tests`` configures them all)."""
    available = {
        "postgres": _postgres_url() is not None,
        "redis": bool(os.environ.get("TEST_REDIS_URL")),
        "amqp": bool(os.environ.get("TEST_AMQP_URL")),
        "s3": bool(os.environ.get("TEST_S3_URL")),
    }
    for item in items:
        for marker, present in available.items():
            if marker in item.keywords and not present:
                item.add_marker(pytest.mark.skip(reason=f"needs {SERVICE_MARKERS[marker]}"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = _postgres_url()
    if url:
        url = re.sub(r"^postgresql(\+\w+)?://", "postgresql+psycopg://", url)
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    os.environ["APP_ENV"] = "testing"
    application = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(instance),
            "UPLOAD_FOLDER": str(instance / "uploads"),
            "MAIL_OUTBOX_DIR": str(instance / "mail"),
            "MAIL_SERVER": "",
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
        }
    )
    with application.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield application


@pytest.fixture(autouse=True)
def _cheap_password_hashes(request, monkeypatch) -> None:
    """Cheap password hashes (one PBKDF2 round) for the people the tests create: scrypt's cost, paid for each of a
    world's seven people in every test, was most of a test's set-up. A test that checks how passwords are stored is
    marked ``real_password_hashes`` and gets the application's own hashing."""
    if request.node.get_closest_marker("real_password_hashes") is None:
        monkeypatch.setattr(user_model, "generate_password_hash", partial(generate_password_hash, method=CHEAP_HASH))


@pytest.fixture(autouse=True)
def _clean_tables(request) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                _empty_postgres(connection, tables)
            else:
                # SQLite's append-only triggers refuse DELETE: set them aside while the tables are emptied.
                triggers = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
                for name, _ in triggers:
                    connection.execute(text(f'DROP TRIGGER "{name}"'))
                for name in tables:
                    connection.execute(text(f"DELETE FROM {name}"))
                for _, sql in triggers:
                    connection.execute(text(sql))
    mail = application.config["MAIL_OUTBOX_DIR"]
    if os.path.isdir(mail):
        for name in os.listdir(mail):
            os.remove(os.path.join(mail, name))


def _empty_postgres(connection, tables: list[str]) -> None:
    """Empty the tables that hold rows and restart the sequences that were used, as ``TRUNCATE … RESTART IDENTITY``
    would. A TRUNCATE of every table cost about a second per test (a new file per table, synced at the commit);
    DELETE of the few tables a test filled costs milliseconds. Triggers (the append-only tables' and the foreign keys')
    are set aside for the transaction with ``session_replication_role``, which needs a superuser: any other user
    TRUNCATEs the tables that hold rows."""
    probe = " UNION ALL ".join(f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM {name})" for name in tables)
    filled = list(connection.execute(text(probe)).scalars())
    if filled and _is_superuser(connection):
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for name in filled:
            connection.execute(text(f"DELETE FROM {name}"))
    elif filled:
        # TRUNCATE fires no row triggers: the append-only tables empty like the others.
        connection.execute(text(f"TRUNCATE {', '.join(filled)} CASCADE"))
    connection.execute(
        text(
            "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
    )


_SUPERUSER: dict[str, bool] = {}


def _is_superuser(connection) -> bool:
    key = str(connection.engine.url)
    if key not in _SUPERUSER:
        _SUPERUSER[key] = bool(connection.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")))
    return _SUPERUSER[key]


@pytest.fixture
def ctx(app) -> Iterator[None]:
    """An application context for tests that call domain code directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def world(app):
    """A small world: two countries with regions, two verified schools and one user per role."""
    from tests.builders import build_world

    with app.app_context():
        data = build_world()
        db.session.commit()
        db.session.remove()
    return data
