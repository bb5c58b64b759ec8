"""In a real Chromium, at a desktop's and a phone's width: a network's lead (who reads Russian) shares a model
policy on the network's page and opens the network's figures; school A's head finds it from the school's documents,
adopts it as the school's own and sees where the copy came from. Every page axe-clean (no serious or critical
violation) and no wider than the screen. Screenshots go to /tmp/shots/netdocs/."""

from __future__ import annotations

from pathlib import Path

import pytest

from accreditation.extensions import db
from accreditation.models import NetworkLead, User
from accreditation.networks.operations import add_schools, create_network
from tests.applications.builders import person
from tests.assessment.builders import PDF, ready_for_answers
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe, wider_than_the_screen
from tests.builders import PASSWORD

SHOTS = Path("/tmp/shots/netdocs")
LEAD = "browser.lead@example.org"
HEAD_A = "head.a@example.org"
NETWORK = "Raionul Ialoveni"
TITLE = "Model e-safety policy"


def _shot(page, name: str) -> None:
    violations = run_axe(page)
    assert not violations, (name, describe(violations))
    assert wider_than_the_screen(page) is None, name
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def _signed_in(browser, live_server, email: str, width: int, height: int):
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    page = context.new_page()
    page.route(AXE_PATH, lambda route: route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript"))
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return context, page


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_a_lead_shares_a_policy_and_the_school_adopts_it(app, world, browser, live_server, tmp_path, width, height):
    with app.app_context():
        network = create_network(person("admin@example.org"), NETWORK, "MD")
        add_schools(person("admin@example.org"), network.id, [world.school_a])
        lead = User(email=LEAD, name="Лидия Лид", language="ru")
        lead.set_password(PASSWORD)
        db.session.add(lead)
        db.session.flush()
        db.session.add(NetworkLead(network_id=network.id, user_id=lead.id))
        db.session.commit()
        network_id = network.id
    with app.app_context():
        application_id = ready_for_answers(world)
    policy = tmp_path / "model-policy.pdf"
    policy.write_bytes(PDF)

    # The lead, in Russian: shares the policy, sees it listed, then the network's figures.
    context, page = _signed_in(browser, live_server, LEAD, width, height)
    page.goto(f"/networks/{network_id}")
    assert page.locator("#no-shared").is_visible()
    page.set_input_files("#share-form input[type=file]", str(policy))
    page.fill("#share-form input[name=title]", TITLE)
    page.click("#share-form button[type=submit]")
    page.wait_for_load_state()
    assert TITLE in page.locator("#shared-list").inner_text()
    assert page.locator("html").get_attribute("lang") == "ru"
    _shot(page, "1-lead-shared-ru")
    page.click("#network-figures")
    page.wait_for_load_state()
    assert page.locator("#network-population").is_visible()
    _shot(page, "2-lead-figures-ru")
    context.close()

    # School A's head: from the documents, the network's page; adopts; the copy says where it came from.
    context, page = _signed_in(browser, live_server, HEAD_A, width, height)
    page.goto(f"/applications/{application_id}/documents")
    page.locator("#from-network a").click()
    page.wait_for_load_state()
    assert TITLE in page.locator("#network-shared").inner_text()
    _shot(page, "3-school-from-network")
    page.get_by_role("button", name="Adopt as our own").click()
    page.wait_for_load_state()
    origin = page.locator(".document-origin")
    assert f"Adopted from the network’s document {NETWORK}: {TITLE}" in origin.inner_text()
    _shot(page, "4-school-adopted")
    page.goto(f"/networks/for-application/{application_id}")
    assert page.get_by_role("link", name="See your copy").is_visible()
    context.close()
