"""A school admin of a verified school invites staff by an e-mailed link.

The link carries a random token; only its SHA-256 is stored. A revoked invitation is deleted, so its link stops
working. Accepting either creates the invitee's account or, when one exists for the invited address, adds the
membership to it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from accreditation.access import can_administer_school
from accreditation.accounts.passwords import password_problem
from accreditation.accounts.users import AccountError, create_user, find_user_by_email
from accreditation.extensions import db
from accreditation.i18n import language_of, language_of_school
from accreditation.mail import send_mail
from accreditation.models import Invitation, Membership, School, User
from accreditation.models.school import MemberRole
from accreditation.models.time import utcnow

ROLE_TITLES = {MemberRole.SCHOOL_STAFF.value: _l("School staff"), MemberRole.SCHOOL_ADMIN.value: _l("School admin")}


class InvitationUnusable(AccountError):
    """The link cannot be used; ``status`` is the HTTP status of the page that says so."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class NoSuchInvitation(AccountError):
    """No invitation of that id for the school."""

    status = 404


class AlreadyAccepted(AccountError):
    """The invitation was accepted: it can no longer be revoked."""

    status = 409


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return f"{current_app.config['BASE_URL']}/invitations/{token}"


def is_pending(invitation: Invitation) -> bool:
    return invitation.accepted_at is None and invitation.expires_at > utcnow()


def can_invite(user: User, school: School) -> bool:
    """The school's own admins manage its invitations (``invite`` also needs the school to be verified)."""
    return can_administer_school(user, school)


def invite(
    school: School, inviter: User, email: str, role: str = MemberRole.SCHOOL_STAFF.value
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its token (to e-mail; it is not stored). Flushes, never commits.

    Inviting an address again replaces its earlier pending invitation, so only the newest link works.
    """
    if not can_invite(inviter, school):
        raise AccountError(_("Only the school’s admins may invite people."))
    return _issue(school, inviter, email, role)


def invite_school_admin(school: School, coordinator: User, email: str) -> tuple[Invitation, str]:
    """A coordinator over the school's region (or an admin) invites its school admin, e.g. when onboarding
    schools from a file. Same rules and result as ``invite``. Flushes, never commits."""
    allowed = coordinator.is_admin or (
        coordinator.is_coordinator and coordinator.coordinates(school.country_code, school.region_code)
    )
    if not allowed:
        raise AccountError(_("Only the coordinators of the school’s region may invite its school admin."))
    return _issue(school, coordinator, email, MemberRole.SCHOOL_ADMIN.value)


def _issue(school: School, inviter: User, email: str, role: str) -> tuple[Invitation, str]:
    if not school.is_verified:
        raise AccountError(_("The school can invite its staff once a coordinator has verified it."))
    if role not in ROLE_TITLES:
        raise AccountError(_("Choose school staff or school admin."))
    email = email.strip().lower()
    existing = find_user_by_email(email)
    if existing is not None and existing.membership_of(school.id) is not None:
        raise AccountError(_("%(email)s is already a member of %(school)s.", email=email, school=school.name))
    db.session.execute(
        delete(Invitation).where(
            Invitation.school_id == school.id,
            func.lower(Invitation.email) == email,
            Invitation.accepted_at.is_(None),
        )
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        school_id=school.id,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by_id=inviter.id,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def pending_invitations(school: School) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.school_id == school.id, Invitation.accepted_at.is_(None))
            .order_by(Invitation.created_at.desc())
        )
    )


def revoke(school: School, actor: User, invitation_id: int) -> Invitation:
    """Withdraw a pending invitation (its link stops working). Flushes, never commits."""
    if not can_invite(actor, school):
        raise AccountError(_("Only the school’s admins may revoke invitations."))
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.school_id != school.id:
        raise NoSuchInvitation(_("There is no such invitation for this school."))
    if invitation.accepted_at is not None:
        raise AlreadyAccepted(
            _("%(email)s has already accepted: the invitation can no longer be revoked.", email=invitation.email)
        )
    db.session.delete(invitation)
    db.session.flush()
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation behind a link, or InvitationUnusable saying why it cannot be used."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None:
        raise InvitationUnusable(
            _(
                "This invitation link is not valid: it may have been revoked, replaced by a newer invitation, "
                "or copied incompletely. Ask the school admin to invite you again."
            ),
            400,
        )
    if invitation.accepted_at is not None:
        raise InvitationUnusable(_("This invitation has already been used. Sign in with your account instead."), 410)
    if invitation.expires_at <= utcnow():
        raise InvitationUnusable(
            _("This invitation has expired. Ask the school admin to send you a new one."),
            410,
        )
    return invitation


def _mark_accepted(invitation: Invitation) -> None:
    """Conditional on the invitation still being open, so one link cannot be accepted twice at once."""
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvitationUnusable(_("This invitation has already been used. Sign in with your account instead."), 410)
    db.session.refresh(invitation)


def accept_with_new_account(token: str, name: str, password: str) -> User:
    """Create the invitee's account with its membership. Flushes, never commits."""
    invitation = invitation_for_token(token)
    if find_user_by_email(invitation.email):
        raise AccountError(_("An account with this e-mail address already exists: sign in to accept the invitation."))
    if problem := password_problem(password, (invitation.email, name)):
        raise AccountError(problem)
    _mark_accepted(invitation)
    role = "school-admin" if invitation.role == MemberRole.SCHOOL_ADMIN.value else "school-staff"
    return create_user(invitation.email, name.strip(), role, password, school_id=invitation.school_id)


def accept_as(token: str, user: User) -> Membership:
    """Add the school to the signed-in invitee's existing account. Flushes, never commits."""
    invitation = invitation_for_token(token)
    if user.email.lower() != invitation.email.lower():
        raise AccountError(
            _(
                "This invitation is for %(invited)s, but you are signed in as %(signed_in)s. "
                "Sign out and sign in with the invited address.",
                invited=invitation.email,
                signed_in=user.email,
            )
        )
    _mark_accepted(invitation)
    membership = user.membership_of(invitation.school_id)
    if membership is None:
        membership = Membership(user=user, school_id=invitation.school_id, role=invitation.role)
        db.session.add(membership)
        db.session.flush()
    return membership


def send_invitation_mail(invitation: Invitation, token: str, inviter: User) -> None:
    """Call after the commit. Raises MailError when the mail cannot be handed over."""
    invitee = find_user_by_email(invitation.email)
    language = language_of(invitee) if invitee is not None else language_of_school(invitation.school)
    with force_locale(language):
        text = render_template(
            "email/invitation.txt",
            invitation=invitation,
            school=invitation.school,
            inviter=inviter,
            link=invitation_url(token),
            role_title=str(ROLE_TITLES[invitation.role]),
            days=current_app.config["INVITATION_MAX_AGE_DAYS"],
        )
        subject = _("Join %(school)s on Safe School Accreditation", school=invitation.school.name)
    send_mail(invitation.email, subject, text)
