"""The review's judgments and the decisions that fire workflow events, on the real self-assessment: the draft, the
recommendation from the agreed levels, the itemised list of changes, and every bad input refused with a clear
message and nothing changed."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from accreditation.applications import ApplicationError, StaleVersion
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Judgment, Review, TransitionRecord
from accreditation.review import decisions
from accreditation.review.errors import NotReviewable, NotTheLead, ReviewError, ReviewIncomplete
from accreditation.review.outcome import agreed_level, recommend
from accreditation.review.rounds import current_review
from accreditation.review.visits import VisitInput
from tests.applications.builders import application, assign, fire_as, person, records
from tests.review.builders import (
    LEAD,
    MODERATOR,
    add_second_assessor,
    criteria,
    judge,
    judge_all,
    under_review,
    version,
)
from workflows import GuardFailed


def judge_silver(application_id: int) -> None:
    """Agree everywhere but three criteria of benchmark 3 judged at 2: 15 of 18 at the benchmark (0.83) and a mean
    of 2.83, which earn Silver (agreeing everywhere, at the benchmarks, earns Gold: a mean of 3.0)."""
    lowered = [c.code for c in criteria(application_id) if c.benchmark == 3][:3]
    judge_all(
        application_id,
        except_={
            code: {"verdict": "different", "level": 2, "comment": "Not yet everywhere.", "gap": "minor"}
            for code in lowered
        },
    )


def _state(application_id: int) -> tuple[str, int]:
    found = application(application_id)
    return found.state, found.version


def test_agreed_levels_follow_the_judgment():
    class J:
        def __init__(self, verdict, level=None, claimed=3):
            self.verdict, self.level, self.claimed_level = verdict, level, claimed

    assert agreed_level(J("agree"), 1) == 3
    assert agreed_level(J("different", 2), 1) == 2
    assert agreed_level(J("insufficient"), 1) == 0


def test_the_recommendation_counts_agreed_levels_at_the_benchmark_and_their_mean(ctx, world):
    application_id = under_review(world, "esafety-label")  # every criterion claimed at its benchmark
    codes = [criterion.code for criterion in criteria(application_id)]
    judge_all(
        application_id,
        except_={codes[0]: {"verdict": "insufficient", "comment": "No log.", "gap": "minor"}},
    )
    review = current_review(application_id)
    framework = current_workflows().frameworks.get("esafety-label", 1)
    figures = recommend(framework, {j.criterion_code: j for j in review.judgments}, None)
    assert figures.at_benchmark == len(codes) - 1
    benchmarks = [c.benchmark for c in framework.criteria]
    assert figures.review_score == pytest.approx((sum(benchmarks) - benchmarks[0]) / len(codes))
    evidence = current_workflows().evidence
    assert evidence.unjudged_criteria(application(application_id)) == []
    assert evidence.results(application(application_id)).share_at_benchmark == pytest.approx(
        (len(codes) - 1) / len(codes)
    )


def test_the_review_is_a_draft_the_lead_can_change_until_the_decision(ctx, world):
    application_id = under_review(world, "esafety-label")
    code = criteria(application_id)[0].code
    judge(application_id, code, "insufficient", comment="The policy is not dated.", gap="minor")
    judge(application_id, code, "agree")
    [judgment] = current_review(application_id).judgments
    assert (judgment.verdict, judgment.gap, judgment.comment) == ("agree", None, "")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"verdict": "maybe"}, "Please choose: agree, a different level, or insufficient evidence."),
        ({"verdict": "different", "comment": "Lower."}, "Please choose the level you judge the school to be at."),
        ({"verdict": "different", "level": 9, "comment": "x", "gap": "minor"}, "9 is not a level of this framework"),
        ({"verdict": "insufficient", "gap": "minor"}, "Please explain your judgment in a comment"),
        ({"verdict": "insufficient", "comment": "Missing."}, "Please say whether the gap is minor or significant."),
    ],
)
def test_a_judgment_that_makes_no_sense_is_refused_and_nothing_is_kept(ctx, world, values, message):
    application_id = under_review(world, "esafety-label")
    code = criteria(application_id)[0].code
    with pytest.raises(ApplicationError, match=message):
        judge(application_id, code, **values)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Judgment)) == 0


def test_only_the_lead_judges(ctx, world):
    application_id = under_review(world, "esafety-label")
    add_second_assessor()
    assign(application_id, MODERATOR, role="moderator")
    with pytest.raises(NotTheLead):
        judge(application_id, criteria(application_id)[0].code, email=MODERATOR)


def test_deciding_without_a_judgment_on_every_criterion_is_refused(ctx, world):
    application_id = under_review(world, "esafety-label")
    code = criteria(application_id)[0].code
    judge(application_id, code, "insufficient", comment="No filtering log.", gap="minor")
    before = _state(application_id)
    with pytest.raises(ReviewIncomplete) as caught:
        decisions.request_changes(application_id, person(LEAD), before[1])
    assert caught.value.message.startswith(
        f"Judge every criterion before deciding: {len(criteria(application_id)) - 1}"
    )
    db.session.rollback()
    with pytest.raises(ReviewIncomplete):
        decisions.approve(application_id, person(LEAD), "silver", "", before[1])
    db.session.rollback()
    assert _state(application_id) == before


def test_request_changes_sends_the_school_an_itemised_list_by_criterion(ctx, world):
    application_id = under_review(world, "esafety-label")
    first, second, *_ = criteria(application_id)
    judge_all(
        application_id,
        except_={
            first.code: {"verdict": "insufficient", "comment": "No filtering log.", "gap": "minor"},
            second.code: {"verdict": "different", "level": second.benchmark - 1, "comment": "Not yet.", "gap": "minor"},
        },
    )
    record = decisions.request_changes(application_id, person(LEAD), version(application_id), "Nearly there.")
    db.session.commit()
    assert (record.event, record.to_state, record.comment) == ("return_to_school", "self_assessment", "Nearly there.")
    assert record.data["items"] == [
        f"{first.title.en} — insufficient evidence (minor gap): No filtering log.",
        f"{second.title.en} — level {second.benchmark - 1} rather than the level {second.benchmark} claimed "
        "(minor gap): Not yet.",
    ]
    review = current_review(application_id)
    assert (review.decision, review.decision_version) == ("changes_requested", record.version)
    with pytest.raises(NotReviewable):  # decided: the judgments are final
        judge(application_id, first.code, "agree")


def test_request_changes_with_everything_agreed_is_refused(ctx, world):
    application_id = under_review(world, "esafety-label")
    judge_all(application_id)
    with pytest.raises(ReviewError, match="nothing to ask the school to change"):
        decisions.request_changes(application_id, person(LEAD), version(application_id))


def test_approving_the_recommended_level_awards_it(ctx, world):
    application_id = under_review(world, "esafety-label")
    judge_silver(application_id)
    record = decisions.approve(application_id, person(LEAD), "silver", "", version(application_id))
    db.session.commit()
    assert (record.to_state, application(application_id).award_level) == ("labelled", "silver")
    review = current_review(application_id)
    assert (review.decision, review.recommended_level, review.awarded_level) == ("awarded", "silver", "silver")


def test_a_deviation_needs_a_justification_and_is_accepted_with_one(ctx, world):
    application_id = under_review(world, "esafety-label")
    judge_silver(application_id)
    before = _state(application_id)
    with pytest.raises(GuardFailed, match="The review recommends Silver; to award Bronze instead"):
        decisions.approve(application_id, person(LEAD), "bronze", "   ", before[1])
    db.session.rollback()
    assert _state(application_id) == before and current_review(application_id).decision is None
    record = decisions.approve(
        application_id, person(LEAD), "bronze", "The practice seen is recent and not yet settled.", before[1]
    )
    db.session.commit()
    assert (record.to_state, record.data, record.comment) == (
        "labelled",
        {"level": "bronze"},
        "The practice seen is recent and not yet settled.",
    )
    assert current_review(application_id).justification == "The practice seen is recent and not yet settled."


def test_rejecting_needs_reasons_and_ends_the_cycle(ctx, world):
    from workflows import MissingData

    application_id = under_review(world, "ciss")
    judge_all(application_id)
    with pytest.raises(MissingData):
        decisions.reject(application_id, person(LEAD), "  ", version(application_id))
    db.session.rollback()
    record = decisions.reject(application_id, person(LEAD), "The modules are not in place.", version(application_id))
    db.session.commit()
    assert (record.event, record.to_state) == ("reject", "not_certified")
    assert application(application_id).is_open is False
    assert current_review(application_id).decision == "rejected"


def test_a_visit_in_the_past_is_refused(ctx, world):
    application_id = under_review(world, "ciss")
    judge_all(application_id)
    before = _state(application_id)
    given = VisitInput(date.today() - timedelta(days=1), time(9, 0), 180, "School hall")
    with pytest.raises(GuardFailed, match="is not in the future"):
        decisions.schedule_visit(application_id, person(LEAD), given, "", before[1])
    db.session.rollback()
    with pytest.raises(ReviewError, match="where the visit takes place"):
        decisions.schedule_visit(application_id, person(LEAD), VisitInput(given.day, given.at, 180, " "), "", before[1])
    db.session.rollback()
    assert _state(application_id) == before


def test_a_decision_on_an_application_that_moved_on_is_a_conflict(ctx, world):
    application_id = under_review(world, "esafety-label")
    judge_all(application_id)
    seen = version(application_id)
    fire_as(application_id, "withdraw", "head.a@example.org")  # the school withdrew meanwhile
    with pytest.raises(StaleVersion):
        decisions.approve(application_id, person(LEAD), "silver", "", seen)
    db.session.rollback()
    assert application(application_id).state == "withdrawn"
    assert current_review(application_id).decision is None


def test_the_top_award_goes_to_moderation_and_the_first_assessor_cannot_confirm_it(ctx, world):
    application_id = under_review(world, "esafety-label", level=4)  # above the benchmarks: gold
    add_second_assessor()
    judge_all(application_id)
    with pytest.raises(GuardFailed, match="a coordinator must first assign a moderator"):
        decisions.approve(application_id, person(LEAD), "gold", "", version(application_id))
    db.session.rollback()
    assign(application_id, MODERATOR, role="moderator")
    proposal = decisions.approve(application_id, person(LEAD), "gold", "", version(application_id))
    db.session.commit()
    assert (proposal.event, proposal.to_state) == ("propose_top_award", "moderation")
    assert current_review(application_id).decision is None  # not final until confirmed
    with pytest.raises(GuardFailed, match="cannot moderate their own proposal"):
        decisions.confirm_award(application_id, person(LEAD), version(application_id))
    db.session.rollback()
    with pytest.raises(NotTheLead):  # nor judge while it is in moderation
        judge(application_id, criteria(application_id)[0].code, "agree", email=MODERATOR)
    db.session.rollback()
    confirmed = decisions.confirm_award(application_id, person(MODERATOR), version(application_id))
    db.session.commit()
    assert (confirmed.event, confirmed.to_state, confirmed.data) == ("confirm_award", "labelled", {"level": "gold"})
    review = current_review(application_id)
    assert (review.decision, review.awarded_level, review.decided_by_id) == ("awarded", "gold", person(MODERATOR).id)


def test_a_proposal_sent_back_opens_the_draft_again(ctx, world):
    application_id = under_review(world, "esafety-label", level=4)
    add_second_assessor()
    assign(application_id, MODERATOR, role="moderator")
    judge_all(application_id)
    decisions.approve(application_id, person(LEAD), "gold", "", version(application_id))
    db.session.commit()
    back = decisions.send_back(application_id, person(MODERATOR), "Check the survey sample.", version(application_id))
    db.session.commit()
    assert (back.event, back.to_state) == ("send_back_proposal", "under_review")
    code = criteria(application_id)[0].code
    judge(application_id, code, "different", level=3, comment="Sample too small.", gap="minor")
    record = decisions.approve(
        application_id,
        person(LEAD),
        "silver",
        "The moderator found the survey sample too small.",
        version(application_id),
    )
    db.session.commit()
    assert [(r.event, r.to_state) for r in records(application_id)][-3:] == [
        ("propose_top_award", "moderation"),
        ("send_back_proposal", "under_review"),
        ("award_label", "labelled"),
    ]
    assert record.comment == "The moderator found the survey sample too small."


def test_every_decision_is_in_the_history_and_one_review_per_round(ctx, world):
    application_id = under_review(world, "esafety-label")
    judge_silver(application_id)
    decisions.approve(application_id, person(LEAD), "silver", "", version(application_id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1
    assert [r.event for r in db.session.scalars(select(TransitionRecord).order_by(TransitionRecord.version))] == [
        "join-programme",
        "start_self_assessment",
        "submit",
        "start_review",
        "award_label",
    ]


# --- over HTTP -----------------------------------------------------------------------------------------------------


def _post_decision(client, application_id: int, name: str, expected_version: int, **fields):
    from tests.builders import csrf_token

    html = client.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "expected_version": expected_version, **fields}
    return client.post(f"/applications/{application_id}/review/decision/{name}", data=data)


def test_bad_decisions_over_http_say_why_and_change_nothing(app, world):
    from tests.applications.web import signed_in

    with app.app_context():
        application_id = under_review(world, "esafety-label")
        seen = version(application_id)
    lead = signed_in(app, LEAD)
    response = _post_decision(lead, application_id, "award", seen, level="gold")
    assert response.status_code == 422
    assert "Judge every criterion before deciding: 18 still without a judgment" in response.get_data(as_text=True)
    with app.app_context():
        judge_silver(application_id)
    response = _post_decision(lead, application_id, "award", seen, level="gold", comment="short")
    assert response.status_code == 422
    assert "The review recommends Silver; to award Gold instead, please justify" in response.get_data(as_text=True)
    response = _post_decision(lead, application_id, "award", seen - 1, level="silver")
    assert response.status_code == 409
    assert "Someone else changed this application in the meantime" in response.get_data(as_text=True)
    with app.app_context():
        assert (application(application_id).state, version(application_id)) == ("under_review", seen)
        assert current_review(application_id).decision is None
    response = _post_decision(lead, application_id, "award", seen, level="silver")
    assert response.status_code == 302
    with app.app_context():
        assert application(application_id).state == "labelled"


def test_deciding_against_any_award_on_the_page_is_tucked_away_and_needs_the_box_ticked(app, world):
    from tests.applications.web import signed_in

    with app.app_context():
        application_id = under_review(world, "ciss")
        judge_all(application_id)
        seen = version(application_id)
    lead = signed_in(app, LEAD)
    page = lead.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    assert re.search(r'<details id="reject-details"\s*>', page)  # closed: not the decision the review points to
    reasons = "The modules are not in place."

    refused = _post_decision(lead, application_id, "reject", seen, comment=reasons)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Tick the box to confirm: this ends the application, and it cannot be undone." in html
    assert re.search(r'<details id="reject-details"\s*open>', html) and reasons in html  # open, what was typed kept
    with app.app_context():
        assert (application(application_id).state, version(application_id)) == ("under_review", seen)
        assert current_review(application_id).decision is None

    done = _post_decision(lead, application_id, "reject", seen, comment=reasons, understood="y")
    assert done.status_code == 302
    with app.app_context():
        assert application(application_id).state == "not_certified"


def test_the_decisions_page_links_each_criterion_still_to_judge_to_its_judgment(app, world):
    from tests.applications.web import signed_in

    with app.app_context():
        application_id = under_review(world, "esafety-label")
        first, second, *rest = criteria(application_id)
        judge(application_id, first.code)
    lead = signed_in(app, LEAD)
    html = lead.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    summary = html[html.index('id="unjudged"') : html.index("</section>", html.index('id="unjudged"'))]
    links = re.findall(r'href="([^"]+)"', summary)
    assert len(links) == 1 + len(rest)  # every criterion but the judged one
    assert f"/applications/{application_id}/review?criterion={second.code}" in links
    assert not any(first.code == link.rpartition("=")[2] for link in links)
    target = lead.get(links[0]).get_data(as_text=True)
    assert f'action="/applications/{application_id}/review/judgments/{second.code}"' in target
