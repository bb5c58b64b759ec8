"""The moderation sample: which decisions a second accredited assessor re-reads before the school is told.

A decision of the lead assessor (award, reject, ask for changes) is held, not carried out, when the lead is in
training, when it is their first decision in the programme (if the programme says so), or when it is drawn in the
programme's share. Held, the application does not move and nobody is told; ``moderating`` carries it out once the
second assessor agrees (or the coordinator upholds it). ``hold_for_moderation`` is called by each decision's
operation in ``review/decisions.py`` before it fires.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, select

from accreditation.applications.guards import GuardContext
from accreditation.applications.operations import event_data
from accreditation.applications.permissions import actor_roles
from accreditation.applications.runtime import current_workflows
from accreditation.assessor_quality.errors import QualityConflict
from accreditation.assessor_quality.mail import ask_moderator
from accreditation.assessor_quality.training import in_training, record_credit, settings
from accreditation.extensions import db
from accreditation.models import Application, ModerationSample, Review, User
from accreditation.models.application import AssessorRole
from accreditation.models.assessor_quality import CreditKind, SampleReason, SampleStatus
from accreditation.models.time import utcnow
from accreditation.review.assignment import candidates

HELD = (SampleStatus.WAITING.value, SampleStatus.DISAGREED.value)
PASSED = (SampleStatus.AGREED.value, SampleStatus.UPHELD.value)


def latest_sample(review_id: int) -> ModerationSample | None:
    return db.session.scalar(
        select(ModerationSample).where(ModerationSample.review_id == review_id).order_by(ModerationSample.id.desc())
    )


def hold_for_moderation(
    application: Application,
    review: Review,
    actor: User,
    decision: str,
    arguments: dict[str, Any],
    event: tuple[str, dict[str, Any]],
) -> ModerationSample | None:
    """The held decision when this one is sampled (the caller then does not fire), else None (fire it now). A
    decision already held for this round is refused (409) until it is moderated. ``event``: the event the decision
    fires and its data; a held decision must pass the same checks (role, state, data, guards) first, so that it can
    be carried out unchanged."""
    latest = latest_sample(review.id)
    if latest is not None and latest.status in HELD:
        raise QualityConflict(
            _("Your decision on this round is waiting for a second assessor; you will be told when it is read.")
        )
    if latest is not None and latest.status in PASSED:
        _shadow_credit(application, review, actor)
        return None  # moderated: being carried out now
    reason = _reason(application, actor, latest)
    if reason is None:
        _shadow_credit(application, review, actor)
        return None
    would_fire(application, actor, *event)
    sample = ModerationSample(
        application_id=application.id,
        review_id=review.id,
        programme_code=application.programme_code,
        decision=decision,
        arguments=arguments,
        assessor_id=actor.id,
        reason=reason.value,
        moderator_id=choose_moderator(application, actor),
    )
    db.session.add(sample)
    db.session.flush()
    ask_moderator(sample)
    return sample


def would_fire(application: Application, actor: User, event: str, data: dict[str, Any]) -> None:
    """Raise what ``fire()`` would raise for this event now (role, state, data, guards), writing nothing."""
    workflows = current_workflows()
    programme = workflows.programme(application.programme_code)
    roles = actor_roles(actor, application)
    given = event_data(data)
    context = GuardContext(
        application=application,
        programme=programme,
        event=event,
        actor=actor,
        roles=roles,
        data=given,
        evidence=workflows.evidence,
        today=utcnow().date(),
    )
    programme.advance(application.state, event, context, roles=roles, data=given)


def _reason(application: Application, actor: User, latest: ModerationSample | None) -> SampleReason | None:
    if latest is not None and latest.status == SampleStatus.OVERTURNED:
        return SampleReason(latest.reason)  # decided again after being overturned: read again
    quality = settings(application.programme_code)
    if quality.has_training and in_training(actor.id, application.programme_code):
        return SampleReason.TRAINING
    if quality.moderate_first_decisions and is_first_decision(actor.id, application.programme_code):
        return SampleReason.FIRST
    if quality.moderation_share > 0 and secrets.randbelow(10_000) < round(quality.moderation_share * 10_000):
        return SampleReason.SHARE
    return None


def is_first_decision(assessor_id: int, programme_code: str) -> bool:
    """No decided round and no held decision of the assessor in the programme yet."""
    decided = exists().where(
        Review.decided_by_id == assessor_id,
        Review.application_id == Application.id,
        Application.programme_code == programme_code,
    )
    held = exists().where(
        ModerationSample.assessor_id == assessor_id, ModerationSample.programme_code == programme_code
    )
    return not db.session.scalar(select(decided | held))


def choose_moderator(application: Application, decider: User) -> int | None:
    """The application's moderator when accredited, else the accredited eligible assessor with the fewest open
    reviews; None when there is none (a coordinator then assigns one)."""
    code = application.programme_code
    assigned = next((a for a in application.assessors if a.role == AssessorRole.MODERATOR.value), None)
    if assigned is not None and assigned.user_id != decider.id and not in_training(assigned.user_id, code):
        return assigned.user_id
    for candidate in candidates(application, AssessorRole.MODERATOR.value):
        user = candidate.assessor
        if candidate.eligible and user.id != decider.id and not in_training(user.id, code):
            return user.id
    return None


def _shadow_credit(application: Application, review: Review, lead: User) -> None:
    """A trainee shadowing an accredited lead: the decision, carried out, counts toward their accreditation."""
    code = application.programme_code
    if not settings(code).has_training or in_training(lead.id, code):
        return
    for assignment in application.assessors:
        if assignment.role == AssessorRole.MODERATOR.value and in_training(assignment.user_id, code):
            record_credit(assignment.user_id, application, review.round, CreditKind.SHADOWED, lead.id)
