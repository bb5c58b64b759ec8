"""The desk-review renewal for real (issue 30): a school whose yearly health check found it in good standing renews
and its assessor certifies the renewal from the review, without a site visit (CISS's ``certify_by_desk_review``,
guarded by ``desk_review_allowed``); a first application, or a renewal without good standing, is told to schedule
the visit and nothing moves. All through the pages over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Application, TransitionRecord
from tests.applications.web import signed_in
from tests.between_awards.builders import HEAD_A, text_of
from tests.between_awards.test_health_check import _train_every_teacher
from tests.builders import csrf_token, sign_in
from tests.review.builders import LEAD, judge_all, under_review, version

AWARD = "established"  # the level the review recommends


def _first_award_renewing(app, world) -> int:
    """School A's first CISS cycle, awarded a month ago and now open for renewal (so a new cycle may start)."""
    with app.app_context():
        application_id = under_review(world, "ciss")
        application = db.session.get(Application, application_id)
        application.awarded_at = datetime.now(UTC) - timedelta(days=30)
        application.state, application.is_open = "renewal_open", False
        db.session.commit()
    return application_id


def _health_check(client, world, good: bool) -> None:
    sign_in(client, HEAD_A)
    if good:
        _train_every_teacher(client, world.school_a)
    page = f"/schools/{world.school_a}/health-check"
    html = client.get(page).get_data(as_text=True)
    dropped = [] if good else ["filtering"]
    assert client.post(page, data={"csrf_token": csrf_token(html), "dropped": dropped}).status_code == 302
    route = "desk_review" if good else "full_review"
    assert f'data-route="{route}"' in client.get(page).get_data(as_text=True)


def _renewal_judged(app, world) -> tuple[int, int]:
    with app.app_context():
        application_id = under_review(world, "ciss")
        judge_all(application_id)
        return application_id, version(application_id)


def _decide(app, application_id: int, seen: int, level: str = AWARD):
    lead = signed_in(app, LEAD)
    html = lead.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "expected_version": seen, "level": level, "comment": ""}
    return lead.post(f"/applications/{application_id}/review/decision/award", data=data), html


def _state(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).state


def _offers_only_the_visit(page: str) -> None:
    """The decision page has no award without a visit for this application (its guard would refuse it), and leads
    with the visit."""
    assert 'id="decision-award"' not in page and 'id="desk-review"' not in page
    assert 'class="decision decision-recommended" id="decision-visit"' in page


def test_a_renewal_in_good_standing_is_certified_without_a_visit(app, client, world):
    first = _first_award_renewing(app, world)
    _health_check(client, world, good=True)
    renewal, seen = _renewal_judged(app, world)
    with app.app_context():
        assert db.session.get(Application, renewal).cycle == db.session.get(Application, first).cycle + 1
    answer, page = _decide(app, renewal, seen)
    # The page led with the award without a visit, and said why.
    assert 'class="decision decision-recommended" id="decision-award"' in page
    assert 'class="decision" id="decision-visit"' in page
    assert "you may decide this renewal from its documents, without a site visit" in text_of(page)
    assert "A renewal of a school in good standing: no site visit is needed." in text_of(page)
    assert answer.status_code == 302, text_of(answer.get_data(as_text=True))
    assert _state(app, renewal) == "certified"
    with app.app_context():
        assert db.session.get(Application, renewal).awarded_at is not None
        query = select(TransitionRecord.event).where(TransitionRecord.application_id == renewal)
        steps = list(db.session.scalars(query.order_by(TransitionRecord.version)))
    assert "schedule_visit" not in steps and steps[-1] == "certify_by_desk_review"


def test_a_renewal_without_good_standing_needs_the_visit(app, client, world):
    _first_award_renewing(app, world)
    _health_check(client, world, good=False)
    renewal, seen = _renewal_judged(app, world)
    answer, page = _decide(app, renewal, seen)
    _offers_only_the_visit(page)
    assert answer.status_code == 422
    assert "renewal needs a site visit: schedule the visit" in text_of(answer.get_data(as_text=True))
    assert _state(app, renewal) == "under_review"


def test_a_first_application_is_never_a_desk_review(app, world):
    application, seen = _renewal_judged(app, world)
    answer, page = _decide(app, application, seen)
    _offers_only_the_visit(page)
    assert answer.status_code == 422
    assert "only for the renewal of an award: schedule the site visit" in text_of(answer.get_data(as_text=True))
    assert _state(app, application) == "under_review"
