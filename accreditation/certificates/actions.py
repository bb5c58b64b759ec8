"""The certificate actions programme files name, as outbox job handlers (run by ``run_job`` in a worker)."""

from __future__ import annotations

from accreditation.applications.notifications import transition_of
from accreditation.certificates.issuing import issue
from accreditation.certificates.status import end_validity
from accreditation.joints import Joints
from accreditation.models import OutboxJob
from accreditation.models.certificate import CertificateKind
from workflows import Registry


def issue_certificate(job: OutboxJob) -> None:
    issue(job.application_id, CertificateKind.AWARD)


def issue_commitment_certificate(job: OutboxJob) -> None:
    issue(job.application_id, CertificateKind.INTERMEDIATE)


def expire_certificate(job: OutboxJob) -> None:
    end_validity(job.application_id, transition_of(job))


def register_actions(registry: Registry) -> None:
    registry.action("issue_certificate")(issue_certificate)
    registry.action("issue_commitment_certificate")(issue_commitment_certificate)
    registry.action("expire_certificate")(expire_certificate)


def register(joints: Joints) -> None:
    """The certificate actions, for the engine's registry."""
    joints.registrars.append(register_actions)
