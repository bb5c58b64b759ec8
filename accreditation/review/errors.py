"""Typed errors of the review operations; each maps to one HTTP status (``ApplicationError.status``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from accreditation.applications.errors import ApplicationError


class ReviewError(ApplicationError):
    """Bad input to a review or a decision; the message says what to change. Nothing was saved."""

    status = 422


class ReviewIncomplete(ReviewError):
    """A decision asked for before every criterion of the round has a judgment."""

    def __init__(self, unjudged: list[str]) -> None:
        self.unjudged = unjudged
        shown = ", ".join(unjudged[:5]) + (
            _(" and %(count)s more", count=len(unjudged) - 5) if len(unjudged) > 5 else ""
        )
        super().__init__(
            _(
                "Judge every criterion before deciding: %(count)s still without a judgment (%(criteria)s).",
                count=len(unjudged),
                criteria=shown,
            ),
            unjudged,
        )


class NotReviewable(ReviewError):
    """The review cannot be changed or decided in the application's current state (decided, or moved on)."""

    status = 409


class NotTheLead(ApplicationError):
    """Only the lead assessor judges criteria and decides on the review."""

    status = 403

    def __init__(self) -> None:
        super().__init__(_("Only the lead assessor of this application judges its criteria and decides."))


class ConflictError(ApplicationError):
    """A conflict of interest that cannot be recorded (unknown school, already recorded, not an assessor)."""

    status = 422


@dataclass(frozen=True)
class SavedJudgment:
    """A judgment as it stood when a save conflicted with it (plain values: they outlive the rollback)."""

    verdict: str
    level: int | None
    claimed_level: int | None
    comment: str
    gap: str | None
    carried_from_round: int | None
    by: str
    at: datetime

    @property
    def carried_over(self) -> bool:
        return self.carried_from_round is not None


class JudgmentConflict(NotReviewable):
    """The criterion's judgment was saved differently since the page showed it (another tab, a double submit):
    nothing was saved; ``saved`` is the judgment as it stands, for the assessor to compare with theirs."""

    def __init__(self, judgment) -> None:
        by = judgment.updated_by.name if judgment.updated_by is not None else "—"
        self.saved = SavedJudgment(
            judgment.verdict,
            judgment.level,
            judgment.claimed_level,
            judgment.comment or "",
            judgment.gap,
            judgment.carried_from_round,
            by,
            judgment.updated_at,
        )
        super().__init__(
            _(
                "This criterion was judged differently a moment ago (by %(name)s), so yours was not saved. "
                "Compare it with yours below, then save again to replace it.",
                name=by,
            )
        )
