"""What the guards need to know about a self-assessment, its documents and its review.

The application's implementation over its tables is ``accreditation.assessment.evidence.RecordedEvidence``
(``Workflows.evidence``); ``NotYetRecorded`` answers "nothing recorded" (the guards then refuse with a reason a
person can act on) and tests may put a stand-in in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from accreditation.models import Application


@dataclass(frozen=True)
class Results:
    """The figures an award level is computed from: the share (0-1) of criteria whose level agreed in the review
    reaches their benchmark, and the mean agreed level (the review score)."""

    share_at_benchmark: float
    review_score: float


class Evidence(Protocol):
    def unanswered_criteria(self, application: Application) -> list[str] | None:
        """Criteria without an answer (empty: complete); None when no self-assessment exists."""

    def missing_documents(self, application: Application) -> list[str] | None:
        """Titles of required documents not yet uploaded (empty: all there); None when unknown."""

    def short_commentaries(self, application: Application) -> list[str] | None:
        """Criteria claimed at or above their benchmark with too short a commentary; None: no self-assessment."""

    def criteria_without_evidence(self, application: Application) -> list[str] | None:
        """Criteria with a kind of expected evidence that no linked document provides; None when unknown."""

    def unjudged_criteria(self, application: Application) -> list[str] | None:
        """Criteria the assessor has not judged (empty: review complete); None when no review exists."""

    def results(self, application: Application) -> Results | None:
        """The self-assessment's and review's figures; None until both exist."""


class NotYetRecorded:
    """Nothing is recorded."""

    def unanswered_criteria(self, application: Application) -> list[str] | None:
        return None

    def missing_documents(self, application: Application) -> list[str] | None:
        return None

    def short_commentaries(self, application: Application) -> list[str] | None:
        return None

    def criteria_without_evidence(self, application: Application) -> list[str] | None:
        return None

    def unjudged_criteria(self, application: Application) -> list[str] | None:
        return None

    def results(self, application: Application) -> Results | None:
        return None
