"""Writing deliveries of any kind: one row per person and subject, dispatched once the transaction commits.

A kind is a name and a composer its feature registers (``joints.composers[kind]``); its subject is any row the
composer can load from ``Delivery.subject_id``. The unique index on (kind, subject, person) makes writing the same
deliveries twice (a retried job, two jobs at once) write them once. Reminders and certificates write theirs with one
INSERT … SELECT each, into the columns of their own subjects (``models.reminder.OWN_SUBJECT_COLUMNS``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from accreditation.deliveries import dispatch
from accreditation.extensions import db
from accreditation.joints import current_joints
from accreditation.models import Delivery
from accreditation.models.inserts import insert_ignoring_duplicates
from accreditation.models.reminder import OWN_SUBJECT_COLUMNS
from accreditation.models.time import utcnow


class OwnSubjectColumn(ValueError):
    """The kind keeps its subject in a column of its own (reminders, certificates): it writes its rows itself."""


def deliver(kind: str, subject_id: int, user_ids: Iterable[int], now: datetime | None = None) -> list[int]:
    """Write a delivery of ``kind`` about ``subject_id`` to each of these people, in the current transaction, and
    hand them to the workers once it commits; the ids of the rows written (a person who has this delivery already
    gets no second one). Flushes, never commits.

    ``NotWired`` when no feature registered a composer for ``kind`` (see ``accreditation.wiring``)."""
    current_joints().composer(kind)  # an unknown kind is refused here, not at sending time
    if kind in OWN_SUBJECT_COLUMNS:
        raise OwnSubjectColumn(f"deliveries of the kind {kind!r} name their subject in {OWN_SUBJECT_COLUMNS[kind]}")
    now = now or utcnow()
    rows = [
        {
            "kind": kind,
            "subject_id": subject_id,
            "user_id": user_id,
            "created_at": now,
            "dispatched_at": now,  # handed over at the commit; the sweep sends it again if that task is lost
            "attempts": 0,
            "last_error": "",
        }
        for user_id in dict.fromkeys(user_ids)
    ]
    if not rows:
        return []
    statement = insert_ignoring_duplicates(Delivery).values(rows).returning(Delivery.id)
    delivery_ids = list(db.session.scalars(statement).all())
    dispatch.remember(delivery_ids)
    return delivery_ids
