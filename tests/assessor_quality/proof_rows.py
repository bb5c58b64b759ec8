"""The assessor-quality rows of the permission matrix (tests/proof/routes.py extends its tables with these): each
role's status on the quality pages and forms, in the proof scene. What a row needs (an exercise, a held decision)
is made here, fresh for each role's write."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import CalibrationExercise, CalibrationInvitation, ModerationSample, Review, Snapshot
from tests.applications.builders import SECOND_ASSESSOR, person
from tests.builders import PASSWORD
from tests.proof.builders import ProofScene, unique
from tests.proof.routes import SIGN_IN, Call, Route, get, post
from tests.review.builders import COORDINATOR, LEAD

#                 anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin
QUALITY = (SIGN_IN, 403, 403, 403, 200, 200, 200, 200, 200)
STEERING = (SIGN_IN, 403, 403, 403, 403, 403, 200, 200, 200)


def _exercise(s: ProofScene) -> int:
    """An exercise on the CISS submission, run by the coordinator of Moldova, the assigned assessor invited."""
    found = db.session.scalar(select(CalibrationExercise.id).where(CalibrationExercise.title == "Proof exercise"))
    if found is not None:
        return found
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.application_id == s.ciss))
    exercise = CalibrationExercise(
        title="Proof exercise", programme_code="ciss", snapshot_id=snapshot.id, created_by_id=person(COORDINATOR).id
    )
    exercise.invitations = [CalibrationInvitation(assessor_id=person(LEAD).id)]
    db.session.add(exercise)
    db.session.commit()
    return exercise.id


def _sample(s: ProofScene, status: str = "waiting", moderator: bool = True) -> int:
    """A held decision of the assigned assessor on the CISS round, read by the unassigned one. Commits."""
    review = db.session.scalar(select(Review).where(Review.application_id == s.ciss))
    sample = ModerationSample(
        application_id=s.ciss,
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


def _shown_sample(s: ProofScene) -> int:
    found = db.session.scalar(select(ModerationSample.id).where(ModerationSample.status == "waiting"))
    return found if found is not None else _sample(s)


def _assessor(role: str) -> int:
    from accreditation.accounts.users import create_user

    user = create_user(f"{unique(role)}@example.org", "Moldovan Assessor", "assessor", PASSWORD, countries=["MD"])
    db.session.commit()
    return user.id


QUALITY_READS = [
    get("assessor_quality.overview", lambda s: "/quality", QUALITY),
    get("assessor_quality.new_exercise", lambda s: "/quality/calibration/new", STEERING),
    get(
        "assessor_quality.exercise",
        lambda s: f"/quality/calibration/{_exercise(s)}",
        (SIGN_IN, 404, 404, 404, 200, 404, 200, 404, 200),  # the invited, the coordinator who runs it, admins
    ),
    get(
        "assessor_quality.sample",
        lambda s: f"/quality/moderation/{_shown_sample(s)}",
        (SIGN_IN, 404, 404, 404, 200, 200, 200, 404, 200),  # who decided, who re-reads, the school's coordinators
    ),
    get(
        "assessor_quality.feedback_form",
        lambda s: f"/applications/{s.ciss}/assessor-feedback",
        (SIGN_IN, 404, 404, 403, 404, 403, 404, 403, 404),  # no decision yet: nothing to answer on
    ),
]

QUALITY_WRITES = [
    post(
        "assessor_quality.new_exercise",
        lambda s, r: Call("/quality/calibration/new", {"title": "Spring", "assessors": []}),
        (SIGN_IN, 403, 403, 403, 403, 403, 422, 422, 422),  # no decided submission in the scene: refused form
    ),
    post(
        "assessor_quality.judgments",
        lambda s, r: Call(f"/quality/calibration/{_exercise(s)}/judgments", {}),
        (SIGN_IN, 404, 404, 404, 422, 404, 403, 404, 403),  # the invited assessor, told what is missing
    ),
    post(
        "assessor_quality.reading",
        lambda s, r: Call(f"/quality/moderation/{_sample(s)}/reading", {"verdict": "disagree", "note": r}),
        (SIGN_IN, 404, 404, 404, 403, 302, 403, 404, 403),  # only the second assessor reads it
    ),
    post(
        "assessor_quality.settlement",
        lambda s, r: Call(
            f"/quality/moderation/{_sample(s, 'disagreed')}/settlement", {"outcome": "overturn", "note": r}
        ),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302),
    ),
    post(
        "assessor_quality.choose_moderator",
        lambda s, r: Call(
            f"/quality/moderation/{_sample(s, moderator=False)}/moderator",
            {"assessor": person(SECOND_ASSESSOR).id},
        ),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302),
    ),
    post(
        "assessor_quality.accredit",
        lambda s, r: Call(f"/quality/people/{_assessor(r)}/accreditation", {"programme": "ciss", "note": r}),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 403, 302),  # a coordinator of a country the assessor assesses in
    ),
    post(
        "assessor_quality.give_feedback",
        lambda s, r: Call(f"/applications/{s.ciss}/assessor-feedback", {"clarity": "4"}),
        (SIGN_IN, 409, 409, 403, 403, 403, 403, 403, 403),  # no decision yet
    ),
]

__all__ = ["QUALITY_READS", "QUALITY_WRITES", "Route"]
