"""The core's actions (``workflows.names.ACTIONS``): each runs one outbox job, in a Celery task.

notify_school, notify_assessor, notify_coordinator and notify_school_of_changes send e-mails. The other actions
belong to features and are registered by them (``accreditation.wiring``): issue_certificate,
issue_commitment_certificate and expire_certificate by ``accreditation.certificates``; snapshot_self_assessment,
which runs inside fire()'s transaction (``Workflows.in_transaction``), not as a job, by ``accreditation.assessment``.
Every handler may run twice for one job at most when a worker dies mid-way; the outbox row's ``done_at`` makes
every later delivery a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from accreditation.applications.notifications import (
    assigned_assessors,
    coordinators_of,
    school_admins,
    send_changes_requested,
    send_state_change,
)
from accreditation.models import OutboxJob
from workflows import Registry

log = logging.getLogger(__name__)

ActionHandler = Callable[[OutboxJob], None]


def done_in_transaction(job: OutboxJob) -> None:
    """An outbox job of an in-transaction action (recorded before it ran in the transaction): nothing to do."""
    log.info("outbox job %s: %s already ran in its transaction", job.id, job.action)


def notify_school(job: OutboxJob) -> None:
    send_state_change(job, school_admins(job.application))


def notify_assessor(job: OutboxJob) -> None:
    send_state_change(job, assigned_assessors(job.application))


def notify_coordinator(job: OutboxJob) -> None:
    send_state_change(job, coordinators_of(job.application))


def notify_school_of_changes(job: OutboxJob) -> None:
    send_changes_requested(job)


ACTION_FUNCTIONS: dict[str, ActionHandler] = {
    "notify_school": notify_school,
    "notify_assessor": notify_assessor,
    "notify_coordinator": notify_coordinator,
    "notify_school_of_changes": notify_school_of_changes,
}


def register_actions(registry: Registry, in_transaction: Iterable[str] = ()) -> None:
    """Register the core's e-mail actions, and a no-op job for each action run in fire()'s transaction."""
    for name, handler in ACTION_FUNCTIONS.items():
        registry.action(name)(handler)
    for name in in_transaction:
        registry.action(name)(done_in_transaction)
