"""The review page reads a per-process read model checked by one stamp query on every request: nothing the stamp
covers can go stale (each stamped thing is changed by another session, as another worker would, and the very next
request shows it), the model is reused while nothing changed, and it holds no ORM entity, so rendering it can
trigger no lazy load."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, select, update

from accreditation.extensions import db
from accreditation.models import Application, ApplicationAssessor, Judgment, Review, School, Snapshot
from accreditation.models.time import utcnow
from accreditation.review import page_model
from tests.applications.builders import person
from tests.applications.web import signed_in
from tests.review.builders import LEAD, MODERATOR, add_second_assessor, criteria, judge, under_review

CASE_TABLES = ("snapshot_answers", "snapshot_documents")  # read only when the model is built


@pytest.fixture
def opened(app, world) -> Iterator[tuple[int, list[str]]]:
    """An application under review whose round the lead assessor opened by coming to the page."""
    with app.app_context():
        application_id = under_review(world)
        codes = [criterion.code for criterion in criteria(application_id)]
        db.session.remove()
    assert signed_in(app, LEAD).get(f"/applications/{application_id}/review").status_code == 200
    yield application_id, codes


@contextmanager
def statements(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _builds(seen: list[str]) -> int:
    return sum(1 for statement in seen if any(f"FROM {table}" in statement for table in CASE_TABLES))


def _change(app, statement) -> None:
    """Another session writes and commits, as another worker would."""
    with app.app_context():
        db.session.execute(statement)
        db.session.commit()
        db.session.remove()


def _page(client, application_id: int, code: str | None = None) -> str:
    query = f"?criterion={code}" if code else ""
    response = client.get(f"/applications/{application_id}/review{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_model_is_reused_while_nothing_changed(app, opened):
    application_id, codes = opened
    client = signed_in(app, LEAD)
    _page(client, application_id, codes[0])
    with statements(app) as seen:
        html = _page(client, application_id, codes[1])
    assert _builds(seen) == 0, seen
    assert 'id="judgment-form"' in html and 'name="csrf_token"' in html
    with app.app_context():
        judge(application_id, codes[0], "insufficient", comment="The policy is unsigned.", gap="minor")
        db.session.remove()
    with statements(app) as seen:
        html = _page(client, application_id, codes[0])
    assert _builds(seen) > 0  # the check above could fail: a changed stamp rebuilds
    assert "The policy is unsigned." in html


def test_every_stamped_thing_shows_on_the_next_request(app, opened):
    application_id, codes = opened
    client = signed_in(app, LEAD)
    first = codes[0]
    assert "to judge" in _page(client, application_id, first)

    # a judgment saved elsewhere (count), then changed (last update), then removed
    with app.app_context():
        judge(application_id, first, "insufficient", comment="Unsigned policy.", gap="minor")
        db.session.remove()
    assert "Unsigned policy." in _page(client, application_id, first)
    with app.app_context():
        judge(application_id, first, "insufficient", comment="Still unsigned.", gap="minor")
        db.session.remove()
    assert "Still unsigned." in _page(client, application_id, first)
    _change(app, delete(Judgment).where(Judgment.criterion_code == first))
    html = _page(client, application_id, first)
    assert "Still unsigned." not in html and re.search(r"0 of \d+ criteria judged", html)

    # the school's name (shown in the title)
    with app.app_context():
        school_id = db.session.get(Application, application_id).school_id
        db.session.remove()
    _change(app, update(School).where(School.id == school_id).values(name="Renamed School"))
    assert "Renamed School" in _page(client, application_id, first)

    # the round's review decided (its reviews), then the application's state and version
    reviews = update(Review).where(Review.application_id == application_id)
    _change(app, reviews.values(decision="rejected", decided_at=utcnow()))
    assert "This round has been decided" in _page(client, application_id, first)
    _change(app, reviews.values(decision=None, decided_at=None))
    assert 'id="judgment-form"' in _page(client, application_id, first)
    with app.app_context():
        state = db.session.get(Application, application_id).state
        db.session.remove()
    _change(
        app, update(Application).where(Application.id == application_id).values(state="self_assessment", version=99)
    )
    html = _page(client, application_id, first)
    assert 'id="judgment-form"' not in html and 'id="read-only"' in html
    _change(app, update(Application).where(Application.id == application_id).values(state=state, version=100))
    assert 'id="judgment-form"' in _page(client, application_id, first)

    # a new round (the latest snapshot)
    with app.app_context():
        snapshot = db.session.scalar(select(Snapshot).where(Snapshot.application_id == application_id))
        copy = {c.key: getattr(snapshot, c.key) for c in Snapshot.__table__.columns if c.key != "id"}
        later = snapshot.round + 1
        db.session.add(Snapshot(**{**copy, "round": later, "submitted_at": utcnow()}))
        db.session.commit()
        db.session.remove()
    assert f"Review of round {later}" in _page(client, application_id)

    # the assessors: the lead replaced by another assessor loses the page at once
    with app.app_context():
        other = add_second_assessor().id
        db.session.remove()
    _change(
        app,
        update(ApplicationAssessor).where(ApplicationAssessor.application_id == application_id).values(user_id=other),
    )
    assert client.get(f"/applications/{application_id}/review").status_code == 403
    assert signed_in(app, MODERATOR).get(f"/applications/{application_id}/review").status_code == 200


def _walk(value, seen: set[int]) -> Iterator[object]:
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _walk(getattr(value, item.name), seen)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _walk(item, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, seen)
            yield from _walk(item, seen)


def test_the_cached_model_holds_no_orm_entity(app, opened):
    application_id, codes = opened
    with app.app_context():
        judge(application_id, codes[0], "agree")
        db.session.remove()
    _page(signed_in(app, LEAD), application_id, codes[0])
    model = app.extensions["review_read_models"].models[application_id]
    found = list(_walk(model, set()))
    assert any(isinstance(item, page_model.JudgmentRow) for item in found)  # the walk reaches the rows
    entities = [item for item in found if isinstance(item, db.Model)]
    assert entities == []
    # and none of its rows can reach the database: a frozen copy answers everything the template reads
    with app.app_context():
        db.session.remove()
    row = next(row for row in model.rows if row.judgment is not None)
    assert row.status == "judged" and row.revision > 0 and row.judgment.updated_at <= utcnow() + timedelta(1)


def test_a_stranger_and_a_missing_application_are_refused(app, opened):
    application_id, _codes = opened
    with app.app_context():
        person(LEAD)  # the world's people exist
        db.session.remove()
    assert signed_in(app, "head.a@example.org").get(f"/applications/{application_id}/review").status_code in (403, 404)
    assert signed_in(app, LEAD).get("/applications/999999/review").status_code == 404
