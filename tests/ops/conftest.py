"""Fixtures of the operations tests: the stand-in evidence, and Celery's hand-offs recorded instead of sent where a
test asks for it (``sent``, ``dispatched``; the request-id test sends for real, to a worker), and a second
application on an empty database and store for the restore tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from accreditation import create_app
from accreditation.applications import outbox
from accreditation.broker_options import transport_options
from accreditation.certificates.keys import KEY_FILE, current_issuer
from accreditation.deliveries import dispatch
from accreditation.extensions import db
from tests.applications.builders import CompleteEvidence
from tests.applications.conftest import evidence  # noqa: F401  (fixture)
from tests.storage.conftest import bucket, s3_app, s3_endpoint  # noqa: F401  (fixtures: a real S3 server's bucket)


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """The outbox job ids relayed to Celery (recorded here instead of sent to a broker)."""
    relayed: list[int] = []
    monkeypatch.setattr(outbox, "send_to_celery", relayed.append)
    return relayed


@pytest.fixture
def dispatched(monkeypatch) -> list[list[int]]:
    chunks: list[list[int]] = []
    monkeypatch.setattr(dispatch, "send_to_celery", chunks.append)
    return chunks


def fresh_database(url: str, tmp_path: Path) -> str:
    """An empty database beside the test one: ``<name>_restore`` on PostgreSQL (dropped and created again), a new
    file on SQLite."""
    if not url.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'restored.sqlite'}"
    base, name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}_restore" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}_restore"'))
    admin.dispose()
    return f"{base}/{name}_restore"


@pytest.fixture
def restored_app(app, database_url, tmp_path) -> Iterator[Flask]:
    """A second application on an empty database and an empty store, signing with the first one's key."""
    with app.app_context():
        current_issuer()  # the development key, generated into the first instance folder if it is not there yet
    key = app.config["CREDENTIAL_SIGNING_KEY"] or (Path(app.instance_path) / KEY_FILE).read_text()
    instance = tmp_path / "instance-restored"
    second = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": fresh_database(database_url, tmp_path),
            "INSTANCE_PATH": str(instance),
            "UPLOAD_FOLDER": str(instance / "uploads"),
            "MAIL_OUTBOX_DIR": str(instance / "mail"),
            "MAIL_SERVER": "",
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
            "CREDENTIAL_SIGNING_KEY": key,  # from the configuration: a new instance folder has no key of its own
        }
    )
    second.extensions["workflows"].evidence = CompleteEvidence()
    try:
        yield second
    finally:
        with second.app_context():
            db.session.remove()
            db.engine.dispose()
        app.extensions["celery"].set_default()  # the first application's Celery stays the one tasks use


@pytest.fixture
def app_on_own_broker(app, database_url, tmp_path) -> Iterator[Flask]:
    """The application on the same database, publishing to an embedded broker of this test's own (the default one
    sits in the project's instance folder, where other test runs may listen)."""
    broker = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    celery = {**app.config["CELERY"], "broker_url": broker, "broker_transport_options": transport_options(broker, 1.0)}
    keep = ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "UPLOAD_FOLDER", "MAIL_OUTBOX_DIR", "SERVER_NAME", "BASE_URL")
    own = create_app({**{name: app.config[name] for name in keep}, "MAIL_SERVER": "", "CELERY": celery})
    try:
        yield own
    finally:
        with own.app_context():
            db.session.remove()
            db.engine.dispose()
        app.extensions["celery"].set_default()
