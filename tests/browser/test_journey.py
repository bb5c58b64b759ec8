"""The whole journey in a real Chromium, as the people would click it, on a freshly migrated database with the demo
pilot loaded: a school registers and a coordinator verifies it; it joins the eSafety Label, answers every criterion
on the pages, uploads its policies (real PDF files) and submits; the coordinator assigns the demo assessor; the
assessor finds two criteria wanting and returns it; the school mends and resubmits; the assessor awards Silver (no
moderation: only Gold needs a second assessor); a real Celery worker process issues the certificate; the public
page shows it valid and the coordinator's dashboard counts it. A screenshot of every step is kept in
test-artifacts/journey/."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from accreditation.applications import outbox
from accreditation.extensions import db
from accreditation.models import Application, Certificate
from tests.browser.demo import DEMO_PASSWORD, console_errors, load_demo, sign_in
from tests.tasks.brokers import client_for
from tests.tasks.worker import running_worker, wait_for

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journey"
RUN_JOB = "accreditation.tasks.outbox.run_outbox_job"
COORDINATOR = "coordinator@demo.example.org"
ASSESSOR = "assessor@demo.example.org"
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


class Journey:
    """The people of the journey, each in a browser context of their own, and the numbered screenshots."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.contexts: list = []
        self.step = 0
        self.errors: dict[str, list[str]] = {}  # what the browser reported going wrong, by person

    def person(self, email: str | None = None, password: str = DEMO_PASSWORD):
        context = self.browser.new_context(base_url=self.base_url, viewport={"width": 1280, "height": 900})
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        self.errors[f"{len(self.contexts)}. {email or 'the new school'}"] = console_errors(page)
        if email:
            sign_in(page, email, password)
        return page

    def shot(self, page, name: str) -> None:
        self.step += 1
        page.screenshot(path=str(ARTIFACTS / f"{self.step:02d}-{name}.png"), full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


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


def dashboard_figures(page) -> dict[str, int]:
    """The coordinator's dashboard for the eSafety Label: applications per state, and the awards."""
    page.goto("/coordinate/dashboard?programme=esafety-label")
    figures = {}
    for row in page.locator("#funnel tbody tr").all():
        label = row.locator("th").inner_text().split("(")[0].strip()
        figures[label] = int(row.locator("td").first.inner_text())
    awarded = page.locator(".key-figures li").nth(3).locator(".figure").inner_text()
    figures["awarded"] = int(awarded)
    return figures


def answer_area(page, level_for) -> None:
    """Answer every criterion of the area shown: a level and a commentary each; wait until autosave has them."""
    fieldsets = page.locator("fieldset.criterion")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        code = fieldset.get_attribute("data-criterion")
        level = level_for(code)
        fieldset.locator(f"input[type=radio][value='{level}']").check()
        fieldset.locator("textarea").fill(
            f"Level {level}: our online-safety lead checks this every term; the evidence is in the uploaded policies."
        )
    for index in range(fieldsets.count()):  # the script saved each one (the plain Save button follows)
        fieldsets.nth(index).locator("[data-status]").filter(has_text=re.compile(r"^Saved \d")).wait_for()


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


def _certificate(app, application_id: int) -> Certificate | None:
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.application_id == application_id))
        if certificate is not None:
            db.session.expunge(certificate)
        db.session.remove()
    return certificate


def test_a_school_goes_from_registration_to_a_valid_certificate(
    app, browser, live_server, worker, monkeypatch, tmp_path
):
    load_demo(app, monkeypatch)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    journey = Journey(browser, live_server)
    try:
        _journey(app, journey, worker, tmp_path)
    finally:
        journey.close()
    reported = {person: errors for person, errors in journey.errors.items() if errors}
    assert not reported, f"the browser reported errors along the way: {reported}"


def _journey(app, journey: Journey, worker, tmp_path: Path) -> None:
    coordinator = journey.person(COORDINATOR)
    before = dashboard_figures(coordinator)
    journey.shot(coordinator, "coordinator-dashboard-before")

    # --- the school registers; the coordinator verifies it -----------------------------------------------------
    school = journey.person()
    school.goto("/register")
    for name in ("school_name", "national_id", "address", "pupils", "name", "email", "password"):
        school.locator(f"#{name}").fill(SCHOOL[name])
    school.locator("#password_again").fill(SCHOOL["password"])
    for name in ("country", "region", "language", "school_type"):
        school.locator(f"#{name}").select_option(SCHOOL[name])
    journey.shot(school, "school-registers")
    school.locator("main form button[type=submit]").click()
    school.wait_for_load_state()
    assert re.search(r"/schools/\d+$", school.url), school.url
    school_url = school.url
    assert school.locator(".status-pending").count() == 1
    journey.shot(school, "school-awaits-verification")

    coordinator.goto("/coordinate/schools?status=pending")
    coordinator.get_by_role("link", name=SCHOOL["school_name"]).click()
    coordinator.wait_for_load_state()
    coordinator.locator("#note").fill("Checked against the ministry's register of schools.")
    journey.shot(coordinator, "coordinator-verifies")
    coordinator.locator("input[name=verify]").click()
    coordinator.wait_for_load_state()
    assert coordinator.locator(".status-verified").count() == 1

    # --- the school joins the eSafety Label and answers every criterion ---------------------------------------
    school.goto(school_url)
    assert school.locator(".status-verified").count() == 1
    school.locator("form.join-programme[action$='/programmes/esafety-label/join'] button").click()
    school.wait_for_load_state()
    # joining opens the self-assessment at its first question (no separate start, no comment box)
    application_id = int(re.search(r"/applications/(\d+)/self-assessment$", school.url).group(1))
    journey.shot(school, "application-started")

    from tests.assessment.builders import framework_of

    with app.app_context():
        framework = framework_of("esafety-label")
        criteria = framework.criteria
        benchmarks = {c.code: c.benchmark for c in criteria}
        # below the benchmark on every fourth criterion: 14 of 18 at the benchmark earns Silver, not Gold
        below = {c.code for index, c in enumerate(criteria) if index % 4 == 3}
        required = [kind.code for kind in framework.required_documents]
        covers = {code: [c.code for c in criteria if code in c.documents] for code in required}
        titles = {code: framework.documents[code].title.in_("en") for code in required}
        wanting = [c.code for c in criteria if c.code not in below][:WANTING]

    def level_for(code: str) -> int:
        return benchmarks[code] - 1 if code in below else benchmarks[code]

    school.goto(f"/applications/{application_id}/self-assessment")
    for area in framework.areas:
        assert school.locator("#area-heading").inner_text() == area.title.in_("en")
        answer_area(school, level_for)
        journey.shot(school, f"self-assessment-{area.code}")
        last = area is framework.areas[-1]
        school.locator(f"#area-form button[name=then][value={'stay' if last else 'next'}]").click()
        school.wait_for_load_state()
    assert school.locator("#progress").inner_text().startswith("18 of 18")

    # --- its policies, as real PDF files ------------------------------------------------------------------------
    school.goto(f"/applications/{application_id}/documents")
    for code in required:
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(document_pdf(titles[code]))
        form = school.locator("#upload-form")
        form.locator("input[type=file]").set_input_files(str(path))
        form.locator("select[name=kind]").select_option(code)
        for criterion in covers[code]:
            form.locator(f"input[name=criteria][value={criterion}]").check()
        form.locator("button[type=submit]").click()
        school.wait_for_load_state()
        assert school.locator(".problem").count() == 0, school.locator(".problem").inner_text()
    assert school.locator("article.document").count() == len(required)
    journey.shot(school, "documents-uploaded")
    school.goto(f"/applications/{application_id}/action-plan")
    assert school.locator("article.plan-criterion").count() == len(below)
    journey.shot(school, "action-plan")

    fire_on_page(school, application_id, "submit", COMMENT)
    assert state_of(school) == "Submitted, waiting for an assessor"
    journey.shot(school, "submitted")

    # --- the coordinator assigns the demo assessor -------------------------------------------------------------
    coordinator.goto(f"/applications/{application_id}")
    coordinator.locator("#assessor_id").select_option(label="Andrei Assessor")
    coordinator.locator("#role").select_option("lead")
    coordinator.locator("form[action$='/assessors'] button[type=submit]").first.click()
    coordinator.wait_for_load_state()
    assert "Andrei Assessor" in coordinator.locator("#assessors").inner_text()
    journey.shot(coordinator, "assessor-assigned")

    # --- round 1: the assessor finds two criteria wanting and returns the application --------------------------
    assessor = journey.person(ASSESSOR)
    assessor.goto("/assessor/queue")
    assert assessor.locator(f"#application-{application_id}").count() == 1
    journey.shot(assessor, "assessor-queue")
    open_review(assessor, application_id)
    assert state_of(assessor) == "Under review"
    judge_round(journey, assessor, application_id, {code: "insufficient" for code in wanting})
    assessor.goto(f"/applications/{application_id}/review/decision")
    assert assessor.locator("#items li").count() == WANTING
    journey.shot(assessor, "changes-requested-preview")
    decision = assessor.locator("#decision-changes")
    decision.locator("textarea").fill("Two criteria need their evidence; the rest is convincing.")
    decision.locator("button[type=submit]").click()
    assessor.wait_for_load_state()
    assert state_of(assessor) == "Self-assessment in progress"

    # --- the school reads the feedback, mends and resubmits ----------------------------------------------------
    school.goto(f"/applications/{application_id}/feedback")
    assert school.locator("tr.wanting").count() == WANTING
    journey.shot(school, "feedback")
    school.goto(f"/applications/{application_id}/self-assessment")
    for code in wanting:
        school.locator(f"#commentary-{code}").fill(
            "Mended: the signed policy and this term's filter log are now uploaded as the policy's second version."
        )
    school.locator("#area-form button[name=then][value=stay]").click()
    school.wait_for_load_state()
    school.goto(f"/applications/{application_id}/documents")
    signed = tmp_path / "signed-policy.pdf"
    signed.write_bytes(document_pdf(titles[required[0]], "Signed by the chair of the school board."))
    first = school.locator("article.document").first
    first.locator("summary").click()
    first.locator("input[type=file]").set_input_files(str(signed))
    first.locator("form[action$='/versions'] button[type=submit]").click()
    school.wait_for_load_state()
    assert school.locator("article.document").first.locator("tbody tr").count() == 2
    fire_on_page(school, application_id, "submit", COMMENT + " The two criteria found wanting are mended.")
    journey.shot(school, "resubmitted")

    # --- round 2 (partial): the assessor agrees and awards Silver ---------------------------------------------
    open_review(assessor, application_id)
    assessor.goto(f"/applications/{application_id}/review")
    assert assessor.locator("#scope").count() == 1  # a partial round
    judge_round(journey, assessor, application_id, {})
    assessor.goto(f"/applications/{application_id}/review/decision")
    assert assessor.locator("#recommended").inner_text() == "Silver"
    journey.shot(assessor, "award-decision")
    award = assessor.locator("#decision-award")
    assert award.locator("select[name=level]").input_value() == "silver"
    award.locator("button[type=submit]").click()
    assessor.wait_for_load_state()
    assert state_of(assessor) == "Labelled"
    journey.shot(assessor, "labelled")

    # --- the worker issues the certificate; it checks out publicly --------------------------------------------
    process, log = worker
    assert wait_for(lambda: _certificate(app, application_id) is not None, timeout=120), log.read_text()[-5000:]
    assert process.poll() is None
    certificate = _certificate(app, application_id)
    assert (certificate.level, certificate.status) == ("silver", "valid")
    school.goto(school_url)
    row = school.locator("#certificates tbody tr")
    assert row.count() == 1 and certificate.serial in row.inner_text()
    pdf = school.request.get(row.locator("a", has_text="PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    journey.shot(school, "school-certificate")
    row.locator("a[href^='/verify/']:not([href$='.json'])").click()
    school.wait_for_load_state()
    assert school.locator("#verdict.verdict-valid").count() == 1
    assert certificate.serial in school.locator("#details").inner_text()
    public = journey.person()
    public.goto(school.url)  # anyone, not signed in, sees the same
    assert public.locator("#verdict.verdict-valid").count() == 1
    journey.shot(public, "public-verification")

    # --- the coordinator's dashboard counts the new label ------------------------------------------------------
    after = dashboard_figures(coordinator)
    assert after["awarded"] == before["awarded"] + 1
    assert after["Labelled"] == before["Labelled"] + 1
    journey.shot(coordinator, "coordinator-dashboard-after")
    with app.app_context():
        assert db.session.get(Application, application_id).state == "labelled"
        db.session.remove()


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
