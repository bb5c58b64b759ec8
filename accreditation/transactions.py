"""One transaction per request: how it ends, and the work that waits on its end.

Operations flush; views never commit. ``end_request`` (an ``after_request`` function, for the pages and the API
alike) is the request's one commit: a response under 400 commits what the view wrote, an error response (a refused
form, a domain error turned into its page, a 500) rolls it back. The few views whose writes must be saved before they
answer say so with ``commit_early``, the one named early commit (see its docstring for who and why).

When the view wrote nothing, the transaction ends at the teardown: COMMIT when it only read, else ROLLBACK.

For the database the two are the same for a transaction that wrote nothing. For the driver they are not: psycopg
forgets every prepared statement at a ROLLBACK (an object it prepared against may have been dropped), and
flask-sqlalchemy ends each request with one. A page that only reads then never reaches psycopg's threshold for
preparing its queries, and PostgreSQL plans them anew on every request: about 0.9 ms of its CPU for the signed-in
user's query alone, more than that query's execution and Python's share together.

A transaction counts as having written when any statement in it did not start with SELECT (flushes, bulk updates,
DDL, anything sent as text), when the session still holds changes it has not flushed, or when something waits on
the transaction's end (a stored file to discard at a rollback, tasks to send at a commit). Those, and requests that
ended in an unhandled exception, keep the ROLLBACK: nothing ``end_request`` did not commit is ever saved here.

On SQLite, a savepoint that comes first in a transaction is kept inside it (see ``_savepoint_inside_a_transaction``),
and every connection enforces foreign keys as PostgreSQL does (see ``_enforce_foreign_keys``).

Work that waits on the end of a transaction (a stored file to discard, deliveries to dispatch, outbox jobs to
forget, outbox jobs to relay) is registered with ``on_commit`` / ``on_rollback``: the one place that hooks the
session's commit and rollback events. Work after a commit runs once the transaction has closed (not at a savepoint's
release), so it may use the session: in a new transaction, which it ends itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from accreditation.extensions import db

log = logging.getLogger(__name__)

WROTE = "ssa_transaction_wrote"  # in Connection.info: whether the current transaction sent a non-SELECT statement
ON_COMMIT = "ssa_on_commit"  # in Session.info: what to run once the open transaction commits
ON_ROLLBACK = "ssa_on_rollback"  # in Session.info: what to run if it is rolled back instead
COMMITTED = "ssa_committed"  # in Session.info: the work of a transaction that committed, run once it has closed


def on_commit(session: Session, work: Callable[[], object]) -> None:
    """Run ``work`` once the session's open transaction commits; never if it is rolled back."""
    session.info.setdefault(ON_COMMIT, []).append(work)


def on_rollback(session: Session, work: Callable[[], object]) -> None:
    """Run ``work`` if the session's open transaction is rolled back (not a savepoint's); never if it commits."""
    session.info.setdefault(ON_ROLLBACK, []).append(work)


def _run(works: list[Callable[[], object]], when: str) -> None:
    """Run each one; a failure is logged and the others still run (the transaction has already ended)."""
    for work in works:
        try:
            work()
        except Exception:  # noqa: BLE001
            log.warning("work to do after a %s failed: %r", when, work, exc_info=True)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the transaction goes on, and may still be rolled back
    session.info.pop(ON_ROLLBACK, None)
    works = session.info.pop(ON_COMMIT, [])
    if works:
        session.info[COMMITTED] = works  # run by _after_transaction_end: no SQL may be sent from here


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested or transaction.parent is not None:
        return
    works = session.info.pop(COMMITTED, None)
    if works:
        _run(works, "commit")


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:
        return
    session.info.pop(ON_COMMIT, None)
    _run(session.info.pop(ON_ROLLBACK, []), "rollback")


def _began(connection: Connection) -> None:
    connection.info[WROTE] = False


def _before_statement(connection: Connection, cursor, statement: str, parameters, context, executemany) -> None:
    if statement[:6].upper() != "SELECT":
        connection.info[WROTE] = True


def _savepoint_inside_a_transaction(connection: Connection, name: str) -> None:
    """On SQLite, begin the transaction before a SAVEPOINT that would otherwise start one of its own: sqlite3 emits
    BEGIN only before INSERT, UPDATE and DELETE, and a SAVEPOINT outside a transaction opens one that its RELEASE
    commits, with everything written inside it, whatever the rest of the request does (the savepoints that settle
    races come first in saving answers, judgments and conflicts)."""
    driver_connection = connection.connection.dbapi_connection
    if not driver_connection.in_transaction:
        driver_connection.execute("BEGIN")


def _enforce_foreign_keys(dbapi_connection, connection_record) -> None:
    """On SQLite, enforce foreign keys (and their ON DELETE actions) on a new connection: SQLite checks them only when
    each connection asks, and a row pointing at nothing would pass here and fail on PostgreSQL. The PRAGMA is a no-op
    inside a transaction; a new sqlite3 connection has none open. The migrations turn it off while they run
    (migrations/env.py)."""
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def wrote(session: Session) -> bool:
    """Whether the session's open transaction wrote, or holds what a commit would write or act on: changes not yet
    flushed, or (in ``session.info``) files to discard at a rollback and tasks to send at a commit."""
    if session.new or session.dirty or session.deleted or session.info:
        return True
    return session.connection().info.get(WROTE, True)


def end_read_only_transaction(error: BaseException | None = None) -> None:
    """Commit the session's open transaction if it only read (teardown, before flask-sqlalchemy closes it)."""
    if error is not None or not db.session.registry.has():
        return  # an unhandled error keeps the ROLLBACK; a request that never used the database has nothing to end
    session = db.session()
    if not session.in_transaction() or wrote(session):
        return
    # The driver's COMMIT, beneath the session: Session.commit would also expire every loaded object and run the
    # after-commit hooks, needless here. The session's close that follows finds nothing left to roll back (psycopg
    # and sqlite3 send no ROLLBACK outside a transaction).
    try:
        session.connection().connection.dbapi_connection.commit()
    except Exception:  # noqa: BLE001 (it only read: the close that follows rolls back, or drops a broken connection)
        log.warning("could not commit a read-only transaction; it is rolled back instead", exc_info=True)


def end_request(response: Response) -> Response:
    """The request's one commit (``after_request``): a response under 400 commits what the view wrote; an error
    response rolls it back, whoever produced it (a refused form, the page of a domain error, the API's error JSON).
    A transaction that only read is left to ``end_read_only_transaction``. A commit that fails raises: the request
    answers 500 and nothing is saved."""
    if not db.session.registry.has():
        return response
    session = db.session()
    if not session.in_transaction() or not wrote(session):
        return response
    if response.status_code >= 400:
        session.rollback()
    else:
        session.commit()
    return response


def commit_early() -> None:
    """Commit the request's transaction before the view answers. Only where the writes must be saved whatever the
    answer, or before what the view does next:

    - a refusal that must be remembered: a failed sign-in (or a failed request for an API token) counts toward the
      lock-out although the page answers 401; an API token's last use is noted even when the call is refused;
    - an ``Idempotency-Key`` claimed before the API's view runs: a retry sent meanwhile must find it (409) rather
      than do the work again. The answer itself is kept in the view's transaction (``api/idempotency.py``);
    - an e-mail sent by the view, which then says whether it went (a new account's welcome, an invitation): the
      link it carries must not reach anyone before the row it points at exists. An e-mail whose failure is only
      logged goes after the commit instead, through ``on_commit``.
    - a row a worker must find: an onboarding job is committed before it is handed to the worker;
    - answers saved beside a conflict: the self-assessment page answers 409 with the answers someone else changed,
      and keeps the others it saved.

    Everything else is committed by ``end_request``."""
    db.session.commit()


def init_app(app: Flask) -> None:
    """Watch the app's engines (on SQLite, enforce foreign keys and keep savepoints inside their transactions), and end
    requests through ``end_request`` (the commit) and ``end_read_only_transaction``. Call after db.init_app and before
    anything connects (the foreign keys are set as each connection opens); teardown functions run in reverse order of
    registration, so this one runs before flask-sqlalchemy's."""
    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "begin", _began)
            event.listen(engine, "before_cursor_execute", _before_statement)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _enforce_foreign_keys)
                event.listen(engine, "savepoint", _savepoint_inside_a_transaction)
    app.after_request(end_request)
    app.teardown_appcontext(end_read_only_transaction)
