"""The lead assessor's judgments: one per criterion of the round under review, a draft until a decision closes
the round. Each save checks the judgment's meaning and says what to change; nothing half-written is kept.

A save names the revision of the judgment its page showed (``revision_of``: 0 for none). Two saves of the same
criterion at once (a double submit, two tabs, two devices) never end in an error or a silent overwrite: the same
judgment twice merges into one, a different one based on an older revision is a ``JudgmentConflict`` that shows the
judgment saved meanwhile, for the assessor to compare and save again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from accreditation.assessment.errors import LevelOutOfScale, UnknownCriterion
from accreditation.extensions import db
from accreditation.models import Judgment, User
from accreditation.models.review import Gap, Verdict
from accreditation.models.time import utcnow
from accreditation.review.errors import JudgmentConflict, NotReviewable, ReviewError
from accreditation.review.outcome import is_shortfall
from accreditation.review.rounds import framework_of, latest_snapshot, open_review, review_context

MAX_COMMENT_CHARS = 10_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class JudgmentInput:
    criterion_code: str
    verdict: str
    level: int | None = None
    comment: str = ""
    gap: str | None = None
    based_on: int | None = None  # the revision the page showed (0: no judgment yet); None: not checked


def revision_of(judgment: Judgment | None) -> int:
    """The revision of a judgment a page shows and a save names: its last change in microseconds (0: none)."""
    if judgment is None:
        return 0
    return (judgment.updated_at - EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class _Values:
    claimed_level: int | None
    verdict: str
    level: int | None
    comment: str
    gap: str | None

    def same_as(self, judgment: Judgment) -> bool:
        """The judgment already says this, in this round (a carried-over one is judged again by a save)."""
        return judgment.carried_from_round is None and (
            judgment.verdict,
            judgment.level,
            (judgment.comment or "").strip(),
            judgment.gap,
        ) == (self.verdict, self.level, self.comment, self.gap)


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

    values = _Values(claimed, given.verdict, level, comment, gap)
    judgment = _write(review.id, criterion.code, values, given.based_on, actor)
    db.session.expire(review, ["judgments"])  # written past the collection: read it again when next needed
    return judgment


def _stored(review_id: int, criterion_code: str) -> Judgment | None:
    """The judgment as the database holds it now (not as this session last saw it)."""
    return db.session.scalar(
        select(Judgment)
        .where(Judgment.review_id == review_id, Judgment.criterion_code == criterion_code)
        .execution_options(populate_existing=True)
    )


def _write(review_id: int, criterion_code: str, values: _Values, based_on: int | None, actor: User) -> Judgment:
    """Insert or update the judgment; merge a save that says what is stored, refuse one made on an older
    revision. Every write is conditional, so a concurrent save is seen, never overwritten."""
    stored = _stored(review_id, criterion_code)
    if stored is None:
        judgment = Judgment(review_id=review_id, criterion_code=criterion_code, **_columns(values, actor))
        try:
            with db.session.begin_nested():
                db.session.add(judgment)
        except IntegrityError:  # the first judgment of this criterion, saved by another request a moment ago
            stored = _stored(review_id, criterion_code)
            if values.same_as(stored):
                return stored
            raise JudgmentConflict(stored) from None
        return judgment
    if values.same_as(stored):
        return stored
    if based_on is not None and based_on != revision_of(stored):
        raise JudgmentConflict(stored)
    moved = db.session.execute(
        update(Judgment)
        .where(Judgment.id == stored.id, Judgment.updated_at == stored.updated_at)
        .values(**_columns(values, actor)),
        execution_options={"synchronize_session": False},
    )
    if moved.rowcount != 1:  # changed by another request between our read and this write
        stored = _stored(review_id, criterion_code)
        if values.same_as(stored):
            return stored
        raise JudgmentConflict(stored)
    return _stored(review_id, criterion_code)


def _columns(values: _Values, actor: User) -> dict:
    return {
        "claimed_level": values.claimed_level,
        "verdict": values.verdict,
        "level": values.level,
        "comment": values.comment,
        "gap": values.gap,
        "carried_from_round": None,  # judged again in this round
        "updated_at": utcnow(),
        "updated_by_id": actor.id,
    }
