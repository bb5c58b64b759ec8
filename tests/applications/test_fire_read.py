"""fire()'s read (applications/fire_read.py, issue 27): one Core statement reads what fire() and the role check need
(an assessor's assignment as an EXISTS); the ORM application is loaded only when a guard or an in-transaction action
reads it, afresh and with its assignments; the session's copy shows the new state after the write; roles and
versions are never taken from anything older than the read."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, insert, select, text

from accreditation.applications import ApplicationNotFound, NotYours, StaleVersion, fire
from accreditation.applications.fire_read import FireRead, application_for_fire
from accreditation.extensions import db
from accreditation.identity import load_principal
from accreditation.models import Application, ApplicationAssessor, RoleGrant, TransitionRecord
from tests.applications.builders import LONG_COMMENT, application, assign, complete_modules, fire_as, person, start

COORDINATOR = "coord.md@example.org"
HEAD_A = "head.a@example.org"
ASSESSOR = "assessor@example.org"


class Statements:
    """The statements sent while it listens."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __enter__(self) -> list[str]:
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self.seen

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append(statement)


def _submitted(world) -> int:
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    complete_modules(application_id, HEAD_A)
    fire_as(application_id, "start_self_assessment", HEAD_A)
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    return application_id


def test_a_fire_whose_guards_read_only_ids_builds_no_application_entity(ctx, world):
    application_id = start(world, "ciss")
    db.session.expire_all()
    with Statements() as seen:
        fire(application_id, "accept", person(COORDINATOR), {})
    assert not [s for s in seen if s.lstrip().startswith("SELECT applications.id AS applications_id")], seen
    assert not [copy for copy in db.session.identity_map.values() if isinstance(copy, Application)]
    db.session.commit()
    assert application(application_id).state == "implementing"


def test_an_assessors_guard_reads_the_entity_with_its_assignments_in_one_statement(ctx, world, evidence):
    application_id = _submitted(world)
    assign(application_id, ASSESSOR)
    assessor = person(ASSESSOR)
    db.session.expire_all()
    with Statements() as seen:
        fire(application_id, "start_review", assessor, {})
    db.session.commit()
    assert application(application_id).state == "under_review"
    reads = [s for s in seen if s.lstrip().startswith("SELECT") and "FROM applications" in s]
    assert "EXISTS" in reads[0] and "application_assessors" in reads[0]  # the role check: one statement
    lazy = [s for s in seen if s.lstrip().startswith("SELECT application_assessors.")]
    assert not lazy, lazy  # the guard's assignments came with the entity (assessor_assigned), not lazily


def test_a_removed_assignment_or_grant_takes_effect_at_the_next_fire(ctx, world, evidence):
    application_id = _submitted(world)
    assign(application_id, ASSESSOR)
    assessor_id = person(ASSESSOR).id
    read, roles = application_for_fire(application_id, load_principal(person(ASSESSOR).get_id()))
    assert "assessor" in roles
    db.session.execute(delete(ApplicationAssessor).where(ApplicationAssessor.user_id == assessor_id))
    db.session.commit()
    with pytest.raises(NotYours):
        fire(application_id, "start_review", load_principal(person(ASSESSOR).get_id()), {})
    db.session.rollback()

    coordinator = person(COORDINATOR)
    db.session.execute(delete(RoleGrant).where(RoleGrant.user_id == coordinator.id))
    db.session.commit()
    with pytest.raises(NotYours):
        fire(application_id, "start_review", load_principal(coordinator.get_id()), {})
    db.session.rollback()
    assert application(application_id).state == "submitted"


def test_a_stale_version_writes_nothing_and_the_session_copy_follows_the_write(ctx, world):
    application_id = start(world, "ciss")
    copy = db.session.get(Application, application_id)
    assert copy.version == 1
    with pytest.raises(StaleVersion):
        fire(application_id, "accept", person(COORDINATOR), {}, expected_version=0)
    db.session.rollback()
    count = select(TransitionRecord.id).where(TransitionRecord.application_id == application_id)
    assert len(db.session.scalars(count).all()) == 1 and application(application_id).version == 1

    copy = db.session.get(Application, application_id)
    assert copy.state == "applied"
    with Statements() as seen:
        fire(application_id, "accept", person(COORDINATOR), {})
        assert (copy.state, copy.version) == ("implementing", 2)  # shown without reading it again
    assert not [s for s in seen if "SELECT applications.id AS applications_id" in s]
    db.session.commit()


def test_a_copy_at_another_version_is_reloaded_and_guards_see_current_data(ctx, world, evidence):
    application_id = _submitted(world)
    copy = db.session.get(Application, application_id)
    assert copy.assessors == []  # loaded: nobody assigned yet
    db.session.execute(
        insert(ApplicationAssessor).values(application_id=application_id, user_id=person(ASSESSOR).id, role="lead")
    )
    db.session.execute(text("UPDATE applications SET version = version + 5 WHERE id = :id"), {"id": application_id})
    # assessor_assigned reads the entity: it sees the assignment the session's copy had not loaded
    fire(application_id, "start_review", person(COORDINATOR), {})
    assert (copy.state, copy.version) == ("under_review", 10)
    db.session.commit()


def test_the_read_refuses_as_before(ctx, world):
    application_id = start(world, "ciss")
    head = person(HEAD_A)
    read, roles = application_for_fire(application_id, head)
    assert isinstance(read, FireRead) and "school_admin" in roles and read.version == 1
    db.session.execute(text("UPDATE applications SET version = 7 WHERE id = :id"), {"id": application_id})
    again, _ = application_for_fire(application_id, head)
    assert again.version == 7 and again.entity().version == 7  # as stored now
    db.session.rollback()
    with pytest.raises(ApplicationNotFound):
        application_for_fire(999999, head)
    with pytest.raises(NotYours):
        application_for_fire(application_id, person("head.b@example.org"))
