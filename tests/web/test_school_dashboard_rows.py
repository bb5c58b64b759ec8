"""The school dashboard reads plain rows: its school by one narrow statement (no region or country joined: the page
names them through the geography filters) and its applications as rows, with the same answers and refusals as
before."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from accreditation.extensions import db
from tests.applications.builders import start
from tests.builders import sign_in


@contextmanager
def statements(app):
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _applications_read(seen: list[str]) -> list[str]:
    return [s for s in seen if "FROM applications" in s and "WHERE applications.school_id" in s]


def test_the_dashboard_shows_its_school_and_applications_from_rows(app, client, world):
    with app.app_context():
        start(world, "ciss")
        db.session.remove()
    sign_in(client, world.emails["school_admin_a"])
    client.get(f"/schools/{world.school_a}")
    with statements(app) as seen:
        page = client.get(f"/schools/{world.school_a}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Liceul Teoretic A" in text and "MD-CU" in text
    assert 'id="programmes-heading"' in text and "/applications/" in text  # the application's row links to it
    school_reads = [s for s in seen if "FROM schools" in s and "JOIN memberships" not in s and "users" not in s]
    assert len(school_reads) <= 1 and not any("JOIN regions" in s or "JOIN countries" in s for s in school_reads)
    reads = _applications_read(seen)
    assert len(reads) == 1 and "applications.created_at" not in reads[0]  # the columns shown, not the entity


def _as(app, email: str):
    client = app.test_client()
    sign_in(client, email)
    return client


def test_the_dashboard_refuses_strangers_and_missing_schools(app, world):
    other = _as(app, world.emails["school_admin_b"])
    assert other.get(f"/schools/{world.school_a}").status_code == 403
    assert other.get("/schools/999999").status_code == 404
    # a coordinator of a Ukrainian region only, then Moldova's
    assert _as(app, world.emails["coordinator_ua"]).get(f"/schools/{world.school_a}").status_code == 403
    assert _as(app, world.emails["coordinator_md"]).get(f"/schools/{world.school_a}").status_code == 200
