"""The ``assessor_quality`` blueprint, with the template globals its includes on other pages call."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from accreditation.assessor_quality import feedback, moderating, training
from accreditation.models import User

bp = Blueprint("assessor_quality", __name__)


@bp.app_template_global()
def assessor_quality_figures() -> dict | None:
    """The dashboard's figures per assessor (coordinators and admins only; None for anyone else)."""
    if not current_user.is_authenticated or not (current_user.is_coordinator or current_user.is_admin):
        return None
    return {"moderation": moderating.figures(), "feedback": feedback.figures()}


@bp.app_template_global()
def assessor_paths(person: User) -> list[training.Path]:
    """The person page's accreditation paths (empty for anyone who is not an assessor)."""
    return training.paths(person)


@bp.app_template_global()
def assessor_feedback_due(application_id: int) -> bool:
    """Whether the signed-in school person may answer the survey on the application's latest decision now."""
    if not current_user.is_authenticated or current_user.is_coordinator or current_user.is_assessor:
        return False
    review = feedback.decided_review(application_id, current_user)
    return review is not None and not feedback.answered(review, current_user)
