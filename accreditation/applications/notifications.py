"""E-mails about an application's state change, to its school's admins, its assessors or its coordinators."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.i18n import language_of, local
from accreditation.mail import send_mail
from accreditation.models import Application, Membership, OutboxJob, RoleGrant, TransitionRecord, User
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
    """E-mail each recipient about the change that queued ``job``; the number of messages sent."""
    application = job.application
    programme = current_workflows().programme(application.programme_code)
    record = transition_of(job)
    to_name = record.to_state if record else application.state
    to_state = programme.states.get(to_name)
    from_state = programme.states.get(record.from_state or "") if record else None
    event = programme.events.get(record.event) if record and record.from_state else None
    sent = 0
    for user in recipients:
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
