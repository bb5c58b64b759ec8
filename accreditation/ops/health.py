"""``/healthz`` and ``/readyz`` for load balancers and orchestrators: no sign-in, never cached, cheap.

``/healthz`` says the process answers (200, nothing else is touched). ``/readyz`` says this node can serve: the
database answers and its schema is at the migrations' head, the broker accepts a connection, the store of documents
is reachable; otherwise 503 with the reason of each failed check (the details go to the log, not to the caller).
"""

from __future__ import annotations

import logging
from functools import cache

from flask import Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from accreditation import storage
from accreditation.extensions import db

log = logging.getLogger(__name__)
NO_STORE = {"Cache-Control": "no-store"}


@cache
def migration_heads(directory: str) -> frozenset[str]:
    """The revisions at the head of the migrations (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def check_database() -> str | None:
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        log.warning("readiness: database: %s: %s", type(error).__name__, error)
        db.session.rollback()
        return "database unreachable or not migrated"
    heads = migration_heads(current_app.extensions["migrate"].directory)
    if set(rows) != heads:
        return f"database schema at {', '.join(sorted(rows)) or 'nothing'}, migrations at {', '.join(sorted(heads))}"
    return None


def check_broker() -> str | None:
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as error:  # noqa: BLE001
        log.warning("readiness: broker: %s: %s", type(error).__name__, error)
        return "broker unreachable"
    return None


def check_store() -> str | None:
    """The store can take files now (the local folder is writable, the object store answers)."""
    try:
        storage.ping()
    except Exception as error:  # noqa: BLE001
        log.warning("readiness: store: %s: %s", type(error).__name__, error)
        return "store unreachable"
    return None


CHECKS = {"database": check_database, "broker": check_broker, "store": check_store}


def healthz() -> ResponseReturnValue:
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", **NO_STORE}


def readyz() -> ResponseReturnValue:
    failed = {name: reason for name, check in CHECKS.items() if (reason := check()) is not None}
    if failed:
        return jsonify(status="not ready", failed=failed), 503, NO_STORE
    return jsonify(status="ready", checked=sorted(CHECKS)), 200, NO_STORE


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.add_url_rule("/readyz", "readyz", readyz, methods=["GET"])
