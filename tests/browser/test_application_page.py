"""The school's application page in a real Chromium at a desktop's and a phone's width: in progress, returned for
changes (one primary action: the first returned criterion; sending is secondary), and once every returned criterion
is changed (sending is the primary); the history in plain words. The assessor's page leads to the review by a link.
axe-core finds nothing serious, nothing is wider than the phone; screenshots go to /tmp/shots/polish/."""

from __future__ import annotations

from pathlib import Path

import pytest

from accreditation.applications import commit_and_relay
from accreditation.assessment.answers import AnswerInput, save_answers, workspace
from accreditation.extensions import db
from accreditation.models import User
from accreditation.review import decisions
from accreditation.review.assignment import assign_assessor
from tests.applications.builders import LONG_COMMENT, fire_as, person
from tests.applications.conftest import sent  # noqa: F401  (fixture: the outbox relay recorded, not sent)
from tests.assessment.builders import GOOD_COMMENTARY, answer_all, ready_for_answers, upload_required
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe, wider_than_the_screen
from tests.builders import PASSWORD
from tests.review.builders import COORDINATOR, HEAD_A, LEAD, criteria, judge_all, submitted, version

SHOTS = Path("/tmp/shots/polish")


def _english() -> None:
    for user in db.session.query(User).all():
        user.language = "en"  # the texts asserted (school A teaches in Romanian)
    db.session.commit()


def _sign_in(page, email_address: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email_address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _check(page, name: str, width: int, found: dict[str, list[str]]) -> None:
    """axe-core on the page as it is, the phone's reflow, and a screenshot."""
    violations = run_axe(page)
    overflow = wider_than_the_screen(page) if width < 600 else None
    if violations or overflow:
        found[f"{name} at {width}px"] = describe(violations) + ([f"reflow: {overflow}"] if overflow else [])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _person(browser, live_server, width: int, email: str):
    viewport = {"width": width, "height": 900 if width > 600 else 844}
    context = browser.new_context(base_url=live_server, viewport=viewport)
    context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE_SCRIPT)))
    page = context.new_page()
    _sign_in(page, email)
    return context, page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_school_reads_its_application_in_plain_words_with_one_primary_action(
    app, world, browser, live_server, width
):
    with app.app_context():
        _english()
        application_id = ready_for_answers(world, "esafety-label")
        space = workspace(application_id, person(HEAD_A), start=True)
        first = [AnswerInput(c.code, c.benchmark, GOOD_COMMENTARY, 0) for c in space.framework.criteria[:12]]
        save_answers(application_id, person(HEAD_A), first)
        db.session.commit()
        db.session.remove()
    found: dict[str, list[str]] = {}
    context, school = _person(browser, live_server, width, HEAD_A)
    try:
        # --- in progress: continuing the self-assessment is the one primary action --------------------------------
        school.goto(f"/applications/{application_id}")
        now = school.locator("#now")
        assert now.locator(".button.primary").count() == 1
        assert "12 of 18 answered" in school.locator("#now-text").inner_text()
        assert "Since" in school.locator(".facts").inner_text()
        history = school.locator("section[aria-labelledby=history-heading]").inner_text()
        assert "Head A started the self-assessment." in history and "→" not in history
        _check(school, "application-in-progress", width, found)

        # --- everything answered: sending is the one primary action; sent, assigned, returned by the assessor -----
        with app.app_context():
            answer_all(application_id)
            upload_required(application_id)
            db.session.remove()
        school.goto(f"/applications/{application_id}")
        assert now.locator(".button.primary").count() == 1
        assert "primary" in (school.locator("#send-button").get_attribute("class") or "")
        school.locator("#submit-comment").fill(LONG_COMMENT)
        school.locator("#send-button").click()
        school.wait_for_load_state()
        assert school.locator("#problem").count() == 0
        with app.app_context():
            assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
            commit_and_relay()
            db.session.remove()
        _returned(app, application_id)
        school.goto(f"/applications/{application_id}")
        assert now.locator(".button.primary").count() == 1
        assert now.locator("#primary-action").is_visible()
        assert "primary" not in (school.locator("#send-button").get_attribute("class") or "")
        history = school.locator("section[aria-labelledby=history-heading]").inner_text()
        assert "The assessor returned your self-assessment for more work." in history
        assert "→" not in history and "(assessor)" not in history
        _check(school, "application-returned", width, found)

        # --- every returned criterion changed: sending is the primary again ---------------------------------------
        with app.app_context():
            answers = workspace(application_id, person(HEAD_A)).answers()
            codes = [c.code for c in criteria(application_id)[:2]]
            mended = [
                AnswerInput(code, answers[code].level, answers[code].commentary + " Mended.", answers[code].revision)
                for code in codes
            ]
            save_answers(application_id, person(HEAD_A), mended)
            db.session.commit()
            db.session.remove()
        school.goto(f"/applications/{application_id}")
        assert now.locator(".button.primary").count() == 1
        assert "primary" in (school.locator("#send-button").get_attribute("class") or "")
        _check(school, "application-changes-made", width, found)
    finally:
        context.close()
    assert not found, found


def _returned(app, application_id: int) -> None:
    """The lead opens the review, finds two criteria wanting and returns the self-assessment."""
    with app.app_context():
        fire_as(application_id, "start_review", LEAD)
        wanting = criteria(application_id)[:2]
        judge_all(
            application_id,
            except_={
                wanting[0].code: {"verdict": "insufficient", "comment": "Upload the signed log.", "gap": "minor"},
                wanting[1].code: {"verdict": "insufficient", "comment": "Say when the others follow.", "gap": "minor"},
            },
        )
        decisions.request_changes(application_id, person(LEAD), version(application_id), "Two things to mend.")
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_assessor_goes_to_the_review_by_a_link(app, world, browser, live_server, width):
    with app.app_context():
        _english()
        application_id = submitted(world, "esafety-label")
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
        commit_and_relay()
        db.session.remove()
    found: dict[str, list[str]] = {}
    context, assessor = _person(browser, live_server, width, LEAD)
    try:
        assessor.goto(f"/applications/{application_id}")
        assert assessor.locator("#event-start_review").count() == 0
        _check(assessor, "assessor-application", width, found)
        assessor.locator("#open-review").click()
        assessor.wait_for_load_state()
        assert assessor.url.endswith(f"/applications/{application_id}/review")
        assessor.goto(f"/applications/{application_id}")
        assert assessor.locator("#state").inner_text().strip() == "Under review"
    finally:
        context.close()
    assert not found, found
