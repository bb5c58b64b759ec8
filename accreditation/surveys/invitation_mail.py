"""The e-mail that invites a member of a school to its staff survey: in their language (when the survey offers
it), with the staff link."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from accreditation.deliveries.sending import Outgoing
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.joints import Joints
from accreditation.models import Delivery, School, SurveyAudience
from accreditation.surveys.invitations import STAFF_SURVEY_INVITATION
from accreditation.surveys.windows import has_closed


def staff_invitation_message(delivery: Delivery) -> Outgoing | None:
    """The invitation to the staff link ``delivery.subject_id``; None once the survey has closed."""
    link = db.session.get(SurveyAudience, delivery.subject_id)
    if link is None or has_closed(link.window):
        return None
    window = link.window
    school = db.session.get(School, window.school_id)
    user = delivery.user
    wanted = language_of(user)
    language = wanted if wanted in window.language_list else window.language_list[0]
    with force_locale(language):
        values = {
            "user": user,
            "school_name": school.name,
            "url": f"{current_app.config['BASE_URL']}/s/{link.token}?lang={language}",
            "closes_on": format_date(window.closes_on, format="long"),
        }
        subject = _("%(school)s asks its staff: a short anonymous survey", school=school.name)
        text = render_template("email/surveys/staff_invitation.txt", **values)
        html = render_template("email/surveys/staff_invitation.html", **values)
    return Outgoing(user.email, subject, text, html, language)


def register(joints: Joints) -> None:
    """The composer of the staff survey's invitations."""
    joints.composers[STAFF_SURVEY_INVITATION] = staff_invitation_message
