"""Tasks of the certificates' life: the expiry and renewal sweep (beat), firing the due timer events in chunks."""

from __future__ import annotations

from celery import shared_task

from accreditation.reminders.timed_events import DueEvent, due_events, expire_certificates, fire_due

CHUNK = 200  # applications per task


@shared_task
def sweep_expiry() -> dict[str, int]:
    """Find the events timers fire now (expire, open renewal, open re-assessment) and fire them in chunks; mark
    overdue certificates expired."""
    events = due_events()
    for start in range(0, len(events), CHUNK):
        chunk = events[start : start + CHUNK]
        fire_due_events.delay([[e.application_id, e.version, e.event] for e in chunk])
    return {"due": len(events), "certificates_expired": expire_certificates()}


@shared_task
def fire_due_events(items: list[list]) -> dict[str, int]:
    """Fire each (application id, version, event) as the system; a stale or impossible one is skipped."""
    return fire_due(
        [DueEvent(int(application_id), int(version), str(event)) for application_id, version, event in items]
    )
