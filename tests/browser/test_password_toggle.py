"""In a real Chromium: "Show password" beside every password field (ASVS 2.1.12), accessible and axe-clean, with the
fields working without the script; and the self-assessment's unsaved answers kept in the browser per person and
removed at sign-out (ASVS 8.2.2, 8.2.3)."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Answer, User
from tests.assessment.builders import HEAD_A, framework_of, ready_for_answers
from tests.browser.demo import console_errors
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe
from tests.builders import PASSWORD

TOGGLE = "button.password-toggle"
UNSAVED = "() => Object.keys(localStorage).filter((key) => key.startsWith('ssa-unsaved-')).sort()"


def _sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, email


def test_every_password_field_has_a_show_password_toggle(page, world):
    page.context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE_SCRIPT)))
    errors = console_errors(page)
    page.goto("/register")
    fields = page.locator("input[type=password]")
    toggles = page.get_by_role("button", name="Show password")
    assert fields.count() == 2 and toggles.count() == 2
    password = page.locator("#password")
    password.fill("violet kettle under rain")
    first = toggles.first
    assert first.get_attribute("aria-pressed") == "false"
    assert first.get_attribute("aria-controls") == "password"
    first.click()
    assert password.get_attribute("type") == "text" and first.get_attribute("aria-pressed") == "true"
    assert password.input_value() == "violet kettle under rain"
    assert page.locator("#password_again").get_attribute("type") == "password"  # each field by its own button
    assert run_axe(page) == [], describe(run_axe(page))
    first.press("Enter")  # a button: the keyboard works it too
    assert password.get_attribute("type") == "password" and first.get_attribute("aria-pressed") == "false"

    # Shown, then sent: the field is a password field again when the form goes (nothing kept as plain text).
    page.goto("/sign-in")
    page.locator("#email").fill(world.emails["school_admin_a"])
    page.locator("#password").fill("not the password")
    page.get_by_role("button", name="Show password").click()
    page.evaluate(
        "() => document.querySelector('main form').addEventListener('submit', (event) => {"
        " window.sentAs = document.querySelector('#password').type; event.preventDefault(); })"
    )
    page.locator("main form button[type=submit]").click()
    assert page.evaluate("() => window.sentAs") == "password"
    assert run_axe(page) == [], describe(run_axe(page))

    _sign_in(page, world.emails["coordinator_md"])
    page.goto("/me/password")
    assert page.locator("input[type=password]").count() == 3
    assert page.get_by_role("button", name="Show password").count() == 3
    assert run_axe(page) == [], describe(run_axe(page))
    assert errors == []


def test_without_javascript_the_password_fields_work_and_no_toggle_is_shown(browser, live_server, world):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/sign-in")
        assert page.locator(TOGGLE).count() == 0
        _sign_in(page, world.emails["school_admin_a"])
    finally:
        context.close()


def _user_id(app, email: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == email))
        db.session.remove()
        return found


def test_unsaved_answers_are_kept_per_person_and_removed_at_sign_out(app, world, page):
    with app.app_context():
        application_id = ready_for_answers(world)
        code = framework_of().criteria[0].code
    head, staff = _user_id(app, HEAD_A), _user_id(app, world.emails["school_staff_a"])
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while a save is pending
    autosave = f"**/applications/{application_id}/self-assessment/answers/**"
    path = f"/applications/{application_id}/self-assessment"
    typed = "Typed by the head teacher and not saved yet."

    # The head teacher types while the server cannot be reached: the text is kept in the browser, under their number.
    _sign_in(page, HEAD_A)
    page.route(autosave, lambda route: route.abort())
    page.goto(path)
    fieldset = page.locator(f"#criterion-{code}")
    fieldset.locator("textarea").fill(typed)
    fieldset.locator("[data-status]").filter(has_text="connection was lost").wait_for(timeout=15_000)
    assert page.evaluate(UNSAVED) == [f"ssa-unsaved-{head}-{application_id}-{code}"]

    # Their session ends without signing out (cookies gone); a colleague signs in on the same browser and never sees
    # the head teacher's text.
    page.unroute(autosave)
    page.context.clear_cookies()
    _sign_in(page, world.emails["school_staff_a"])
    page.goto(path)
    assert page.locator(f"#criterion-{code} textarea").input_value() == ""
    assert "Restored" not in page.locator(f"#criterion-{code} [data-status]").inner_text()
    assert page.evaluate(UNSAVED) == [f"ssa-unsaved-{head}-{application_id}-{code}"]
    assert staff != head

    # The head teacher comes back: their text is put back and saved.
    page.context.clear_cookies()
    _sign_in(page, HEAD_A)
    page.goto(path)
    page.locator(f"#criterion-{code} [data-status]").filter(has_text="Saved").wait_for(timeout=15_000)
    with app.app_context():
        assert db.session.scalar(select(Answer.commentary).where(Answer.criterion_code == code)) == typed
        db.session.remove()
    assert page.evaluate(UNSAVED) == []

    # Text not saved when they sign out is removed from the browser with the session.
    page.route(autosave, lambda route: route.abort())
    page.locator(f"#criterion-{code} textarea").fill("Typed just before signing out.")
    page.locator(f"#criterion-{code} [data-status]").filter(has_text="connection was lost").wait_for(timeout=15_000)
    assert len(page.evaluate(UNSAVED)) == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    assert page.evaluate(UNSAVED) == []
