"""A calibration exercise in a real Chromium: the coordinator sets it up on a past submission and invites three
assessors, each judges it blind in their own browser and sees their result beside the consensus, and the
coordinator reads the results page (a screenshot is kept in test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

from tests.assessor_quality.builders import decided, three_assessors
from tests.builders import PASSWORD
from tests.review.builders import COORDINATOR, LEAD, MODERATOR

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
THIRD = "third@example.org"


def _sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _judge(browser, live_server, email: str, shift: int) -> str:
    """``email`` judges every criterion at level 3, the first three at 3 - ``shift``; the page they land on."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _sign_in(page, email)
        page.goto("/quality")
        page.get_by_role("link", name="Spring calibration").click()
        codes = page.locator("fieldset.criterion").evaluate_all("els => els.map(e => e.id.replace('criterion-', ''))")
        assert len(codes) > 3
        for index, code in enumerate(codes):
            level = 3 - shift if index < 3 else 3
            page.locator(f"input[name='level-{code}'][value='{level}']").check()
        page.get_by_role("button", name="Send my judgments").click()
        page.wait_for_load_state()
        assert page.get_by_text("Thank you: your judgments are in.").is_visible()
        return page.content()
    finally:
        context.close()


def test_three_assessors_calibrate_and_the_coordinator_reads_the_results(app, world, browser, live_server):
    with app.app_context():
        three_assessors()
        decided(world)
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _sign_in(page, COORDINATOR)
        page.goto("/quality")
        page.get_by_role("link", name="New calibration exercise").click()
        page.get_by_label("Title").fill("Spring calibration")
        for name in ("Artem Assessor", "Sofia Second", "Tomas Third"):
            page.get_by_label(name).check()
        page.get_by_role("button", name="Invite them").click()
        page.wait_for_load_state()
        assert page.get_by_text("0 of 3 invited assessors have judged.").is_visible()
        results_url = page.url
    finally:
        context.close()

    mine = [_judge(browser, live_server, email, shift) for email, shift in ((LEAD, 0), (MODERATOR, 1), (THIRD, 2))]
    assert "Your distance from the consensus" in mine[-1]
    assert "Artem Assessor" not in mine[-1] and "Sofia Second" not in mine[-1]

    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _sign_in(page, COORDINATOR)
        page.goto(results_url)
        assert page.get_by_text("3 of 3 invited assessors have judged.").is_visible()
        alpha = page.locator("#alpha").inner_text()
        assert alpha.replace(".", "").replace("-", "").isdigit(), alpha
        rows = page.locator("#assessor-results tbody tr")
        assert rows.count() == 3
        assert rows.first.locator("th").inner_text() == "Sofia Second"  # on the consensus: closest first
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "calibration-results.png"), full_page=True)
    finally:
        context.close()
