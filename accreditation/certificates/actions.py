"""The certificate actions programme files name, as outbox job handlers (run by ``run_job`` in a worker)."""

from __future__ import annotations

from accreditation.applications.notifications import transition_of
from accreditation.certificates.issuing import issue
from accreditation.certificates.status import end_validity
from accreditation.models import OutboxJob
from accreditation.models.certificate import CertificateKind


def issue_certificate(job: OutboxJob) -> None:
    issue(job.application_id, CertificateKind.AWARD)


def issue_commitment_certificate(job: OutboxJob) -> None:
    issue(job.application_id, CertificateKind.INTERMEDIATE)


def expire_certificate(job: OutboxJob) -> None:
    end_validity(job.application_id, transition_of(job))
