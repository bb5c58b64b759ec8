"""How a request's transaction ends when the view left it open (accreditation/transactions.py): a transaction that
only read is committed, which keeps psycopg's prepared statements; anything that wrote, or waits on the end, is
rolled back as before, so nothing a view did not commit itself is saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from accreditation.extensions import db
from accreditation.models import Country
from accreditation.transactions import end_read_only_transaction
from tests.builders import sign_in
from tests.review.builders import LEAD, under_review


def _open(raw) -> bool:
    """Whether the driver's connection is inside a transaction (psycopg or sqlite3)."""
    info = getattr(raw, "info", None)
    if info is not None and hasattr(info, "transaction_status"):
        return info.transaction_status.name != "IDLE"
    return raw.in_transaction


def _not_ended(raw) -> bool:
    """Still inside its transaction; sqlite3 opens none for a SELECT, so there nothing was left to end."""
    return _open(raw) or raw.__class__.__module__.startswith("sqlite3")


def _countries() -> int:
    return db.session.scalar(select(func.count()).select_from(Country))


def _driver_connection():
    return db.session.connection().connection.dbapi_connection


def test_a_transaction_that_only_read_is_committed(app, world):
    with app.test_request_context():
        assert _countries() == 2
        raw = _driver_connection()
        db.session.execute(select(Country).where(Country.code == "MD").with_for_update())  # a lock, released
        end_read_only_transaction()
        assert not _open(raw)
        db.session.remove()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: (db.session.add(Country(code="ZZ", name="Flushed")), db.session.flush()), id="flushed"),
        pytest.param(lambda: db.session.add(Country(code="ZZ", name="Pending")), id="not-flushed"),
        pytest.param(
            lambda: db.session.execute(text("INSERT INTO countries (code, name) VALUES ('ZZ', 'Text')")), id="text"
        ),
    ],
)
def test_a_write_the_view_did_not_commit_is_rolled_back(app, world, write):
    with app.test_request_context():
        _countries()
        write()
        end_read_only_transaction()
        db.session.remove()
    with app.app_context():
        assert _countries() == 2
        db.session.remove()


def test_what_waits_on_the_end_and_unhandled_errors_keep_the_rollback(app, world):
    with app.test_request_context():
        _countries()
        raw = _driver_connection()
        db.session.info["files to discard at a rollback"] = ["key"]
        end_read_only_transaction()
        assert _not_ended(raw)
        db.session.info.clear()
        end_read_only_transaction(RuntimeError("the view failed"))
        assert _not_ended(raw)
        db.session.remove()


@pytest.mark.postgres
def test_pages_that_only_read_keep_their_prepared_statements(app, client, world):
    """psycopg prepares a query from its sixth execution on a connection and forgets them all at a ROLLBACK: a
    read-only page ended by one would be planned anew by PostgreSQL on every request."""
    sign_in(client, world.emails["school_admin_a"])
    with app.app_context():
        # One connection for the requests and the check below: earlier tests may have left several in the pool,
        # which hands out the longest idle first, so twelve requests could each meet a different one.
        db.engine.dispose()
    for _ in range(12):
        assert client.get(f"/schools/{world.school_a}").status_code == 200
    with app.app_context():
        prepared = db.session.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()
        db.session.remove()
    assert any("FROM users" in statement for statement in prepared), prepared


def test_the_lead_assessor_opening_the_review_page_keeps_the_opened_round(app, client, world):
    """The page writes (it opens the round, in a savepoint) and commits that itself."""
    from accreditation.review.rounds import current_review

    with app.app_context():
        application_id = under_review(world)
        assert current_review(application_id) is None
        db.session.remove()
    sign_in(client, LEAD)
    assert client.get(f"/applications/{application_id}/review").status_code == 200
    with app.app_context():
        assert current_review(application_id) is not None
        db.session.remove()


def test_a_savepoint_released_is_still_undone_by_the_rollback_of_its_transaction(app, world):
    """The savepoints that settle races (answers, judgments, conflicts, rounds) are part of the request's
    transaction: when it rolls back, what they wrote goes too. (sqlite3 on its own starts no transaction before a
    SAVEPOINT, so releasing the first one committed everything written in it.)"""
    with app.app_context():
        _countries()
        with db.session.begin_nested():
            db.session.add(Country(code="ZZ", name="Inside a savepoint"))
        db.session.rollback()
        assert _countries() == 2
        db.session.remove()
    with app.app_context():
        assert _countries() == 2
        db.session.remove()
