"""The browser journey once in Romanian (the steps of tests/browser/test_journey.py, through journey_run.py): a
Moldovan school picks Română on the language picker and registers, and everyone it meets (the coordinator, the
assessor, anyone verifying the certificate) reads Romanian too; a real worker issues the certificate, whose PDF, as
the school downloads it, is Romanian with the comma-below letters ș and ț intact (not the cedilla look-alikes ş and
ţ, not lost to a font without them). Screenshots of every step in test-artifacts/journey-ro/."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.browser import journey_steps
from tests.browser.demo import load_demo
from tests.browser.journey_run import run_journey
from tests.browser.journey_steps import SCHOOL, Journey

worker = journey_steps.worker  # the fixture: a real worker process


def test_a_moldovan_school_goes_from_registration_to_its_certificate_in_romanian(
    app, browser, live_server, worker, monkeypatch, tmp_path
):
    load_demo(app, monkeypatch)
    journey = Journey(browser, live_server, "ro", "journey-ro")
    try:
        outcome = run_journey(app, journey, worker, tmp_path)
    finally:
        journey.close()
    assert not journey.reported(), f"the browser reported errors along the way: {journey.reported()}"

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(outcome.pdf)).pages)
    assert SCHOOL["school_name"] in text
    assert "Certificat" in text and "This certifies that" not in text
    assert "Argint" in text  # the level, Silver, in Romanian
    assert "Chișinău" in text  # the place, its ș comma-below
    without_place = text.replace("Chișinău", "").replace(SCHOOL["school_name"], "")
    assert "ș" in without_place or "ț" in without_place, text  # Romanian words of the certificate, not only the name
    assert "ş" not in text and "ţ" not in text, text  # no cedilla look-alike
