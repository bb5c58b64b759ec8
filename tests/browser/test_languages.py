"""Languages in a real browser: a signed-in person switches to Russian and then to Ukrainian through the pages and
reads them in that language; a right-to-left locale lays the page out from the right. (The other language tests
are in tests/i18n.)"""

from __future__ import annotations

from pathlib import Path

from tests.assessment.builders import HEAD_A, ready_for_answers
from tests.builders import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _language_of(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_a_person_switches_to_russian_then_to_ukrainian_and_reads_the_pages_in_it(app, world, page):
    with app.app_context():
        application_id = ready_for_answers(world)
    _sign_in(page, HEAD_A)  # the test world's people read English (school A teaches in Romanian)
    assert _language_of(page) == "en"
    page.goto(f"/schools/{world.school_a}")  # signing in lands on the to-do list
    assert page.get_by_role("heading", name="Programmes").is_visible()

    # Russian, chosen in the person's preferences.
    page.goto("/me")
    page.locator("main").get_by_label("Language").select_option(label="Русский")
    page.get_by_role("button", name="Save preferences").click()
    page.wait_for_load_state()
    assert _language_of(page) == "ru"
    assert page.get_by_text("Ваши настройки сохранены.").is_visible()
    assert page.get_by_role("heading", name="Настройки").is_visible()
    page.goto(f"/schools/{world.school_a}")
    assert page.get_by_role("heading", name="Программы").is_visible()
    assert page.get_by_role("cell", name="Идёт самооценка").is_visible()  # the state's label, from the programme
    page.goto(f"/applications/{application_id}/self-assessment")
    assert page.get_by_role("heading", level=1).inner_text() == "Самооценка"
    assert page.get_by_text("На каком уровне ваша школа?").first.is_visible()
    assert page.get_by_role("button", name="Сохранить", exact=True).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "i18n-self-assessment-ru.png"), full_page=False)

    # Ukrainian, chosen with the language switcher at the foot of every page; the same page comes back.
    page.locator("#footer-language").select_option(label="Українська")
    page.get_by_role("button", name="Сменить").click()
    page.wait_for_load_state()
    assert f"/applications/{application_id}/self-assessment" in page.url
    assert _language_of(page) == "uk"
    assert page.get_by_role("heading", level=1).inner_text() == "Самооцінювання"
    assert page.get_by_text("На якому рівні ваша школа?").first.is_visible()
    page.goto("/me")
    assert page.locator("main").get_by_label("Мова").input_value() == "uk"  # kept in the account
    assert page.get_by_role("button", name="Зберегти налаштування").is_visible()


def _boxes(page) -> tuple[dict, dict]:
    return page.locator(".site-header .brand").bounding_box(), page.locator(".site-header nav").bounding_box()


def test_a_right_to_left_locale_lays_the_page_out_from_the_right(app, world, browser, live_server, monkeypatch):
    # A test-only right-to-left language: Arabic has no catalogue, so the texts fall back to English.
    monkeypatch.setitem(app.config, "SUPPORTED_LOCALES", ("en", "ru", "uk", "ar"))
    contexts = {}
    for locale in ("en-GB", "ar"):
        context = browser.new_context(base_url=live_server, locale=locale, viewport={"width": 1200, "height": 700})
        contexts[locale] = context.new_page()
        contexts[locale].goto("/sign-in")
    ltr, rtl = contexts["en-GB"], contexts["ar"]

    assert rtl.locator("html").get_attribute("dir") == "rtl" and rtl.locator("html").get_attribute("lang") == "ar"
    assert ltr.locator("html").get_attribute("dir") == "ltr"
    assert rtl.get_by_role("heading", level=1).inner_text() == "Sign in"  # English texts, laid out right to left
    assert rtl.evaluate("getComputedStyle(document.body).direction") == "rtl"

    width = 1200
    brand, nav = _boxes(ltr)
    assert brand["x"] < nav["x"] and brand["x"] < width / 4  # left to right: the name on the left
    brand, nav = _boxes(rtl)
    assert brand["x"] > nav["x"] and brand["x"] + brand["width"] > width * 3 / 4  # the name on the right
    # The form's labels start at the right edge of the form, like its fields.
    label = rtl.locator("label[for=email]").bounding_box()
    field = rtl.locator("#email").bounding_box()
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    ARTIFACTS.mkdir(exist_ok=True)
    rtl.screenshot(path=str(ARTIFACTS / "i18n-sign-in-rtl.png"))
    for page in contexts.values():
        page.context.close()
