"""Tasks of the reminders: the sweep (beat) and the sending of deliveries, in chunks."""

from __future__ import annotations

from celery import shared_task

from accreditation.deliveries.dispatch import MAX_ATTEMPTS, SENDER
from accreditation.deliveries.sending import send_chunk
from accreditation.joints import Joints
from accreditation.reminders.sweep import sweep_and_dispatch


@shared_task
def sweep_reminders() -> dict[str, int]:
    """Write the reminders due now with their deliveries, and hand every pending delivery to the senders."""
    result = sweep_and_dispatch()
    return {"reminders": result.reminders, "deliveries": result.deliveries, "dispatched": result.dispatched}


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def send_deliveries(self, delivery_ids: list[int]) -> dict[str, int]:
    """Send each delivery once (claimed, sent, marked); when the mail server refuses or times out, retry the rest
    after a back-off (MAIL_RETRY_SECONDS, doubling)."""
    result = send_chunk(list(delivery_ids))
    if result.remaining and self.request.retries < self.max_retries:
        raise self.retry(args=[result.remaining], countdown=result.retry_after)
    return {"sent": result.sent, "skipped": result.skipped, "waiting": len(result.remaining)}


def send_chunk_of_deliveries(delivery_ids: list[int]) -> object:
    return send_deliveries.apply_async(args=[delivery_ids], retry=False)


def register(joints: Joints) -> None:
    """The dispatch hands each chunk of deliveries to ``send_deliveries``."""
    joints.senders[SENDER] = send_chunk_of_deliveries
