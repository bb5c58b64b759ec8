"""The compliance calendar's sweep (beat): reminders and escalations of the duties due, each sent once."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from accreditation.compliance.sweep import sweep_duties


@shared_task
def sweep_compliance() -> dict[str, int]:
    result = sweep_duties(date.today())
    return {"rows": result.rows, "reminders": result.reminders, "escalations": result.escalations}
