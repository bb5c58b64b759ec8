"""The assessor's side, through real HTTP on the real database: the e-mail on assignment with the due date (in the
assessor's language, exactly once), no e-mail to a person about their own action, the review opening on the lead
assessor's first visit (no separate start), the decision page leading with the recommended outcome and why, and
the clicks and fields it takes from "assigned" to "decided"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select, update

from accreditation.applications.outbox import run_job
from accreditation.extensions import db
from accreditation.models import Application, OutboxJob, Review, User
from accreditation.models.time import utcnow
from tests.applications.builders import person
from tests.builders import csrf_token, mail_text, outbox, sign_in
from tests.review.builders import COORDINATOR, LEAD, criteria, judge_all, submitted


@pytest.fixture(autouse=True)
def relayed(monkeypatch) -> None:
    """The outbox relay recorded instead of sent to a broker: the tests run the jobs as a worker would."""
    from accreditation.applications import outbox as outbox_module

    monkeypatch.setattr(outbox_module, "send_to_celery", lambda job_id: None)


def _run_every_job(app) -> None:
    with app.app_context():
        for job_id in db.session.scalars(select(OutboxJob.id).order_by(OutboxJob.id)).all():
            run_job(job_id)
        db.session.remove()


def _client(app, email: str):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def _assign_through_the_page(app, application_id: int) -> None:
    coordinator = _client(app, COORDINATOR)
    page = coordinator.get(f"/applications/{application_id}").get_data(as_text=True)
    with app.app_context():
        lead_id = person(LEAD).id
    response = coordinator.post(
        f"/applications/{application_id}/assessors",
        data={"csrf_token": csrf_token(page), "assessor_id": lead_id, "role": "lead"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _state(app, application_id: int) -> str:
    with app.app_context():
        state = db.session.get(Application, application_id).state
        db.session.remove()
    return state


def test_the_assessor_is_emailed_once_on_assignment_with_the_due_date_in_their_language(app, world):
    with app.app_context():
        application_id = submitted(world)
        db.session.execute(update(User).where(User.email == LEAD).values(language="uk"))
        db.session.commit()
        db.session.remove()
    _assign_through_the_page(app, application_id)
    _run_every_job(app)
    _run_every_job(app)  # a second delivery of every job sends nothing more
    mails = [m for m in outbox(app) if m["To"] == LEAD]
    assert len(mails) == 1
    text = mail_text(mails[0])
    due = (utcnow() + timedelta(days=14)).date()  # the first reminder of "under review", counted from today
    assert format_date(due, "long", locale="uk") in text
    assert f"/applications/{application_id}/review" in text


def test_the_review_opens_on_the_lead_assessors_first_visit_and_nobody_is_mailed_about_their_own_step(app, world):
    with app.app_context():
        application_id = submitted(world)
        db.session.remove()
    _assign_through_the_page(app, application_id)
    assert _client(app, COORDINATOR).get(f"/applications/{application_id}/review").status_code == 200
    assert _state(app, application_id) == "submitted"  # a coordinator reading it opens nothing
    assert _client(app, world.emails["school_admin_a"]).get(f"/applications/{application_id}/review").status_code == 403

    lead = _client(app, LEAD)
    page = lead.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert _state(app, application_id) == "under_review"
    assert 'id="not-opened"' not in page and 'id="judgment-form"' in page
    with app.app_context():
        assert db.session.scalar(select(Review).where(Review.application_id == application_id)) is not None
        opened_at = db.session.get(Application, application_id).version
        db.session.remove()
    lead.get(f"/applications/{application_id}/review")  # a second visit changes nothing
    with app.app_context():
        assert db.session.get(Application, application_id).version == opened_at
        db.session.remove()

    _run_every_job(app)
    subjects = [m["Subject"] for m in outbox(app) if m["To"] == LEAD]
    assert len(subjects) == 1 and "assigned to you" in subjects[0]  # not "Under review": that was their own step


def _decision_page(app, application_id: int, special: dict | None = None) -> str:
    with app.app_context():
        judge_all(application_id, except_=special)
        db.session.remove()
    return _client(app, LEAD).get(f"/applications/{application_id}/review/decision").get_data(as_text=True)


def _button_of(page: str, decision: str) -> str:
    section = re.search(rf'<section class="decision[^"]*" id="decision-{decision}">.*?</section>', page, re.S)
    assert section, decision
    return re.search(r'<button type="submit" class="([^"]*)"', section.group(0)).group(1)


def test_the_decision_page_leads_with_changes_when_criteria_are_insufficient(app, world):
    with app.app_context():
        application_id = submitted(world)
        db.session.remove()
    _assign_through_the_page(app, application_id)
    _client(app, LEAD).get(f"/applications/{application_id}/review")
    with app.app_context():
        codes = [c.code for c in criteria(application_id)][:2]
        db.session.remove()
    page = _decision_page(
        app,
        application_id,
        {code: {"verdict": "insufficient", "comment": "No policy.", "gap": "minor"} for code in codes},
    )
    advice = re.search(r'<div class="advice" id="advice">.*?</div>', page, re.S).group(0)
    assert "Recommended: Return to the school for more work" in advice
    assert "2 criteria judged insufficient." in advice
    assert page.index('id="advice"') < page.index('id="decision-changes"')
    assert "primary" in _button_of(page, "changes")
    assert "primary" not in _button_of(page, "award")


def test_the_decision_page_leads_with_the_award_when_every_criterion_is_agreed(app, world):
    with app.app_context():
        application_id = submitted(world)
        db.session.remove()
    _assign_through_the_page(app, application_id)
    _client(app, LEAD).get(f"/applications/{application_id}/review")
    page = _decision_page(app, application_id)
    assert "18 of 18 criteria are at or above their benchmark" in page
    assert "primary" in _button_of(page, "award") and "primary" not in _button_of(page, "changes")
