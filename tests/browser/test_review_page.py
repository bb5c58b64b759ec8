"""The review page in a real Chromium: the school's PDF opens inline beside the claim and the judgment form (the
browser's own PDF viewer in a frame), the judgment is saved with the plain form, and a screenshot is kept."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from accreditation.applications import commit_and_relay
from accreditation.assessment.documents import Upload, upload_document
from accreditation.extensions import db
from accreditation.review.assignment import assign_assessor
from tests.applications.builders import LONG_COMMENT, fire_as, person
from tests.applications.conftest import sent  # noqa: F401  (fixture: the outbox relay recorded, not sent)
from tests.assessment.builders import HEAD_A, answer_all, framework_of, ready_for_answers
from tests.builders import PASSWORD
from tests.review.builders import COORDINATOR, LEAD, criteria

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def policy_pdf() -> bytes:
    """A two-page policy with real text, as a school would upload it."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("Online-safety policy")
    for number in (1, 2):
        pdf.setFont("Helvetica-Bold", 22)
        pdf.drawString(72, 770, "Online-safety policy" if number == 1 else "Responsibilities")
        pdf.setFont("Helvetica", 12)
        lines = [
            "Adopted by the governors on 12 March; next review in March next year.",
            "1. Every pupil and member of staff signs the acceptable use agreement.",
            "2. The school's internet connection is filtered; the filter log is checked weekly.",
            "3. Incidents are reported to the online-safety lead within one school day.",
            "4. Staff are trained every September; the training log is kept by the lead.",
            "5. Parents receive the policy and a guide to safe use at home.",
        ]
        for index, line in enumerate(lines * 3):
            pdf.drawString(72, 730 - 22 * index, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _under_review_with_policy(world) -> tuple[int, str]:
    application_id = ready_for_answers(world, "esafety-label")
    answer_all(application_id)
    code = criteria_of_policy(application_id)
    upload_document(
        application_id,
        person(HEAD_A),
        Upload(policy_pdf(), "online-safety-policy.pdf"),
        kind="online_safety_policy",
        criterion_codes=[code],
    )
    db.session.commit()
    for kind in framework_of("esafety-label").required_documents:
        if kind.code != "online_safety_policy":
            upload_document(application_id, person(HEAD_A), Upload(policy_pdf(), f"{kind.code}.pdf"), kind=kind.code)
    db.session.commit()
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
    commit_and_relay()
    fire_as(application_id, "start_review", LEAD)
    return application_id, code


def criteria_of_policy(application_id: int) -> str:
    framework = framework_of("esafety-label")
    return next(c.code for c in framework.criteria if "online_safety_policy" in c.documents)


def test_the_pdf_opens_inline_beside_the_judgment(app, world, browser, live_server):
    with app.app_context():
        application_id, code = _under_review_with_policy(world)
        first = criteria(application_id)[0].code
    context = browser.new_context(base_url=live_server, viewport={"width": 1600, "height": 1150})
    page = context.new_page()
    try:
        _sign_in(page, LEAD)
        # judge one criterion with the plain form (the page has no script)
        page.goto(f"/applications/{application_id}/review?criterion={first}")
        page.locator("input[name=verdict][value=agree]").check()
        page.get_by_role("button", name="Save and go to the next criterion").click()
        page.wait_for_load_state()
        assert page.get_by_text("Saved your judgment").is_visible()

        page.goto(f"/applications/{application_id}/review?criterion={code}")
        frame_element = page.locator("#pdf-frame")
        assert "inline=1" in frame_element.get_attribute("src")
        inner = frame_element.element_handle().content_frame()
        inner.wait_for_load_state()
        # Chromium renders the PDF with its own viewer, loaded as a child of the framed document
        page.wait_for_timeout(2500)  # let the viewer settle before asking for frames
        viewer = [frame.url for frame in page.frames if frame.url.startswith("chrome-extension://")]
        assert viewer, [frame.url for frame in page.frames]
        page.locator("input[name=verdict][value=insufficient]").check()
        page.locator("input[name=gap][value=minor]").check()
        page.locator("#comment").fill("The policy is not signed by the governors yet; please upload the signed copy.")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-page.png"))
    finally:
        context.close()


def test_in_one_column_a_link_goes_past_the_criteria_to_the_judgment(app, world, browser, live_server):
    """On a tablet or a phone the eighteen criteria come first; the link takes the assessor to the form."""
    with app.app_context():
        application_id, code = _under_review_with_policy(world)
    for width, shown in ((1600, False), (800, True), (390, True)):
        context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            _sign_in(page, LEAD)
            page.goto(f"/applications/{application_id}/review?criterion={code}")
            link = page.locator(".review-jump a")
            assert link.is_visible() == shown, width
            if shown:
                form = page.get_by_role("button", name="Save and go to the next criterion")
                assert not _in_view(page, form)  # below the list of criteria
                link.click()
                assert _in_view(page, page.locator("#criterion-heading")), width
        finally:
            context.close()


def _in_view(page, locator) -> bool:
    """Whether the element's top is inside the window as scrolled now."""
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]
