"""E-mails about an application's state change, to its school's admins, its assessors or its coordinators."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.i18n import language_of, local
from accreditation.mail import send_mail
from accreditation.models import Application, Membership, OutboxJob, Review, RoleGrant, Snapshot, TransitionRecord, User
from accreditation.models.review import Decision, Verdict
from accreditation.models.school import MemberRole
from accreditation.models.user import Role


def school_admins(application: Application) -> list[User]:
    """The school's admins; all its members when it has no admin."""
    members = db.session.scalars(
        select(User).join(Membership).where(Membership.school_id == application.school_id, User.active)
    ).all()
    admins = [user for user in members if user.membership_of(application.school_id).role == MemberRole.SCHOOL_ADMIN]
    return admins or list(members)


def assigned_assessors(application: Application) -> list[User]:
    return [assignment.user for assignment in application.assessors if assignment.user.active]


def coordinators_of(application: Application) -> list[User]:
    """The coordinators whose scope covers the school's country or region."""
    school = application.school
    covers = or_(
        and_(RoleGrant.country_code == school.country_code, RoleGrant.region_code.is_(None)),
        RoleGrant.region_code == school.region_code,
    )
    query = select(User).join(RoleGrant).where(RoleGrant.role == Role.COORDINATOR.value, covers, User.active)
    return list(db.session.scalars(query.distinct().order_by(User.id)).all())


def application_url(application_id: int) -> str:
    return f"{current_app.config['BASE_URL']}/applications/{application_id}"


def transition_of(job: OutboxJob) -> TransitionRecord | None:
    """The transition record whose change queued ``job``."""
    return db.session.scalar(
        select(TransitionRecord).where(
            TransitionRecord.application_id == job.application_id,
            TransitionRecord.version == job.payload.get("version"),
        )
    )


def send_state_change(job: OutboxJob, recipients: Iterable[User]) -> int:
    """E-mail each recipient, but the person who made it, about the change that queued ``job``; the number of
    messages sent."""
    application = job.application
    programme = current_workflows().programme(application.programme_code)
    record = transition_of(job)
    to_name = record.to_state if record else application.state
    to_state = programme.states.get(to_name)
    from_state = programme.states.get(record.from_state or "") if record else None
    event = programme.events.get(record.event) if record and record.from_state else None
    sent = 0
    actor_id = record.actor_id if record is not None else None
    for user in recipients:
        if actor_id is not None and user.id == actor_id:
            continue  # nobody is e-mailed about their own action
        with force_locale(language_of(user)):
            to_label = local(to_state.label) if to_state else to_name
            subject = f"{local(programme.name)}: {application.school.name} — {to_label}"
            text = render_template(
                "applications/email/state_changed.txt",
                user=user,
                application=application,
                programme=programme,
                event_label=local(event.label) if event else _("Joined the programme"),
                from_label=local(from_state.label) if from_state else None,
                to_label=to_label,
                comment=record.comment if record else "",
                items=(record.data or {}).get("items", []) if record else [],
                date=(record.data or {}).get("date") if record else None,
                url=application_url(application.id),
            )
        send_mail(user.email, subject, text)
        sent += 1
    return sent


def _changes_review(record: TransitionRecord) -> Review | None:
    """The review whose "changes requested" decision made ``record``."""
    return db.session.scalar(
        select(Review).where(
            Review.application_id == record.application_id,
            Review.decision_version == record.version,
            Review.decision == Decision.CHANGES_REQUESTED.value,
        )
    )


def send_changes_requested(job: OutboxJob) -> int:
    """E-mail the school's admins, each in their language, the criteria the assessor found wanting with the
    assessor's comments and a link to each in the self-assessment; nothing when the state was entered another way
    (e.g. the school starting its self-assessment). The number of messages sent."""
    application = job.application
    record = transition_of(job)
    review = _changes_review(record) if record is not None else None
    if review is None:
        return 0
    workflows = current_workflows()
    programme = workflows.programme(application.programme_code)
    snapshot = db.session.get(Snapshot, review.snapshot_id)
    framework = workflows.frameworks.get(snapshot.framework_code, snapshot.framework_version)
    wanting = [
        (criterion, judgment)
        for criterion in framework.criteria
        if (judgment := review.judgment(criterion.code)) is not None
        and not judgment.carried_over
        and judgment.verdict != Verdict.AGREE
    ]
    base = application_url(application.id)
    sent = 0
    for user in school_admins(application):
        with force_locale(language_of(user)):
            subject = ngettext(
                "%(programme)s: the assessor returned your self-assessment (%(num)s criterion to look at)",
                "%(programme)s: the assessor returned your self-assessment (%(num)s criteria to look at)",
                len(wanting),
                programme=local(programme.name),
            )
            items = [
                {
                    "title": local(criterion.title),
                    "comment": judgment.comment,
                    "url": f"{base}/self-assessment?area={criterion.area}#criterion-{criterion.code}",
                }
                for criterion, judgment in wanting
            ]
            text = render_template(
                "email/changes_requested.txt",
                user=user,
                application=application,
                programme=programme,
                items=items,
                comment=record.comment,
                url=base,
            )
        send_mail(user.email, subject, text)
        sent += 1
    return sent
