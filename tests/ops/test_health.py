"""``/healthz`` and ``/readyz`` as a load balancer calls them: no sign-in, never cached; ``/readyz`` answers 503 with
the reason when the database is behind the migrations, the broker does not answer or the store cannot take files."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from celery import Celery
from sqlalchemy import text

from accreditation.extensions import db
from accreditation.ops.health import migration_heads


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_when_the_database_broker_and_store_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"status": "ready", "checked": ["broker", "database", "store"]}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def schema_behind(app) -> Iterator[str]:
    """The database's schema one revision behind the code's (put back afterwards)."""
    with app.app_context():
        [head] = migration_heads(app.extensions["migrate"].directory)
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    yield head
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})


def test_readyz_says_the_schema_is_behind_the_migrations(client, schema_behind):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == {"database": f"database schema at older, migrations at {schema_behind}"}


def test_readyz_says_the_broker_is_unreachable(app, client, monkeypatch):
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)  # nothing listens on port 1
    monkeypatch.setitem(app.extensions, "celery", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == {"broker": "broker unreachable"}


def test_readyz_says_the_store_cannot_take_files(app, client, monkeypatch, tmp_path):
    occupied = tmp_path / "a-file-where-the-folder-should-be"
    occupied.write_text("")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(occupied / "uploads"))
    monkeypatch.delitem(app.extensions, "storage", raising=False)  # the store is built again from the setting
    try:
        response = client.get("/readyz")
    finally:
        app.extensions.pop("storage", None)
    assert response.status_code == 503
    assert set(response.get_json()["failed"]) == {"store"}


@pytest.mark.redis
def test_readyz_reaches_a_redis_broker_that_answers(app, client, monkeypatch):
    up = Celery("up", broker=os.environ["TEST_REDIS_URL"], set_as_current=False)
    monkeypatch.setitem(app.extensions, "celery", up)
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
