"""Prebuilt statements (accreditation/prebuilt.py): on PostgreSQL they run on a driver cursor, past most of
SQLAlchemy's execution; the rows must be exactly those SQLAlchemy's own execution gives (values and types, time
zones included), the engine's cursor events must still see each statement, and a driver error must still arrive as
SQLAlchemy's ``DBAPIError``. On SQLite both sides are SQLAlchemy's execution, and the comparison holds trivially."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, column, event, select, table
from sqlalchemy.exc import DBAPIError

from accreditation.applications import guards
from accreditation.applications.fire_read import FOR_ASSESSORS, FOR_OTHERS
from accreditation.extensions import db
from accreditation.identity import PRINCIPAL_QUERY
from accreditation.models import User
from accreditation.prebuilt import Prebuilt
from tests.applications.builders import assign, complete_modules, fire_as, start

HEAD_A = "head.a@example.org"


def _both_ways(prebuilt: Prebuilt, parameters: dict) -> tuple[list[tuple], list[tuple]]:
    connection = db.session.connection()
    through_sqlalchemy = [tuple(row) for row in connection.execute(prebuilt.statement, parameters)]
    return prebuilt.rows(connection, parameters), through_sqlalchemy


def _same(rows: list[tuple], expected: list[tuple]) -> None:
    assert rows == expected
    for row, other in zip(rows, expected, strict=True):
        assert [type(value) for value in row] == [type(value) for value in other]
        assert [getattr(value, "tzinfo", None) for value in row] == [getattr(v, "tzinfo", None) for v in other]


def test_the_prebuilt_reads_give_the_rows_sqlalchemy_gives(ctx, world):
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", world.emails["coordinator_md"])
    complete_modules(application_id, HEAD_A)
    assign(application_id, world.emails["assessor"])
    people = {user.email: user.id for user in db.session.scalars(select(User))}

    for email in (world.emails["coordinator_md"], HEAD_A, world.emails["assessor"], world.emails["admin"]):
        rows, expected = _both_ways(PRINCIPAL_QUERY, {"user_id": people[email]})
        assert rows, email
        _same(rows, expected)
    assert _both_ways(PRINCIPAL_QUERY, {"user_id": 10**9}) == ([], [])

    rows, expected = _both_ways(FOR_OTHERS, {"application_id": application_id})
    assert len(rows) == 1 and rows[0][0] == application_id and rows[0][4].tzinfo is not None
    _same(rows, expected)
    for actor in (people[world.emails["assessor"]], people[HEAD_A]):  # assigned, and not
        _same(*_both_ways(FOR_ASSESSORS, {"application_id": application_id, "actor_id": actor}))
    rows, expected = _both_ways(guards._MODULE_CODES, {"id": application_id})
    assert len(rows) == 5
    _same(sorted(rows), sorted(expected))


def test_the_engines_cursor_events_see_a_prebuilt_statement(ctx, world):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        PRINCIPAL_QUERY.rows(db.session.connection(), {"user_id": 1})
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(seen) == 1 and "UNION ALL" in seen[0]


def test_a_driver_error_arrives_as_sqlalchemys_and_the_transaction_can_roll_back(ctx, world):
    failing = Prebuilt(select(table("no_such_table", column("x")).c.x).where(column("x") == bindparam("x")))
    with pytest.raises(DBAPIError):
        failing.rows(db.session.connection(), {"x": 1})
    db.session.rollback()
    assert PRINCIPAL_QUERY.rows(db.session.connection(), {"user_id": 10**9}) == []
