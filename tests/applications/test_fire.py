"""fire(): the only way a state changes — records, outbox jobs, versions, and the typed errors that leave
everything as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from accreditation.applications import ApplicationNotFound, NotYours, StaleVersion, fire, fire_and_commit
from accreditation.applications.errors import DecisionRequired
from accreditation.applications.operations import JOIN_EVENT, add_months, event_data
from accreditation.extensions import db
from tests.applications.builders import (
    LONG_COMMENT,
    SECOND_ASSESSOR,
    add_second_assessor,
    application,
    assign,
    complete_modules,
    decision_of,
    fire_as,
    jobs,
    person,
    records,
    start,
)
from workflows import GuardFailed, MissingData, Programme, RoleNotAllowed, TransitionNotAllowed, UnknownEvent

COORDINATOR = "coord.md@example.org"
HEAD_A = "head.a@example.org"


def test_joining_writes_the_first_record_and_the_initial_states_jobs(ctx, world):
    application_id = start(world, "ciss")
    joined = application(application_id)
    assert (joined.state, joined.version, joined.cycle, joined.is_open) == ("applied", 1, 1, True)
    [record] = records(application_id)
    assert (record.event, record.from_state, record.to_state, record.version) == (JOIN_EVENT, None, "applied", 1)
    assert record.actor_id == person(HEAD_A).id and record.actor_role == "school_admin"
    assert [job.action for job in jobs(application_id)] == ["notify_coordinator"]


def test_fire_moves_the_state_and_writes_one_record_and_a_job_per_entry_action(ctx, world):
    application_id = start(world, "ciss")
    record = fire_as(application_id, "accept", COORDINATOR)
    moved = application(application_id)
    assert (moved.state, moved.version) == ("implementing", 2)
    assert (record.event, record.from_state, record.to_state) == ("accept", "applied", "implementing")
    assert record.version == 2
    assert record.actor_role == "coordinator" and record.actor_id == person(COORDINATOR).id
    assert [job.action for job in jobs(application_id)] == [
        "notify_coordinator",
        "issue_commitment_certificate",
        "notify_school",
    ]
    assert all(job.payload["version"] in (1, 2) and job.done_at is None for job in jobs(application_id))


def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(ctx, world):
    application_id = start(world, "ciss")
    with pytest.raises(StaleVersion):
        fire(application_id, "accept", person(COORDINATOR), {}, expected_version=7)
    db.session.rollback()
    assert application(application_id).state == "applied"
    assert len(records(application_id)) == 1


def test_a_version_changed_between_load_and_write_is_a_conflict(ctx, world, monkeypatch):
    """The conditional UPDATE is what protects: a write that sneaks in after the load wins, fire() loses."""
    application_id = start(world, "ciss")
    real_advance = Programme.advance

    def advance_then_meddle(self, *args, **kwargs):
        step = real_advance(self, *args, **kwargs)
        db.session.execute(text("UPDATE applications SET version = version + 1 WHERE id = :id"), {"id": application_id})
        return step

    monkeypatch.setattr(Programme, "advance", advance_then_meddle)
    with pytest.raises(StaleVersion):
        fire(application_id, "accept", person(COORDINATOR), {}, expected_version=1)
    db.session.rollback()
    assert application(application_id).state == "applied"
    assert len(records(application_id)) == 1


@pytest.mark.parametrize(
    ("event", "email", "data", "error"),
    [
        ("fly_to_the_moon", COORDINATOR, {}, UnknownEvent),
        ("submit", HEAD_A, {}, TransitionNotAllowed),
        ("accept", HEAD_A, {}, RoleNotAllowed),
        ("accept", "staff.a@example.org", {}, RoleNotAllowed),
        ("decline", COORDINATOR, {"comment": "   "}, MissingData),
        ("withdraw", "head.b@example.org", {}, NotYours),
        ("accept", "coord.ua@example.org", {}, NotYours),
        ("accept", "assessor@example.org", {}, NotYours),
    ],
)
def test_bad_input_raises_its_error_and_leaves_no_trace(ctx, world, event, email, data, error):
    application_id = start(world, "ciss")
    with pytest.raises(error):
        fire_and_commit(application_id, event, person(email), data, expected_version=1)
    assert application(application_id).state == "applied"
    assert application(application_id).version == 1
    assert len(records(application_id)) == 1
    assert len(jobs(application_id)) == 1


def test_an_admin_sees_every_application_but_fires_only_what_admins_may(ctx, world):
    application_id = start(world, "ciss")
    with pytest.raises(RoleNotAllowed):
        fire(application_id, "accept", person("admin@example.org"), {})


def test_unknown_application_is_not_found(ctx, world):
    with pytest.raises(ApplicationNotFound):
        fire(999_999, "accept", person(COORDINATOR), {})


def test_guards_give_reasons_and_block_the_move(ctx, world):
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    with pytest.raises(GuardFailed) as caught:
        fire(application_id, "start_self_assessment", person(HEAD_A), {})
    assert caught.value.reasons == [
        "These modules are not marked as complete yet: Online-safety policy and leadership, Staff training, "
        "Teaching pupils safe and responsible use, Technical protection, Reporting and response."
    ]
    db.session.rollback()
    complete_modules(application_id, "staff.a@example.org")
    assert fire_as(application_id, "start_self_assessment", HEAD_A).to_state == "self_assessment"


def test_submit_waits_for_the_self_assessment_and_the_required_documents(ctx, world):
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    complete_modules(application_id, HEAD_A)
    fire_as(application_id, "start_self_assessment", HEAD_A)
    with pytest.raises(GuardFailed) as caught:
        fire(application_id, "submit", person(HEAD_A), {"comment": "short"})
    assert caught.value.reasons == [
        "The self-assessment has not been completed yet: answer every criterion first.",
        "Please upload: Online-safety policy.",
        "Please upload: Acceptable use policies.",
        "Please upload: Incident procedure.",
    ]


def test_ciss_runs_from_application_to_certificate_with_the_evidence_stood_in(ctx, world, evidence):
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    complete_modules(application_id, HEAD_A)
    fire_as(application_id, "start_self_assessment", HEAD_A)
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    with pytest.raises(GuardFailed, match="No lead assessor"):
        fire(application_id, "start_review", person(COORDINATOR), {})
    db.session.rollback()
    assign(application_id, "assessor@example.org")
    fire_as(application_id, "start_review", "assessor@example.org")
    fire_as(application_id, "request_changes", "assessor@example.org", items="Publish the policy\n\nTrain the cooks")
    fire_as(application_id, "resubmit", HEAD_A)
    fire_as(application_id, "start_review", "assessor@example.org")
    visit = (date.today() + timedelta(days=20)).isoformat()
    fire_as(application_id, "schedule_visit", "assessor@example.org", date=visit)
    record = fire_as(application_id, "certify", "assessor@example.org", level="established")
    certified = application(application_id)
    assert certified.state == "certified" and certified.award_level == "established"
    assert certified.deadline == date.fromisoformat(visit)
    assert certified.expires_at == add_months(certified.awarded_at, 24)
    assert record.data == {"level": "established"}
    history = records(application_id)
    assert [r.version for r in history] == list(range(1, 11))
    assert history[5].data == {"items": ["Publish the policy", "Train the cooks"]}
    assert [r.to_state for r in history] == [
        "applied",
        "implementing",
        "self_assessment",
        "submitted",
        "under_review",
        "changes_requested",
        "submitted",
        "under_review",
        "visit_scheduled",
        "certified",
    ]


def test_a_decisions_event_is_refused_to_anyone_but_its_decision_operation(ctx, world, evidence):
    """A decision writes its record with the transition: fired as a bare event (or by another decision's
    operation), it changes nothing; someone who may not make it at all hears that first."""
    application_id = _under_review(world)
    visit = {"date": (date.today() + timedelta(days=5)).isoformat()}
    assessor = person("assessor@example.org")
    for decision in (None, "award"):
        with pytest.raises(DecisionRequired) as caught:
            fire(application_id, "schedule_visit", assessor, visit, decision=decision)
        assert caught.value.decision == "visit" and "is a decision" in caught.value.message
        db.session.rollback()
    with pytest.raises(RoleNotAllowed):
        fire(application_id, "schedule_visit", person(HEAD_A), visit)
    db.session.rollback()
    assert (application(application_id).state, len(records(application_id))) == ("under_review", 5)
    moved = fire(application_id, "schedule_visit", assessor, visit, decision="visit")
    assert moved.to_state == "visit_scheduled"


def test_visit_dates_must_be_in_the_future(ctx, world, evidence):
    application_id = _under_review(world)
    with pytest.raises(GuardFailed, match="is not in the future"):
        fire(
            application_id,
            "schedule_visit",
            person("assessor@example.org"),
            {"date": date.today().isoformat()},
            decision=decision_of(application_id, "schedule_visit"),
        )
    db.session.rollback()
    with pytest.raises(MissingData) as caught:
        fire(
            application_id,
            "schedule_visit",
            person("assessor@example.org"),
            {"date": "next tuesday"},
            decision=decision_of(application_id, "schedule_visit"),
        )
    assert caught.value.reasons == ["'next tuesday' is not a date; please give one as YYYY-MM-DD."]


def test_the_top_level_is_proposed_and_confirmed_by_a_second_assessor(ctx, world, evidence):
    evidence.figures = type(evidence.figures)(share_at_benchmark=0.95, review_score=3.5)  # earns exemplary
    add_second_assessor()
    application_id = _under_review(world)
    visit = (date.today() + timedelta(days=5)).isoformat()
    fire_as(application_id, "schedule_visit", "assessor@example.org", date=visit)
    lead = person("assessor@example.org")
    with pytest.raises(GuardFailed, match="propose it for moderation instead"):
        fire(application_id, "certify", lead, {"level": "exemplary"}, decision=decision_of(application_id, "certify"))
    db.session.rollback()
    with pytest.raises(GuardFailed, match="a coordinator must first assign a moderator"):
        fire(
            application_id,
            "propose_top_award",
            lead,
            {"level": "exemplary"},
            decision=decision_of(application_id, "propose_top_award"),
        )
    db.session.rollback()
    assign(application_id, SECOND_ASSESSOR, role="moderator")
    proposal = fire_as(application_id, "propose_top_award", "assessor@example.org", level="exemplary")
    assert proposal.to_state == "moderation"
    with pytest.raises(GuardFailed, match="cannot moderate their own proposal"):
        fire(
            application_id,
            "confirm_award",
            person("assessor@example.org"),
            {"level": "exemplary"},
            decision=decision_of(application_id, "confirm_award"),
        )
    db.session.rollback()
    with pytest.raises(GuardFailed, match="proposed Exemplary: confirm that level"):
        fire(
            application_id,
            "confirm_award",
            person(SECOND_ASSESSOR),
            {"level": "established"},
            decision=decision_of(application_id, "confirm_award"),
        )
    db.session.rollback()
    confirmed = fire_as(application_id, "confirm_award", SECOND_ASSESSOR, level="exemplary")
    assert (confirmed.actor_role, confirmed.to_state) == ("assessor", "certified")
    assert application(application_id).award_level == "exemplary"


def test_the_moderator_sends_a_proposal_back_with_a_comment(ctx, world, evidence):
    evidence.figures = type(evidence.figures)(share_at_benchmark=0.95, review_score=3.5)
    add_second_assessor()
    application_id = _under_review(world)
    assign(application_id, SECOND_ASSESSOR, role="moderator")
    fire_as(
        application_id, "schedule_visit", "assessor@example.org", date=(date.today() + timedelta(days=5)).isoformat()
    )
    fire_as(application_id, "propose_top_award", "assessor@example.org", level="exemplary")
    with pytest.raises(MissingData):
        fire(
            application_id,
            "send_back_proposal",
            person(SECOND_ASSESSOR),
            {},
            decision=decision_of(application_id, "send_back_proposal"),
        )
    db.session.rollback()
    back = fire_as(application_id, "send_back_proposal", SECOND_ASSESSOR, comment="Look at the training logs again.")
    assert back.to_state == "visit_scheduled"  # where the proposal came from: the visit has taken place


def test_a_level_other_than_the_recommended_one_needs_a_written_justification(ctx, world, evidence):
    evidence.figures = type(evidence.figures)(share_at_benchmark=0.6, review_score=2.2)  # recommends foundation
    application_id = _under_review(world)
    visit = (date.today() + timedelta(days=5)).isoformat()
    fire_as(application_id, "schedule_visit", "assessor@example.org", date=visit)
    with pytest.raises(GuardFailed, match="The review recommends Foundation; to award Established instead"):
        fire(
            application_id,
            "certify",
            person("assessor@example.org"),
            {"level": "established"},
            decision=decision_of(application_id, "certify"),
        )
    db.session.rollback()
    with pytest.raises(GuardFailed, match="justify the deviation"):
        fire(
            application_id,
            "certify",
            person("assessor@example.org"),
            {"level": "established", "comment": "ok"},
            decision=decision_of(application_id, "certify"),
        )
    db.session.rollback()
    justified = fire_as(
        application_id,
        "certify",
        "assessor@example.org",
        level="established",
        comment="The visit showed the training plan running in every class.",
    )
    assert justified.to_state == "certified" and justified.comment.startswith("The visit showed")


def test_the_system_fires_timer_events_and_is_recorded_without_a_person(ctx, world, evidence):
    application_id = _under_review(world)
    visit = (date.today() + timedelta(days=5)).isoformat()
    fire_as(application_id, "schedule_visit", "assessor@example.org", date=visit)
    fire_as(application_id, "certify", "assessor@example.org", level="established")
    record = fire_as(application_id, "expire", None)
    assert (record.actor_id, record.actor_role, record.to_state) == (None, "system", "expired")
    assert application(application_id).is_open is False


def test_one_open_cycle_per_school_and_programme_and_a_new_one_after_the_last_closed(ctx, world):
    from accreditation.applications import CycleAlreadyOpen

    first = start(world, "ciss")
    with pytest.raises(CycleAlreadyOpen):
        start(world, "ciss")
    db.session.rollback()
    other = start(world, "esafety-label")
    assert other != first
    fire_as(first, "withdraw", HEAD_A)
    second = start(world, "ciss")
    assert application(second).cycle == 2


def test_schools_not_verified_cannot_join(ctx, world):
    from accreditation.applications import SchoolNotVerified
    from accreditation.models import School

    db.session.get(School, world.school_a).verification = "pending"
    db.session.commit()
    with pytest.raises(SchoolNotVerified):
        start(world, "ciss")


def test_event_data_keeps_what_events_take_trimmed():
    assert event_data({"comment": "  ok ", "items": "a\n\n b ", "date": date(2030, 1, 2), "other": 1, "level": ""}) == {
        "comment": "ok",
        "date": "2030-01-02",
        "items": ["a", "b"],
    }


def test_add_months_lands_on_the_last_day_of_a_shorter_month():
    assert add_months(datetime(2027, 1, 31, tzinfo=UTC), 1) == datetime(2027, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2027, 11, 15, tzinfo=UTC), 18) == datetime(2029, 5, 15, tzinfo=UTC)


def _under_review(world) -> int:
    application_id = start(world, "ciss")
    fire_as(application_id, "accept", COORDINATOR)
    complete_modules(application_id, HEAD_A)
    fire_as(application_id, "start_self_assessment", HEAD_A)
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    assign(application_id, "assessor@example.org")
    fire_as(application_id, "start_review", "assessor@example.org")
    return application_id
