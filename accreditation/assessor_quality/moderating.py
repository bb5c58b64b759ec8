"""Moderating a held decision: the second assessor agrees (the decision is carried out: the application moves and
the school is told) or disagrees (the coordinator settles it: upheld, carried out; or overturned, the lead decides
again). The figures per assessor for the coordinator's dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.applications.permissions import actor_roles
from accreditation.assessor_quality.errors import QualityConflict, QualityError, QualityNotFound, QualityNotPermitted
from accreditation.assessor_quality.mail import ask_moderator, tell_coordinators, tell_lead
from accreditation.assessor_quality.sampling import latest_sample
from accreditation.assessor_quality.training import in_training, record_credit
from accreditation.extensions import db
from accreditation.models import Application, ModerationSample, Review, User
from accreditation.models.assessor_quality import CreditKind, SampleStatus
from accreditation.models.time import utcnow
from accreditation.review import decisions
from accreditation.review.assignment import candidates, ineligibility
from workflows.roles import ADMIN, COORDINATOR


def sample_for(sample_id: int, actor: User) -> ModerationSample:
    """The held decision, for its moderator, its assessor, the coordinators of the school and admins (404 for
    anyone else, as for a sample that does not exist)."""
    sample = db.session.get(ModerationSample, sample_id)
    if sample is None or not may_see(sample, actor):
        raise QualityNotFound(_("There is no such decision to moderate."))
    return sample


def may_see(sample: ModerationSample, actor: User) -> bool:
    if actor.id in (sample.moderator_id, sample.assessor_id):
        return True
    return bool(_steering(sample, actor))


def _steering(sample: ModerationSample, actor: User) -> bool:
    application = db.session.get(Application, sample.application_id)
    return bool(actor_roles(actor, application) & {COORDINATOR, ADMIN})


def waiting_for(actor: User) -> list[ModerationSample]:
    """The held decisions this assessor is asked to re-read."""
    return list(
        db.session.scalars(
            select(ModerationSample)
            .where(ModerationSample.moderator_id == actor.id, ModerationSample.status == SampleStatus.WAITING.value)
            .order_by(ModerationSample.held_at)
        ).all()
    )


def decided_by(actor: User) -> list[ModerationSample]:
    """The assessor's own decisions held for a second reading, and those overturned that they have not decided
    again yet, newest first."""
    statuses = (SampleStatus.WAITING.value, SampleStatus.DISAGREED.value, SampleStatus.OVERTURNED.value)
    query = select(ModerationSample).where(
        ModerationSample.assessor_id == actor.id, ModerationSample.status.in_(statuses)
    )
    rows = db.session.scalars(query.order_by(ModerationSample.held_at.desc())).all()
    return [s for s in rows if s.status != SampleStatus.OVERTURNED.value or latest_sample(s.review_id).id == s.id]


def moderate(sample_id: int, actor: User, agree: bool, note: str) -> ModerationSample:
    """The second assessor's reading. Agreeing carries the decision out now; disagreeing (a note is required)
    sends it to the coordinator. A trainee's decision agreed with counts toward their accreditation."""
    sample = sample_for(sample_id, actor)
    if actor.id != sample.moderator_id:
        raise QualityNotPermitted(_("Only the second assessor asked to read this decision may moderate it."))
    if sample.status != SampleStatus.WAITING.value:
        raise QualityConflict(_("This decision has already been moderated."))
    if not agree and not note.strip():
        raise QualityError(_("Please say where you disagree, for the coordinator."))
    sample.moderator_note = note.strip()
    sample.moderated_at = utcnow()
    sample.status = (SampleStatus.AGREED if agree else SampleStatus.DISAGREED).value
    db.session.flush()
    if agree:
        _credit(sample, actor.id)
        carry_out(sample)
    else:
        tell_coordinators(sample)
    return sample


def settle(sample_id: int, actor: User, uphold: bool, note: str) -> ModerationSample:
    """The coordinator settles a disagreement: uphold (carried out now) or overturn (the lead decides again, with
    the note); a note is required either way."""
    sample = sample_for(sample_id, actor)
    if not _steering(sample, actor):
        raise QualityNotPermitted(_("Only the coordinators of the school’s region settle a disagreement."))
    if sample.status != SampleStatus.DISAGREED.value:
        raise QualityConflict(_("Only a decision the second assessor disagreed with is settled."))
    if not note.strip():
        raise QualityError(_("Please give the reason for your settlement; the assessors will read it."))
    sample.settlement_note = note.strip()
    sample.settled_at = utcnow()
    sample.settled_by_id = actor.id
    sample.status = (SampleStatus.UPHELD if uphold else SampleStatus.OVERTURNED).value
    db.session.flush()
    if uphold:
        _credit(sample, sample.moderator_id)
        carry_out(sample)
    tell_lead(sample)
    return sample


def assign_moderator(sample_id: int, actor: User, assessor_id: int) -> ModerationSample:
    """A coordinator names the second assessor of a held decision (an accredited, eligible assessor other than
    the one who decided)."""
    sample = sample_for(sample_id, actor)
    if not _steering(sample, actor):
        raise QualityNotPermitted(_("Only the coordinators of the school’s region choose the second assessor."))
    if sample.status != SampleStatus.WAITING.value:
        raise QualityConflict(_("This decision has already been moderated."))
    assessor = db.session.get(User, assessor_id)
    if assessor is None or assessor.id == sample.assessor_id:
        raise QualityError(_("Please choose a second assessor, other than the one who decided."))
    application = db.session.get(Application, sample.application_id)
    reasons = ineligibility(application, assessor, "moderator")
    if in_training(assessor.id, sample.programme_code):
        reasons.append(_("%(name)s is in training and cannot moderate yet.", name=assessor.name))
    if reasons:
        raise QualityError(reasons[0], reasons)
    sample.moderator_id = assessor.id
    db.session.flush()
    ask_moderator(sample)
    return sample


def moderator_choices(sample: ModerationSample) -> list[User]:
    """The accredited assessors a coordinator may name as the second reader (eligible, not the one who decided)."""
    application = db.session.get(Application, sample.application_id)
    return [
        c.assessor
        for c in candidates(application, "moderator")
        if c.eligible and c.assessor.id != sample.assessor_id and not in_training(c.assessor.id, sample.programme_code)
    ]


def _credit(sample: ModerationSample, mentor_id: int | None) -> None:
    if mentor_id is None or not in_training(sample.assessor_id, sample.programme_code):
        return
    application = db.session.get(Application, sample.application_id)
    review = db.session.get(Review, sample.review_id)
    record_credit(sample.assessor_id, application, review.round, CreditKind.MODERATED, mentor_id)


def carry_out(sample: ModerationSample) -> None:
    """Make the held decision now, as the lead assessor made it: the application moves, the school is told."""
    lead = db.session.get(User, sample.assessor_id)
    given = sample.arguments or {}
    if sample.decision == "award":
        decisions.approve(sample.application_id, lead, given.get("level", ""), given.get("justification", ""), None)
    elif sample.decision == "reject":
        decisions.reject(sample.application_id, lead, given.get("reasons", ""), None)
    else:
        decisions.request_changes(sample.application_id, lead, None, given.get("comment", ""))


@dataclass(frozen=True)
class Figures:
    assessor: User
    sampled: int
    waiting: int
    agreed: int
    upheld: int
    overturned: int


def figures(assessor_ids: list[int] | None = None) -> list[Figures]:
    """Per assessor: decisions sampled, waiting (or with the coordinator), agreed, upheld and overturned."""
    query = select(ModerationSample.assessor_id, ModerationSample.status, func.count()).group_by(
        ModerationSample.assessor_id, ModerationSample.status
    )
    if assessor_ids is not None:
        query = query.where(ModerationSample.assessor_id.in_(assessor_ids))
    counts: dict[int, dict[str, int]] = {}
    for assessor_id, status, count in db.session.execute(query).all():
        counts.setdefault(assessor_id, {})[status] = count
    people = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(counts))).all()}
    rows = []
    for assessor_id, by_status in counts.items():
        rows.append(
            Figures(
                assessor=people[assessor_id],
                sampled=sum(by_status.values()),
                waiting=by_status.get(SampleStatus.WAITING.value, 0) + by_status.get(SampleStatus.DISAGREED.value, 0),
                agreed=by_status.get(SampleStatus.AGREED.value, 0),
                upheld=by_status.get(SampleStatus.UPHELD.value, 0),
                overturned=by_status.get(SampleStatus.OVERTURNED.value, 0),
            )
        )
    return sorted(rows, key=lambda row: (row.assessor.name.casefold(), row.assessor.id))


def disagreements(actor: User) -> list[ModerationSample]:
    """The disagreements waiting for this coordinator (those of the schools they coordinate; all for admins)."""
    rows = db.session.scalars(
        select(ModerationSample)
        .where(ModerationSample.status == SampleStatus.DISAGREED.value)
        .order_by(ModerationSample.moderated_at)
    ).all()
    return [sample for sample in rows if _steering(sample, actor)]
