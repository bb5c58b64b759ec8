"""Foreign keys hold on every database: SQLite checks them only on connections that ask (accreditation/transactions.py
asks on each of the app's), PostgreSQL always. The migrations run with them off on SQLite and turn them back on."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from accreditation.extensions import db
from accreditation.models import Membership, School, User
from accreditation.models.school import MemberRole

FOREIGN_KEY = "(?i)foreign key"  # SQLite: "FOREIGN KEY constraint failed"; PostgreSQL: "violates foreign key ..."


def _no_such(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1000


def test_a_membership_of_a_user_that_does_not_exist_is_refused(ctx, world):
    db.session.add(Membership(user_id=_no_such(User), school_id=world.school_a, role=MemberRole.SCHOOL_STAFF))
    with pytest.raises(IntegrityError, match=FOREIGN_KEY):
        db.session.flush()
    db.session.rollback()


def test_a_row_sent_as_text_pointing_at_nothing_is_refused(ctx, world):
    user_id = db.session.scalar(select(User.id).where(User.email == world.emails["assessor"]))
    with pytest.raises(IntegrityError, match=FOREIGN_KEY):
        db.session.execute(
            text("INSERT INTO memberships (user_id, school_id, role, created_at) VALUES (:u, :s, :role, :t)"),
            {"u": user_id, "s": _no_such(School), "role": MemberRole.SCHOOL_STAFF.value, "t": "2025-01-01 00:00:00"},
        )
    db.session.rollback()


def test_deleting_a_user_deletes_their_memberships(ctx, world):
    user_id = db.session.scalar(select(User.id).where(User.email == world.emails["school_staff_a"]))
    memberships = select(func.count()).select_from(Membership).where(Membership.user_id == user_id)
    assert db.session.scalar(memberships) == 1
    db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})  # ON DELETE CASCADE
    db.session.commit()
    assert db.session.scalar(memberships) == 0


def test_every_connection_of_the_app_enforces_them_after_the_migrations(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL enforces foreign keys on every connection")
        connections = [db.engine.connect() for _ in range(3)]  # the one the migrations used, and new ones
        try:
            assert [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in connections] == [1, 1, 1]
        finally:
            for connection in connections:
                connection.close()


def test_a_migration_that_rebuilds_a_referenced_table_keeps_the_rows_that_refer_to_it(app, world):
    """Downgrading 0008 drops a column of ``users``: SQLite's batch mode copies the table, drops it and renames the
    copy. With foreign keys on, that DROP TABLE fails (rows refer to users with no ON DELETE) or cascades into the
    memberships; the migrations run with them off, check them at the end, and turn them back on."""
    from flask_migrate import downgrade, upgrade

    def counts() -> tuple[int, int]:
        users = db.session.scalar(select(func.count()).select_from(User))
        memberships = db.session.scalar(select(func.count()).select_from(Membership))
        db.session.remove()
        return users, memberships

    with app.app_context():
        before = counts()
        assert before[1] > 0
        try:
            downgrade(revision="0007")
            assert counts() == before
        finally:
            upgrade()
        assert counts() == before
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
