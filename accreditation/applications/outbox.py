"""The outbox: follow-up jobs recorded in the same transaction as the change that caused them, relayed to
Celery only after that transaction commits, and run at most once to completion.

``queue_jobs`` records one row per action; once the transaction commits (the request's or the task's boundary),
the jobs just recorded are relayed (``transactions.on_commit``); ``commit_and_relay`` commits and relays at once,
for callers that are their own boundary (tests, the timer events) and want the number sent; ``relay_outbox`` (run
by beat) sends every job still pending, so a broker that was down loses nothing; ``run_job`` runs one job's action
and marks it done, once.

A job's ``relayed_at`` is when it was last handed to the broker. The rows of ``job_rows`` (a state change's jobs) are
written with it already set, to the moment of their transaction: the relay after that commit is under way, so a
successful relay has nothing left to write (no second transaction per change; issue 27), and only a send that fails
clears it again, leaving the job to beat's next relay as before. A process that dies between the commit and the
send leaves its jobs marked: they are sent again once ``resend_after()`` has passed, like a job lost with a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, insert, or_, select, update

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.joints import current_joints
from accreditation.models import OutboxJob
from accreditation.models.time import utcnow
from accreditation.transactions import on_commit, on_rollback

log = logging.getLogger(__name__)

NEW_JOBS_KEY = "outbox_job_ids"  # in Session.info: jobs recorded in the current transaction
MARKED_KEY = "outbox_jobs_marked"  # in Session.info: those of them written with relayed_at already set
RELAY_AGAIN_AFTER = timedelta(seconds=45)  # the default of OUTBOX_RESEND_AFTER_SECONDS
MAX_ATTEMPTS = 8  # a job that failed this often is left for a person to look at
RELAY_BATCH = 500
SENDER = "outbox job"  # the task sender that runs one job (``accreditation.tasks.outbox``)

Send = Callable[[int], object]


def job_rows(application_id: int, actions: Iterable[str], version: int, now: datetime) -> list[dict[str, Any]]:
    """The outbox rows of the actions entered at ``version``; the key makes each one unique (idempotent). They are
    marked relayed at ``now``: remember them with ``marked=True``, the relay after the commit follows."""
    return [
        {
            "idempotency_key": f"application-{application_id}-v{version}-{index}-{action}",
            "action": action,
            "application_id": application_id,
            "payload": {"version": version},
            "created_at": now,
            "relayed_at": now,
            "attempts": 0,
            "last_error": "",
        }
        for index, action in enumerate(actions)
    ]


def remember_new_jobs(job_ids: Iterable[int], marked: bool = False) -> None:
    """Note jobs recorded in the current transaction: they are relayed once it has committed; a rollback forgets
    them. ``marked``: they were written with ``relayed_at`` set (``job_rows``), so a send that works writes nothing."""
    session = db.session()
    if NEW_JOBS_KEY not in session.info:
        on_commit(session, relay_remembered)
        on_rollback(session, partial(_forget, session.info))
    job_ids = list(job_ids)
    session.info.setdefault(NEW_JOBS_KEY, []).extend(job_ids)
    if marked:
        session.info.setdefault(MARKED_KEY, set()).update(job_ids)


def _forget(info: dict) -> tuple[list[int], set[int]]:
    """The jobs remembered in the transaction that ended, and which of them were written marked; forgotten."""
    return info.pop(NEW_JOBS_KEY, []), info.pop(MARKED_KEY, set())


def relay_remembered(send: Send | None = None) -> int:
    """Relay the jobs recorded in the transaction that just committed (run after the commit; a new transaction only
    if one must be marked or a failed one unmarked); the number sent. A database that fails here leaves them
    pending for beat's relay."""
    job_ids, marked = _forget(db.session.info)
    if not job_ids:
        return 0
    try:
        return relay_jobs(job_ids, send, marked)
    except Exception:
        db.session.rollback()
        raise


def queue_jobs(application_id: int, actions: Iterable[str], version: int, now: datetime) -> list[int]:
    """Record one job per action entered at ``version`` in the caller's transaction (one INSERT); their ids."""
    rows = job_rows(application_id, actions, version, now)
    if not rows:
        return []
    statement = insert(OutboxJob).returning(OutboxJob.id, sort_by_parameter_order=True)
    job_ids = list(db.session.scalars(statement, rows))
    remember_new_jobs(job_ids, marked=True)
    return job_ids


def commit_and_relay(send: Send | None = None) -> int:
    """Commit the session, then relay the jobs recorded in that transaction; the number sent. For a caller that is
    its own boundary (views and tasks leave the commit to theirs). A commit that fails is rolled back (no job
    survives it) and its error re-raised."""
    job_ids, marked = _forget(db.session.info)  # relayed below rather than by the hook, to count them
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return relay_jobs(job_ids, send, marked)


def send_to_celery(job_id: int) -> object:
    return current_joints().sender(SENDER)(job_id)


_SET_RELAYED = (
    update(OutboxJob)
    .where(OutboxJob.id.in_(bindparam("job_ids", expanding=True)), OutboxJob.done_at.is_(None))
    .values(relayed_at=bindparam("relayed_at"))
)


def relay_jobs(job_ids: Iterable[int], send: Send | None = None, marked: Collection[int] = ()) -> int:
    """Send a task for each job and mark it relayed; stop at the first send that fails (the broker is down:
    the rest stay pending for the next relay). ``marked``: jobs written already marked (``job_rows``), which are
    only unmarked, when not sent. The number sent."""
    send = send or send_to_celery
    job_ids = list(job_ids)
    sent: list[int] = []
    for job_id in job_ids:
        try:
            send(job_id)
        except Exception as error:  # any broker failure: nothing is lost, the job stays pending
            log.warning("outbox relay stopped, job %s stays pending: %s", job_id, error)
            break
        sent.append(job_id)
    to_mark = [job_id for job_id in sent if job_id not in marked]
    to_unmark = [job_id for job_id in job_ids[len(sent) :] if job_id in marked]
    options = {"synchronize_session": False}
    if to_mark:
        db.session.execute(_SET_RELAYED, {"job_ids": to_mark, "relayed_at": utcnow()}, execution_options=options)
    if to_unmark:
        db.session.execute(_SET_RELAYED, {"job_ids": to_unmark, "relayed_at": None}, execution_options=options)
    if to_mark or to_unmark:
        db.session.commit()
    return len(sent)


def resend_after() -> timedelta:
    """How long a job relayed but not done waits before it is sent again (``OUTBOX_RESEND_AFTER_SECONDS``): its task
    was probably lost with a worker that died. Sending it again is safe: ``run_job`` does a job once."""
    return timedelta(seconds=current_app.config.get("OUTBOX_RESEND_AFTER_SECONDS", RELAY_AGAIN_AFTER.total_seconds()))


def due_job_ids(limit: int = RELAY_BATCH, now: datetime | None = None) -> list[int]:
    """Jobs not done: never relayed, or relayed long enough ago that the task was probably lost.

    On PostgreSQL a job whose row is locked is running now (``run_job`` holds the lock while its action runs): it is
    merely slow, and left alone. The caller's next rollback or commit releases the rows this reads."""
    now = now or utcnow()
    query = (
        select(OutboxJob.id)
        .where(
            OutboxJob.done_at.is_(None),
            OutboxJob.attempts < MAX_ATTEMPTS,
            or_(OutboxJob.relayed_at.is_(None), OutboxJob.relayed_at < now - resend_after()),
        )
        .order_by(OutboxJob.created_at, OutboxJob.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # SQLite has no row locks and ignores it
    )
    return list(db.session.scalars(query).all())


def relay_outbox(limit: int = RELAY_BATCH, send: Send | None = None) -> int:
    """Relay the jobs still pending (beat runs this periodically); the number sent."""
    job_ids = due_job_ids(limit)
    db.session.rollback()  # end the read transaction before talking to the broker
    return relay_jobs(job_ids, send)


def run_job(job_id: int) -> str:
    """Run one job's action and mark it done; a job already done (a second delivery) is left alone.

    The row is locked while the action runs (PostgreSQL), so two deliveries of one job cannot both run it.
    On failure the error and the attempt are recorded and the exception re-raised (the task retries).
    """
    job = db.session.get(OutboxJob, job_id, with_for_update=True, populate_existing=True)
    if job is None or job.done_at is not None:
        db.session.rollback()
        return "missing" if job is None else "already done"
    handler = current_workflows().registry.action_for(job.action)
    try:
        handler(job)
    except Exception as error:
        db.session.rollback()
        db.session.execute(
            update(OutboxJob)
            .where(OutboxJob.id == job_id)
            .values(attempts=OutboxJob.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:2000]),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
        raise
    job.attempts += 1
    job.done_at = utcnow()
    job.last_error = ""
    db.session.commit()
    return "done"
