"""What the assessor-quality rows of the permission tables point at, in the proof scene: an exercise, held
decisions, a new assessor (made fresh for each role's write where a write changes them). Commits."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import CalibrationExercise, CalibrationInvitation, ModerationSample, Review, Snapshot
from tests.applications.builders import SECOND_ASSESSOR, person
from tests.builders import PASSWORD
from tests.proof.builders import ProofScene, unique
from tests.review.builders import COORDINATOR, LEAD


def exercise(s: ProofScene) -> int:
    """An exercise on the CISS submission, run by the coordinator of Moldova, the assigned assessor invited."""
    found = db.session.scalar(select(CalibrationExercise.id).where(CalibrationExercise.title == "Calibrare de probă"))
    if found is not None:
        return found
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.application_id == s.ciss).limit(1))
    # The CISS submission when the scene has one; else the sample shipped with the eSafety Label (a test that posts
    # every form in one scene may reach this before any submission exists).
    submission = (
        {"programme_code": "ciss", "snapshot_id": snapshot.id}
        if snapshot is not None
        else {"programme_code": "esafety-label", "sample_code": "esafety-label-sample-1"}
    )
    exercise = CalibrationExercise(title="Calibrare de probă", created_by_id=person(COORDINATOR).id, **submission)
    exercise.invitations = [CalibrationInvitation(assessor_id=person(LEAD).id)]
    db.session.add(exercise)
    db.session.commit()
    return exercise.id


def sample(s: ProofScene, status: str = "waiting", moderator: bool = True) -> int:
    """A held decision of the assigned assessor on the CISS round, read by the unassigned one. Commits."""
    # The scene's CISS round (a test that posts every form in one scene may have started CISS again by then: the
    # round it reviewed is still there, under the application it belongs to).
    review = db.session.scalar(select(Review).where(Review.application_id == s.ciss)) or db.session.scalar(
        select(Review).order_by(Review.id).limit(1)
    )
    sample = ModerationSample(
        application_id=review.application_id,
        review_id=review.id,
        programme_code="ciss",
        decision="reject",
        arguments={"reasons": "Proof."},
        assessor_id=person(LEAD).id,
        reason="share",
        status=status,
        moderator_id=person(SECOND_ASSESSOR).id if moderator else None,
        moderator_note="Not so." if status == "disagreed" else "",
    )
    db.session.add(sample)
    db.session.commit()
    return sample.id


def shown_sample(s: ProofScene) -> int:
    found = db.session.scalar(select(ModerationSample.id).where(ModerationSample.status == "waiting"))
    return found if found is not None else sample(s)


def new_assessor(role: str) -> int:
    from accreditation.accounts.users import create_user

    user = create_user(f"{unique(role)}@example.org", "Moldovan Assessor", "assessor", PASSWORD, countries=["MD"])
    db.session.commit()
    return user.id
