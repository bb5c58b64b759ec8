"""The community's view beside the school's rating: on the self-assessment (per criterion and on the results
page), frozen into the submitted round, and shown to the assessor on the review page."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.applications import commit_and_relay
from accreditation.extensions import db
from accreditation.models import SurveySnapshotResult
from accreditation.review.assignment import assign_assessor
from accreditation.surveys import throttle
from tests.applications.builders import LONG_COMMENT, fire_as, person
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, answer_all, ready_for_answers, upload_required
from tests.review.builders import COORDINATOR, LEAD
from tests.surveys.helpers import answer, open_window

LOW = {"know_rules": 1, "learn_safety": 2, "know_who_to_tell": 1, "pupils_asked": 1}


def test_pupils_views_sit_beside_the_rating_and_reach_the_assessor(app, client, world):
    throttle.forget_all()
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id, level=4)
    path = open_window(client, world.school_a, world.emails["school_admin_a"], programme="esafety-label")[
        "pupils_12_14"
    ]
    for _ in range(10):
        answer(app, path, answers=LOW)

    school = signed_in(app, HEAD_A)
    results = school.get(f"/applications/{application_id}/results").get_data(as_text=True)
    assert 'data-survey-audience="pupils_12_14"' in results
    assert "they see it lower" in results
    form = school.get(f"/applications/{application_id}/self-assessment?area=policy").get_data(as_text=True)
    assert 'id="survey-acceptable_use"' in form and "they see it lower than you" in form

    with app.app_context():
        upload_required(application_id)
        fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
        frozen = db.session.scalars(select(SurveySnapshotResult)).all()
        assert {(r.audience, r.criterion_code) for r in frozen} >= {
            ("pupils_12_14", ""),
            ("pupils_12_14", "acceptable_use"),
        }
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
        commit_and_relay()
        fire_as(application_id, "start_review", LEAD)
    # Answers arriving after the submission do not change the round under review.
    for _ in range(3):
        answer(app, path, answers={"know_rules": 4})
    assessor = signed_in(app, LEAD)
    review = assessor.get(f"/applications/{application_id}/review?criterion=acceptable_use").get_data(as_text=True)
    assert 'id="survey-acceptable_use"' in review
    assert "(10 answers)" in review and "lower than the claimed level" in review
