"""fire() returns the record as written (writes.WrittenRecord, issue 27): the stored row's columns, under the names
TransitionRecord gives them, and the ORM row on demand; no entity enters the session for it."""

from __future__ import annotations

from dataclasses import fields

from accreditation.applications import fire
from accreditation.applications.writes import WrittenRecord
from accreditation.extensions import db
from accreditation.models import TransitionRecord
from tests.applications.builders import person, start

COORDINATOR = "coord.md@example.org"


def test_the_record_fire_returns_is_the_row_it_wrote(ctx, world):
    application_id = start(world, "ciss")
    record = fire(application_id, "accept", person(COORDINATOR), {"comment": "  Welcome aboard.  "})
    assert isinstance(record, WrittenRecord)
    assert not [row for row in db.session.identity_map.values() if isinstance(row, TransitionRecord)]
    db.session.commit()
    db.session.expire_all()
    stored = record.entity()
    assert isinstance(stored, TransitionRecord) and stored.id == record.id
    for field in fields(WrittenRecord):
        assert getattr(record, field.name) == getattr(stored, field.name), field.name
    assert (record.event, record.from_state, record.to_state, record.version) == (
        "accept",
        "applied",
        "implementing",
        2,
    )
    assert record.comment == "Welcome aboard." and record.actor_role == "coordinator"
