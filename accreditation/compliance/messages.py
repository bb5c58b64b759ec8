"""The e-mails of the calendar's reminders and escalations, in the recipient's language; none for a duty that was
ticked meanwhile."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from accreditation.compliance.calendar import duties_of
from accreditation.compliance.sweep import DUTY_ESCALATION, DUTY_REMINDER
from accreditation.deliveries.sending import Outgoing
from accreditation.extensions import db
from accreditation.i18n import language_of, local
from accreditation.joints import Joints
from accreditation.models import ComplianceDuty, Delivery
from accreditation.training.register import programme_for


def duty_message(delivery: Delivery) -> Outgoing | None:
    row = db.session.get(ComplianceDuty, delivery.subject_id)
    if row is None or row.done_on is not None:
        return None
    user = delivery.user
    duty = next((d for d in duties_of(programme_for(row.school, "duties")) if d.code == row.duty_code), None)
    language = language_of(user)
    escalated = delivery.kind == DUTY_ESCALATION
    with force_locale(language):
        title = local(duty.title) if duty else row.duty_code
        values = {
            "user": user,
            "escalated": escalated,
            "sentence": _(
                "%(school)s: “%(duty)s” is due on %(date)s and is not done yet.",
                school=row.school.name,
                duty=title,
                date=format_date(row.due_on, format="long"),
            ),
            "url": f"{current_app.config['BASE_URL']}/schools/{row.school_id}/calendar",
        }
        if escalated:
            subject = _("Needs attention: %(school)s — %(duty)s", school=row.school.name, duty=title)
        else:
            subject = _("Reminder: %(school)s — %(duty)s", school=row.school.name, duty=title)
        text = render_template("email/compliance/duty.txt", **values)
        html = render_template("email/compliance/duty.html", **values)
    return Outgoing(user.email, subject, text, html, language)


def register(joints: Joints) -> None:
    """The composer of the calendar's reminders and escalations."""
    joints.composers[DUTY_REMINDER] = duty_message
    joints.composers[DUTY_ESCALATION] = duty_message
