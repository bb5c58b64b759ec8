"""Schools' feedback on the lead assessor after a decision: clarity, fairness and helpfulness, from 1 to 5, once per
decided round and person. The figures per assessor are shown (to coordinators, and to the assessor themself) only
once there are enough answers (``dashboard.small_numbers``): below that nobody sees them, not even a count."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.applications.permissions import application_for
from accreditation.assessor_quality.errors import QualityConflict, QualityError, QualityNotPermitted
from accreditation.dashboard.small_numbers import shown, threshold_or_floor
from accreditation.extensions import db
from accreditation.models import Review, SchoolFeedback, User
from workflows.roles import SCHOOL_ADMIN, SCHOOL_STAFF

MARKS = ("clarity", "fairness", "helpfulness")


def decided_review(application_id: int, actor: User) -> Review | None:
    """The latest decided round of the application that the actor's school may give feedback on (None: none)."""
    _application, roles = application_for(application_id, actor)
    if not roles & {SCHOOL_ADMIN, SCHOOL_STAFF}:
        return None
    return db.session.scalar(
        select(Review)
        .where(Review.application_id == application_id, Review.decision.is_not(None), Review.decided_by_id.is_not(None))
        .order_by(Review.round.desc())
    )


def answered(review: Review, actor: User) -> bool:
    query = select(SchoolFeedback.id).where(
        SchoolFeedback.review_id == review.id, SchoolFeedback.respondent_id == actor.id
    )
    return db.session.scalar(query) is not None


def give_feedback(application_id: int, actor: User, marks: dict[str, int | None]) -> SchoolFeedback:
    """The school's answer on the latest decided round; once per round and person."""
    _application, roles = application_for(application_id, actor)
    if not roles & {SCHOOL_ADMIN, SCHOOL_STAFF}:
        raise QualityNotPermitted(_("Only the school's people answer this survey."))
    review = decided_review(application_id, actor)
    if review is None:
        raise QualityConflict(_("There is no decision to give feedback on yet."))
    if answered(review, actor):
        raise QualityConflict(_("You have already answered for this decision. Thank you."))
    wrong = [name for name in MARKS if marks.get(name) not in (1, 2, 3, 4, 5)]
    if wrong:
        raise QualityError(_("Please choose a mark from 1 to 5 for each question."), wrong)
    row = SchoolFeedback(
        review_id=review.id,
        application_id=application_id,
        assessor_id=review.decided_by_id,
        respondent_id=actor.id,
        **{name: marks[name] for name in MARKS},
    )
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class FeedbackFigures:
    """One assessor's feedback: ``answers`` and the means are None while there are too few answers to show."""

    assessor: User
    answers: int | None
    clarity: float | None
    fairness: float | None
    helpfulness: float | None

    @property
    def hidden(self) -> bool:
        return self.answers is None


def figures(assessor_ids: list[int] | None = None) -> list[FeedbackFigures]:
    threshold = threshold_or_floor(None)
    query = select(
        SchoolFeedback.assessor_id,
        func.count(),
        func.avg(SchoolFeedback.clarity),
        func.avg(SchoolFeedback.fairness),
        func.avg(SchoolFeedback.helpfulness),
    ).group_by(SchoolFeedback.assessor_id)
    if assessor_ids is not None:
        query = query.where(SchoolFeedback.assessor_id.in_(assessor_ids))
    rows = db.session.execute(query).all()
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([r[0] for r in rows]))).all()}
    found = []
    for assessor_id, count, clarity, fairness, helpfulness in rows:
        visible = shown(count, threshold)
        means = (clarity, fairness, helpfulness) if visible else (None, None, None)
        means = tuple(float(m) if m is not None else None for m in means)
        found.append(FeedbackFigures(people[assessor_id], visible, *means))
    return sorted(found, key=lambda row: (row.assessor.name.casefold(), row.assessor.id))


def own_figures(actor: User) -> FeedbackFigures | None:
    """The assessor's own feedback, once there are enough answers (None before: not even the count)."""
    rows = figures([actor.id])
    return rows[0] if rows and not rows[0].hidden else None
