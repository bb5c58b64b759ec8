"""Removing a member who has left a school. Invitations add members (accounts/invitations.py); this takes one away.

The school's admins remove members, and so do the coordinators over the school's region and the admins: when the
school's only admin has left, a coordinator removes them and invites the new one. Nobody removes themselves (another
admin of the school does it). The person keeps their account, which may belong to other schools or be invited
again; their access to this school ends with their next request, and what they did here stays in its history."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.access import can_administer_school
from accreditation.accounts.users import AccountError
from accreditation.extensions import db
from accreditation.models import Membership, School, User


class NoSuchMember(AccountError):
    """The person named is not a member of the school."""

    status = 404


class MayNotRemove(AccountError):
    """The person acting may not remove members of the school."""

    status = 403


def members_of(school: School) -> list[tuple[Membership, User]]:
    """The school's memberships with their people, by role then name (the members page and the API)."""
    rows = db.session.execute(
        select(Membership, User)
        .join(User, Membership.user_id == User.id)
        .where(Membership.school_id == school.id)
        .order_by(Membership.role, User.name)
    )
    return [(membership, person) for membership, person in rows]


def may_remove_members(actor: User, school: School) -> bool:
    """Whether ``actor`` removes members of ``school``: its admins, the coordinators over it, the admins."""
    if actor.is_admin or can_administer_school(actor, school):
        return True
    return actor.is_coordinator and actor.coordinates(school.country_code, school.region_code)


def remove_member(school: School, actor: User, user_id: int) -> User:
    """End ``user_id``'s membership of ``school``; the person removed. MayNotRemove when ``actor`` may not, NoSuchMember
    when they are not a member, AccountError when they are ``actor``. Flushes, never commits."""
    if not may_remove_members(actor, school):
        raise MayNotRemove(_("Only the school’s admins and its coordinators may remove members."))
    membership = db.session.scalar(
        select(Membership).where(Membership.school_id == school.id, Membership.user_id == user_id)
    )
    if membership is None:
        raise NoSuchMember(_("That person is not a member of this school."))
    if user_id == actor.id:
        raise AccountError(_("You cannot remove yourself from the school: another of its admins can."))
    person = membership.user
    db.session.delete(membership)
    db.session.flush()
    return person
