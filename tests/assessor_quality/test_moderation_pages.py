"""The held decision through the pages: the lead's decision is held (the flash says so, the application stays),
the second assessor reads it on their quality page and agrees, the application moves, and the school is then asked
for its feedback."""

from __future__ import annotations

import re

from accreditation.extensions import db
from accreditation.models import Application, Delivery, ModerationSample
from tests.assessor_quality.test_moderation import judge_silver
from tests.builders import csrf_token, sign_in, sign_out
from tests.review.builders import COORDINATOR, HEAD_A, LEAD, MODERATOR, add_second_assessor, under_review, version


def test_held_on_the_decision_page_read_and_carried_out_on_the_quality_page(app, client, world, quality):
    with app.app_context():
        quality("esafety-label", moderate_first_decisions=True)
        add_second_assessor()
        application_id = under_review(world)
        judge_silver(application_id)
        before = version(application_id)
        db.session.remove()

    sign_in(client, LEAD)
    page = client.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "expected_version": before, "level": "silver", "comment": ""}
    held = client.post(f"/applications/{application_id}/review/decision/award", data=data, follow_redirects=True)
    assert "held until a second assessor reads it" in held.get_data(as_text=True)
    assert "Your decisions held for a second reading" in client.get("/quality").get_data(as_text=True)
    sign_out(client)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "under_review"
        sample_id = db.session.query(ModerationSample.id).scalar()

    sign_in(client, HEAD_A)
    assert "Tell us how the assessment went" not in client.get(f"/applications/{application_id}").get_data(as_text=True)
    sign_out(client)

    sign_in(client, MODERATOR)
    overview = client.get("/quality").get_data(as_text=True)
    assert f"/quality/moderation/{sample_id}" in overview
    page = client.get(f"/quality/moderation/{sample_id}").get_data(as_text=True)
    assert "Award the level Silver" in page and "Nothing has happened yet" in page
    refused = client.post(f"/quality/moderation/{sample_id}/reading", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 422
    agreed = client.post(
        f"/quality/moderation/{sample_id}/reading",
        data={"csrf_token": csrf_token(page), "verdict": "agree", "note": ""},
        follow_redirects=True,
    )
    assert "the decision is carried out and the school is told" in agreed.get_data(as_text=True)
    sign_out(client)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "labelled"

    sign_in(client, HEAD_A)
    shown = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert re.search(r"assessor-feedback-prompt", shown)


def test_a_coordinator_names_the_second_assessor_when_nobody_was_free(app, client, world, quality):
    with app.app_context():
        quality("esafety-label", moderate_first_decisions=True)
        application_id = under_review(world)  # the world's only assessor leads: nobody else can read it
        judge_silver(application_id)
        from accreditation.review import decisions
        from tests.applications.builders import person

        sample = decisions.approve(application_id, person(LEAD), "silver", "", version(application_id))
        db.session.commit()
        sample_id, moderator = sample.id, sample.moderator_id
        db.session.remove()
    assert moderator is None
    sign_in(client, COORDINATOR)
    page = client.get(f"/quality/moderation/{sample_id}").get_data(as_text=True)
    assert "Nobody can read it yet" in page
    with app.app_context():
        second = add_second_assessor().id
        db.session.remove()
    page = client.get(f"/quality/moderation/{sample_id}").get_data(as_text=True)
    assert f'<option value="{second}">Sofia Second</option>' in page
    named = client.post(
        f"/quality/moderation/{sample_id}/moderator", data={"csrf_token": csrf_token(page), "assessor": second}
    )
    assert named.status_code == 302
    with app.app_context():
        assert db.session.get(ModerationSample, sample_id).moderator_id == second
        kinds = [(d.kind, d.user_id) for d in db.session.query(Delivery).all()]
        assert kinds == [("moderation_request", second)]
