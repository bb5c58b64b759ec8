"""The expiry and renewal sweep: the events that timers fire (``fire: expire``, ``fire: open_renewal``,
``fire: open_reassessment`` …), fired through ``fire()`` as the system, one application at a time.

Finding them is one SELECT per (programme, state, fire timer); an application due for several timers of its state
gets only the one due latest (a certificate past its expiry is expired, not first opened for renewal). Firing
each is its own transaction: one that moved meanwhile (StaleVersion), or that a guard or the state no longer
allows, is skipped quietly; the next sweep looks again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from accreditation.applications.operations import fire
from accreditation.applications.outbox import commit_and_relay
from accreditation.applications.runtime import current_workflows
from accreditation.certificates.status import expire_overdue
from accreditation.extensions import db
from accreditation.models import Application
from accreditation.models.time import utcnow
from accreditation.reminders.schedule import due_condition, state_timers
from workflows import WorkflowError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueEvent:
    application_id: int
    version: int
    event: str


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def due_events(now: datetime | None = None) -> list[DueEvent]:
    """The events timers fire now, at most one per application, ordered by application."""
    now = now or utcnow()
    chosen: dict[int, tuple[date, DueEvent]] = {}
    for timer in state_timers(current_workflows().programmes.values(), {"fire"}):
        rows = db.session.execute(
            select(Application.id, Application.version, timer.base).where(*due_condition(timer, now.date()))
        ).all()
        for application_id, version, base in rows:
            due = _day(base) + timedelta(days=timer.timer.offset_days)
            current = chosen.get(application_id)
            if current is None or due > current[0]:
                chosen[application_id] = (due, DueEvent(application_id, version, timer.timer.target))
    db.session.rollback()  # end the read transaction
    return [chosen[key][1] for key in sorted(chosen)]


def fire_due(events: list[DueEvent]) -> dict[str, int]:
    """Fire each event as the system at the version it was found at; counts of fired and skipped."""
    counts = {"fired": 0, "skipped": 0}
    for due in events:
        try:
            fire(due.application_id, due.event, None, expected_version=due.version)
            commit_and_relay()
        except WorkflowError as error:  # moved meanwhile, or no longer possible: the next sweep looks again
            db.session.rollback()
            log.info("timer event %s on application %s skipped: %s", due.event, due.application_id, error)
            counts["skipped"] += 1
            continue
        counts["fired"] += 1
    return counts


def expire_certificates(now: datetime | None = None) -> int:
    """Certificates past their expiry whose application did not move on (e.g. without an expiry timer)."""
    changed = expire_overdue(now)
    db.session.commit()
    return changed
