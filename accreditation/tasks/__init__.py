"""Celery tasks. Each is small and idempotent and calls the same domain operations as the views."""

from accreditation.tasks import (  # noqa: F401  (registers the tasks with Celery)
    certificates,
    compliance,
    onboarding,
    outbox,
    regional_index,
    reminders,
    system,
)
