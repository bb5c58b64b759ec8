"""Signing in with a real browser: the form, the error a person sees, and the page they land on."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.builders import PASSWORD


def test_school_admin_signs_in_and_lands_on_their_to_do_list(page, world):
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(world.emails["school_admin_a"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/"
    assert page.get_by_role("heading", level=1).inner_text() == "What to do next"
    assert (
        page.get_by_role("link", name="Liceul Teoretic A").first.get_attribute("href") == f"/schools/{world.school_a}"
    )


def test_wrong_password_shows_a_clear_message(page, world):
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(world.emails["school_admin_a"])
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/sign-in" in page.url
    message = page.get_by_text("The e-mail address or the password is not right.")
    assert message.is_visible()
    # The message is tied to the field, so a screen reader announces it with the field.
    assert page.get_by_label("Password").get_attribute("aria-invalid") == "true"
