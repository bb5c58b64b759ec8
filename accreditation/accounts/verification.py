"""Coordinators (and admins) verify or reject a self-registered school."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import Select, or_, select, update

from accreditation.access import coordinator_scope_filter
from accreditation.accounts.users import AccountError
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.mail import MailError, send_mail
from accreditation.models import Membership, School, User
from accreditation.models.school import MemberRole, Verification
from accreditation.models.time import utcnow

DECISIONS = {"verify": Verification.VERIFIED, "reject": Verification.REJECTED}


class AlreadyDecided(AccountError):
    """The school was verified or rejected before; the message says when and by whom."""

    status = 409


class ReasonRequired(AccountError):
    """A rejection without a reason: the school admins must be told why."""


def can_verify(user: User, school: School) -> bool:
    """Admins, and coordinators whose countries or regions include the school."""
    return user.is_admin or (user.is_coordinator and user.coordinates(school.country_code, school.region_code))


def schools_to_verify(user: User, status: str | None = None, term: str = "") -> Select:
    """The schools of ``user``'s coordinator scope (every one for admins), by name: only those whose verification is
    ``status`` (pending, verified, rejected) when given, and whose name or national id contains ``term``."""
    query = coordinator_scope_filter(
        user, select(School).order_by(School.name), School.country_code, School.region_code
    )
    if term:
        like = f"%{term}%"
        query = query.where(or_(School.name.ilike(like), School.national_id.ilike(like)))
    if status in {v.value for v in Verification}:
        query = query.where(School.verification == status)
    return query


def decided_message(school: School) -> str:
    who = db.session.get(User, school.verified_by_id) if school.verified_by_id else None
    decision = school.verification_title.lower()
    if school.verified_at and who:
        return _(
            "This school was already decided: %(decision)s on %(day)s by %(name)s. Nothing was changed.",
            decision=decision,
            day=format_date(school.verified_at.date(), "long"),
            name=who.name,
        )
    if school.verified_at:
        return _(
            "This school was already decided: %(decision)s on %(day)s. Nothing was changed.",
            decision=decision,
            day=format_date(school.verified_at.date(), "long"),
        )
    return _("This school was already decided: %(decision)s. Nothing was changed.", decision=decision)


def decide_school(school: School, actor: User, decision: str, note: str = "") -> School:
    """Verify or reject a pending school. Flushes, never commits.

    The update is conditional on the school still being pending, so two coordinators deciding at once cannot both win.
    """
    if decision not in DECISIONS:
        raise AccountError(_("Choose to verify or to reject the school."))
    if not can_verify(actor, school):
        raise AccountError(_("You do not coordinate this school’s region."))
    note = (note or "").strip()
    if decision == "reject" and not note:
        raise ReasonRequired(_("Give the reason for rejecting the school: the school admins will read it."))
    if school.verification != Verification.PENDING:
        raise AlreadyDecided(decided_message(school))
    result = db.session.execute(
        update(School)
        .where(School.id == school.id, School.verification == Verification.PENDING.value)
        .values(
            verification=DECISIONS[decision].value,
            verification_note=note,
            verified_at=utcnow(),
            verified_by_id=actor.id,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(school)
        raise AlreadyDecided(decided_message(school))
    db.session.refresh(school)
    return school


def school_admins(school: School) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.school_id == school.id,
                Membership.role == MemberRole.SCHOOL_ADMIN.value,
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def send_decision_mail(school: School) -> None:
    """Tell the school admins the decision. Call after the commit; a mail failure is logged, not raised."""
    base_url = current_app.config["BASE_URL"]
    for admin in school_admins(school):
        with force_locale(language_of(admin)):
            text = render_template("email/verification_decision.txt", user=admin, school=school, base_url=base_url)
            subject = f"{school.name}: {school.verification_title.lower()}"
        try:
            send_mail(admin.email, subject, text)
        except MailError:
            current_app.logger.exception("could not e-mail the decision on school %s to %s", school.id, admin.id)
