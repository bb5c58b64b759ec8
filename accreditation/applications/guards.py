"""The guards programme files name (``workflows.names.GUARDS``), as this application implements them.

A guard is ``fn(context) -> list[str]``: each string is a reason a person can act on; none means it passes.
``context.data`` is None while a page previews what blocks an event: the guards that judge the data given with
the event (a commentary, a date, a level) then stay silent, because the form asks for it.

Real now: commentary_sufficient, visit_in_future, modules_complete, assessor_assigned,
moderator_is_second_assessor. Waiting for their data (``evidence.py``): self_assessment_complete (issue 4),
required_documents_uploaded, review_complete and award_justified (issue 5).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from accreditation.applications.evidence import Evidence
from accreditation.applications.modules import modules_of
from accreditation.models import Application, User
from accreditation.models.application import AssessorRole
from workflows import GUARDS, Programme, Registry

MIN_COMMENTARY_CHARS = 40
SHOWN_AT_MOST = 5  # items named in one reason before "and N more"


@dataclass(frozen=True)
class GuardContext:
    """What a guard may look at. ``data`` is the event's data (comment, date, level, items), None in a preview."""

    application: Application
    programme: Programme
    event: str
    actor: User | None
    roles: frozenset[str]
    data: Mapping[str, Any] | None
    evidence: Evidence
    today: date

    @property
    def previewing(self) -> bool:
        return self.data is None

    def given(self, name: str) -> Any:
        return None if self.data is None else self.data.get(name)


Guard = Callable[[GuardContext], list[str]]


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN_AT_MOST])
    more = len(items) - SHOWN_AT_MOST
    return f"{shown} and {more} more" if more > 0 else shown


# --- real guards ------------------------------------------------------------------------------------------------


def commentary_sufficient(context: GuardContext) -> list[str]:
    if context.previewing:
        return []
    comment = (context.given("comment") or "").strip()
    if len(comment) >= MIN_COMMENTARY_CHARS:
        return []
    return [
        f"Please add a commentary of at least {MIN_COMMENTARY_CHARS} characters that explains your answers to "
        f"the assessor (yours has {len(comment)})."
    ]


def visit_in_future(context: GuardContext) -> list[str]:
    given = context.given("date")
    if context.previewing or given is None:
        return []
    visit = given if isinstance(given, date) else date.fromisoformat(str(given).strip()[:10])
    if visit > context.today:
        return []
    return [f"The visit date {visit.isoformat()} is not in the future; please choose a later date."]


def modules_complete(context: GuardContext) -> list[str]:
    done = {module.module_code for module in context.application.modules}
    missing = [module.title for module in modules_of(context.programme) if module.code not in done]
    if not missing:
        return []
    return [f"These modules are not marked as complete yet: {_listed(missing)}."]


def assessor_assigned(context: GuardContext) -> list[str]:
    if any(assignment.role == AssessorRole.LEAD for assignment in context.application.assessors):
        return []
    return ["No lead assessor is assigned to this application yet; a coordinator assigns one on this page."]


def moderator_is_second_assessor(context: GuardContext) -> list[str]:
    awards = context.programme.awards
    level = awards.level(context.given("level") or "") if awards else None
    if level is None or not level.needs_moderation:
        return []
    moderator = next((a for a in context.application.assessors if a.role == AssessorRole.MODERATOR), None)
    if moderator is None:
        return [
            f"The {level.label} level must be confirmed by a second assessor: "
            "a coordinator must first assign a moderator to this application."
        ]
    if context.actor is None or context.actor.id != moderator.user_id:
        return [
            f"The {level.label} level must be confirmed by the moderator, {moderator.user.name}, "
            "a different assessor from the lead: ask them to award it."
        ]
    return []


# --- guards waiting for the self-assessment (issue 4) and the review (issue 5) ------------------------------------


def self_assessment_complete(context: GuardContext) -> list[str]:
    unanswered = context.evidence.unanswered_criteria(context.application)
    if unanswered is None:
        return ["The self-assessment has not been completed yet: answer every criterion first."]
    if unanswered:
        return [f"The self-assessment still has {len(unanswered)} criteria without an answer: {_listed(unanswered)}."]
    return []


def required_documents_uploaded(context: GuardContext) -> list[str]:
    missing = context.evidence.missing_documents(context.application)
    if missing is None:
        return ["The required documents (such as the online-safety policy) have not been uploaded yet."]
    return [f"Please upload: {title}." for title in missing]


def review_complete(context: GuardContext) -> list[str]:
    unjudged = context.evidence.unjudged_criteria(context.application)
    if unjudged is None:
        return ["The review has not been recorded yet: judge every criterion first."]
    if unjudged:
        return [f"The review still has {len(unjudged)} criteria to judge: {_listed(unjudged)}."]
    return []


def award_justified(context: GuardContext) -> list[str]:
    awards = context.programme.awards
    results = context.evidence.results(context.application)
    if results is None:
        return ["A level can be justified once the self-assessment and the review have been recorded."]
    chosen = awards.level(context.given("level") or "") if awards else None
    if chosen is None:
        return []  # previewing, or no level given: the form (MissingData) asks for one
    earned = awards.level_for(results.share_at_benchmark, results.review_score)
    if earned is None:
        return [f"The self-assessment and the review do not earn a level yet, so {chosen.label} is not justified."]
    if chosen.rank > earned.rank:
        return [f"The self-assessment and the review earn at most {earned.label}; {chosen.label} is not justified."]
    return []


GUARD_FUNCTIONS: dict[str, Guard] = {
    "commentary_sufficient": commentary_sufficient,
    "visit_in_future": visit_in_future,
    "modules_complete": modules_complete,
    "assessor_assigned": assessor_assigned,
    "moderator_is_second_assessor": moderator_is_second_assessor,
    "self_assessment_complete": self_assessment_complete,
    "required_documents_uploaded": required_documents_uploaded,
    "review_complete": review_complete,
    "award_justified": award_justified,
}


def register_guards(registry: Registry) -> None:
    """Register a function for every guard name programme files may use."""
    missing = set(GUARDS) - set(GUARD_FUNCTIONS)
    if missing:
        raise RuntimeError(f"guards without a function: {', '.join(sorted(missing))}")
    for name in GUARDS:
        registry.guard(name)(GUARD_FUNCTIONS[name])
