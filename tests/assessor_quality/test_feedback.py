"""Schools' feedback after a decision: asked on the application page, answered once per decision and person,
and shown per assessor to the coordinator (and to the assessor) only from 5 answers."""

from __future__ import annotations

import pytest

from accreditation.accounts.users import create_user
from accreditation.assessor_quality import feedback
from accreditation.assessor_quality.errors import QualityConflict, QualityError, QualityNotPermitted
from accreditation.extensions import db
from tests.applications.builders import person
from tests.assessor_quality.builders import decided
from tests.builders import PASSWORD, csrf_token, sign_in, sign_out
from tests.review.builders import COORDINATOR, HEAD_A, LEAD

STAFF = [f"teacher{n}@example.org" for n in range(1, 5)]


@pytest.fixture
def application_id(app, world) -> int:
    with app.app_context():
        found = decided(world)
        for n, email in enumerate(STAFF, start=1):
            create_user(email, f"Teacher {n}", "school-staff", PASSWORD, school_id=world.school_a, language="en")
        db.session.commit()
        db.session.remove()
    return found


def answer(client, application_id: int, email: str, marks=("4", "5", "3")) -> int:
    sign_in(client, email)
    shown = client.get(f"/applications/{application_id}")
    assert "Tell us how the assessment went" in shown.get_data(as_text=True)
    page = client.get(f"/applications/{application_id}/assessor-feedback").get_data(as_text=True)
    data = dict(zip(("clarity", "fairness", "helpfulness"), marks, strict=True), csrf_token=csrf_token(page))
    status = client.post(f"/applications/{application_id}/assessor-feedback", data=data).status_code
    sign_out(client)
    return status


def test_the_figures_stay_hidden_below_five_answers(app, client, application_id):
    for email in [HEAD_A, *STAFF[:3]]:
        assert answer(client, application_id, email) == 302
    sign_in(client, COORDINATOR)
    quality = client.get("/quality").get_data(as_text=True)
    assert "Fewer than 5 answers: not shown yet." in quality and "Artem Assessor" in quality
    dashboard = client.get("/coordinate/dashboard").get_data(as_text=True)
    assert "Fewer than 5 answers: not shown yet." in dashboard
    sign_out(client)
    sign_in(client, LEAD)
    assert "Not shown yet" in client.get("/quality").get_data(as_text=True)
    sign_out(client)
    with app.app_context():
        (row,) = feedback.figures()
        assert row.hidden and row.answers is None and row.clarity is None
        assert feedback.own_figures(person(LEAD)) is None

    assert answer(client, application_id, STAFF[3], ("2", "5", "3")) == 302
    sign_in(client, COORDINATOR)
    quality = client.get("/quality").get_data(as_text=True)
    assert "Fewer than 5 answers" not in quality
    assert "3.6" in quality and "5.0" in quality  # clarity (4+4+4+4+2)/5, fairness 5
    sign_out(client)
    sign_in(client, LEAD)
    assert "5 answers. Clarity 3.6, fairness 5.0, helpfulness 3.0" in client.get("/quality").get_data(as_text=True)


def test_one_answer_per_decision_and_person_and_only_from_the_school(app, client, application_id):
    assert answer(client, application_id, HEAD_A) == 302
    sign_in(client, HEAD_A)
    again = client.get(f"/applications/{application_id}/assessor-feedback").get_data(as_text=True)
    assert "You have already answered for this decision" in again
    sign_out(client)
    with app.app_context():
        with pytest.raises(QualityConflict):
            feedback.give_feedback(application_id, person(HEAD_A), {"clarity": 1, "fairness": 1, "helpfulness": 1})
        with pytest.raises(QualityError):
            feedback.give_feedback(application_id, person(STAFF[0]), {"clarity": 9, "fairness": 1, "helpfulness": 1})
        with pytest.raises(QualityNotPermitted):
            feedback.give_feedback(application_id, person(COORDINATOR), {"clarity": 3, "fairness": 3, "helpfulness": 3})
    sign_in(client, STAFF[0])
    page = client.get(f"/applications/{application_id}/assessor-feedback").get_data(as_text=True)
    refused = client.post(f"/applications/{application_id}/assessor-feedback", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 422 and "Please choose a mark from 1 to 5" in refused.get_data(as_text=True)
