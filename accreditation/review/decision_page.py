"""The decision page's read: the round's judgments and recommendation, and the decisions open to the person now (the
lead's, a coordinator's visit, the moderator's), the desk-review award only for a renewal it may pass."""

from __future__ import annotations

from dataclasses import dataclass

from accreditation.applications.errors import NotYours
from accreditation.compliance.desk_review import GUARD as DESK_REVIEW_GUARD
from accreditation.compliance.desk_review import is_desk_review
from accreditation.models import Application, Review, TransitionRecord, User
from accreditation.review.decisions import DecisionName, change_items, decision_event, proposal
from accreditation.review.outcome import Recommendation, recommend
from accreditation.review.permissions import is_lead, is_moderator, may_read_review, moderation_states
from accreditation.review.rounds import framework_of, latest_snapshot, review_context, review_of, unjudged
from accreditation.review.visits import VisitStanding, visit_standing
from workflows import AwardLevel, Criterion, Event, Framework, Programme
from workflows.roles import ADMIN, COORDINATOR


@dataclass(frozen=True)
class DecisionPage:
    application: Application
    programme: Programme
    roles: frozenset[str]
    framework: Framework | None
    review: Review | None
    unjudged: list[Criterion]  # the round's criteria without a judgment yet, in the framework's order
    recommendation: Recommendation | None
    items: list[str]
    events: dict[str, Event]  # decision name -> the event it fires, for the decisions this person may make now
    is_lead: bool
    is_moderator: bool
    proposal: TransitionRecord | None
    proposed_level: AwardLevel | None
    visit: VisitStanding | None
    desk_review: bool = False  # the award is a renewal's in good standing, decided without a site visit

    @property
    def levels(self) -> list[AwardLevel]:
        return list(self.programme.awards.levels) if self.programme.awards else []


LEAD_DECISIONS: tuple[DecisionName, ...] = ("changes", "visit", "award", "reject")
MODERATOR_DECISIONS: tuple[DecisionName, ...] = ("confirm", "send_back")


def decision_page(application_id: int, user: User) -> DecisionPage:
    application, roles, programme = review_context(application_id, user)
    if not may_read_review(roles):
        raise NotYours(application_id)
    snapshot = latest_snapshot(application.id)
    framework = framework_of(snapshot) if snapshot is not None else None
    review = review_of(snapshot)
    missing: list[Criterion] = []
    recommendation = None
    items: list[str] = []
    if framework is not None:
        codes = unjudged(review, framework) if review is not None else [c.code for c in framework.criteria]
        missing = [framework.criterion(code) for code in codes]
        if review is not None and not codes:
            judgments = {j.criterion_code: j for j in review.judgments}
            recommendation = recommend(framework, judgments, programme.awards)
            items = change_items(review, framework)
    lead, moderator = is_lead(application, user), is_moderator(application, user)
    coordinating = bool(roles & {COORDINATOR, ADMIN})
    events: dict[str, Event] = {}
    for name in LEAD_DECISIONS:
        event = decision_event(programme, application.state, name)
        if event is None or not event.roles & roles:
            continue
        if lead or (coordinating and COORDINATOR in event.roles and name == "visit"):
            events[name] = event
    # The desk review's award (no visit) only for a renewal in good standing: its guard refuses it to anyone else.
    award, desk_review = events.get("award"), False
    if award is not None and DESK_REVIEW_GUARD in award.guards:
        desk_review = is_desk_review(application)
        if not desk_review:
            del events["award"]  # the visit leads instead
    if "award" in events and programme.awards and decision_event(programme, application.state, "propose"):
        events["propose"] = decision_event(programme, application.state, "propose")
    if moderator and application.state in moderation_states(programme):
        for name in MODERATOR_DECISIONS:
            event = decision_event(programme, application.state, name)
            if event is not None:
                events[name] = event
    proposed = proposal(application) if application.state in moderation_states(programme) else None
    awards = programme.awards
    proposed_level = awards.level((proposed.data or {}).get("level", "")) if proposed and awards else None
    return DecisionPage(
        application=application,
        programme=programme,
        roles=roles,
        framework=framework,
        review=review,
        unjudged=missing,
        recommendation=recommendation,
        items=items,
        events=events,
        is_lead=lead,
        is_moderator=moderator,
        proposal=proposed,
        proposed_level=proposed_level,
        visit=visit_standing(application, programme),
        desk_review=desk_review,
    )
