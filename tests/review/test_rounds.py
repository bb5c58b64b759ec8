"""Rounds of review: every round is kept; after only minor gaps the next round reviews only the criteria found
wanting (the others carry their judgments over, marked as such); after a significant gap the whole assessment is
reviewed again. The school sees the decided rounds, never the draft."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.assessment.answers import AnswerInput, save_answers, workspace
from accreditation.extensions import db
from accreditation.models import Review
from accreditation.review import decisions
from accreditation.review.rounds import current_review, open_review
from tests.applications.builders import LONG_COMMENT, application, fire_as, person
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A
from tests.review.builders import LEAD, criteria, judge, judge_all, programme_of, under_review, version


def _request_changes(application_id: int, wanting: dict[str, dict]) -> None:
    judge_all(application_id, except_=wanting)
    decisions.request_changes(application_id, person(LEAD), version(application_id))
    db.session.commit()


def _resubmit(application_id: int, programme: str, changed: dict[str, int] | None = None) -> None:
    """The school mends (optionally changing claimed levels), resubmits, and the lead starts the review again."""
    if changed:
        space = workspace(application_id, person(HEAD_A))
        answers = space.answers()
        items = [AnswerInput(code, level, LONG_COMMENT, answers[code].revision) for code, level in changed.items()]
        save_answers(application_id, person(HEAD_A), items)
        db.session.commit()
    fire_as(application_id, "resubmit" if programme == "ciss" else "submit", HEAD_A, comment=LONG_COMMENT)
    fire_as(application_id, "start_review", LEAD)


def _open(application_id: int) -> Review:
    review = open_review(application(application_id), programme_of(application_id), person(LEAD))
    db.session.commit()
    return review


def test_after_only_minor_gaps_the_next_round_reviews_only_the_criteria_found_wanting(ctx, world):
    application_id = under_review(world, "ciss")
    first, second, third, *_ = [c.code for c in criteria(application_id)]
    _request_changes(
        application_id,
        {
            first: {"verdict": "insufficient", "comment": "No training log.", "gap": "minor"},
            second: {"verdict": "different", "level": 2, "comment": "Only one class.", "gap": "minor"},
        },
    )
    _resubmit(application_id, "ciss")
    review = _open(application_id)
    assert (review.round, review.scope) == (2, "partial")
    carried = {j.criterion_code: j for j in review.judgments}
    assert first not in carried and second not in carried
    assert len(carried) == len(criteria(application_id)) - 2
    assert all(j.carried_over and j.carried_from_round == 1 and j.verdict == "agree" for j in carried.values())
    assert carried[third].claimed_level is not None
    from accreditation.applications.runtime import current_workflows

    unjudged = current_workflows().evidence.unjudged_criteria(application(application_id))
    assert len(unjudged) == 2


def test_a_changed_claim_is_reviewed_again_even_after_minor_gaps(ctx, world):
    application_id = under_review(world, "esafety-label")
    first, second, *_ = criteria(application_id)
    _request_changes(application_id, {first.code: {"verdict": "insufficient", "comment": "Missing.", "gap": "minor"}})
    _resubmit(application_id, "esafety-label", changed={second.code: second.benchmark + 1})
    review = _open(application_id)
    assert review.scope == "partial"
    judged = {j.criterion_code for j in review.judgments}
    assert first.code not in judged and second.code not in judged


def test_after_a_significant_gap_the_whole_assessment_is_reviewed_again(ctx, world):
    application_id = under_review(world, "ciss")
    first, second, *_ = [c.code for c in criteria(application_id)]
    _request_changes(
        application_id,
        {
            first: {"verdict": "insufficient", "comment": "No training log.", "gap": "minor"},
            second: {"verdict": "insufficient", "comment": "No policy at all.", "gap": "significant"},
        },
    )
    _resubmit(application_id, "ciss")
    review = _open(application_id)
    assert (review.round, review.scope, review.judgments) == (2, "full", [])


def test_carried_judgments_keep_the_round_they_were_made_in_and_every_round_is_kept(ctx, world):
    application_id = under_review(world, "esafety-label")
    first, second, third, *_ = [c.code for c in criteria(application_id)]
    _request_changes(application_id, {first: {"verdict": "insufficient", "comment": "Missing.", "gap": "minor"}})
    _resubmit(application_id, "esafety-label")
    _open(application_id)
    judge(application_id, first, "agree")
    # the lead may look again at a carried criterion: it is then judged in this round
    judge(application_id, second, "insufficient", comment="The log stops in May.", gap="minor")
    decisions.request_changes(application_id, person(LEAD), version(application_id))
    db.session.commit()
    _resubmit(application_id, "esafety-label")
    third_round = _open(application_id)
    by_code = {j.criterion_code: j for j in third_round.judgments}
    assert (third_round.round, third_round.scope) == (3, "partial")
    assert by_code[first].carried_from_round == 2  # judged (agreed) in round 2
    assert by_code[third].carried_from_round == 1  # agreed in round 1, carried through round 2
    assert second not in by_code
    rounds = db.session.scalars(select(Review).order_by(Review.round)).all()
    assert [(r.round, r.decision) for r in rounds] == [(1, "changes_requested"), (2, "changes_requested"), (3, None)]


def test_the_school_sees_each_decided_round_and_never_the_draft(app, world):
    with app.app_context():
        application_id = under_review(world, "esafety-label")
        first, second, *_ = criteria(application_id)
        _request_changes(
            application_id,
            {first.code: {"verdict": "insufficient", "comment": "Please date the policy.", "gap": "minor"}},
        )
        _resubmit(application_id, "esafety-label")
        _open(application_id)
        judge(application_id, first.code, "insufficient", comment="DRAFT-ONLY remark.", gap="minor")
        assert current_review(application_id).round == 2
    client = signed_in(app, HEAD_A)
    html = client.get(f"/applications/{application_id}/feedback").get_data(as_text=True)
    assert "Round 1: Changes requested" in html
    assert "Please date the policy." in html
    assert "Round 2" not in html and "DRAFT-ONLY" not in html
    assert client.get(f"/applications/{application_id}/review").status_code == 403  # the draft is not the school's
