"""Screenshots of the main pages in every language of the interface, at a desktop's and a phone's width, to look at
for clipped or overflowing words (not a test: nothing is asserted).

    .venv/bin/python -m tests.browser.screenshots [folder]    # default /tmp/shots/lang

On a fresh SQLite database in a temporary folder with the demo pilot loaded, served in a thread; Debian's Chromium
through Playwright. Files are named ``<page>-<language>-<width>.png``; each page says how much wider than the
window it is, if it is.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from pathlib import Path

from sqlalchemy import update
from werkzeug.serving import make_server

from tests.browser.demo import DEMO_PASSWORD, sign_in
from tests.browser.fixtures import CHROMIUM, CHROMIUM_FLAGS
from tests.browser.test_accessibility import LANGUAGES, VIEWPORTS, _demo_ids, wider_than_the_screen


def _pages(ids: dict[str, object]) -> dict[str, tuple[str, str]]:
    """Name → (who opens it, path)."""
    return {
        "application": ("head@demo.example.org", f"/applications/{ids['home_application']}"),
        "self-assessment": ("head@demo.example.org", f"/applications/{ids['home_application']}/self-assessment"),
        "results": ("head@demo.example.org", f"/applications/{ids['home_application']}/results"),
        "review": ("assessor@demo.example.org", f"/applications/{ids['under_review']}/review"),
        "dashboard": ("coordinator@demo.example.org", "/coordinate/dashboard?programme=esafety-label"),
    }


def _app(folder: Path):
    from accreditation import create_app

    os.environ["APP_ENV"] = "testing"
    os.environ["DEMO_PASSWORD"] = DEMO_PASSWORD
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'shots.sqlite'}",
            "INSTANCE_PATH": str(folder),
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "MAIL_OUTBOX_DIR": str(folder / "mail"),
            "MAIL_SERVER": "",
            "BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    loaded = app.test_cli_runner().invoke(args=["demo"])
    assert loaded.exit_code == 0, loaded.output
    return app


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from accreditation.extensions import db
    from accreditation.models import User

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        pages = _pages(_demo_ids(app))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for language in LANGUAGES:
                with app.app_context():
                    db.session.execute(update(User).values(language=language))
                    db.session.commit()
                    db.session.remove()
                context = browser.new_context(base_url=base, locale=language)
                page = context.new_page()
                signed_in = None
                for name, (email, path) in pages.items():
                    if email != signed_in:
                        context.clear_cookies()
                        sign_in(page, email)
                        signed_in = email
                    for width, height in VIEWPORTS:
                        page.set_viewport_size({"width": width, "height": height})
                        page.goto(path)
                        file = out / f"{name}-{language}-{width}.png"
                        page.screenshot(path=str(file), full_page=True)
                        overflow = wider_than_the_screen(page)
                        print(f"{file.name}{': ' + overflow if overflow else ''}")
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots/lang"))
