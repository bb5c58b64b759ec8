"""The layout's kept parts (accreditation/layout.py): people with different roles, schools, names or languages never
see each other's navigation or footer, and each page carries its own request's CSRF token and return address."""

from __future__ import annotations

import re

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.models import User
from tests.builders import csrf_token, sign_in


def _navigation(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def test_people_with_different_roles_never_see_each_others_navigation(app, world):
    people = {
        key: app.test_client() for key in ("coordinator_md", "school_admin_a", "school_staff_a", "assessor", "admin")
    }
    for key, client in people.items():
        sign_in(client, world.emails[key])
    for _round in range(2):  # the second round is served from the kept parts
        for key, client in people.items():
            html = client.get("/me").get_data(as_text=True)
            navigation = _navigation(html)
            names = {
                "coordinator_md": "Mira Coordinator",
                "school_admin_a": "Head A",
                "school_staff_a": "Staff A",
                "assessor": "Artem Assessor",
                "admin": "Ada Admin",
            }
            assert names[key] in navigation
            assert [name for other, name in names.items() if other != key and name in navigation] == []
            assert ("Liceul Teoretic A" in navigation) == (key in ("school_admin_a", "school_staff_a"))
            assert ("/coordinate/dashboard" in navigation) == (key in ("coordinator_md", "admin"))
            assert ("/reviews" in navigation or "My reviews" in navigation) == (key == "assessor")


def test_two_languages_keep_their_own_layout(app, world):
    english, ukrainian = app.test_client(), app.test_client()
    sign_in(english, world.emails["school_admin_a"])
    sign_in(ukrainian, world.emails["school_admin_b"])  # Lviv School B teaches in Ukrainian: its head reads it
    for _round in range(2):
        first = english.get("/me").get_data(as_text=True)
        second = ukrainian.get("/me").get_data(as_text=True)
        assert '<option value="en" lang="en" selected>' in _footer(first)
        assert '<option value="uk" lang="uk" selected>' in _footer(second)
        assert "Sign out" in _navigation(first) and "Sign out" not in _navigation(second)


def test_each_page_has_its_own_csrf_token_and_return_address(app, world):
    first, second = app.test_client(), app.test_client()
    sign_in(first, world.emails["school_staff_a"])
    sign_in(second, world.emails["school_staff_a"])  # the same person in two browsers: the same layout key
    page_one = first.get("/me").get_data(as_text=True)
    page_two = second.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert csrf_token(_navigation(page_one)) != csrf_token(_navigation(page_two))  # each session's own
    assert 'name="next" value="/me?"' in _footer(page_one)
    assert f'name="next" value="/schools/{world.school_a}?"' in _footer(page_two)
    assert "\x00" not in page_one + page_two  # no marker left unfilled
    # The token in the kept navigation works: signing out through it ends that browser's session only.
    answer = second.post("/sign-out", data={"csrf_token": csrf_token(_navigation(page_two))})
    assert answer.status_code == 302
    assert second.get("/me").status_code == 302
    assert first.get("/me").status_code == 302  # signing out ends every session of the person (session epoch)


def test_a_new_name_shows_in_the_navigation_on_the_next_request(app, client, world):
    sign_in(client, world.emails["school_staff_a"])
    assert "Staff A" in _navigation(client.get("/me").get_data(as_text=True))
    with app.app_context():
        db.session.execute(update(User).where(User.email == world.emails["school_staff_a"]).values(name="Stela A"))
        db.session.commit()
    navigation = _navigation(client.get("/me").get_data(as_text=True))
    assert "Stela A" in navigation and not re.search(r"\bStaff A\b", navigation)
