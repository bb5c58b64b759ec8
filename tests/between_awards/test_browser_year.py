"""A school's year between awards in a real Chromium: the head imports the staff's trainings from a CSV, records two
incidents (warned about an e-mail address in one), ticks the calendar's duties, sends the yearly health check and is
told the renewal will be a desk review. At a desktop's and a phone's width, every page axe-clean (no serious or
critical violation) and no wider than the screen. Screenshots go to /tmp/shots/between/."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from accreditation.extensions import db
from accreditation.models import Application
from tests.between_awards.builders import HEAD_A
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe, wider_than_the_screen
from tests.builders import PASSWORD
from tests.review.builders import under_review

SHOTS = Path("/tmp/shots/between")


def _shot(page, name: str) -> None:
    """The page axe-clean and fitting the screen's width, and its screenshot (named after the width)."""
    violations = run_axe(page)
    assert not violations, (name, describe(violations))
    assert wider_than_the_screen(page) is None, name
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_a_school_walks_through_a_year_between_awards(app, world, browser, live_server, tmp_path, width, height):  # noqa: F811
    with app.app_context():
        application_id = under_review(world, "ciss")
        db.session.get(Application, application_id).awarded_at = datetime.now(UTC) - timedelta(days=40)
        db.session.commit()
    recent = (date.today() - timedelta(days=20)).isoformat()
    csv = tmp_path / "trainings.csv"
    csv.write_text(
        "name;role;course;date;provider\n"
        f"Ana Popescu;teacher;online-safety-basics;{recent};CNPAC\n"
        f"Ion Rusu;teacher;safeguarding-online;{recent};CNPAC\n"
        f"Maria Ceban;teacher;online-safety-basics;{recent};CNPAC\n"
        f"Vlad;janitor;online-safety-basics;{recent};CNPAC\n",
        encoding="utf-8",
    )
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    page = context.new_page()
    page.route(AXE_PATH, lambda route: route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript"))
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(HEAD_A)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # Training: the staff numbers, then the platform's CSV, checked, then recorded.
    page.goto(f"/schools/{world.school_a}")
    page.get_by_role("link", name="Staff training").click()
    page.locator("#staff-numbers summary").click()
    page.get_by_label("Teachers").fill("3")
    page.get_by_role("button", name="Save the numbers").click()
    page.get_by_role("link", name="Import a CSV file from a training platform").click()
    page.set_input_files("input[type=file]", str(csv))
    page.get_by_role("button", name="Check the file").click()
    assert "3 rows can be recorded." in page.locator("#summary").inner_text()
    assert "janitor" in page.locator("#rejected").inner_text()
    _shot(page, "1-import-preview")
    page.get_by_role("button", name="Record 3 trainings").click()
    page.get_by_role("link", name="See the register and its coverage").click()
    assert page.locator('#coverage tr[data-role="teacher"]').inner_text().split()[-1] == "100%"
    _shot(page, "2-register")

    # Two incidents; the one with an e-mail address brings the warning, and is saved all the same.
    for description in ("A pupil wrote to mum.x@mail.md at night.", "Offensive messages in a class chat."):
        page.goto(f"/schools/{world.school_a}/incidents/new")
        page.get_by_label("What happened", exact=True).select_option("cyberbullying")
        page.get_by_label("When").fill(recent)
        page.get_by_label("Pupils").check()
        page.get_by_label("What happened, without names").fill(description)
        page.get_by_label("What the school did").fill("Talked with the pupils and their parents.")
        page.get_by_label("Referred to").select_option("md-child-helpline")
        page.get_by_role("button", name="Save the incident").click()
        page.wait_for_load_state()
        if "@" in description:
            assert page.locator("#privacy-warning").is_visible()
            _shot(page, "3-incident-warning-form")
    page.goto(f"/schools/{world.school_a}/incidents")
    assert page.locator('#trends tr[data-category="cyberbullying"]').inner_text().split()[-2] == "2"
    _shot(page, "3-incident-log")

    # The calendar's duties, each ticked with a note.
    page.goto(f"/schools/{world.school_a}/calendar")
    for index in range(page.locator("#duties summary").count()):
        page.locator("#duties summary").first.click()
        page.locator("#duties textarea").first.fill(f"Done, step {index + 1}.")
        page.locator("#duties button.primary").first.click()
        page.wait_for_load_state()
    assert page.locator("#duties summary").count() == 0
    _shot(page, "4-calendar")

    # The health check, and the renewal offered as a desk review.
    page.goto(f"/schools/{world.school_a}/health-check")
    assert page.locator("#renewal-route").get_attribute("data-route") == "full_review"
    page.get_by_role("button", name="Send the health check").click()
    page.wait_for_load_state()
    assert page.locator("#renewal-route").get_attribute("data-route") == "desk_review"
    assert "without visiting the school" in page.locator("#renewal-route").inner_text()
    _shot(page, "5-health-check")
    context.close()
