"""The history is append-only: the database itself refuses to change or remove a transition record."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from accreditation.extensions import db
from tests.applications.builders import fire_as, records, start


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE transition_records SET comment = 'rewritten'",
        "UPDATE transition_records SET to_state = 'certified'",
        "DELETE FROM transition_records",
    ],
)
def test_transition_records_cannot_be_updated_or_deleted(ctx, world, statement):
    application_id = start(world, "ciss")
    fire_as(application_id, "decline", "coord.md@example.org", comment="The pilot is full.")
    with pytest.raises(IntegrityError, match="append-only"):
        db.session.execute(text(statement))
        db.session.commit()
    db.session.rollback()
    assert [(r.to_state, r.comment) for r in records(application_id)] == [
        ("applied", ""),
        ("declined", "The pilot is full."),
    ]


def test_editing_a_record_through_the_orm_is_refused_too(ctx, world):
    application_id = start(world, "ciss")
    [record] = records(application_id)
    record.comment = "edited later"
    with pytest.raises(IntegrityError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert records(application_id)[0].comment == ""
