"""A reminder's e-mail, in its recipient's language, as text and HTML, with a link to the application."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from accreditation.applications.permissions import actor_roles
from accreditation.applications.runtime import current_workflows
from accreditation.deliveries.sending import Outgoing
from accreditation.i18n import language_of, local
from accreditation.joints import Joints
from accreditation.models import Delivery, Reminder
from accreditation.models.reminder import REMINDER


def base_date(reminder: Reminder) -> date:
    """The date the reminder's timer counted from."""
    return reminder.due_on - timedelta(days=reminder.offset_days)


def what_is_due(reminder: Reminder, school: str, state: str, programme: str) -> str:
    """One sentence on why the reminder was sent (in the current locale)."""
    day = format_date(base_date(reminder), format="long")
    if reminder.relative_to == "deadline":
        if reminder.offset_days == -1:
            return _(
                "The date set for %(school)s is tomorrow, %(date)s (%(state)s).", school=school, date=day, state=state
            )
        if reminder.offset_days < 0:
            return _(
                "The date set for %(school)s is in %(days)s days, on %(date)s (%(state)s).",
                school=school,
                days=-reminder.offset_days,
                date=day,
                state=state,
            )
        return _("The date set for %(school)s was %(date)s (%(state)s).", school=school, date=day, state=state)
    if reminder.relative_to == "expires":
        if reminder.offset_days < 0:
            return _(
                "The certificate of %(school)s in %(programme)s expires in %(days)s days, on %(date)s.",
                school=school,
                programme=programme,
                days=-reminder.offset_days,
                date=day,
            )
        return _(
            "The certificate of %(school)s in %(programme)s expired on %(date)s.",
            school=school,
            programme=programme,
            date=day,
        )
    if reminder.relative_to == "reassessment":
        return _(
            "%(school)s can be re-assessed in %(programme)s since %(date)s.",
            school=school,
            programme=programme,
            date=day,
        )
    return _(
        "%(school)s has been at the step “%(state)s” of %(programme)s since %(date)s (%(days)s days).",
        school=school,
        state=state,
        programme=programme,
        date=day,
        days=reminder.offset_days,
    )


def reminder_message(delivery: Delivery) -> Outgoing:
    reminder = delivery.reminder
    user = delivery.user
    application = reminder.application
    programme = current_workflows().programme(application.programme_code)
    state = programme.states.get(reminder.state)
    language = language_of(user)
    with force_locale(language):
        state_label = local(state.label) if state else reminder.state
        next_steps = (
            [local(event.label) for event in programme.events_for({reminder.role}, reminder.state)] if state else []
        )
        escalated = reminder.action == "escalate"
        values = {
            "user": user,
            "escalated": escalated,
            "sentence": what_is_due(reminder, application.school.name, state_label, local(programme.name)),
            "next_steps": next_steps,
            "url": f"{current_app.config['BASE_URL']}/applications/{application.id}",
            "reminders_url": f"{current_app.config['BASE_URL']}/reminders",
        }
        if escalated:
            subject = _("Needs attention: %(school)s — %(state)s", school=application.school.name, state=state_label)
        else:
            subject = _("Reminder: %(school)s — %(state)s", school=application.school.name, state=state_label)
        text = render_template("email/reminders/reminder.txt", **values)
        html = render_template("email/reminders/reminder.html", **values)
    return Outgoing(user.email, subject, text, html, language)


def compose_reminder(delivery: Delivery) -> Outgoing | None:
    """The reminder's message; None when the person no longer holds the role the reminder is for (having left the
    school, been unassigned or stopped coordinating it)."""
    reminder = delivery.reminder
    if reminder.role not in actor_roles(delivery.user, reminder.application):
        return None
    return reminder_message(delivery)


def register(joints: Joints) -> None:
    """The composer of reminders' deliveries."""
    joints.composers[REMINDER] = compose_reminder
