"""The steps of the browser journey, in any language of the interface: a school registers (choosing the language
with the picker) and signs in with the password it chose; a coordinator verifies it; it joins the eSafety Label,
answers every criterion, uploads its policies (real PDF files) and submits; the coordinator assigns the demo
assessor; the assessor finds two criteria wanting and returns it; the school mends and resubmits; the assessor
awards Silver; a real Celery worker process issues the certificate; the public page shows it valid and the
coordinator's dashboard counts it. Everyone reads the language chosen; the texts a step checks come from the
programme's and framework's own translations, never from an English sentence.

Used by tests/browser/test_journey.py (English) and tests/browser/test_romanian_journey.py (Romanian).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from accreditation.applications import outbox
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Certificate, School
from tests.browser.demo import DEMO_PASSWORD, console_errors, sign_in
from tests.tasks.brokers import client_for
from tests.tasks.worker import running_worker

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
RUN_JOB = "accreditation.tasks.outbox.run_outbox_job"
COORDINATOR = "coordinator@demo.example.org"
ASSESSOR = "assessor@demo.example.org"
PROGRAMME = "esafety-label"
SCHOOL = {
    "school_name": "Liceul Teoretic „Mihai Eminescu”",
    "national_id": "MD-CU-0999",
    "country": "MD",
    "region": "MD-CU",
    "address": "str. Mihai Eminescu 50, Chișinău",
    "language": "ro",
    "school_type": "secondary",
    "pupils": "640",
    "name": "Natalia Rusu",
    "email": "director@eminescu.example.org",
    "password": "a long school password",
}
COMMENT = "We answered every criterion with our policies, the staff training log and the pupils' survey results."
WANTING = 2  # the first criteria of the framework, found wanting in the first round


def document_pdf(title: str, note: str = "") -> bytes:
    """A small real PDF: a policy with its title and a few rules."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(72, 770, title)
    pdf.setFont("Helvetica", 12)
    lines = [
        "Adopted by the school board in September; next review in September next year.",
        "1. Every pupil and member of staff signs the acceptable use agreement.",
        "2. Incidents are reported to the online-safety lead within one school day.",
        "3. Staff are trained every year; the lead keeps the training log.",
    ]
    for index, line in enumerate([*lines, note] if note else lines):
        pdf.drawString(72, 730 - 22 * index, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def choose_language(page, language: str) -> None:
    """Pick ``language`` with the language picker at the foot of the page (a signed-in person's account keeps it)."""
    page.locator("#footer-language").select_option(language)
    page.locator(".language-choice button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


class Journey:
    """The people of the journey, each in a browser context of their own reading ``language``, and the numbered
    screenshots (in test-artifacts/<folder>/)."""

    def __init__(self, browser, base_url: str, language: str, folder: str) -> None:
        self.browser, self.base_url, self.language = browser, base_url, language
        self.contexts: list = []
        self.step = 0
        self.errors: dict[str, list[str]] = {}  # what the browser reported going wrong, by person
        self.artifacts = ARTIFACTS / folder
        self.artifacts.mkdir(parents=True, exist_ok=True)
        for old in self.artifacts.glob("*.png"):
            old.unlink()

    def person(self, email: str | None = None, password: str = DEMO_PASSWORD):
        context = self.browser.new_context(base_url=self.base_url, viewport={"width": 1280, "height": 900})
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        self.errors[f"{len(self.contexts)}. {email or 'someone not signed in'}"] = console_errors(page)
        if email:
            sign_in(page, email, password)
        else:
            page.goto("/sign-in")
        choose_language(page, self.language)
        return page

    def shot(self, page, name: str) -> None:
        self.step += 1
        page.screenshot(path=str(self.artifacts / f"{self.step:02d}-{name}.png"), full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()

    def reported(self) -> dict[str, list[str]]:
        return {person: errors for person, errors in self.errors.items() if errors}


@dataclass(frozen=True)
class Words:
    """What the pages say in the journey's language, from the programme's and framework's translations."""

    states: dict[str, str]  # state code -> its label
    levels: dict[str, str]  # award level code -> its label

    @classmethod
    def of(cls, language: str) -> Words:
        programme = current_workflows().programme(PROGRAMME)
        return cls(
            {code: state.label.in_(language) for code, state in programme.states.items()},
            {level.code: level.label.in_(language) for level in programme.awards.levels},
        )


def state_of(page) -> str:
    return page.locator("#state").inner_text().strip()


def fire_on_page(page, application_id: int, event: str, comment: str = "") -> None:
    """Press an event's button on the application page (filling its comment when given)."""
    page.goto(f"/applications/{application_id}")
    form = page.locator(f"#event-{event}")
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    problem = page.locator("#problem")
    assert problem.count() == 0, problem.inner_text()


def open_review(page, application_id: int) -> None:
    """Follow the application page's link to the review: its first visit opens it (no start button)."""
    page.goto(f"/applications/{application_id}")
    page.locator("#open-review").click()
    page.wait_for_load_state()
    page.goto(f"/applications/{application_id}")


def dashboard_figures(page, words: Words) -> dict[str, int]:
    """The coordinator's dashboard for the eSafety Label: applications per state (by code), and the awards."""
    page.goto(f"/coordinate/dashboard?programme={PROGRAMME}")
    codes = {label: code for code, label in words.states.items()}
    figures = {}
    for row in page.locator("#funnel tbody tr").all():
        label = row.locator("th").inner_text().split("(")[0].strip()
        figures[codes.get(label, label)] = int(row.locator("td").first.inner_text())
    figures["awarded"] = int(page.locator(".key-figures li").nth(3).locator(".figure").inner_text())
    return figures


def answer_area(page, level_for) -> None:
    """Answer every criterion of the area shown: a level and a commentary each; wait until autosave has them."""
    saved = re.escape(page.locator("#area-form").get_attribute("data-text-saved"))
    fieldsets = page.locator("fieldset.criterion")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        level = level_for(fieldset.get_attribute("data-criterion"))
        fieldset.locator(f"input[type=radio][value='{level}']").check()
        fieldset.locator("textarea").fill(
            f"Level {level}: our online-safety lead checks this every term; the evidence is in the uploaded policies."
        )
    for index in range(fieldsets.count()):  # the script saved each one (the plain Save button follows)
        fieldsets.nth(index).locator("[data-status]").filter(has_text=re.compile(rf"^{saved} \d")).wait_for()


def judge_round(journey: Journey, page, application_id: int, wanting: dict[str, str]) -> None:
    """Judge every criterion still to judge, in the page's order: agree, except the ``wanting`` ones."""
    page.goto(f"/applications/{application_id}/review")
    shot_taken = False
    while True:
        todo = page.locator(".review-criteria li.criterion-todo a")
        if todo.count() == 0:
            break
        todo.first.click()
        page.wait_for_load_state()
        code = page.locator("section.review-claim").get_attribute("id").removeprefix("criterion-")
        form = page.locator("#judgment-form")
        if code in wanting:
            form.locator(f"input[name=verdict][value={wanting[code]}]").check()
            form.locator("input[name=gap][value=minor]").check()
            form.locator("#comment").fill("The policy is not signed yet and the filter log is missing.")
        else:
            form.locator("input[name=verdict][value=agree]").check()
        if not shot_taken and page.locator("#pdf-frame").count():
            # Chromium's own PDF viewer loads into the frame: let it draw the page before the picture
            for _ in range(20):  # wait_for_timeout lets Playwright take in the new frames
                page.wait_for_timeout(500)
                if any(frame.url.startswith("chrome-extension://") for frame in page.frames):
                    break
            page.wait_for_timeout(1500)
            journey.shot(page, "review-with-pdf")
            shot_taken = True
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#problem").count() == 0, page.locator("#problem").inner_text()


@pytest.fixture
def worker(app, tmp_path, database_url, monkeypatch):
    """A real worker process on an embedded broker, sharing the app's instance folder (uploads, mail, signing
    key); the live server's outbox relay sends it the jobs."""
    broker = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    client = client_for(broker)
    monkeypatch.setattr(outbox, "send_to_celery", lambda job_id: client.send_task(RUN_JOB, args=[job_id]))
    instance = Path(app.instance_path)
    env = {"UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"], "BASE_URL": app.config["BASE_URL"]}
    with running_worker(instance, database_url, broker, "", env=env, log_name="journey-worker.log") as process:
        yield process, instance / "journey-worker.log"


def certificate_of(app, application_id: int) -> Certificate | None:
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.application_id == application_id))
        if certificate is not None:
            db.session.expunge(certificate)
        db.session.remove()
    return certificate


def school_id_of(app, national_id: str) -> int:
    with app.app_context():
        school_id = db.session.scalar(select(School.id).where(School.national_id == national_id))
        db.session.remove()
    assert school_id is not None, f"no school {national_id} was registered"
    return school_id
