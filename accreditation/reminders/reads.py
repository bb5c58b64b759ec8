"""The reminders a person has been sent (their page). No writes here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.i18n import language_of, local
from accreditation.models import Application, Delivery, Reminder, User
from accreditation.reminders.messages import what_is_due


@dataclass(frozen=True)
class SentReminder:
    sent_at: datetime
    application_id: int
    school_name: str
    programme_name: str
    escalated: bool
    sentence: str


def reminders_sent_to(user: User, limit: int = 200) -> list[SentReminder]:
    """The reminders sent to ``user``, newest first."""
    deliveries = db.session.scalars(
        select(Delivery)
        .where(Delivery.user_id == user.id, Delivery.reminder_id.is_not(None), Delivery.sent_at.is_not(None))
        .options(joinedload(Delivery.reminder).joinedload(Reminder.application).joinedload(Application.school))
        .order_by(Delivery.sent_at.desc(), Delivery.id.desc())
        .limit(limit)
    ).all()
    programmes = current_workflows().programmes
    rows = []
    with force_locale(language_of(user)):
        for delivery in deliveries:
            reminder = delivery.reminder
            application = reminder.application
            programme = programmes.get(application.programme_code)
            state = programme.states.get(reminder.state) if programme else None
            programme_name = local(programme.name) if programme else application.programme_code
            sentence = what_is_due(
                reminder, application.school.name, local(state.label) if state else reminder.state, programme_name
            )
            rows.append(
                SentReminder(
                    delivery.sent_at,
                    application.id,
                    application.school.name,
                    programme_name,
                    reminder.action == "escalate",
                    sentence,
                )
            )
    return rows
