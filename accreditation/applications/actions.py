"""The actions programme files name (``workflows.names.ACTIONS``): each runs one outbox job, in a Celery task.

notify_school, notify_assessor, notify_coordinator send e-mails; issue_certificate,
issue_commitment_certificate and expire_certificate issue and end certificates (``accreditation.certificates``).
snapshot_self_assessment runs inside fire()'s transaction (``IN_TRANSACTION``), not as a job.
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
from accreditation.models import Application, OutboxJob, TransitionRecord
from workflows import ACTIONS, Registry

log = logging.getLogger(__name__)

ActionHandler = Callable[[OutboxJob], None]

# Actions that run inside fire()'s transaction instead of the outbox: they write rows that must commit with the
# state change (a submitted self-assessment is frozen before anyone can edit it again).
InTransactionAction = Callable[[Application, TransitionRecord], object]


def snapshot_self_assessment(application: Application, record: TransitionRecord) -> None:
    from accreditation.assessment.snapshots import take_snapshot

    take_snapshot(application, record)


IN_TRANSACTION: dict[str, InTransactionAction] = {"snapshot_self_assessment": snapshot_self_assessment}


def done_in_transaction(job: OutboxJob) -> None:
    """An outbox job of an in-transaction action (recorded before it ran in the transaction): nothing to do."""
    log.info("outbox job %s: %s already ran in its transaction", job.id, job.action)


def notify_school(job: OutboxJob) -> None:
    send_state_change(job, school_admins(job.application))


def notify_assessor(job: OutboxJob) -> None:
    send_state_change(job, assigned_assessors(job.application))


def notify_coordinator(job: OutboxJob) -> None:
    send_state_change(job, coordinators_of(job.application))


def issue_certificate(job: OutboxJob) -> None:
    from accreditation.certificates.actions import issue_certificate as issue

    issue(job)


def issue_commitment_certificate(job: OutboxJob) -> None:
    from accreditation.certificates.actions import issue_commitment_certificate as issue

    issue(job)


def expire_certificate(job: OutboxJob) -> None:
    from accreditation.certificates.actions import expire_certificate as expire

    expire(job)


ACTION_FUNCTIONS: dict[str, ActionHandler] = {
    "notify_school": notify_school,
    "notify_assessor": notify_assessor,
    "notify_coordinator": notify_coordinator,
    "issue_certificate": issue_certificate,
    "issue_commitment_certificate": issue_commitment_certificate,
    "expire_certificate": expire_certificate,
    **{name: done_in_transaction for name in IN_TRANSACTION},
}


def register_actions(registry: Registry) -> None:
    """Register a handler for every action name programme files may use."""
    registry.register_each("action", ACTIONS, ACTION_FUNCTIONS)
