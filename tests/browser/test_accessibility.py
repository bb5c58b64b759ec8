"""Accessibility: axe-core checks the main pages of every role, on the demo pilot, in a real Chromium. No serious or
critical violation is allowed, at a phone's width no page is wider than the screen (WCAG 1.4.10, reflow: a wide
table scrolls inside itself, never the page), and the browser reports no error on any of them (nothing missing,
nothing the Content-Security-Policy blocks, no script error).

axe-core's script comes from an installed package (axe-playwright-python ships it), never from a CDN: the browser
asks for it at a same-origin address that Playwright answers from that file, so the pages' Content-Security-Policy
(``script-src 'self'``) stays as it is in production.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
from sqlalchemy import select, update

from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.models import Application, Certificate, School, User
from tests.browser.demo import console_errors, load_demo, sign_in

AXE_SCRIPT = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
AXE_PATH = "/__axe-core__/axe.min.js"
BLOCKING = {"serious", "critical"}
VIEWPORTS = [(1280, 900), (390, 844)]  # a desktop, and a phone (where wide tables and charts scroll)


def run_axe(page) -> list[dict]:
    """The serious and critical violations axe-core finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING]


WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const inside = (element) => {  // in a box that scrolls or clips sideways: that box is what may be wide
    for (let box = element.parentElement; box; box = box.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) return true;
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (element) => element.getBoundingClientRect().right > width + 1 && !inside(element));
  const first = wide[0];
  const named = first ? `: <${first.tagName.toLowerCase()}${first.id ? ' id=' + first.id : ''}>` : '';
  const text = first ? ` "${first.textContent.trim().slice(0, 40)}"` : '';
  return `${document.documentElement.scrollWidth}px wide at ${width}px${named}${text}`;
}"""


def wider_than_the_screen(page) -> str | None:
    """How the page overflows the window sideways, naming the first element that does, or None when it fits."""
    return page.evaluate(WIDER_THAN_THE_SCREEN)


def describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + "; ".join(
            " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in violations
    ]


def _demo_ids(app) -> dict[str, object]:
    with app.app_context():
        applications = dict(
            db.session.execute(
                select(School.national_id, Application.id).join(School, School.id == Application.school_id)
            ).all()
        )
        home = db.session.scalar(select(School.id).where(School.national_id == "MD-CU-0101"))
        certificate = db.session.scalar(select(Certificate))
        ids = {
            "home": home,
            "home_application": applications["MD-CU-0101"],
            "under_review": applications["MD-CU-0103"],
            "code": code_for(certificate.verification_id),
            "assessor": db.session.scalar(select(User.id).where(User.email == "assessor@demo.example.org")),
        }
        db.session.remove()
    return ids


def _main_pages(ids: dict[str, object]) -> dict[str | None, list[str]]:
    """The main pages of every role on the demo pilot, by the e-mail of who opens them (None: anonymous)."""
    home_application, under_review = ids["home_application"], ids["under_review"]
    return {
        None: [
            "/sign-in",
            "/register",
            "/forgot-password",
            f"/verify/{ids['code']}",
            "/verify",
            "/certified",
            "/certified/esafety-label",
        ],
        "head@demo.example.org": [
            f"/schools/{ids['home']}",
            f"/schools/{ids['home']}/members",
            f"/applications/{home_application}",
            f"/applications/{home_application}/self-assessment",
            f"/applications/{home_application}/self-assessment?area=practice",
            f"/applications/{home_application}/documents",
            f"/applications/{home_application}/results",
            f"/applications/{home_application}/action-plan",
            "/reminders",
            "/me",
        ],
        "assessor@demo.example.org": [
            "/assessor/queue",
            f"/applications/{under_review}/review",
            f"/applications/{under_review}/review/decision",
            f"/applications/{under_review}/feedback",
            "/assessor/conflicts",
        ],
        "coordinator@demo.example.org": [
            "/coordinate/dashboard?programme=esafety-label",
            "/coordinate/dashboard/regions?programme=esafety-label",
            "/coordinate/dashboard/schools?programme=esafety-label&region=MD-CU",
            "/coordinate/schools",
            "/coordinate/onboarding",
            f"/applications/{under_review}",
            "/applications?programme=ciss",  # no application: a paragraph, not an empty table wider than a phone
            "/coordinate/dashboard/schools?programme=ciss",
            "/programmes",
        ],
        "admin@demo.example.org": ["/admin/people", "/admin/people/new", f"/admin/people/{ids['assessor']}"],
    }


def _open(page, path: str, email: str | None) -> None:
    """Open ``path``: a 200, and that page itself (not the sign-in page it might redirect to)."""
    response = page.goto(path)
    assert response.status == 200, f"{path} as {email}: {response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path} as {email} went to {page.url}"


def test_main_pages_of_every_role_have_no_serious_or_critical_violations(app, browser, live_server, monkeypatch):
    assert AXE_SCRIPT.stat().st_size > 100_000, "axe-core's script is missing from the installed package"
    load_demo(app, monkeypatch)
    pages = _main_pages(_demo_ids(app))
    found: dict[str, list[str]] = {}
    checked = 0
    _the_check_can_fail(browser, live_server)
    for email, paths in pages.items():
        context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
        context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE_SCRIPT)))
        page = context.new_page()
        errors = console_errors(page)
        try:
            if email:
                sign_in(page, email)
            for path in paths:
                errors.clear()
                _open(page, path, email)
                for width, height in VIEWPORTS:
                    page.set_viewport_size({"width": width, "height": height})
                    violations = run_axe(page)
                    checked += 1
                    overflow = wider_than_the_screen(page) if width < 600 else None
                    if violations or overflow:
                        found[f"{path} at {width}px ({email or 'anonymous'})"] = describe(violations) + (
                            [f"reflow: {overflow}"] if overflow else []
                        )
                if errors:
                    found[f"{path} ({email or 'anonymous'})"] = [f"console: {error}" for error in errors]
        finally:
            context.close()
    assert checked == len(VIEWPORTS) * sum(len(paths) for paths in pages.values())
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items())


LANGUAGES = ("en", "ru", "uk", "ro", "be")  # every language of the interface


def test_no_main_page_is_wider_than_the_window_in_any_language(app, browser, live_server, monkeypatch):
    """Russian, Ukrainian, Romanian and Belarusian words are longer than English ones: a table's headings, a
    chart's labels (whole, not cut), a button, a select must still fit, at a desktop's width and a phone's. One
    browser context per language (everyone reads it: their accounts and the anonymous browser ask for it); each page
    is loaded once and measured at both widths."""
    load_demo(app, monkeypatch)
    pages = _main_pages(_demo_ids(app))
    found: dict[str, str] = {}
    checked = 0
    for language in LANGUAGES:
        with app.app_context():
            db.session.execute(update(User).values(language=language))
            db.session.commit()
            db.session.remove()
        width, height = VIEWPORTS[0]
        context = browser.new_context(
            base_url=live_server, locale=language, viewport={"width": width, "height": height}
        )
        page = context.new_page()
        try:
            for email, paths in pages.items():
                context.clear_cookies()
                if email:
                    sign_in(page, email)
                for path in paths:
                    _open(page, path, email)
                    assert page.locator("html").get_attribute("lang") == language, f"{path} as {email}"
                    for width, height in VIEWPORTS:
                        page.set_viewport_size({"width": width, "height": height})
                        checked += 1
                        if overflow := wider_than_the_screen(page):
                            found[f"{path} at {width}px in {language} ({email or 'anonymous'})"] = overflow
                    page.set_viewport_size({"width": VIEWPORTS[0][0], "height": VIEWPORTS[0][1]})
                    cut = [text for text in page.locator("svg.chart .chart-label").all_text_contents() if "…" in text]
                    if cut:  # a chart's label wraps onto more lines rather than losing its end
                        found[f"{path} in {language}: chart labels cut"] = " | ".join(cut)
        finally:
            context.close()
    assert checked == len(LANGUAGES) * len(VIEWPORTS) * sum(len(paths) for paths in pages.values())
    assert not found, "\n".join(f"{where}: {overflow}" for where, overflow in found.items())


def _the_check_can_fail(browser, live_server) -> None:
    """A field without a label, added to a page, is reported: the script runs and its findings are read."""
    context = browser.new_context(base_url=live_server)
    context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(AXE_SCRIPT)))
    page = context.new_page()
    try:
        page.goto("/sign-in")
        page.evaluate("() => document.querySelector('main').append(document.createElement('input'))")
        assert "label" in {violation["id"] for violation in run_axe(page)}
        page.set_viewport_size({"width": 390, "height": 844})
        assert wider_than_the_screen(page) is None
        page.evaluate(
            "() => { const wide = document.createElement('p'); wide.id = 'wide'; wide.textContent = 'wide';"
            " wide.style.width = '900px';"
            " document.querySelector('main').append(wide); }"
        )
        assert "<p id=wide>" in wider_than_the_screen(page)
    finally:
        context.close()
