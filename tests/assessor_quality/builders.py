"""Builders of the assessor-quality tests: a decided round (a past submission), assessors, the pages' forms."""

from __future__ import annotations

from accreditation.applications import commit_and_relay
from accreditation.review import decisions
from tests.applications.builders import person
from tests.review.builders import LEAD, MODERATOR, add_second_assessor, criteria, judge_all, under_review, version

THIRD = "third@example.org"
ASSESSORS = (LEAD, MODERATOR, THIRD)


def three_assessors() -> None:
    add_second_assessor()
    add_second_assessor(THIRD, "Tomas Third")


def decided(world) -> int:
    """School A's esafety-label application, reviewed and awarded Silver (no moderation asked); committed."""
    application_id = under_review(world)
    lowered = [c.code for c in criteria(application_id) if c.benchmark == 3][:3]
    judge_all(
        application_id,
        except_={code: {"verdict": "different", "level": 2, "comment": "Not yet.", "gap": "minor"} for code in lowered},
    )
    decisions.approve(application_id, person(LEAD), "silver", "", version(application_id))
    commit_and_relay()
    return application_id
