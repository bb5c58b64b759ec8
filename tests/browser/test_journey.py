"""The whole journey in a real Chromium, as the people would click it, on a freshly migrated database with the demo
pilot loaded, everyone reading English: a school registers, signs in and a coordinator verifies it; it joins the
eSafety Label, answers every criterion on the pages, uploads its policies (real PDF files) and submits; the
coordinator assigns the demo assessor; the assessor finds two criteria wanting and returns it; the school mends and
resubmits; the assessor awards Silver (no moderation: only Gold needs a second assessor); a real Celery worker
process issues the certificate; the public page shows it valid and the coordinator's dashboard counts it. A
screenshot of every step is kept in test-artifacts/journey/. The steps are in tests/browser/journey_steps.py and
journey_run.py; tests/browser/test_romanian_journey.py runs them in Romanian."""

from __future__ import annotations

from tests.browser import journey_steps
from tests.browser.demo import load_demo
from tests.browser.journey_run import run_journey
from tests.browser.journey_steps import Journey

worker = journey_steps.worker  # the fixture: a real worker process


def test_a_school_goes_from_registration_to_a_valid_certificate(
    app, browser, live_server, worker, monkeypatch, tmp_path
):
    load_demo(app, monkeypatch)
    journey = Journey(browser, live_server, "en", "journey")
    try:
        run_journey(app, journey, worker, tmp_path)
    finally:
        journey.close()
    assert not journey.reported(), f"the browser reported errors along the way: {journey.reported()}"
