"""A throw-away kind of delivery, outside the application: ``postcard``, a note about a school to each of its
admins. Its rows are written through ``deliveries.queue.deliver`` with the school as the subject, its composer is
registered through the joints as any feature registers its own (``register``), and it is loaded through the
``PLUGINS`` setting, without a line of the core or of ``deliveries/`` changed."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.deliveries.queue import deliver
from accreditation.deliveries.sending import Outgoing
from accreditation.extensions import db
from accreditation.joints import Joints
from accreditation.models import Delivery, Membership, School
from accreditation.models.school import MemberRole

KIND = "postcard"


def send_postcards(school_id: int) -> list[int]:
    """A postcard about the school to each of its admins (in the caller's transaction); the deliveries written."""
    admins = db.session.scalars(
        select(Membership.user_id).where(
            Membership.school_id == school_id, Membership.role == MemberRole.SCHOOL_ADMIN.value
        )
    )
    return deliver(KIND, school_id, admins)


def postcard(delivery: Delivery) -> Outgoing:
    school = db.session.get(School, delivery.subject_id)
    text = f"Greetings to {delivery.user.name} from {school.name}."
    return Outgoing(delivery.user.email, f"A postcard from {school.name}", text, f"<p>{text}</p>", "en")


def register(joints: Joints) -> None:
    joints.composers[KIND] = postcard
