"""In a real Chromium at a phone's width: twelve pupils answer from twelve browsers of their own (one reads Russian,
one has JavaScript turned off); the school's results appear only after the tenth; the assessor then finds them on
the review page. A screenshot of the answer page goes to ``SHOTS``."""

from __future__ import annotations

import os
from pathlib import Path

from accreditation.applications import commit_and_relay
from accreditation.review.assignment import assign_assessor
from accreditation.surveys import throttle
from tests.applications.builders import LONG_COMMENT, fire_as, person
from tests.assessment.builders import HEAD_A, answer_all, ready_for_answers, upload_required
from tests.browser.demo import sign_in as browser_sign_in
from tests.builders import PASSWORD
from tests.review.builders import COORDINATOR, LEAD
from tests.surveys.helpers import open_window, window_id_of

SHOTS = Path(os.environ.get("SURVEY_SHOTS_DIR", "/tmp/shots/surveys"))
PHONE = {"width": 390, "height": 844}
LOW = {"know_rules": 1, "learn_safety": 2, "know_who_to_tell": 1, "pupils_asked": 2}


def _answer(browser, live_server, path: str, number: int) -> None:  # noqa: F811
    options = {"viewport": PHONE, "base_url": live_server}
    if number == 0:
        options["locale"] = "ru-RU"
    if number == 1:
        options["java_script_enabled"] = False
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(path)
    if number == 0:
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.get_by_text("Я знаю правила школы о пользовании интернетом и устройствами.").is_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "answer-ru-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] if number != 1 else True
    for code, value in LOW.items():
        page.locator(f"input[name=q_{code}][value='{value}']").check()
    if number == 2:
        page.locator("#comment").fill('<script>document.title="owned"</script>')
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-survey-done]").is_visible(), page.content()[:2000]
    context.close()


def test_twelve_pupils_on_phones_then_the_assessor(app, client, world, browser, live_server):  # noqa: F811
    throttle.forget_all()
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id, level=4)
    path = open_window(client, world.school_a, world.emails["school_admin_a"], programme="esafety-label")[
        "pupils_12_14"
    ]
    window = f"/schools/{world.school_a}/surveys/{window_id_of(client, world.school_a)}"
    for number in range(12):
        _answer(browser, live_server, path, number)
        shown = 'data-survey-audience="pupils_12_14"' in client.get(window).get_data(as_text=True)
        assert shown == (number + 1 >= 10), f"after {number + 1} answers the results are {'' if shown else 'not '}shown"
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    browser_sign_in(page, HEAD_A, PASSWORD)
    page.goto(window)  # the school's page of the window, with its links and results, fits a phone
    page.screenshot(path=str(SHOTS / "window-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    with app.app_context():
        upload_required(application_id)
        fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
        commit_and_relay()
        fire_as(application_id, "start_review", LEAD)
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    browser_sign_in(page, LEAD, PASSWORD)
    page.goto(f"/applications/{application_id}/review?criterion=acceptable_use")
    survey = page.locator("#survey-acceptable_use")
    assert survey.is_visible()
    assert "12" in survey.inner_text() and page.title() != "owned"
    context.close()
