"""The moderation sample: a sampled decision is held (the application stays, nobody is told) until a second
accredited assessor agrees, then carried out and the school told; a disagreement goes to the coordinator, who
upholds or overturns; the figures per assessor."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.applications import commit_and_relay
from accreditation.applications.outbox import run_job
from accreditation.assessor_quality import moderating
from accreditation.assessor_quality.errors import QualityConflict, QualityError, QualityNotPermitted
from accreditation.assessor_quality.mail import compose
from accreditation.extensions import db
from accreditation.models import Delivery, ModerationSample, OutboxJob
from accreditation.review import decisions
from tests.applications.builders import application, jobs, person, records
from tests.builders import mail_text, outbox
from tests.review.builders import (
    COORDINATOR,
    HEAD_A,
    LEAD,
    MODERATOR,
    add_second_assessor,
    criteria,
    judge_all,
    under_review,
    version,
)


def judge_silver(application_id: int) -> None:
    lowered = [c.code for c in criteria(application_id) if c.benchmark == 3][:3]
    judge_all(
        application_id,
        except_={code: {"verdict": "different", "level": 2, "comment": "Not yet.", "gap": "minor"} for code in lowered},
    )


def notify_school_jobs(application_id: int) -> list[OutboxJob]:
    """The school's notifications of a change after review (the earlier ones, of its registration, left out)."""
    first_review = min(r.version for r in records(application_id) if r.to_state == "under_review")
    return [
        job
        for job in jobs(application_id)
        if job.action == "notify_school" and job.payload.get("version", 0) > first_review
    ]


@pytest.fixture
def held(ctx, world, quality):
    """esafety-label re-reads every first decision; the lead's Silver is held. Returns the application id."""
    quality("esafety-label", moderate_first_decisions=True)
    add_second_assessor()
    application_id = under_review(world)
    judge_silver(application_id)
    before = version(application_id)
    result = decisions.approve(application_id, person(LEAD), "silver", "", before)
    commit_and_relay()
    assert isinstance(result, ModerationSample)
    return application_id


def test_a_sampled_decision_is_held_and_the_school_told_only_once_it_is_moderated(held, app):
    found = application(held)
    assert found.state == "under_review"  # nothing moved
    assert notify_school_jobs(held) == []
    sample = db.session.scalar(select(ModerationSample))
    assert (sample.reason, sample.status, sample.decision) == ("first", "waiting", "award")
    assert sample.moderator_id == person(MODERATOR).id  # the second (accredited) assessor, not the lead
    with pytest.raises(QualityConflict):  # the lead cannot decide again meanwhile
        decisions.reject(held, person(LEAD), "Changed my mind.", None)
    db.session.rollback()

    with pytest.raises(QualityNotPermitted):
        moderating.moderate(sample.id, person(LEAD), True, "")
    db.session.rollback()
    moderating.moderate(sample.id, person(MODERATOR), True, "Agreed: Silver.")
    commit_and_relay()

    found = application(held)
    assert found.state == "labelled"
    assert found.award_level == "silver"
    told = notify_school_jobs(held)
    assert len(told) == 1
    run_job(told[0].id)
    db.session.commit()
    to_head = [m for m in outbox(app) if m["To"] == HEAD_A]
    assert len(to_head) == 1 and "Labelled" in mail_text(to_head[0])
    with pytest.raises(QualityConflict):
        moderating.moderate(sample.id, person(MODERATOR), True, "")


def test_a_disagreement_goes_to_the_coordinator_who_overturns_or_upholds(held):
    sample = db.session.scalar(select(ModerationSample))
    with pytest.raises(QualityError):  # disagreeing needs a note
        moderating.moderate(sample.id, person(MODERATOR), False, " ")
    db.session.rollback()
    moderating.moderate(sample.id, person(MODERATOR), False, "Two criteria lack evidence.")
    db.session.commit()
    mails = {(d.kind, d.user.email): d for d in db.session.scalars(select(Delivery)).all()}
    assert set(mails) == {("moderation_request", MODERATOR), ("moderation_disagreement", COORDINATOR)}
    told = compose(mails[("moderation_disagreement", COORDINATOR)])
    assert told.to == COORDINATOR and f"/quality/moderation/{sample.id}" in told.text
    assert compose(mails[("moderation_request", MODERATOR)]) is None  # read already: nothing to send any more
    assert application(held).state == "under_review"
    assert [s.id for s in moderating.disagreements(person(COORDINATOR))] == [sample.id]
    with pytest.raises(QualityNotPermitted):
        moderating.settle(sample.id, person(MODERATOR), True, "Fine.")
    db.session.rollback()
    moderating.settle(sample.id, person(COORDINATOR), False, "Look again at the evidence.")
    db.session.commit()
    assert application(held).state == "under_review"

    # Decided again after being overturned: held again, and this time upheld.
    again = decisions.reject(held, person(LEAD), "The evidence is missing for two criteria.", None)
    db.session.commit()
    assert isinstance(again, ModerationSample) and again.reason == "first"
    moderating.moderate(again.id, person(MODERATOR), False, "I would award Silver.")
    moderating.settle(again.id, person(COORDINATOR), True, "The reasons stand.")
    commit_and_relay()
    assert application(held).state == "not_labelled"
    assert len(notify_school_jobs(held)) == 1

    rows = {row.assessor.email: row for row in moderating.figures()}
    lead = rows[LEAD]
    assert (lead.sampled, lead.agreed, lead.upheld, lead.overturned, lead.waiting) == (2, 0, 1, 1, 0)


def test_nothing_is_held_without_the_programme_asking(ctx, world):
    add_second_assessor()
    application_id = under_review(world)
    judge_silver(application_id)
    decisions.approve(application_id, person(LEAD), "silver", "", version(application_id))
    commit_and_relay()
    assert application(application_id).state == "labelled"
    assert db.session.scalar(select(ModerationSample)) is None


def test_a_share_of_one_samples_every_decision_and_a_held_decision_passes_the_same_checks(ctx, world, quality):
    quality("esafety-label", moderation_share=1.0)
    add_second_assessor()
    application_id = under_review(world)
    judge_silver(application_id)
    with pytest.raises(Exception) as refused:  # Gold without the justification the guard asks for
        decisions.approve(application_id, person(LEAD), "bronze", "", version(application_id))
    assert "justif" in str(refused.value).lower() or getattr(refused.value, "reasons", None)
    db.session.rollback()
    assert db.session.scalar(select(ModerationSample)) is None
    held = decisions.request_changes(application_id, person(LEAD), version(application_id), "Please add evidence.")
    assert isinstance(held, ModerationSample) and held.reason == "share"
