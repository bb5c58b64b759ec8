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
from accreditation.review.assignment import assign_assessor
from tests.applications.builders import add_second_assessor, person
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


def test_clicks_and_fields_from_assigned_to_decided(app, world):
    """An assessor agreeing with all 18 criteria of an eSafety Label submission and deciding the recommended level,
    counting each link followed or button pressed (a click) and each input filled in (a field); agreeing everywhere
    earns Gold, which the decision proposes to the moderator.

    Before (the queue, the application page, its "Start the review" button, then the review): 23 clicks, 18
    fields. Now (the to-do list opens the review, which opens itself; the decision page leads with the award at the
    recommended level): 21 clicks, 18 fields."""
    with app.app_context():
        application_id = submitted(world)
        moderator = add_second_assessor()  # Gold, earned by agreeing everywhere, goes to a moderator
        assign_assessor(application_id, moderator.id, "moderator", person(COORDINATOR))
        db.session.commit()
        db.session.remove()
    _assign_through_the_page(app, application_id)
    client = _client(app, LEAD)
    clicks = fields = 0
    home = client.get("/").get_data(as_text=True)
    review_url = f"/applications/{application_id}/review"
    assert f'href="{review_url}"' in home
    page = client.get(review_url).get_data(as_text=True)
    clicks += 1
    while 'id="judgment-form"' in page and "criterion-todo" in page:
        action = re.search(r'id="judgment-form"\s+action="([^"]+)"', page).group(1)
        based_on = re.search(r'name="based_on" value="(\d+)"', page).group(1)
        response = client.post(action, data={"csrf_token": csrf_token(page), "based_on": based_on, "verdict": "agree"})
        fields += 1  # the verdict
        clicks += 1  # save
        assert response.status_code == 302, response.get_data(as_text=True)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
    decision_url = f"/applications/{application_id}/review/decision"
    assert f'href="{decision_url}"' in page
    page = client.get(decision_url).get_data(as_text=True)
    clicks += 1
    assert 'id="advice"' in page and "primary" in _button_of(page, "award")
    level = re.search(r'<option value="([a-z]+)" selected', page).group(1)  # the recommended level, chosen
    version = re.search(r'name="expected_version" value="(\d+)"', page).group(1)
    response = client.post(
        f"{decision_url}/award",
        data={"csrf_token": csrf_token(page), "expected_version": version, "level": level, "comment": ""},
    )
    clicks += 1
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _state(app, application_id) == "moderation"  # decided: Gold, proposed to the moderator
    assert (clicks, fields) == (21, 18)
