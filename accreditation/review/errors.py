"""Typed errors of the review operations; each maps to one HTTP status (``ApplicationError.status``)."""

from __future__ import annotations

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
