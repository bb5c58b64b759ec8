"""The reminder sweep: every reminder due now, written once, with one delivery per recipient.

Per (programme, state, remind/escalate timer) ONE ``INSERT INTO reminders … SELECT … FROM applications … ON
CONFLICT DO NOTHING``: the unique key (application, kind, due date) makes a second sweep, or two at once, write
nothing more. Then per recipient role ONE ``INSERT INTO deliveries … SELECT`` over the reminders this sweep wrote:
school_admin/school_staff → the school's members with that role; assessor → the application's assessors;
coordinator → the coordinators whose countries or regions cover the school; admin → the admins. The number of
statements depends on the programmes, never on the number of applications. All in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import Select, and_, literal, or_, select

from accreditation.applications.runtime import current_workflows
from accreditation.deliveries.dispatch import SendChunk, dispatch_pending
from accreditation.extensions import db
from accreditation.models import (
    Application,
    ApplicationAssessor,
    Delivery,
    Membership,
    Reminder,
    RoleGrant,
    School,
    User,
)
from accreditation.models.inserts import insert_ignoring_duplicates
from accreditation.models.reminder import REMINDER
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.reminders.schedule import StateTimer, due_condition, due_date, state_timers
from workflows import HUMAN_ROLES
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR, SCHOOL_ADMIN, SCHOOL_STAFF

REMINDER_ACTIONS = {"remind", "escalate"}
COUNTED = {"preserve_rowcount": True}  # an INSERT … SELECT says how many rows it wrote


@dataclass(frozen=True)
class SweepResult:
    reminders: int
    deliveries: int
    dispatched: int = 0


def _reminder_rows(timer: StateTimer, today: date, catch_up_days: int, now: datetime, dialect: str) -> Select:
    return select(
        Application.id,
        literal(timer.kind),
        due_date(timer, dialect),
        literal(timer.state),
        literal(timer.timer.action),
        literal(timer.timer.target),
        literal(timer.timer.relative_to),
        literal(timer.timer.offset_days),
        literal(now, UTCDateTime()),
    ).where(*due_condition(timer, today, catch_up_days))


REMINDER_COLUMNS = [
    "application_id",
    "kind",
    "due_on",
    "state",
    "action",
    "role",
    "relative_to",
    "offset_days",
    "created_at",
]


def recipients(role: str, now: datetime) -> Select:
    """Each recipient with ``role`` of the reminders written at ``now``, as the delivery rows to insert:
    (kind, reminder id, user id, created at, attempts, last error). Ends with its WHERE clause (SQLite's INSERT …
    SELECT … ON CONFLICT needs one there)."""
    written = and_(Reminder.created_at == now, Reminder.role == role)
    base = select(
        literal(REMINDER).label("kind"),
        Reminder.id.label("reminder_id"),
        User.id.label("user_id"),
        literal(now, UTCDateTime()),
        literal(0),
        literal(""),
    ).select_from(Reminder)
    if role in (SCHOOL_ADMIN, SCHOOL_STAFF):
        query = (
            base.join(Application, Application.id == Reminder.application_id)
            .join(Membership, and_(Membership.school_id == Application.school_id, Membership.role == role))
            .join(User, User.id == Membership.user_id)
        )
    elif role == ASSESSOR:
        query = base.join(ApplicationAssessor, ApplicationAssessor.application_id == Reminder.application_id).join(
            User, User.id == ApplicationAssessor.user_id
        )
    elif role == COORDINATOR:
        covers = or_(
            and_(RoleGrant.country_code == School.country_code, RoleGrant.region_code.is_(None)),
            RoleGrant.region_code == School.region_code,
        )
        query = (
            base.join(Application, Application.id == Reminder.application_id)
            .join(School, School.id == Application.school_id)
            .join(RoleGrant, and_(RoleGrant.role == COORDINATOR, covers))
            .join(User, User.id == RoleGrant.user_id)
        )
    elif role == ADMIN:
        query = base.join(RoleGrant, RoleGrant.role == ADMIN).join(User, User.id == RoleGrant.user_id)
    else:
        raise ValueError(f"no recipients for the role {role!r}")
    query = query.where(written, User.active)
    # A person reached through two grants (a country's and one of its regions') is one recipient; memberships and
    # assignments are unique already.
    return query.distinct() if role in (COORDINATOR, ADMIN) else query


def sweep_reminders(now: datetime | None = None, catch_up_days: int | None = None) -> SweepResult:
    """Write the reminders due at ``now`` and their deliveries, and commit; what it wrote."""
    now = now or utcnow()
    if catch_up_days is None:
        catch_up_days = int(current_app.config.get("REMINDER_CATCH_UP_DAYS", 7))
    dialect = db.session.get_bind().dialect.name
    timers = state_timers(current_workflows().programmes.values(), REMINDER_ACTIONS)
    reminders = 0
    for timer in timers:
        statement = insert_ignoring_duplicates(Reminder).from_select(
            REMINDER_COLUMNS, _reminder_rows(timer, now.date(), catch_up_days, now, dialect)
        )
        reminders += max(db.session.execute(statement, execution_options=COUNTED).rowcount, 0)
    deliveries = 0
    if reminders:
        for role in sorted({timer.timer.target for timer in timers} & set(HUMAN_ROLES)):
            statement = insert_ignoring_duplicates(Delivery).from_select(
                ["kind", "reminder_id", "user_id", "created_at", "attempts", "last_error"], recipients(role, now)
            )
            deliveries += max(db.session.execute(statement, execution_options=COUNTED).rowcount, 0)
    db.session.commit()
    return SweepResult(reminders, deliveries)


def sweep_and_dispatch(now: datetime | None = None, send: SendChunk | None = None) -> SweepResult:
    """The beat's job: the sweep, then every pending delivery (new ones, and those whose task was lost) handed to
    the senders in chunks."""
    result = sweep_reminders(now)
    dispatched = dispatch_pending(now, send)
    return SweepResult(result.reminders, result.deliveries, dispatched)
