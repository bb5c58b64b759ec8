"""The actions programme files name (``workflows.names.ACTIONS``): each runs one outbox job, in a Celery task.

Real now: notify_school, notify_assessor, notify_coordinator (e-mails). Waiting: issue_certificate,
issue_commitment_certificate and expire_certificate (certificates arrive with issue 6) and
snapshot_self_assessment (the self-assessment arrives with issue 4) only mark their job done and log so.
Every handler may run twice for one job at most when a worker dies mid-way; the outbox row's ``done_at`` makes
every later delivery a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from accreditation.applications.notifications import (
    assigned_assessors,
    coordinators_of,
    school_admins,
    send_state_change,
)
from accreditation.models import OutboxJob
from workflows import ACTIONS, Registry

log = logging.getLogger(__name__)

ActionHandler = Callable[[OutboxJob], None]

WAITING_FOR = {
    "issue_certificate": "certificates arrive with issue 6",
    "issue_commitment_certificate": "certificates arrive with issue 6",
    "expire_certificate": "certificates arrive with issue 6",
    "snapshot_self_assessment": "self-assessment snapshots arrive with issue 4",
}


def notify_school(job: OutboxJob) -> None:
    send_state_change(job, school_admins(job.application))


def notify_assessor(job: OutboxJob) -> None:
    send_state_change(job, assigned_assessors(job.application))


def notify_coordinator(job: OutboxJob) -> None:
    send_state_change(job, coordinators_of(job.application))


def not_yet_available(job: OutboxJob) -> None:
    """Record that the job's action has nothing to do yet, and why."""
    log.info(
        "outbox job %s: %s for application %s marked done without effect: %s",
        job.id,
        job.action,
        job.application_id,
        WAITING_FOR.get(job.action, "not implemented yet"),
    )


ACTION_FUNCTIONS: dict[str, ActionHandler] = {
    "notify_school": notify_school,
    "notify_assessor": notify_assessor,
    "notify_coordinator": notify_coordinator,
    **{name: not_yet_available for name in WAITING_FOR},
}


def register_actions(registry: Registry) -> None:
    """Register a handler for every action name programme files may use."""
    missing = set(ACTIONS) - set(ACTION_FUNCTIONS)
    if missing:
        raise RuntimeError(f"actions without a handler: {', '.join(sorted(missing))}")
    for name in ACTIONS:
        registry.action(name)(ACTION_FUNCTIONS[name])
