"""The one place work waits on the end of a transaction: ``on_commit`` runs after a commit only, ``on_rollback``
after a rollback only (not a savepoint's), and one failing piece of work does not stop the others."""

from __future__ import annotations

import pytest

from accreditation.extensions import db
from accreditation.transactions import on_commit, on_rollback


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_the_end_of_a_transaction_runs_its_own_work_only(ctx, ending):
    done: list[str] = []
    db.session.execute(db.select(1))
    on_commit(db.session, lambda: done.append("commit"))
    on_rollback(db.session, lambda: done.append("rollback"))
    getattr(db.session, ending)()
    db.session.commit()  # nothing is left for the next ending
    db.session.rollback()
    assert done == [ending]


def test_a_savepoints_rollback_waits_for_the_transactions_end(ctx):
    done: list[str] = []
    db.session.execute(db.select(1))
    on_rollback(db.session, lambda: done.append("rolled back"))
    savepoint = db.session.begin_nested()
    savepoint.rollback()
    assert done == []
    db.session.rollback()
    assert done == ["rolled back"]


def test_failing_work_is_logged_and_the_rest_still_runs(ctx, caplog):
    done: list[str] = []

    def fail() -> None:
        raise OSError("disk gone")

    db.session.execute(db.select(1))
    on_rollback(db.session, fail)
    on_rollback(db.session, lambda: done.append("second"))
    db.session.rollback()
    assert done == ["second"]
    assert "work to do after a rollback failed" in caplog.text
