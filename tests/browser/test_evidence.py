"""Evidence where it is asked for, in a real Chromium at a desktop's and a phone's width: "Before you submit" warns
about a criterion without its expected document; the upload button beside that criterion opens the upload with the
kind chosen and the criteria expecting it ticked; the school unticks one, uploads, and is back at the criterion,
now showing the document linked; the documents page lists the expected documents in order with their state.
axe-core finds nothing serious on these pages, none is wider than a phone; screenshots go to /tmp/shots/evidence/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from accreditation.assessment.expected_evidence import criteria_expecting
from accreditation.extensions import db
from accreditation.models import Document
from tests.applications.builders import person
from tests.assessment.builders import HEAD_A, PDF, answer_all, framework_of, ready_for_answers, upload_required
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe, wider_than_the_screen
from tests.builders import PASSWORD

SHOTS = Path("/tmp/shots/evidence")
KIND = "acceptable_use_policy"  # expected by several criteria of the eSafety Label framework


def _check(page, name: str, width: int, found: dict[str, list[str]]) -> None:
    """axe-core on the page as it is, the phone's reflow, and a screenshot."""
    violations = run_axe(page)
    overflow = wider_than_the_screen(page) if width < 600 else None
    if violations or overflow:
        found[f"{name} at {width}px"] = describe(violations) + ([f"reflow: {overflow}"] if overflow else [])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_uploading_from_a_criterion(app, world, browser, live_server, tmp_path, width):
    with app.app_context():
        person(HEAD_A).language = "en"  # the texts asserted (the school's language would be chosen otherwise)
        application_id = ready_for_answers(world)
        answer_all(application_id)
        upload_required(application_id)  # the required kinds, linked to no criterion yet
        framework = framework_of()
        expecting = criteria_expecting(framework, KIND)
        criterion, others = expecting[0], [c.code for c in expecting[1:]]
        kind_title = framework.documents[KIND].title.in_("en")
    path = tmp_path / "acceptable-use.pdf"
    path.write_bytes(PDF)
    viewport = {"width": width, "height": 900 if width > 600 else 844}
    context = browser.new_context(base_url=live_server, viewport=viewport)
    context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE_SCRIPT)))
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        page.goto("/sign-in")
        page.get_by_label("E-mail").fill(HEAD_A)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

        # Before you submit: a warning naming the criterion, the submission still possible.
        page.goto(f"/applications/{application_id}/self-assessment?area={criterion.area}")
        warning = page.locator("#submission #evidence-missing")
        assert warning.is_visible() and "You can still send" in warning.inner_text()
        warning.get_by_text("Which criteria").click()  # a long list starts folded
        assert warning.get_by_role("link", name=criterion.title.in_("en")).is_visible()
        assert page.locator("#submission a.button.primary").is_visible()  # the submission may still go
        item = page.locator(f"#evidence-{criterion.code} li[data-kind={KIND}]")
        assert "missing" in item.inner_text()
        _check(page, "self-assessment-warning", width, found)

        # The button beside the criterion's expected evidence: the upload, filled in.
        item.get_by_role("link", name=f"Upload {kind_title} for “{criterion.title.in_('en')}”").click()
        page.wait_for_load_state()
        form = page.locator("#upload-form")
        assert form.locator("select[name=kind]").input_value() == KIND
        assert form.locator(f"input[name=criteria][value={criterion.code}]").is_checked()
        assert all(form.locator(f"input[name=criteria][value={code}]").is_checked() for code in others)
        assert page.locator("#opened-from").is_visible()
        _check(page, "upload-from-criterion", width, found)

        # The school unticks one, chooses the file and uploads: back at the criterion, now linked.
        form.locator(f"input[name=criteria][value={others[-1]}]").uncheck()
        form.locator("input[type=file]").set_input_files(str(path))
        form.get_by_role("button", name="Upload").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"#criterion-{criterion.code}")
        item = page.locator(f"#evidence-{criterion.code} li[data-kind={KIND}]")
        assert "linked" in item.inner_text() and item.locator("a.upload-evidence").count() == 0
        assert page.get_by_text("Uploaded: acceptable-use.pdf").is_visible()
        _check(page, "criterion-linked", width, found)

        # The documents page: the expected documents in the framework's order, each with its state.
        page.goto(f"/applications/{application_id}/documents")
        listed = page.locator("#expected-documents > li")
        assert [listed.nth(i).get_attribute("id") for i in range(listed.count())] == [
            f"expected-{code}" for code in framework.documents
        ]
        assert "uploaded" in page.locator(f"#expected-{KIND}").inner_text()
        _check(page, "documents", width, found)
    finally:
        context.close()
    with app.app_context():
        # The one just uploaded (upload_required gave the kind a first document, linked to nothing).
        document = db.session.scalar(select(Document).where(Document.kind == KIND).order_by(Document.id.desc()))
        assert sorted(document.criterion_codes) == sorted([criterion.code, *others[:-1]])
        db.session.remove()
    assert not found, found
