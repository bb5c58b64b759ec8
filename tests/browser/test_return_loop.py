"""The return-for-changes loop in a real Chromium, at a desktop's and a phone's width: the assessor returns the
submission with a comment → the school's admin has the e-mail listing the criterion, sees the banner on the
application page and the criterion marked in the self-assessment → changes the answer and resubmits (an untouched
criterion asks for a tick on the same page) → the assessor's round-2 page shows the round-1 comment and the change.
axe-core finds nothing serious on the changed pages; a screenshot of each goes to /tmp/shots/loop/."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from accreditation.applications import run_job
from accreditation.extensions import db
from accreditation.models import Application, OutboxJob
from tests.applications.builders import LONG_COMMENT
from tests.applications.conftest import sent  # noqa: F401  (fixture: the outbox relay recorded, not sent)
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe, wider_than_the_screen
from tests.builders import PASSWORD
from tests.review.builders import HEAD_A, LEAD, criteria, judge_all, under_review

SHOTS = Path("/tmp/shots/loop")
COMMENT_0 = "The training log is missing: please upload the signed log."
COMMENT_1 = "Only two classes so far; say when the others follow."
MENDED = " The signed training log is now uploaded, with the dates of every session."


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


def _mail(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def _run_new_jobs(app, application_id: int, before: set[int]) -> None:
    """What a worker would do after the commit: run the outbox jobs the step recorded."""
    with app.app_context():
        for job in db.session.query(OutboxJob).filter_by(application_id=application_id).all():
            if job.id not in before:
                run_job(job.id)
        db.session.remove()


def _job_ids(app, application_id: int) -> set[int]:
    with app.app_context():
        ids = {job.id for job in db.session.query(OutboxJob).filter_by(application_id=application_id).all()}
        db.session.remove()
    return ids


@pytest.mark.parametrize("width", [1280, 390])
def test_the_return_for_changes_loop_end_to_end(app, world, browser, live_server, width):
    with app.app_context():
        application_id = under_review(world, "esafety-label")
        found_criteria = criteria(application_id)
        first, second = found_criteria[0], found_criteria[1]
        judge_all(
            application_id,
            except_={
                first.code: {"verdict": "insufficient", "comment": COMMENT_0, "gap": "minor"},
                second.code: {"verdict": "insufficient", "comment": COMMENT_1, "gap": "minor"},
            },
        )
        titles = (first.title.in_("en"), second.title.in_("en"))
        db.session.remove()
    found: dict[str, list[str]] = {}
    viewport = {"width": width, "height": 900 if width > 600 else 844}
    assessor_context = browser.new_context(base_url=live_server, viewport=viewport)
    school_context = browser.new_context(base_url=live_server, viewport=viewport)
    for context in (assessor_context, school_context):
        context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE_SCRIPT)))
    assessor, school = assessor_context.new_page(), school_context.new_page()
    try:
        # --- the assessor returns the submission with a comment ------------------------------------------------
        _sign_in(assessor, LEAD)
        assessor.goto(f"/applications/{application_id}/review/decision")
        before = _job_ids(app, application_id)
        decision = assessor.locator("#decision-changes")
        decision.locator("textarea").fill("Two criteria need their evidence; the rest is convincing.")
        decision.locator("button[type=submit]").click()
        assessor.wait_for_load_state()
        _run_new_jobs(app, application_id, before)

        # --- the e-mail is in the outbox: the two criteria with the comments ----------------------------------
        [message] = [m for m in _mail(app) if m["To"] == HEAD_A and "returned" in m["Subject"]]
        body = message.get_body(("plain",)).get_content()
        assert all(title in body for title in titles) and COMMENT_0 in body and COMMENT_1 in body

        # --- the school: the banner, the marked criterion, "Before you submit" --------------------------------
        _sign_in(school, HEAD_A)
        school.goto(f"/applications/{application_id}")
        banner = school.locator("#returned-banner")
        assert banner.is_visible() and "Returned for changes: 2 criteria to look at." in banner.inner_text()
        assert school.locator("#step-self_assess").get_attribute("aria-current") == "step"
        _check(school, "application-returned", width, found)
        school.locator("#returned-link").click()
        school.wait_for_load_state()
        note = school.locator(f"#returned-{first.code}")
        assert note.is_visible() and COMMENT_0 in note.inner_text() and "Not changed yet" in note.inner_text()
        assert titles[0] in school.locator("#unaddressed").inner_text()
        _check(school, "self-assessment-returned", width, found)
        school.goto(f"/applications/{application_id}/feedback")
        school.get_by_role("link", name=titles[0]).first.click()
        school.wait_for_load_state()
        assert school.locator(f"#returned-{first.code}").is_visible()

        # --- the school changes the first answer, tries to send, ticks the box for the second ----------------
        commentary = school.locator(f"#commentary-{first.code}")
        commentary.fill(commentary.input_value() + MENDED)
        school.locator("#area-form button[name=then][value=stay]").click()
        school.wait_for_load_state()
        assert "You have changed this since it was returned." in school.locator(f"#returned-{first.code}").inner_text()
        school.goto(f"/applications/{application_id}")
        form = school.locator("#event-submit")
        form.locator("textarea[name=comment]").fill(LONG_COMMENT)
        assert titles[1] in school.locator("#send-as-is").inner_text()
        _check(school, "application-send-again", width, found)
        form.locator("button[type=submit]").click()
        school.wait_for_load_state()
        assert "tick the box" in school.locator("#problem").inner_text()  # refused on the same page
        form = school.locator("#event-submit")
        form.locator("textarea[name=comment]").fill(LONG_COMMENT)
        form.locator("input[name=send_as_is]").check()
        form.locator("button[type=submit]").click()
        school.wait_for_load_state()
        assert school.locator("#problem").count() == 0
        assert school.locator("#returned-banner").count() == 0
        assert school.locator("#step-review").get_attribute("aria-current") == "step"
        _check(school, "application-sent", width, found)
        with app.app_context():
            assert db.session.get(Application, application_id).state == "submitted"
            db.session.remove()

        # --- round 2: the assessor sees the round-1 comment and what changed -----------------------------------
        assessor.goto(f"/applications/{application_id}")
        assessor.locator("#open-review").click()  # the review opens on its first visit
        assessor.wait_for_load_state()
        assessor.goto(f"/applications/{application_id}/review?criterion={first.code}")
        previous = assessor.locator("#previous-round")
        assert COMMENT_0 in previous.inner_text()
        assert "changed" in assessor.locator("#change-commentary th").inner_text()
        assert MENDED.strip() in assessor.locator("#change-commentary").inner_text()
        _check(assessor, "review-round-2", width, found)
        assessor.goto(f"/applications/{application_id}/review?criterion={second.code}")
        assert "The school changed nothing for this criterion." in assessor.locator("#previous-round").inner_text()

        # --- the programmes page, as a school reads it --------------------------------------------------------
        school.goto("/programmes")
        _check(school, "programmes-for-schools", width, found)
    finally:
        assessor_context.close()
        school_context.close()
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items())
