"""Handing pending deliveries to the workers, in chunks (one task per chunk, never one per school).

A delivery is dispatchable while it is not sent, not claimed by a live sender (its lease), not waiting out a
back-off, and either never dispatched, dispatched so long ago that its task was probably lost, or claimed by a
sender whose lease ran out (a worker that died). Marking them dispatched and reading their ids is one UPDATE …
RETURNING, so two sweeps at the same moment hand each delivery over once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import and_, or_, update
from sqlalchemy.orm import Session

from accreditation.extensions import db
from accreditation.joints import current_joints
from accreditation.models import Delivery
from accreditation.models.time import utcnow
from accreditation.transactions import on_commit, on_rollback

log = logging.getLogger(__name__)

CHUNK = 100  # deliveries per task
MAX_ATTEMPTS = 8  # a delivery that failed this often is left for a person to look at (its last_error says why)
DISPATCH_AGAIN_AFTER = timedelta(minutes=10)
NEW_DELIVERIES = "new_delivery_ids"  # in Session.info: deliveries created in the current transaction
SENDER = "deliveries"  # the task sender that sends a chunk of deliveries (``accreditation.tasks.reminders``)

SendChunk = Callable[[list[int]], object]


def send_to_celery(delivery_ids: list[int]) -> object:
    return current_joints().sender(SENDER)(delivery_ids)


def chunks(ids: list[int], size: int = CHUNK) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def send_chunks(delivery_ids: list[int], send: SendChunk | None = None) -> int:
    """Send one task per chunk; stop at the first failure (the broker is down: the sweep sends them later).
    The number of deliveries handed over."""
    send = send or send_to_celery
    handed = 0
    for chunk in chunks(delivery_ids):
        try:
            send(chunk)
        except Exception as error:  # any broker failure: they stay pending and are dispatched again later
            log.warning(
                "delivery dispatch stopped, %s deliveries wait for the sweep: %s", len(delivery_ids) - handed, error
            )
            break
        handed += len(chunk)
    return handed


def remember(delivery_ids: Iterable[int]) -> None:
    """Dispatch these deliveries once the current transaction commits (they were created marked dispatched), with
    every other delivery of that transaction, in chunks."""
    session = db.session()
    pending = session.info.get(NEW_DELIVERIES)
    if pending is None:
        pending = session.info[NEW_DELIVERIES] = []
        on_commit(session, partial(_dispatch_remembered, session))
        on_rollback(session, partial(session.info.pop, NEW_DELIVERIES, None))
    pending.extend(delivery_ids)


def _dispatch_remembered(session: Session) -> None:
    delivery_ids = session.info.pop(NEW_DELIVERIES, None)
    if delivery_ids:
        send_chunks(delivery_ids, None)


def dispatchable(now: datetime):
    """The condition of a delivery that should be handed to a sender now."""
    return and_(
        Delivery.sent_at.is_(None),
        Delivery.attempts < MAX_ATTEMPTS,
        or_(Delivery.not_before.is_(None), Delivery.not_before <= now),
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        or_(
            Delivery.dispatched_at.is_(None),
            Delivery.dispatched_at < now - DISPATCH_AGAIN_AFTER,
            Delivery.lease_until.is_not(None),  # claimed, and (above) the lease ran out: the sender died
        ),
    )


def dispatch_pending(now: datetime | None = None, send: SendChunk | None = None) -> int:
    """Mark every dispatchable delivery dispatched (one statement), commit, and send them in chunks; the number
    handed over."""
    now = now or utcnow()
    statement = update(Delivery).where(dispatchable(now)).values(dispatched_at=now).returning(Delivery.id)
    delivery_ids = sorted(db.session.scalars(statement, execution_options={"synchronize_session": False}).all())
    db.session.commit()
    return send_chunks(delivery_ids, send) if delivery_ids else 0
