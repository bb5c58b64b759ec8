"""fire()'s read (applications/fire_read.py, issue 27): one statement brings the application afresh with its
school and, for an assessor, its assignments (no lazy load afterwards); a stale copy in the session is refreshed;
strangers and missing applications are refused as before."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from accreditation.applications import ApplicationNotFound, NotYours, fire
from accreditation.applications.fire_read import application_for_fire
from accreditation.extensions import db
from tests.applications.builders import LONG_COMMENT, application, assign, complete_modules, fire_as, person, start

COORDINATOR = "coord.md@example.org"
HEAD_A = "head.a@example.org"
ASSESSOR = "assessor@example.org"


def _reading(seen: list[str]):
    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    return record


def test_an_assessors_fire_reads_the_application_and_its_assignments_in_one_statement(ctx, world, evidence):
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    complete_modules(application_id, HEAD_A)
    fire_as(application_id, "start_self_assessment", HEAD_A)
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    assign(application_id, ASSESSOR)
    assessor = person(ASSESSOR)
    db.session.expire_all()
    seen: list[str] = []
    listener = _reading(seen)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fire(application_id, "start_review", assessor, {})
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    assert application(application_id).state == "under_review"
    assignment_reads = [s for s in seen if "FROM application_assessors" in s and "JOIN" not in s.split("FROM")[1][:80]]
    assert not assignment_reads, assignment_reads  # read with the application, not lazily afterwards
    reads = [s for s in seen if s.lstrip().startswith("SELECT") and "FROM applications" in s]
    assert any("application_assessors" in s and "schools" in s for s in reads)


def test_the_read_refreshes_a_stale_copy_and_refuses_as_before(ctx, world):
    application_id = start(world, "ciss")
    head = person(HEAD_A)
    copy, roles = application_for_fire(application_id, head)
    assert "school_admin" in roles and copy.version == 1
    db.session.execute(text("UPDATE applications SET version = 7 WHERE id = :id"), {"id": application_id})
    again, _ = application_for_fire(application_id, head)
    assert again is copy and again.version == 7  # the session's copy refreshed, not trusted
    db.session.rollback()
    with pytest.raises(ApplicationNotFound):
        application_for_fire(999999, head)
    with pytest.raises(NotYours):
        application_for_fire(application_id, person("head.b@example.org"))
