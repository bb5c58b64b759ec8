"""In a real Chromium, at a desktop's and a phone's width: a network's lead signs in and lands on their home page,
which lists the network they lead and its schools that have not started, with the navigation's link to their
networks. Axe-clean (no serious or critical violation) and no wider than the screen. Screenshots go to
/tmp/shots/lead/."""

from __future__ import annotations

from pathlib import Path

import pytest

from accreditation.extensions import db
from accreditation.models import NetworkLead, User
from accreditation.networks.operations import add_schools, create_network
from tests.applications.builders import person
from tests.browser.test_accessibility import AXE_PATH, AXE_SCRIPT, describe, run_axe, wider_than_the_screen
from tests.builders import PASSWORD, add_school

SHOTS = Path("/tmp/shots/lead")
LEAD = "home.lead@example.org"
NETWORK = "Raionul Bălți"


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_a_lead_lands_on_their_networks(app, world, browser, live_server, width, height):
    with app.app_context():
        network = create_network(person("admin@example.org"), NETWORK, "MD")
        school = add_school("Gimnaziul Bălți 7", "MD-2007", "MD", "MD-BA")
        db.session.flush()
        add_schools(person("admin@example.org"), network.id, [world.school_a, school.id])
        lead = User(email=LEAD, name="Lena Lead", language="en")
        lead.set_password(PASSWORD)
        db.session.add(lead)
        db.session.flush()
        db.session.add(NetworkLead(network_id=network.id, user_id=lead.id))
        db.session.commit()
        network_id = network.id
        db.session.remove()
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.route(AXE_PATH, lambda route: route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript"))
        page.goto("/sign-in")
        page.get_by_label("E-mail").fill(LEAD)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert page.locator("#networks").is_visible()
        assert page.locator(f'#networks-led a[href="/networks/{network_id}"]').count() == 1
        assert page.locator('#networks-not-started li[data-kind="not-started"]').count() == 2
        assert page.locator('nav a[href="/networks"]').count() == 1
        violations = run_axe(page)
        assert not violations, describe(violations)
        assert wider_than_the_screen(page) is None
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"home-{width}.png"), full_page=True)
    finally:
        context.close()
