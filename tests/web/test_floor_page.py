"""The floor page (``/schools/<id>/export``, bench/run.py's smallest signed-in page, issue 27): its school admin's
request reads the person and nothing else; everyone else still gets get_school's answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from accreditation.extensions import db
from tests.applications.web import signed_in


@contextmanager
def statements(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_the_school_admin_s_page_sends_only_the_person_s_statement(app, world):
    client = signed_in(app, "head.a@example.org")
    client.get(f"/schools/{world.school_a}/export")  # settles the session (CSRF secret)
    with statements(app) as seen:
        page = client.get(f"/schools/{world.school_a}/export")
    assert page.status_code == 200
    assert "Liceul Teoretic A" in page.text  # the name, from the membership read with the person
    assert f'action="/schools/{world.school_a}/export"' in page.text
    assert len(seen) == 1 and "FROM users" in seen[0], seen


def test_others_still_get_404_or_403(app, world):
    assert signed_in(app, "head.a@example.org").get("/schools/999999/export").status_code == 404
    for email in ("staff.a@example.org", "head.b@example.org", "coord.md@example.org", "admin@example.org"):
        assert signed_in(app, email).get(f"/schools/{world.school_a}/export").status_code == 403, email
