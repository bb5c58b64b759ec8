"""Inviting a school's members by e-mail to answer its staff survey: one delivery per member and window's staff
link, so a member invited twice (or by two admins) gets the e-mail once."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.access import can_administer_school
from accreditation.deliveries.queue import deliver
from accreditation.extensions import db
from accreditation.models import Delivery, Membership, School, SurveyAudience, User
from accreditation.surveys.errors import SurveyError
from accreditation.surveys.windows import has_closed, window_of

#: The kind of delivery: its subject is the staff audience (``SurveyAudience.id``) of a window.
STAFF_SURVEY_INVITATION = "survey_staff_invitation"
STAFF = "staff"


def staff_link(school: School, window_id: int) -> SurveyAudience:
    """The window's staff link (SurveyError when the window does not ask staff)."""
    window = window_of(school, window_id)
    found = next((a for a in window.audiences if a.audience == STAFF), None)
    if found is None:
        raise SurveyError(_("This survey does not ask the school's staff."))
    return found


def invite_staff(actor: User, school: School, window_id: int, user_ids: Iterable[int]) -> list[int]:
    """E-mail the window's staff link to these members of the school; the ids of the people newly invited (those
    invited before are skipped). Refused (SurveyError) unless the actor administers the school, the window asks
    staff and has not closed, and every person chosen is a member of the school."""
    if not can_administer_school(actor, school):
        raise SurveyError(_("Only the school's administrators can invite staff to a survey."))
    link = staff_link(school, window_id)
    if has_closed(link.window):
        raise SurveyError(_("This survey has closed: nobody can be invited any more."))
    chosen = list(dict.fromkeys(int(i) for i in user_ids))
    if not chosen:
        raise SurveyError(_("Choose at least one member to invite."))
    members = set(
        db.session.scalars(
            select(Membership.user_id).where(Membership.school_id == school.id, Membership.user_id.in_(chosen))
        )
    )
    if len(members) != len(chosen):
        raise SurveyError(_("Only members of the school can be invited."))
    return deliver(STAFF_SURVEY_INVITATION, link.id, chosen)


def members_to_invite(school: School) -> list[User]:
    """The school's members, by name, for the list an admin picks from."""
    query = select(User).join(Membership, Membership.user_id == User.id).where(Membership.school_id == school.id)
    return list(db.session.scalars(query.order_by(User.name, User.id)))


def invited_ids(link: SurveyAudience) -> set[int]:
    """The people already invited to this staff link (their e-mail written, sent or on its way)."""
    query = select(Delivery.user_id).where(Delivery.kind == STAFF_SURVEY_INVITATION, Delivery.subject_id == link.id)
    return set(db.session.scalars(query))
