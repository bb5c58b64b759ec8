"""Every signed-in page loads its user once: grants, memberships and the member's schools (with region and country)
in one statement, so the navigation, the page's language and a school's own pages ask nothing more of them."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from accreditation.extensions import db
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


def test_a_members_page_without_data_of_its_own_costs_one_statement(app, client, world):
    sign_in(client, world.emails["school_admin_a"])
    client.get("/verify")
    with statements(app) as seen:
        page = client.get("/verify")
    assert page.status_code == 200
    assert "Liceul Teoretic A" in page.get_data(as_text=True)  # the navigation names the school
    assert len(seen) == 1, seen


def test_the_school_dashboard_does_not_load_its_school_again(app, client, world):
    sign_in(client, world.emails["school_staff_a"])
    client.get(f"/schools/{world.school_a}")
    with statements(app) as seen:
        page = client.get(f"/schools/{world.school_a}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "MD-CU" in text  # the region comes with the school
    # The person is a read model (accreditation/identity.py) naming their schools; the page loads its school (with
    # its region and country) once.
    assert len([s for s in seen if "FROM schools" in s and "JOIN memberships" not in s and "users" not in s]) <= 1, seen
