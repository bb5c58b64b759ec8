"""The e-mail an assessor receives when a coordinator assigns them an application, with the date the review is
due, in the assessor's language.

It goes the way the state changes' e-mails go: an outbox job recorded in the assignment's transaction (one per
assignment, its key naming the assignment's record), relayed to a worker after the commit and run once
(``applications.outbox.run_job``). An assignment replaced before the job runs sends nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import insert

from accreditation.applications.notifications import application_url
from accreditation.applications.outbox import remember_new_jobs
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.i18n import language_of, local
from accreditation.joints import Joints
from accreditation.mail import send_mail
from accreditation.models import AssessorAssignment, OutboxJob
from accreditation.models.application import AssessorRole
from accreditation.models.time import utcnow
from accreditation.review.queue import due_after_assignment
from workflows import Registry

ACTION = "notify_assignment"


def queue_assignment_mail(record: AssessorAssignment) -> None:
    """Record the job that e-mails the assessor of ``record`` (a new assignment), in the caller's transaction."""
    row = {
        "idempotency_key": f"assignment-{record.id}-{ACTION}",
        "action": ACTION,
        "application_id": record.application_id,
        "payload": {"assignment": record.id},
        "created_at": utcnow(),
        "attempts": 0,
        "last_error": "",
    }
    job_ids = list(db.session.scalars(insert(OutboxJob).returning(OutboxJob.id), [row]))
    remember_new_jobs(job_ids)


def notify_assignment(job: OutboxJob) -> None:
    """E-mail the assessor of the job's assignment, unless it has ended meanwhile or they left."""
    record = db.session.get(AssessorAssignment, (job.payload or {}).get("assignment"))
    if record is None or record.ended_at is not None or not record.user.active:
        return
    application = job.application
    programme = current_workflows().programme(application.programme_code)
    due = due_after_assignment(programme, application, record.assigned_at)
    user = record.user
    with force_locale(language_of(user)):
        moderator = record.role == AssessorRole.MODERATOR
        subject = _("%(programme)s: %(school)s is assigned to you", programme=local(programme.name),
                    school=application.school.name)  # fmt: skip
        text = render_template(
            "email/assessor_assigned.txt",
            user=user,
            application=application,
            programme=programme,
            moderator=moderator,
            due=format_date(due, "long") if due else None,
            url=application_url(application.id) + ("/review/decision" if moderator else "/review"),
        )
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "safe-school.local"
    send_mail(user.email, subject, text, message_id=f"<{job.idempotency_key}@{host}>")


def register_actions(registry: Registry) -> None:
    registry.action(ACTION)(notify_assignment)


def register(joints: Joints) -> None:
    joints.registrars.append(register_actions)
