"""The browser journey from a school's registration to its valid certificate, in one language of the interface (the
steps are in tests/browser/journey_steps.py). Returns what the language tests check further: the application and
its certificate's PDF as the school downloaded it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from accreditation.extensions import db
from accreditation.models import Application, Certificate
from tests.browser.demo import sign_in
from tests.browser.journey_steps import (
    ASSESSOR,
    COMMENT,
    COORDINATOR,
    PROGRAMME,
    SCHOOL,
    WANTING,
    Journey,
    Words,
    answer_area,
    certificate_of,
    choose_language,
    dashboard_figures,
    document_pdf,
    fire_on_page,
    judge_round,
    open_review,
    school_id_of,
    state_of,
)
from tests.tasks.worker import wait_for


@dataclass(frozen=True)
class Outcome:
    application_id: int
    certificate: Certificate
    pdf: bytes  # the certificate's PDF, downloaded by the school


def run_journey(app, journey: Journey, worker, tmp_path: Path) -> Outcome:
    language = journey.language
    with app.app_context():
        words = Words.of(language)
        from tests.assessment.builders import framework_of

        framework = framework_of(PROGRAMME)
        criteria = framework.criteria
        benchmarks = {c.code: c.benchmark for c in criteria}
        # below the benchmark on every fourth criterion: 14 of 18 at the benchmark earns Silver, not Gold
        below = {c.code for index, c in enumerate(criteria) if index % 4 == 3}
        required = [kind.code for kind in framework.required_documents]
        covers = {code: [c.code for c in criteria if code in c.documents] for code in required}
        titles = {code: framework.documents[code].title.in_(language) for code in required}
        wanting = [c.code for c in criteria if c.code not in below][:WANTING]
        areas = [(area.code, area.title.in_(language)) for area in framework.areas]

    def level_for(code: str) -> int:
        return benchmarks[code] - 1 if code in below else benchmarks[code]

    coordinator = journey.person(COORDINATOR)
    before = dashboard_figures(coordinator, words)
    journey.shot(coordinator, "coordinator-dashboard-before")

    # --- the school registers in its language and signs in; the coordinator verifies it ----------------------
    school = journey.person()  # the language picked on the sign-in page, before registering
    school.goto("/register")
    assert school.locator("html").get_attribute("lang") == language
    for name in ("school_name", "national_id", "address", "pupils", "name", "email", "password"):
        school.locator(f"#{name}").fill(SCHOOL[name])
    school.locator("#password_again").fill(SCHOOL["password"])
    for name in ("country", "region", "language", "school_type"):
        school.locator(f"#{name}").select_option(SCHOOL[name])
    journey.shot(school, "school-registers")
    school.locator("main form button[type=submit]").click()
    school.wait_for_load_state()
    # registering signs no one in: the e-mail sent to the address says to sign in with the password chosen
    assert school.url.endswith("/sign-in"), school.url
    assert SCHOOL["email"] in school.content()
    sign_in(school, SCHOOL["email"], SCHOOL["password"])
    choose_language(school, language)  # the account keeps it
    school_url = f"/schools/{school_id_of(app, SCHOOL['national_id'])}"
    school.goto(school_url)
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
    school.locator(f"form.join-programme[action$='/programmes/{PROGRAMME}/join'] button").click()
    school.wait_for_load_state()
    # joining opens the self-assessment at its first question (no separate start, no comment box)
    application_id = int(re.search(r"/applications/(\d+)/self-assessment$", school.url).group(1))
    journey.shot(school, "application-started")

    school.goto(f"/applications/{application_id}/self-assessment")
    for index, (code, title) in enumerate(areas):
        assert school.locator("#area-heading").inner_text() == title
        answer_area(school, level_for)
        journey.shot(school, f"self-assessment-{code}")
        last = index == len(areas) - 1
        school.locator(f"#area-form button[name=then][value={'stay' if last else 'next'}]").click()
        school.wait_for_load_state()
    assert re.match(rf"^{len(criteria)}\D+{len(criteria)}\b", school.locator("#progress").inner_text())

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
    assert state_of(school) == words.states["submitted"]
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
    assert state_of(assessor) == words.states["under_review"]
    judge_round(journey, assessor, application_id, {code: "insufficient" for code in wanting})
    assessor.goto(f"/applications/{application_id}/review/decision")
    assert assessor.locator("#items li").count() == WANTING
    journey.shot(assessor, "changes-requested-preview")
    decision = assessor.locator("#decision-changes")
    decision.locator("textarea").fill("Two criteria need their evidence; the rest is convincing.")
    decision.locator("button[type=submit]").click()
    assessor.wait_for_load_state()
    assert state_of(assessor) == words.states["self_assessment"]

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
    assert assessor.locator("#recommended").inner_text() == words.levels["silver"]
    journey.shot(assessor, "award-decision")
    award = assessor.locator("#decision-award")
    assert award.locator("select[name=level]").input_value() == "silver"
    award.locator("button[type=submit]").click()
    assessor.wait_for_load_state()
    assert state_of(assessor) == words.states["labelled"]
    journey.shot(assessor, "labelled")

    # --- the worker issues the certificate; it checks out publicly --------------------------------------------
    process, log = worker
    assert wait_for(lambda: certificate_of(app, application_id) is not None, timeout=120), log.read_text()[-5000:]
    assert process.poll() is None
    certificate = certificate_of(app, application_id)
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
    after = dashboard_figures(coordinator, words)
    assert after["awarded"] == before["awarded"] + 1
    assert after["labelled"] == before["labelled"] + 1
    journey.shot(coordinator, "coordinator-dashboard-after")
    with app.app_context():
        assert db.session.get(Application, application_id).state == "labelled"
        db.session.remove()
    return Outcome(application_id, certificate, pdf.body())
