"""The browser tests' way into the demo pilot: its password, and signing in through the real form."""

from __future__ import annotations

DEMO_PASSWORD = "demo password for the browser tests"


def load_demo(app, monkeypatch) -> None:
    """`flask demo` on the test database, its users' password set to ``DEMO_PASSWORD``."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    loaded = app.test_cli_runner().invoke(args=["demo"])
    assert loaded.exit_code == 0, loaded.output


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert not page.url.endswith("/sign-in"), f"{email} could not sign in"
