"""Builders for the review tests: applications submitted with a real self-assessment and real documents, assigned
and under review; judgments; a second assessor."""

from __future__ import annotations

from accreditation.applications import commit_and_relay
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application
from accreditation.review.assignment import assign_assessor
from accreditation.review.judgments import JudgmentInput, save_judgment
from accreditation.review.rounds import framework_of, latest_snapshot
from tests.applications.builders import LONG_COMMENT, SECOND_ASSESSOR, add_second_assessor, fire_as, person
from tests.assessment.builders import HEAD_A, answer_all, ready_for_answers, upload_required
from tests.builders import World

LEAD = "assessor@example.org"
MODERATOR = SECOND_ASSESSOR
COORDINATOR = "coord.md@example.org"
__all__ = ["COORDINATOR", "HEAD_A", "LEAD", "MODERATOR", "add_second_assessor"]


def submitted(world: World, programme: str = "esafety-label", level: int | None = None) -> int:
    """School A's application with every criterion answered (at its benchmark, or ``level``) and the required
    documents uploaded, submitted; committed."""
    application_id = ready_for_answers(world, programme)
    answer_all(application_id, level=level)
    upload_required(application_id)
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    return application_id


def under_review(world: World, programme: str = "esafety-label", level: int | None = None) -> int:
    """Submitted, the world's assessor assigned as lead, the review started; committed."""
    application_id = submitted(world, programme, level)
    assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
    commit_and_relay()
    fire_as(application_id, "start_review", LEAD)
    return application_id


def criteria(application_id: int) -> list:
    return framework_of(latest_snapshot(application_id)).criteria


def judge(application_id: int, code: str, verdict: str = "agree", email: str = LEAD, **values) -> None:
    save_judgment(application_id, person(email), JudgmentInput(code, verdict, **values))
    db.session.commit()


def judge_all(application_id: int, email: str = LEAD, except_: dict[str, dict] | None = None) -> None:
    """Agree with every criterion of the round, except those in ``except_`` (code -> judgment values)."""
    special = except_ or {}
    for criterion in criteria(application_id):
        values = special.get(criterion.code)
        if values is None:
            judge(application_id, criterion.code, "agree", email)
        else:
            judge(application_id, criterion.code, email=email, **values)


def version(application_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Application, application_id).version


def programme_of(application_id: int):
    return current_workflows().programme(db.session.get(Application, application_id).programme_code)
