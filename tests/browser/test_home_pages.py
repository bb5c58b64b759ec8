"""Each role's home page in a real Chromium, on the demo pilot: signing in lands on the to-do list, which names what
the person has to do (or says what will appear there), at a desktop's and a phone's width, axe-core clean, no wider
than the screen, no browser error. A screenshot of each goes to ``SHOTS`` (override with HOME_SHOTS_DIR)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale, gettext

from tests.browser.demo import console_errors, load_demo, sign_in
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, VIEWPORTS, describe, run_axe, wider_than_the_screen

SHOTS = Path(os.environ.get("HOME_SHOTS_DIR", "/tmp/shots/home"))

# Who signs in, and what their home page must say: (a name for the screenshot, e-mail, texts on the page).
ROLES = [
    ("school-admin", "head@demo.example.org", ["What to do next", "To do", "Waiting for others"]),
    ("school-staff", "teacher@demo.example.org", ["What to do next", "To do"]),
    ("assessor", "assessor@demo.example.org", ["Your reviews", "Overdue", "Due within a week", "Assigned to you"]),
    ("coordinator", "coordinator@demo.example.org", ["Schools to verify", "Submissions without an assessor"]),
    ("regional-coordinator", "coordinator.lviv@demo.example.org", ["Schools to verify", "Stalled applications"]),
    ("admin", "admin@demo.example.org", ["Every country", "Awards ending within 90 days"]),
]


# The demo's Moldovan school teaches in Romanian, so its people read their home page in Romanian.
LANGUAGES = {"school-admin": "ro", "school-staff": "ro"}


def _in_language(app, language: str, texts: list[str]) -> list[str]:
    """``texts`` as the product's catalogue writes them in ``language``."""
    with app.test_request_context(), force_locale(language):
        return [gettext(text) for text in texts]


@pytest.fixture
def demo(app, monkeypatch) -> None:
    load_demo(app, monkeypatch)


@pytest.mark.parametrize(("name", "email", "texts"), ROLES, ids=[role[0] for role in ROLES])
def test_each_role_lands_on_its_to_do_list(app, demo, page, name, email, texts):
    texts = _in_language(app, LANGUAGES.get(name, "en"), texts)
    page.route(AXE_PATH, lambda route: route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript"))
    errors = console_errors(page)
    sign_in(page, email)
    assert urlsplit(page.url).path == "/", page.url  # signing in lands on the home page
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/")
        body = page.locator("main").inner_text()
        for text in texts:
            assert text in body, (name, text)
        assert page.locator(".todo-section").count() >= 2
        # Every section lists its items (each a link) or says what will appear there.
        for section in page.locator(".todo-section").all():
            assert section.locator(".todo-item a").count() or section.locator(".todo-empty").count()
        violations = run_axe(page)
        assert not violations, describe(violations)
        assert wider_than_the_screen(page) is None, (name, width)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    assert errors == [], errors


def test_the_regional_coordinator_sees_her_regions_work_not_zeros(demo, page):
    """The Lviv coordinator's list names the schools of her region and links to each."""
    sign_in(page, "coordinator.lviv@demo.example.org")
    page.goto("/")
    items = page.locator("#coordination .todo-item a")
    assert items.count() > 0
    first = items.first.get_attribute("href")
    page.locator("#coordination .todo-item a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(first)
