"""The lead assessor's judgments: one per criterion of the round under review, a draft until a decision closes
the round. Each save checks the judgment's meaning and says what to change; nothing half-written is kept."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from accreditation.assessment.errors import LevelOutOfScale, UnknownCriterion
from accreditation.extensions import db
from accreditation.models import Judgment, User
from accreditation.models.review import Gap, Verdict
from accreditation.models.time import utcnow
from accreditation.review.errors import NotReviewable, ReviewError
from accreditation.review.outcome import is_shortfall
from accreditation.review.rounds import framework_of, latest_snapshot, open_review, review_context

MAX_COMMENT_CHARS = 10_000


@dataclass(frozen=True)
class JudgmentInput:
    criterion_code: str
    verdict: str
    level: int | None = None
    comment: str = ""
    gap: str | None = None


def save_judgment(application_id: int, actor: User, given: JudgmentInput) -> Judgment:
    """Record (or change) the lead assessor's judgment of one criterion in the open round. Flushes."""
    application, _roles, programme = review_context(application_id, actor)
    review = open_review(application, programme, actor)  # NotTheLead, NotReviewable
    if review.is_decided:
        raise NotReviewable(_("This round has been decided: its judgments can no longer change."))
    snapshot = latest_snapshot(application.id)
    framework = framework_of(snapshot)
    criterion = framework.criterion(given.criterion_code)
    if criterion is None:
        raise UnknownCriterion(given.criterion_code)
    answer = next((a for a in snapshot.answers if a.criterion_code == criterion.code), None)
    claimed = answer.level if answer is not None else None

    if given.verdict not in {v.value for v in Verdict}:
        raise ReviewError(_("Please choose: agree, a different level, or insufficient evidence."))
    level = None
    if given.verdict == Verdict.DIFFERENT:
        if given.level is None:
            raise ReviewError(_("Please choose the level you judge the school to be at."))
        if given.level not in framework.scale:
            raise LevelOutOfScale(given.level, framework.lowest, framework.highest)
        if given.level == claimed:
            raise ReviewError(
                _("The school claimed level %(level)s: choose “agree”, or a different level.", level=claimed)
            )
        level = given.level
    comment = (given.comment or "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise ReviewError(_("Please keep the comment under %(count)s characters.", count=MAX_COMMENT_CHARS))
    if given.verdict != Verdict.AGREE and not comment:
        raise ReviewError(_("Please explain your judgment in a comment: the school receives it."))
    gap = None
    if is_shortfall(given.verdict, level, claimed):
        if given.gap not in {g.value for g in Gap}:
            raise ReviewError(_("Please say whether the gap is minor or significant."))
        gap = given.gap

    judgment = review.judgment(criterion.code)
    if judgment is None:
        judgment = Judgment(criterion_code=criterion.code)
        review.judgments.append(judgment)
    judgment.claimed_level = claimed
    judgment.verdict = given.verdict
    judgment.level = level
    judgment.comment = comment
    judgment.gap = gap
    judgment.carried_from_round = None  # judged again in this round
    judgment.updated_at = utcnow()
    judgment.updated_by_id = actor.id
    db.session.flush()
    return judgment
