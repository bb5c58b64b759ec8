"""fire()'s write (applications/writes.py, issue 27): on PostgreSQL one statement (the conditional UPDATE, the
transition record, the outbox jobs and the stay count as data-modifying CTEs) writes exactly the rows that the
portable path (one statement each, SQLite's) writes, for every event from every source state of every programme;
a stale version makes both write nothing. The outbox rows are written marked relayed, and the relay after the
commit writes nothing unless a send fails."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, text

from accreditation.applications import StaleVersion, commit_and_relay, fire, writes
from accreditation.applications import outbox as outbox_module
from accreditation.applications.fire_read import application_for_fire
from accreditation.applications.operations import step_write
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, OutboxJob, TransitionRecord
from accreditation.models.statistics import StateStayCount
from accreditation.models.time import utcnow
from tests.applications.builders import jobs, person, start
from workflows import Programme, Step

COORDINATOR = "coord.md@example.org"


def _given(programme: Programme, event: str) -> dict[str, Any]:
    """Data for every requirement of ``event`` (the write does not check it: fire() did)."""
    requires = programme.event(event).requires
    awards = programme.awards
    values = {
        "comment": "A comment long enough for every guard that reads one, written for the test.",
        "date": (date.today() + timedelta(days=30)).isoformat(),
        "level": awards.levels[-1].code if awards is not None and awards.levels else "gold",
        "items": ["the first item", "the second item"],
    }
    return {name: value for name, value in values.items() if name in requires or name == "comment"}


def _steps(programme: Programme) -> list[Step]:
    """Every step the programme's machine can take: each transition of each event from each source state."""
    return [
        Step(event=event, source=source, dest=candidate.dest, actions=candidate.actions)
        for (event, source), candidates in programme.resolution.table.items()
        for candidate in candidates
    ]


def _rows(application_id: int) -> dict[str, Any]:
    """What a step leaves in the database, without the generated ids."""
    connection = db.session.connection()

    def without_id(table, *where) -> list[dict]:
        rows = connection.execute(select(table).where(*where).order_by(table.c.id)).mappings().all()
        return [{key: value for key, value in row.items() if key != "id"} for row in rows]

    applications, records, jobs_ = Application.__table__, TransitionRecord.__table__, OutboxJob.__table__
    stays = StateStayCount.__table__
    return {
        "application": without_id(applications, applications.c.id == application_id),
        "records": without_id(records, records.c.application_id == application_id),
        "jobs": without_id(jobs_, jobs_.c.application_id == application_id),
        "stays": connection.execute(select(stays).order_by(*stays.primary_key.columns)).mappings().all(),
    }


def _written_by(path, write: writes.StepWrite, application_id: int) -> dict[str, Any]:
    """The rows after ``path`` wrote ``write``, inside a savepoint rolled back afterwards."""
    savepoint = db.session.begin_nested()
    try:
        path(write)
        return _rows(application_id)
    finally:
        savepoint.rollback()


@pytest.mark.postgres
def test_one_statement_writes_what_the_portable_path_writes_for_every_step_of_every_programme(ctx, world):
    assert db.session.get_bind().dialect.name == "postgresql"
    workflows = current_workflows()
    actor = person(COORDINATOR)
    compared = 0
    for programme in workflows.programmes.values():
        application_id = start(world, programme.code)
        for step in _steps(programme):
            entered = utcnow() - timedelta(days=3, hours=5)
            db.session.execute(
                text("UPDATE applications SET state = :state, version = 7, state_entered_at = :at WHERE id = :id"),
                {"state": step.source, "at": entered, "id": application_id},
            )
            application, _roles = application_for_fire(application_id, None)  # as fire() reads it
            given = _given(programme, step.event)
            write = step_write(
                application,
                programme,
                step,
                actor,
                programme.event(step.event).roles,
                given,
                utcnow(),
                workflows.in_transaction,
            )
            before = _rows(application_id)
            one = _written_by(writes._in_one_statement, write, application_id)
            portable = _written_by(writes._in_three_statements, write, application_id)
            assert one == portable, (programme.code, step)
            assert one != before and len(one["records"]) == len(before["records"]) + 1
            assert len(one["jobs"]) == len(before["jobs"]) + len(write.jobs)

            stale = writes.StepWrite(**{**write.__dict__, "read_version": 6})
            for path in (writes._in_one_statement, writes._in_three_statements):
                with pytest.raises(StaleVersion):
                    _written_by(path, stale, application_id)
            assert _rows(application_id) == before  # a stale version writes nothing, on either path
            compared += 1
        db.session.rollback()
    assert compared > 20


def test_a_steps_jobs_are_written_marked_and_the_relay_after_the_commit_writes_nothing(ctx, world, sent):
    application_id = start(world, "ciss")
    sent.clear()
    fire(application_id, "accept", person(COORDINATOR), {})
    written: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        written.append(statement)

    assert commit_and_relay() == 2
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        fire(application_id, "withdraw", person("head.a@example.org"), {})
        statements_before = len(written)
        assert commit_and_relay() == 1
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(written) == statements_before  # sent: no UPDATE, no second transaction
    relayed = [job for job in jobs(application_id) if job.id in sent]
    assert len(relayed) == 3 and all(job.relayed_at is not None for job in relayed)


def test_a_send_that_fails_unmarks_the_jobs_it_did_not_send(ctx, world, monkeypatch):
    application_id = start(world, "ciss")
    calls: list[int] = []

    def second_send_fails(job_id: int) -> None:
        calls.append(job_id)
        if len(calls) > 1:
            raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(outbox_module, "send_to_celery", second_send_fails)
    fire(application_id, "accept", person(COORDINATOR), {})
    assert commit_and_relay() == 1
    db.session.expire_all()
    step_jobs = [job for job in jobs(application_id) if job.id in calls or job.payload == {"version": 2}]
    assert len(step_jobs) == 2
    first, second = sorted(step_jobs, key=lambda job: job.id)
    assert first.relayed_at is not None  # sent
    assert second.relayed_at is None and second.done_at is None  # left to beat's relay, as before
    assert second.id in outbox_module.due_job_ids()
