"""Sending deliveries: claim one (a lease), hand its message to the mail server, mark it sent.

The claim is a conditional UPDATE (not sent, not claimed by a live sender) committed before the mail server is
contacted, so two senders never both send one delivery; the Message-ID is made from the delivery's idempotency
key, so even a message handed over twice (a sender killed after the server accepted it, before it was marked
sent) is recognisably one message. A mail server that refuses or times out releases the claim and sets a back-off;
the task retries later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm import joinedload

from accreditation.extensions import db
from accreditation.joints import current_joints
from accreditation.mail import MailError, send_mail
from accreditation.models import Delivery
from accreditation.models.time import utcnow

log = logging.getLogger(__name__)

RETRY_MAX_SECONDS = 3600


@dataclass(frozen=True)
class Outgoing:
    """A composed message for one person."""

    to: str
    subject: str
    text: str
    html: str
    language: str
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


@dataclass
class ChunkResult:
    sent: int = 0
    skipped: int = 0
    remaining: list[int] = field(default_factory=list)  # not attempted because the mail server failed
    retry_after: int = 0  # seconds until the failed delivery may be tried again


def backoff_seconds(attempts: int) -> int:
    """The wait after the ``attempts``-th failed attempt: MAIL_RETRY_SECONDS, doubling, at most an hour."""
    base = int(current_app.config.get("MAIL_RETRY_SECONDS", 30))
    return min(RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1))


def lease() -> timedelta:
    return timedelta(seconds=int(current_app.config.get("MAIL_LEASE_SECONDS", 300)))


def message_id(delivery: Delivery) -> str:
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "safe-school.local"
    return f"<{delivery.idempotency_key}@{host}>"


def claim(delivery_id: int, now: datetime) -> bool:
    """Take the delivery for one sending attempt (committed); False if it is sent or a live sender holds it."""
    claimed = db.session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.sent_at.is_(None),
            or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        )
        .values(lease_until=now + lease(), attempts=Delivery.attempts + 1),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return claimed == 1


def _mark_sent(delivery_id: int) -> None:
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.sent_at.is_(None))
        .values(sent_at=utcnow(), lease_until=None, last_error=""),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _release(delivery_id: int, error: Exception) -> int:
    """Give the claim back after a failed attempt, with a back-off; the seconds to wait."""
    db.session.rollback()
    delivery = db.session.get(Delivery, delivery_id, populate_existing=True)
    wait = backoff_seconds(delivery.attempts if delivery else 1)
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.sent_at.is_(None))
        .values(
            lease_until=None,
            not_before=utcnow() + timedelta(seconds=wait),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return wait


def kind_of(delivery: Delivery) -> str:
    """The delivery's kind, as written with it; its feature registered the composer under that name."""
    return delivery.kind


def compose(delivery: Delivery) -> Outgoing | None:
    """The message of a delivery, by its kind's composer (None: nothing to send any more: the account was
    deactivated, or the composer found the message no longer due to this person). NotWired for a kind nobody
    registered: the attempt fails and the delivery's ``last_error`` names the kind."""
    if not delivery.user.active:
        return None
    return current_joints().composer(kind_of(delivery))(delivery)


def send_one(delivery_id: int) -> str:
    """Send one delivery once: "sent", or "skipped" (already sent, held by another sender, gone).
    Raises MailError (after releasing the claim) when the mail server refuses or times out."""
    if not claim(delivery_id, utcnow()):
        return "skipped"
    delivery = db.session.get(Delivery, delivery_id, options=[joinedload(Delivery.user)], populate_existing=True)
    if delivery is None:
        return "skipped"
    try:
        outgoing = compose(delivery)
        if outgoing is not None:
            send_mail(
                outgoing.to,
                outgoing.subject,
                outgoing.text,
                outgoing.html,
                outgoing.attachments,
                message_id=message_id(delivery),
                headers={"Content-Language": outgoing.language},
            )
    except Exception as error:
        _release(delivery_id, error)
        raise
    _mark_sent(delivery_id)
    return "sent"


def send_chunk(delivery_ids: list[int]) -> ChunkResult:
    """Send each delivery of a chunk; at the first mail-server failure stop and return the rest (the task
    retries them after the back-off). Any other failure is recorded on its delivery and the chunk goes on."""
    result = ChunkResult()
    for index, delivery_id in enumerate(delivery_ids):
        try:
            outcome = send_one(delivery_id)
        except MailError as error:
            log.warning(
                "delivery %s: %s; %s deliveries wait for a retry", delivery_id, error, len(delivery_ids) - index
            )
            result.remaining = delivery_ids[index:]
            result.retry_after = backoff_seconds(_attempts(delivery_id))
            return result
        except Exception:  # a bug in composing one message must not hold up the others; the sweep retries it
            log.exception("delivery %s could not be composed or sent", delivery_id)
            result.skipped += 1
            continue
        if outcome == "sent":
            result.sent += 1
        else:
            result.skipped += 1
    return result


def _attempts(delivery_id: int) -> int:
    delivery = db.session.get(Delivery, delivery_id)
    return delivery.attempts if delivery is not None else 1
