"""fire()'s one statement binds each value once (applications/writes.py, issue 27): a step's time, the application's
id, the version and the jobs' constant columns are sent once each, never a value that only happens to be equal; a
step whose values are not shared the way the last one's were gets a statement of its own and writes the same rows."""

from __future__ import annotations

from copy import copy
from datetime import timedelta

import pytest
from sqlalchemy import event

from accreditation.applications import fire, writes
from accreditation.extensions import db
from accreditation.models.time import utcnow
from tests.applications.builders import person, start
from tests.applications.test_write_step import COORDINATOR


@pytest.mark.postgres
def test_fire_sends_the_steps_time_and_ids_once(ctx, world):
    application_id = start(world, "ciss")
    sent: list[dict] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if "INSERT INTO outbox_jobs" in statement:
            sent.append(dict(parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        written = fire(application_id, "accept", person(COORDINATOR), {})
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    (parameters,) = sent
    values = list(parameters.values())
    assert values.count(written.at) == 1  # the state's, the record's and both jobs' times: one parameter
    assert parameters["application_id"] == application_id and parameters["change_version"] == written.version
    for name in ("record_application_id", "job0_application_id", "record_version", "job1_attempts", "job1_last_error"):
        assert name not in parameters
    assert len(values) <= 26  # of the step's 38


def _step(now, later) -> writes.StepWrite:
    job = {"application_id": 5, "payload": {}, "created_at": now, "relayed_at": later, "attempts": 0}
    return writes.StepWrite(
        application_id=5,
        read_version=1,
        changes={"state_entered_at": now, "updated_at": later, "version": 2},
        record={"application_id": 5, "version": 2, "at": now},
        jobs=[job, {**job, "payload": {}}],
    )


def test_only_the_same_object_is_bound_once():
    now = utcnow()
    shared = dict(writes._bound_once(_step(now, now))[1])
    assert shared["change_updated_at"] == "change_state_entered_at"
    assert shared["job0_relayed_at"] == "change_state_entered_at"
    assert shared["job1_attempts"] == "job0_attempts"

    equal = copy(now)  # the same time, another object: bound on its own
    assert equal == now and equal is not now
    bound, shared_after = writes._bound_once(_step(now, equal))
    assert "change_updated_at" in bound and "change_updated_at" not in dict(shared_after)
    assert dict(shared_after)["job0_relayed_at"] == "change_updated_at"  # the other object, shared where it is

    later = now + timedelta(seconds=1)
    bound, _ = writes._bound_once(_step(now, later))
    assert bound["change_updated_at"] == later and bound["change_state_entered_at"] == now
