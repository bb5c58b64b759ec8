"""Review rounds: one review per submitted round (snapshot), opened by the lead assessor, and its scope.

After a round whose changes were requested with only minor gaps, the next round reviews again only the criteria
found wanting (and those whose claimed level the school changed); every other criterion carries its judgment over,
marked with the round it was judged in. After any significant gap the whole assessment is reviewed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from accreditation.applications.operations import fire
from accreditation.applications.permissions import application_for
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, Judgment, Review, Snapshot, User
from accreditation.models.review import Decision, Gap, ReviewScope
from accreditation.models.time import utcnow
from accreditation.review.errors import NotReviewable, NotTheLead
from accreditation.review.outcome import is_shortfall
from accreditation.review.permissions import is_lead, judging_states
from workflows import Event, Framework, Programme, WorkflowError
from workflows.roles import ASSESSOR


def latest_snapshot(application_id: int) -> Snapshot | None:
    """The latest submitted round with its answers (joined: one query, not two); its documents load when read."""
    query = (
        select(Snapshot)
        .where(Snapshot.application_id == application_id)
        .options(joinedload(Snapshot.answers))
        .order_by(Snapshot.round.desc())
        .limit(1)
    )
    return db.session.scalars(query).unique().first()


def review_of(snapshot: Snapshot | None) -> Review | None:
    """The review of ``snapshot`` with its judgments (joined: one query, not two)."""
    if snapshot is None:
        return None
    query = select(Review).where(Review.snapshot_id == snapshot.id).options(joinedload(Review.judgments))
    return db.session.scalars(query).unique().first()


def current_review(application_id: int) -> Review | None:
    """The review of the application's latest submitted round, if the lead assessor has opened it."""
    return review_of(latest_snapshot(application_id))


def reviews_of(application_id: int, decided_only: bool = False) -> list[Review]:
    """The application's reviews, first round first (only the decided ones: what the school may see)."""
    query = (
        select(Review)
        .where(Review.application_id == application_id)
        .options(selectinload(Review.judgments), selectinload(Review.decided_by))
        .order_by(Review.round)
    )
    if decided_only:
        query = query.where(Review.decision.is_not(None))
    return list(db.session.scalars(query).all())


def framework_of(snapshot: Snapshot) -> Framework:
    return current_workflows().frameworks.get(snapshot.framework_code, snapshot.framework_version)


@dataclass(frozen=True)
class RoundPlan:
    scope: str
    carried: dict[str, Judgment]  # criterion code -> the earlier judgment that carries over


def plan_round(previous: Review | None, snapshot: Snapshot) -> RoundPlan:
    """The scope of the round of ``snapshot``, given the review of the round before (None: the first round)."""
    if previous is None or previous.decision != Decision.CHANGES_REQUESTED:
        return RoundPlan(ReviewScope.FULL.value, {})
    if any(judgment.gap == Gap.SIGNIFICANT for judgment in previous.judgments):
        return RoundPlan(ReviewScope.FULL.value, {})
    claimed_now = {answer.criterion_code: answer.level for answer in snapshot.answers}
    carried = {
        judgment.criterion_code: judgment
        for judgment in previous.judgments
        if judgment.criterion_code in claimed_now
        and not is_shortfall(judgment.verdict, judgment.level, judgment.claimed_level)
        and claimed_now[judgment.criterion_code] == judgment.claimed_level
    }
    return RoundPlan(ReviewScope.PARTIAL.value, carried)


def _previous_review(snapshot: Snapshot) -> Review | None:
    return db.session.scalar(
        select(Review)
        .where(Review.application_id == snapshot.application_id, Review.round < snapshot.round)
        .options(selectinload(Review.judgments))
        .order_by(Review.round.desc())
        .limit(1)
    )


def open_review(application: Application, programme: Programme, actor: User) -> Review:
    """The review of the application's latest round, opened (with its carried-over judgments) when the lead
    assessor first comes to it. Flushes."""
    if not is_lead(application, actor):
        raise NotTheLead()
    if application.state not in judging_states(programme):
        raise NotReviewable(_("The submission is not under review now: nothing can be judged."))
    snapshot = latest_snapshot(application.id)
    if snapshot is None:
        raise NotReviewable(_("The school has not submitted a self-assessment to review."))
    review = review_of(snapshot)
    if review is not None:
        return review
    plan = plan_round(_previous_review(snapshot), snapshot)
    now = utcnow()
    review = Review(
        application_id=application.id,
        snapshot_id=snapshot.id,
        round=snapshot.round,
        scope=plan.scope,
        opened_at=now,
        opened_by_id=actor.id,
    )
    review.judgments = [
        Judgment(
            criterion_code=code,
            claimed_level=earlier.claimed_level,
            verdict=earlier.verdict,
            level=earlier.level,
            comment=earlier.comment,
            gap=None,
            carried_from_round=earlier.carried_from_round or earlier.review.round,
            updated_at=now,
            updated_by_id=earlier.updated_by_id,
        )
        for code, earlier in plan.carried.items()
    ]
    try:
        with db.session.begin_nested():
            db.session.add(review)
            db.session.flush()
    except IntegrityError:  # another request opened it at the same moment: use theirs
        return review_of(snapshot)
    return review


def opening_event(programme: Programme, state: str) -> Event | None:
    """The event that opens the review from ``state`` (``start_review``): an assessor's, without a decision, into
    a state in which the lead assessor judges; None when the review is open or cannot open from there."""
    judging = judging_states(programme)
    for event in programme.events_from(state):
        if ASSESSOR in event.roles and not event.decision and event.dest in judging:
            return event
    return None


def open_on_first_visit(application_id: int, actor: User) -> bool:
    """Open the review when the lead assessor first comes to a submission assigned to them: fire the opening
    event for them (no separate "start" click). False, and nothing written, when there is none to fire (not the
    lead, already open) or it may not go now. Flushes; the caller commits and relays."""
    application, _roles, programme = review_context(application_id, actor)
    event = opening_event(programme, application.state)
    if event is None or not is_lead(application, actor):
        return False
    try:
        fire(application.id, event.name, actor, {}, expected_version=application.version)
    except WorkflowError:
        db.session.rollback()
        return False
    return True


def unjudged(review: Review, framework: Framework) -> list[str]:
    """The codes of the framework's criteria without a judgment in ``review``, in the framework's order."""
    judged = {judgment.criterion_code for judgment in review.judgments}
    return [criterion.code for criterion in framework.criteria if criterion.code not in judged]


def review_context(application_id: int, user: User) -> tuple[Application, frozenset[str], Programme]:
    """The application, the person's roles on it and its programme (ApplicationNotFound 404, NotYours 403)."""
    application, roles = application_for(application_id, user)
    return application, roles, current_workflows().programme(application.programme_code)
