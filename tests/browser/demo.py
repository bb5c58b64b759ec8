"""The browser tests' way into the demo pilot (its password, signing in through the real form), and what the browser
reports going wrong on a page."""

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


def console_errors(page) -> list[str]:
    """What the browser reports as going wrong on ``page`` from now on: an uncaught script error, or an error in the
    console (a resource the page asks for that does not answer, something the Content-Security-Policy blocks)."""
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    return errors
