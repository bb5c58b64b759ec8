"""What the guards need to know about a self-assessment, its documents and its review.

That data arrives with later issues (the self-assessment with issue 4, documents and reviews with issue 5). Until
then ``NotYetRecorded`` answers "nothing recorded", so the guards that depend on it fail with a reason a person can
act on. Each later issue replaces it with an implementation over its tables (``Workflows.evidence``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from accreditation.models import Application


@dataclass(frozen=True)
class Results:
    """The figures an award level is computed from: the share (0-1) of criteria the self-assessment puts at or
    above their benchmark, and the assessor's average judged level."""

    share_at_benchmark: float
    review_score: float


class Evidence(Protocol):
    def unanswered_criteria(self, application: Application) -> list[str] | None:
        """Criteria without an answer (empty: complete); None when no self-assessment exists."""

    def missing_documents(self, application: Application) -> list[str] | None:
        """Titles of required documents not yet uploaded (empty: all there); None when unknown."""

    def unjudged_criteria(self, application: Application) -> list[str] | None:
        """Criteria the assessor has not judged (empty: review complete); None when no review exists."""

    def results(self, application: Application) -> Results | None:
        """The self-assessment's and review's figures; None until both exist."""


class NotYetRecorded:
    """The evidence before issues 4 and 5: nothing is recorded yet."""

    def unanswered_criteria(self, application: Application) -> list[str] | None:
        return None

    def missing_documents(self, application: Application) -> list[str] | None:
        return None

    def unjudged_criteria(self, application: Application) -> list[str] | None:
        return None

    def results(self, application: Application) -> Results | None:
        return None
