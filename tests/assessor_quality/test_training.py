"""The accreditation path: a trainee is never assigned alone (lead only beside an accredited moderator, moderator
only beside an accredited lead); their decisions are all held for moderation; agreed ones count, and the last one
needed accredits them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.applications import commit_and_relay
from accreditation.applications.errors import InvalidAssignment
from accreditation.assessor_quality import moderating
from accreditation.assessor_quality.training import accredit, in_training, paths
from accreditation.extensions import db
from accreditation.models import ModerationSample
from accreditation.review import decisions
from accreditation.review.assignment import assign_assessor, propose
from tests.applications.builders import application, fire_as, person
from tests.review.builders import COORDINATOR, LEAD, MODERATOR, add_second_assessor, judge_all, submitted, version


def test_a_trainee_cannot_be_assigned_alone(ctx, world, quality):
    quality("esafety-label", training_assessments=1)
    add_second_assessor()
    application_id = submitted(world)
    coordinator = person(COORDINATOR)
    with pytest.raises(InvalidAssignment) as refused:
        assign_assessor(application_id, person(LEAD).id, "lead", coordinator)
    assert "in training" in str(refused.value)
    db.session.rollback()
    assert propose(application(application_id), "lead").chosen is None  # nobody may lead it alone
    # Both are trainees: neither can shadow the other either.
    with pytest.raises(InvalidAssignment):
        assign_assessor(application_id, person(MODERATOR).id, "moderator", coordinator)
    db.session.rollback()
    # An accredited moderator first, then the trainee leads.
    accredit(person(MODERATOR).id, "esafety-label", coordinator, "Ten years of assessing for the national label.")
    assign_assessor(application_id, person(MODERATOR).id, "moderator", coordinator)
    assign_assessor(application_id, person(LEAD).id, "lead", coordinator)
    db.session.commit()
    assert {a.role for a in application(application_id).assessors} == {"lead", "moderator"}


def test_a_trainees_decision_is_moderated_and_counts_toward_accreditation(ctx, world, quality):
    quality("esafety-label", training_assessments=1)
    add_second_assessor()
    coordinator = person(COORDINATOR)
    accredit(person(MODERATOR).id, "esafety-label", coordinator, "Experienced.")
    application_id = submitted(world)
    assign_assessor(application_id, person(MODERATOR).id, "moderator", coordinator)
    assign_assessor(application_id, person(LEAD).id, "lead", coordinator)
    commit_and_relay()
    fire_as(application_id, "start_review", LEAD)
    judge_all(application_id, except_={})
    assert in_training(person(LEAD).id, "esafety-label")
    held = decisions.reject(application_id, person(LEAD), "Not yet: the policy is missing.", version(application_id))
    db.session.commit()
    assert isinstance(held, ModerationSample) and held.reason == "training"
    assert held.moderator_id == person(MODERATOR).id
    moderating.moderate(held.id, person(MODERATOR), True, "Right call.")
    commit_and_relay()
    assert application(application_id).state == "not_labelled"
    assert not in_training(person(LEAD).id, "esafety-label")
    (path,) = paths(person(LEAD))
    assert path.accredited and [c.kind for c in path.credits] == ["moderated"]
    assert path.credits[0].mentor_id == person(MODERATOR).id
    assert db.session.scalar(select(ModerationSample.status)) == "agreed"


def test_accrediting_directly_needs_a_coordinator_and_a_reason(ctx, world, quality):
    quality("esafety-label", training_assessments=2)
    from accreditation.assessor_quality.errors import QualityError, QualityNotPermitted

    with pytest.raises(QualityNotPermitted):
        accredit(person(LEAD).id, "esafety-label", person(LEAD), "Me.")
    with pytest.raises(QualityError):
        accredit(person(LEAD).id, "esafety-label", person(COORDINATOR), " ")
    with pytest.raises(QualityError):
        accredit(person(LEAD).id, "no-such-programme", person(COORDINATOR), "Why not.")
    assert in_training(person(LEAD).id, "esafety-label")
    assert not in_training(person(LEAD).id, "ciss")  # ciss has no training path
