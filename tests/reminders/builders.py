"""Builders for the reminder tests: applications put straight into a state with the dates their timers count from,
and many schools with their admins for the figures that must not grow."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update

from accreditation.extensions import db
from accreditation.models import Application, Delivery, Membership, Reminder, School, User
from accreditation.models.time import utcnow
from tests.applications.builders import start
from tests.builders import World


def at_state(
    world: World,
    programme: str,
    state: str,
    school: str = "a",
    entered_days_ago: int = 0,
    **dates: datetime | date | None,
) -> int:
    """An application of ``school`` put into ``state``, entered ``entered_days_ago`` days ago, with ``dates``
    (deadline, expires_at, reassessment_from) set; its id."""
    application_id = start(world, programme, school)
    values = {"state": state, "state_entered_at": utcnow() - timedelta(days=entered_days_ago), **dates}
    db.session.execute(update(Application).where(Application.id == application_id).values(**values))
    db.session.commit()
    return application_id


def many_at_state(count: int, programme: str, state: str, entered_days_ago: int) -> None:
    """``count`` schools of region MD-CU, each with one admin and one application in ``state``."""
    now = utcnow()
    first = (db.session.scalar(select(School.id).order_by(School.id.desc()).limit(1)) or 0) + 1
    db.session.execute(
        insert(School),
        [
            {
                "name": f"Bulk School {first + i}",
                "national_id": f"BULK-{first + i}",
                "country_code": "MD",
                "region_code": "MD-CU",
                "language": "ro",
                "verification": "verified",
            }
            for i in range(count)
        ],
    )
    schools = db.session.scalars(select(School.id).where(School.national_id.like("BULK-%"))).all()
    schools = [school_id for school_id in schools if school_id >= first]
    db.session.execute(
        insert(User),
        [{"email": f"head{school_id}@bulk.example.org", "name": f"Head {school_id}"} for school_id in schools],
    )
    users = dict(db.session.execute(select(User.email, User.id).where(User.email.like("%@bulk.example.org"))).all())
    db.session.execute(
        insert(Membership),
        [
            {"user_id": users[f"head{school_id}@bulk.example.org"], "school_id": school_id, "role": "school_admin"}
            for school_id in schools
        ],
    )
    db.session.execute(
        insert(Application),
        [
            {
                "school_id": school_id,
                "programme_code": programme,
                "state": state,
                "state_entered_at": now - timedelta(days=entered_days_ago),
                "created_at": now,
                "updated_at": now,
            }
            for school_id in schools
        ],
    )
    db.session.commit()


def reminders() -> list[Reminder]:
    db.session.expire_all()
    return list(db.session.scalars(select(Reminder).order_by(Reminder.id)).all())


def recipients() -> list[tuple[str, str]]:
    """(reminder kind, recipient e-mail) of every delivery, sorted."""
    rows = db.session.execute(
        select(Reminder.kind, User.email).join(Delivery, Delivery.reminder_id == Reminder.id).join(User)
    ).all()
    return sorted((kind, email) for kind, email in rows)
