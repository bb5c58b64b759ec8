"""A network's message to its schools: the lead (or a coordinator of the network) writes it once; every admin of the
network's schools gets it by e-mail exactly once (a delivery of kind ``network_message``), framed in their own
language around the sender's words."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.deliveries.queue import deliver
from accreditation.deliveries.sending import Outgoing
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.joints import Joints
from accreditation.models import Delivery, Membership, NetworkMessage, NetworkSchool, User
from accreditation.models.school import MemberRole
from accreditation.networks.access import network_for
from accreditation.networks.errors import NetworkInvalid

NETWORK_MESSAGE = "network_message"


def send_message(actor: User, network_id: int, subject: str, body: str) -> tuple[NetworkMessage, int]:
    """Record the message and one delivery per admin of the network's schools; the message and how many people it
    goes to. Its leads and coordinators may send; flushes, never commits."""
    network = network_for(network_id, actor)
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or len(subject) > 200 or not body or len(body) > 10_000:
        raise NetworkInvalid(_("Write a subject (at most 200 characters) and a message (at most 10,000)."))
    message = NetworkMessage(network_id=network.id, sent_by_id=actor.id, subject=subject, body=body)
    db.session.add(message)
    db.session.flush()
    admins = set(
        db.session.scalars(
            select(Membership.user_id)
            .join(NetworkSchool, NetworkSchool.school_id == Membership.school_id)
            .where(NetworkSchool.network_id == network.id, Membership.role == MemberRole.SCHOOL_ADMIN.value)
        )
    )
    deliver(NETWORK_MESSAGE, message.id, sorted(admins))
    return message, len(admins)


def network_message(delivery: Delivery) -> Outgoing | None:
    """The e-mail of the message ``delivery.subject_id`` to one school admin, in their language."""
    message = db.session.get(NetworkMessage, delivery.subject_id)
    if message is None:
        return None
    user = delivery.user
    language = language_of(user)
    with force_locale(language):
        values = {
            "user": user,
            "network": message.network.name,
            "sender": message.sent_by.name if message.sent_by else "",
            "body": message.body,
            "url": f"{current_app.config['BASE_URL']}/",
        }
        subject = _("%(network)s: %(subject)s", network=message.network.name, subject=message.subject)
        text = render_template("email/networks/message.txt", **values)
        html = render_template("email/networks/message.html", **values)
    return Outgoing(user.email, subject, text, html, language)


def register(joints: Joints) -> None:
    """The composer of the networks' messages."""
    joints.composers[NETWORK_MESSAGE] = network_message
