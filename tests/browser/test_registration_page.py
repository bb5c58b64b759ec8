"""People and time in a real Chromium, on the demo pilot: the registration form's region list follows the chosen
country (the script), at a phone's width; the form is axe-core clean at a desktop's and a phone's width, no wider
than the screen, with no browser error; the certified schools list keeps its words whole on a phone; the results
chart and the account page as they look. Screenshots go to ``SHOTS`` (override with PEOPLE_SHOTS_DIR); the no-JS
fallback is tested over HTTP in tests/web/test_people_and_time.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Application, School
from tests.browser.demo import console_errors, load_demo, sign_in
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, VIEWPORTS, describe, run_axe, wider_than_the_screen

SHOTS = Path(os.environ.get("PEOPLE_SHOTS_DIR", "/tmp/shots/people"))

# The words of the cells matching the selector that run over two lines (a break after a hyphen is a word's own).
WORDS_CUT = """(selector) => {
  const cut = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\-\\u2010]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""


@pytest.fixture
def demo(app, monkeypatch) -> None:
    load_demo(app, monkeypatch)


def _axe(page) -> None:
    page.route(AXE_PATH, lambda route: route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript"))


def _regions_offered(page) -> set[str]:
    return set(page.locator("#region option").evaluate_all("(options) => options.map((o) => o.value)")) - {""}


def _countries(page) -> set[str]:
    return set(page.locator("#region optgroup").evaluate_all("(groups) => groups.map((g) => g.dataset.country)"))


def test_the_region_list_follows_the_chosen_country_on_a_phone(demo, page):
    _axe(page)
    errors = console_errors(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/register")
    assert page.locator("#language").input_value() == ""  # no language chosen for the school
    everything = _regions_offered(page)
    assert len(_countries(page)) > 2 and len(everything) > 100  # no country yet: every region, by country

    page.locator("#country").select_option("MD")
    assert _countries(page) == {"MD"}
    moldovan = _regions_offered(page)
    assert moldovan and all(code.startswith("MD-") for code in moldovan)
    assert "regions of the country chosen above" in page.locator("#region-hint").inner_text()
    page.locator("#region").select_option("MD-CU")
    page.screenshot(path=str(SHOTS / "register-moldova-390.png"), full_page=True)

    page.locator("#country").select_option("UA")  # another country: its regions, and the Moldovan one let go
    assert _countries(page) == {"UA"}
    assert all(code.startswith("UA-") for code in _regions_offered(page))
    assert page.locator("#region").input_value() == ""
    page.locator("#country").select_option("")  # no country: every region again
    assert _regions_offered(page) == everything
    assert errors == [], errors


def test_the_registration_page_is_accessible_at_both_widths_with_and_without_errors(demo, page):
    _axe(page)
    errors = console_errors(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/register")
        page.locator("#country").select_option("MD")
        violations = run_axe(page)
        assert not violations, describe(violations)
        assert wider_than_the_screen(page) is None, width
        page.screenshot(path=str(SHOTS / f"register-{width}.png"), full_page=True)
        # Sent without a language of teaching: the form says so beside the field.
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert "Choose the school’s language of teaching." in page.locator("#language-error").inner_text()
        assert page.locator("#country").input_value() == "MD" and _countries(page) == {"MD"}
        violations = run_axe(page)
        assert not violations, describe(violations)
        assert wider_than_the_screen(page) is None, width
        page.screenshot(path=str(SHOTS / f"register-refused-{width}.png"), full_page=True)
    refused = "status of 422"  # the refused form itself answers 422, as it should; nothing else may go wrong
    assert [error for error in errors if refused not in error] == [], errors


def test_the_certified_list_keeps_its_words_whole_on_a_phone(demo, page):
    _axe(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/certified/esafety-label")
        assert page.locator("#certified tbody tr").count() > 0
        assert page.evaluate(WORDS_CUT, "#certified td, #certified th") == []
        assert wider_than_the_screen(page) is None, width
        violations = run_axe(page)
        assert not violations, describe(violations)
        page.screenshot(path=str(SHOTS / f"certified-{width}.png"), full_page=True)


def test_the_results_chart_and_the_account_page_as_a_school_sees_them(app, demo, page):
    with app.app_context():
        application_id = db.session.scalar(
            select(Application.id)
            .join(School, School.id == Application.school_id)
            .where(School.national_id == "MD-CU-0101")
        )
        db.session.remove()
    _axe(page)
    errors = console_errors(page)
    sign_in(page, "head@demo.example.org")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/applications/{application_id}/results")
        chart = page.locator("svg.chart")
        assert chart.locator("line.benchmark").count() > 0
        assert wider_than_the_screen(page) is None, width
        violations = run_axe(page)
        assert not violations, describe(violations)
        page.screenshot(path=str(SHOTS / f"results-{width}.png"), full_page=True)
        page.goto("/me")
        assert "Europe/Chisinau" in page.locator("#timezone option:checked").inner_text()
        violations = run_axe(page)
        assert not violations, describe(violations)
        page.screenshot(path=str(SHOTS / f"account-{width}.png"), full_page=True)
    assert errors == [], errors
