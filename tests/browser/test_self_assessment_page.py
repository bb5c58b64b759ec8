"""The self-assessment in a real browser: the script saves as the person types, a dropped connection keeps the
text and saves it when the connection is back, and the plain Save button works without the script."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Answer
from tests.assessment.builders import HEAD_A, framework_of, ready_for_answers
from tests.builders import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _saved(app, code: str) -> tuple[int | None, str] | None:
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.criterion_code == code))
        return (answer.level, answer.commentary) if answer else None


def test_answers_are_saved_as_the_school_types_even_across_a_dropped_connection(app, world, page):
    with app.app_context():
        application_id = ready_for_answers(world)
        criterion = framework_of().criteria[0]
        total = len(framework_of().criteria)
    _sign_in(page, HEAD_A)
    page.goto(f"/applications/{application_id}/self-assessment")
    missing = page.locator("#submission #missing")
    assert f"{total} criteria without an answer" in missing.inner_text()
    fieldset = page.locator(f"#criterion-{criterion.code}")
    fieldset.locator(f"input[type=radio][value='{criterion.benchmark}']").check()
    fieldset.locator("textarea").fill("Typed in the browser and saved by the script.")
    status = fieldset.locator("[data-status]")
    status.filter(has_text=re.compile(r"^Saved \d")).wait_for(timeout=15_000)
    assert _saved(app, criterion.code) == (criterion.benchmark, "Typed in the browser and saved by the script.")
    assert page.locator(f"#progress-{criterion.area} span").inner_text().strip().startswith("1/")
    assert page.locator("#progress").inner_text().startswith("1 of ")
    # The "Before you submit" box follows without a reload.
    assert f"{total - 1} criteria without an answer" in missing.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "self-assessment.png"), full_page=True)

    # The connection drops while typing: the page says so, keeps the text, and saves it once it is back.
    page.context.set_offline(True)
    fieldset.locator("textarea").fill("Typed while the connection was down.")
    status.filter(has_text="connection was lost").wait_for(timeout=15_000)
    assert _saved(app, criterion.code)[1] == "Typed in the browser and saved by the script."
    page.context.set_offline(False)
    status.filter(has_text=re.compile(r"^Saved \d")).wait_for(timeout=30_000)
    assert _saved(app, criterion.code)[1] == "Typed while the connection was down."


def test_the_plain_save_button_works_without_javascript(app, world, browser, live_server):
    with app.app_context():
        application_id = ready_for_answers(world)
        criterion = framework_of().areas[0].criteria[0]
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, HEAD_A)
        page.goto(f"/applications/{application_id}/self-assessment")
        fieldset = page.locator(f"#criterion-{criterion.code}")
        fieldset.locator("input[type=radio]").first.check()
        fieldset.locator("textarea").fill("Saved with the button, no script.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_text("Saved: 1 answer(s)").is_visible()
        assert _saved(app, criterion.code) == (1, "Saved with the button, no script.")
        # Saving again with nothing changed says so, rather than "Saved: 0 answer(s)".
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_text("were already saved").is_visible()
        assert _saved(app, criterion.code) == (1, "Saved with the button, no script.")
    finally:
        context.close()


def test_documents_results_and_action_plan_pages_show_their_figures(app, world, page):
    from tests.assessment.builders import answer_all, upload_required
    from tests.assessment.test_results import _submitted_school

    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id, level=2)
        upload_required(application_id)
        for index, level in enumerate((3, 4, 5)):
            _submitted_school(world, f"Peer School {index}", f"MD-80{index}", "MD-CU", level)
    _sign_in(page, HEAD_A)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"/applications/{application_id}/documents")
    assert page.get_by_role("heading", name="Uploaded documents").is_visible()
    page.screenshot(path=str(ARTIFACTS / "documents.png"), full_page=True)
    page.goto(f"/applications/{application_id}/results")
    assert page.locator("svg.chart").is_visible()
    assert "Peer School" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)
    page.goto(f"/applications/{application_id}/action-plan")
    page.locator("button.tick").first.click()
    page.wait_for_load_state()
    assert page.locator("li.done").count() == 1
    page.screenshot(path=str(ARTIFACTS / "action-plan.png"), full_page=True)
