"""The decisions on a review, one operation each, used by the pages and the API: request changes, schedule or
move the site visit, approve with an award (directly, or proposing the top level for moderation), reject; and the
moderator's confirm or send back. Each fires the programme's event through ``fire()``, the only way a state
changes, and writes its record (the round's decision, level and date; the visit) in the same transaction. They
flush; the caller commits (``commit_and_relay``).

Which event a decision fires is read from the programme's data: the event whose ``decision:`` names it. ``fire()``
refuses such an event to every other caller, so a decision cannot be made without its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.errors import ApplicationError, NotConfirmed, StaleVersion
from accreditation.applications.operations import fire
from accreditation.applications.permissions import application_for
from accreditation.applications.runtime import current_workflows
from accreditation.applications.writes import WrittenRecord
from accreditation.assessor_quality.sampling import hold_for_moderation
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.joints import Joints
from accreditation.models import Application, Judgment, ModerationSample, Review, SiteVisit, TransitionRecord, User
from accreditation.models.review import Decision, Gap, Verdict
from accreditation.models.time import utcnow
from accreditation.review.errors import NotReviewable, NotTheLead, ReviewError, ReviewIncomplete
from accreditation.review.outcome import Recommendation, recommend
from accreditation.review.permissions import is_lead
from accreditation.review.rounds import framework_of, latest_snapshot, review_of, unjudged
from accreditation.review.visits import VisitInput, record_visit, visit_times
from workflows import DECISIONS, Event, Framework, Programme, Registry
from workflows.roles import ADMIN, COORDINATOR

DecisionName = Literal["changes", "visit", "award", "propose", "confirm", "send_back", "reject"]


class DecisionNotAvailable(ApplicationError):
    """The application is in a state where this decision cannot be made (it moved on, or it is not time yet)."""

    status = 409


def decision_event(programme: Programme, state: str, decision: DecisionName) -> Event | None:
    """The event that makes ``decision`` from ``state`` in ``programme`` (None: not possible from there)."""
    return next((event for event in programme.events_from(state) if event.decision == decision), None)


@dataclass(frozen=True)
class Round:
    """The round under review, as a decision needs it."""

    review: Review
    framework: Framework
    recommendation: Recommendation


def _load(application_id: int, actor: User, expected_version: int | None) -> tuple[Application, frozenset, Programme]:
    application, roles = application_for(application_id, actor, populate_existing=True)
    if expected_version is not None and expected_version != application.version:
        raise StaleVersion(application_id, expected_version, application.version)
    return application, roles, current_workflows().programme(application.programme_code)


def _event(programme: Programme, application: Application, decision: DecisionName) -> Event:
    event = decision_event(programme, application.state, decision)
    if event is None:
        state = programme.state(application.state)
        raise DecisionNotAvailable(
            _("This decision cannot be made while the application is “%(state)s”.", state=state.label)
        )
    return event


def _round(application: Application, programme: Programme, actor: User, require_lead: bool = True) -> Round:
    """The open round, complete (ReviewIncomplete lists what is left to judge)."""
    if require_lead and not is_lead(application, actor):
        raise NotTheLead()
    snapshot = latest_snapshot(application.id)
    if snapshot is None:
        raise NotReviewable(_("The school has not submitted a self-assessment to review."))
    framework = framework_of(snapshot)
    review = review_of(snapshot)
    if review is None:
        raise ReviewIncomplete([local(criterion.title) for criterion in framework.criteria])
    if review.is_decided:
        raise NotReviewable(_("This round has already been decided."))
    missing = unjudged(review, framework)
    if missing:
        raise ReviewIncomplete([local(framework.criterion(code).title) for code in missing])
    judgments = {judgment.criterion_code: judgment for judgment in review.judgments}
    return Round(review, framework, recommend(framework, judgments, programme.awards))


def _close(round_: Round, decision: Decision, record: WrittenRecord, actor: User, **values) -> None:
    review = round_.review
    review.decision = decision.value
    review.decided_at = record.at or utcnow()
    review.decided_by_id = actor.id
    review.decision_version = record.version
    review.recommended_level = round_.recommendation.level.code if round_.recommendation.level else None
    for name, value in values.items():
        setattr(review, name, value)
    db.session.flush()


# --- the lead assessor's decisions ---------------------------------------------------------------------------------


def change_items(review: Review, framework: Framework) -> list[str]:
    """What the school is asked to change: one item per criterion judged in this round without agreement."""
    items = []
    for criterion in framework.criteria:
        judgment = review.judgment(criterion.code)
        if judgment is None or judgment.carried_over or judgment.verdict == Verdict.AGREE:
            continue
        items.append(item_text(local(criterion.title), judgment))
    return items


def item_text(title: str, judgment: Judgment) -> str:
    gap = {Gap.MINOR: _("minor gap"), Gap.SIGNIFICANT: _("significant gap")}.get(judgment.gap or "", "")
    if judgment.verdict == Verdict.INSUFFICIENT:
        finding = _("insufficient evidence")
    else:
        finding = _(
            "level %(level)s rather than the level %(claimed)s claimed",
            level=judgment.level,
            claimed=judgment.claimed_level if judgment.claimed_level is not None else "—",
        )
    if gap:
        return _(
            "%(criterion)s — %(finding)s (%(gap)s): %(comment)s",
            criterion=title,
            finding=finding,
            gap=gap,
            comment=judgment.comment,
        )
    return _("%(criterion)s — %(finding)s: %(comment)s", criterion=title, finding=finding, comment=judgment.comment)


def request_changes(
    application_id: int, actor: User, expected_version: int | None, comment: str = ""
) -> WrittenRecord | ModerationSample:
    """Ask the school for changes: the itemised list of the judgments without agreement, by criterion. Held
    (the ModerationSample returned) when drawn for moderation."""
    application, _roles, programme = _load(application_id, actor, expected_version)
    event = _event(programme, application, "changes")
    round_ = _round(application, programme, actor)
    items = change_items(round_.review, round_.framework)
    if not items:
        raise ReviewError(
            _("You agree with every criterion: there is nothing to ask the school to change. Approve instead.")
        )
    data = {"items": items, "comment": comment}
    held = hold_for_moderation(application, round_.review, actor, "changes", {"comment": comment}, (event.name, data))
    if held is not None:
        return held
    record = fire(application.id, event.name, actor, data, expected_version, decision="changes")
    _close(round_, Decision.CHANGES_REQUESTED, record, actor)
    return record


def schedule_visit(
    application_id: int, actor: User, given: VisitInput, comment: str, expected_version: int | None
) -> tuple[WrittenRecord, SiteVisit]:
    """Schedule the site visit (or move it, when one is scheduled): the lead assessor or a coordinator."""
    application, roles, programme = _load(application_id, actor, expected_version)
    event = _event(programme, application, "visit")
    if not roles & {COORDINATOR, ADMIN} and not is_lead(application, actor):
        raise NotTheLead()
    times = visit_times(given)
    data = {"date": times.local_day.isoformat(), "comment": comment}
    record = fire(application.id, event.name, actor, data, expected_version, decision="visit")
    return record, record_visit(application, record, times, given.place, comment, actor)


def approve(
    application_id: int, actor: User, level_code: str, justification: str, expected_version: int | None
) -> WrittenRecord | ModerationSample:
    """Award ``level_code``; the top level (one that needs moderation) is proposed to the moderator instead. A
    level other than the recommended one needs a written justification (the ``award_justified`` guard). An award
    drawn for moderation is held (the ModerationSample returned)."""
    application, _roles, programme = _load(application_id, actor, expected_version)
    awards = programme.awards
    level = awards.level(level_code or "") if awards else None
    if level is None:
        raise ReviewError(_("Please choose a level."))
    proposing = level.needs_moderation and decision_event(programme, application.state, "propose") is not None
    event = _event(programme, application, "propose" if proposing else "award")
    round_ = _round(application, programme, actor)
    data = {"level": level.code, "comment": justification}
    if not proposing:
        kept = {"level": level.code, "justification": justification}
        held = hold_for_moderation(application, round_.review, actor, "award", kept, (event.name, data))
        if held is not None:
            return held
    record = fire(application.id, event.name, actor, data, expected_version, decision=event.decision)
    if not proposing:
        _close(round_, Decision.AWARDED, record, actor, awarded_level=level.code, justification=justification.strip())
    return record


def reject(
    application_id: int, actor: User, reasons: str, expected_version: int | None, confirmed: bool = True
) -> WrittenRecord | ModerationSample:
    """Decide against any award, with the reasons (required by the programme); held when drawn for moderation.
    Where it ends the application, a page must have its box ticked (``confirmed``; NotConfirmed, nothing held)."""
    application, _roles, programme = _load(application_id, actor, expected_version)
    event = _event(programme, application, "reject")
    if not confirmed and programme.ends_application(event.name):
        raise NotConfirmed()
    round_ = _round(application, programme, actor)
    held = hold_for_moderation(
        application, round_.review, actor, "reject", {"reasons": reasons}, (event.name, {"comment": reasons})
    )
    if held is not None:
        return held
    record = fire(application.id, event.name, actor, {"comment": reasons}, expected_version, decision="reject")
    _close(round_, Decision.REJECTED, record, actor)
    return record


# --- the moderator's decisions -------------------------------------------------------------------------------------


def proposal(application: Application) -> TransitionRecord | None:
    """The record that proposed the level now in moderation (the one that entered the current state)."""
    return db.session.scalar(
        select(TransitionRecord).where(
            TransitionRecord.application_id == application.id, TransitionRecord.version == application.version
        )
    )


def confirm_award(application_id: int, actor: User, expected_version: int | None, comment: str = "") -> WrittenRecord:
    """The moderator confirms the level the lead proposed (the guards make sure it is a second assessor)."""
    application, _roles, programme = _load(application_id, actor, expected_version)
    event = _event(programme, application, "confirm")
    proposed = proposal(application)
    level = (proposed.data or {}).get("level") if proposed is not None else None
    round_ = _round(application, programme, actor, require_lead=False)
    data = {"level": level, "comment": comment}
    record = fire(application.id, event.name, actor, data, expected_version, decision="confirm")
    justification = proposed.comment if proposed is not None else ""
    _close(round_, Decision.AWARDED, record, actor, awarded_level=level, justification=justification)
    return record


def send_back(application_id: int, actor: User, comment: str, expected_version: int | None) -> WrittenRecord:
    """The moderator sends the proposal back to the lead assessor, with a comment; the round is a draft again."""
    application, _roles, programme = _load(application_id, actor, expected_version)
    event = _event(programme, application, "send_back")
    return fire(application.id, event.name, actor, {"comment": comment}, expected_version, decision="send_back")


OPERATIONS = {
    "changes": request_changes,
    "visit": schedule_visit,
    "award": approve,
    "propose": approve,
    "confirm": confirm_award,
    "send_back": send_back,
    "reject": reject,
}


def register_decisions(registry: Registry) -> None:
    """Register the operation of every decision name programme files may use."""
    registry.register_each("decision", DECISIONS, OPERATIONS)


def register(joints: Joints) -> None:
    """The decisions' operations, for the engine's registry."""
    joints.registrars.append(register_decisions)
