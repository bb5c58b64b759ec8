"""The e-mail that tells a person they now lead a school network: a delivery of kind ``network_lead_named`` whose
subject is the ``NetworkLead`` row, so each lead hears of each network exactly once (the deliveries' unique index),
in their own language, with who named them, the network's name, its country, its number of schools and the link to its
page. Naming oneself sends nothing."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.deliveries.queue import deliver
from accreditation.deliveries.sending import Outgoing
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.joints import Joints
from accreditation.models import Delivery, NetworkLead, NetworkSchool, User

LEAD_NAMED = "network_lead_named"


def tell_new_lead(actor: User, lead: NetworkLead) -> list[int]:
    """One delivery to the person just named lead (none when they named themselves); the deliveries written.
    Flushes, never commits."""
    if lead.user_id == actor.id:
        return []
    return deliver(LEAD_NAMED, lead.id, [lead.user_id])


def lead_named_message(delivery: Delivery) -> Outgoing | None:
    """The e-mail of the lead grant ``delivery.subject_id`` to its person, in their language; None once the grant
    was withdrawn (nothing to announce any more)."""
    lead = db.session.get(NetworkLead, delivery.subject_id)
    user = delivery.user
    if lead is None or lead.user_id != user.id:
        return None
    network = lead.network
    schools = db.session.scalar(
        select(func.count()).select_from(NetworkSchool).where(NetworkSchool.network_id == network.id)
    )
    language = language_of(user)
    with force_locale(language):
        values = {
            "user": user,
            "named_by": lead.named_by.name if lead.named_by is not None else None,
            "network": network.name,
            "country": network.country_code,
            "schools": schools or 0,
            "url": f"{current_app.config['BASE_URL']}/networks/{network.id}",
        }
        subject = _("You now lead the school network %(network)s", network=network.name)
        text = render_template("email/networks/lead_named.txt", **values)
        html = render_template("email/networks/lead_named.html", **values)
    return Outgoing(user.email, subject, text, html, language)


def register(joints: Joints) -> None:
    """The composer of the e-mail to a newly named network lead."""
    joints.composers[LEAD_NAMED] = lead_named_message
