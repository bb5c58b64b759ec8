"""Issuing certificates: one per application and kind, whatever retries or duplicates happen; e-mailed to the
school once; superseded by the next cycle; revoked with the coordinator's reason."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from accreditation import storage
from accreditation.certificates.issuing import issue
from accreditation.extensions import db
from accreditation.models import Certificate, OutboxJob
from accreditation.models.certificate import CertificateKind
from tests.applications.builders import application, fire_as
from tests.certificates.builders import (
    COORDINATORS,
    award,
    certificate_of,
    certified,
    deliveries,
    pending_jobs,
    run_jobs,
    send_pending,
)


def _mail(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def _certificates() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_entering_certified_issues_a_certificate_with_serial_dates_and_level(ctx, world, evidence):
    application_id = award(world, "ciss")
    assert certificate_of(application_id) is None  # the job runs after commit, in a worker
    assert run_jobs(application_id, "issue_certificate") == ["done"]
    certificate = certificate_of(application_id)
    cycle = application(application_id)
    assert certificate.serial == f"CISS-{cycle.awarded_at.year}-{application_id:06d}"
    assert certificate.status == "valid" and certificate.kind == "award"
    assert (certificate.level, certificate.title) == ("established", "Established")
    assert certificate.issued_at == cycle.awarded_at and certificate.expires_at == cycle.expires_at
    assert certificate.school_name == "Liceul Teoretic A"
    assert certificate.programme_name == "Certified Safe Internet School"
    assert storage.read_bytes(certificate.pdf_key).startswith(b"%PDF")


def test_a_retried_or_duplicated_issuing_job_never_makes_a_second_certificate(ctx, world, evidence):
    application_id = award(world, "esafety-label")
    [job] = pending_jobs(application_id, "issue_certificate")
    assert run_jobs(application_id, "issue_certificate") == ["done"]
    first = certificate_of(application_id)
    # A worker died after issuing but before marking the job done: the job runs again.
    db.session.execute(update(OutboxJob).where(OutboxJob.id == job.id).values(done_at=None))
    db.session.commit()
    assert run_jobs(application_id, "issue_certificate") == ["done"]
    # And the operation itself, called again (a duplicate task).
    again = issue(application_id, CertificateKind.AWARD)
    db.session.commit()
    assert again.id == first.id and again.serial == first.serial
    assert certificate_of(application_id).verification_id == first.verification_id
    assert _certificates() == 1
    assert len(deliveries()) == 1  # one e-mail for the school's one admin, however often it ran


def test_the_certificate_is_emailed_once_to_the_school_admin_with_its_pdf(app, ctx, world, evidence, dispatched):
    certificate = certified(world, "ciss")
    [delivery] = deliveries()
    assert dispatched == [[delivery.id]]  # handed to a worker once the issuing transaction committed
    result = send_pending()
    assert (result.sent, result.remaining) == (0, [])  # dispatched a moment ago: not handed over again
    from accreditation.deliveries.sending import send_one

    assert send_one(delivery.id) == "sent"
    assert send_one(delivery.id) == "skipped"  # a duplicated task
    [message] = _mail(app)
    assert message["To"] == "head.a@example.org"
    assert message["Message-ID"] == f"<certificate-{certificate.id}-user-{delivery.user_id}@localhost>"
    assert certificate.serial in message["Subject"] or certificate.school_name in message["Subject"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"{certificate.serial}.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert "/verify/" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None


def test_admission_issues_the_commitment_certificate_and_the_award_supersedes_it(ctx, world, evidence):
    application_id = award(world, "ciss")
    run_jobs(application_id)
    commitment = certificate_of(application_id, CertificateKind.INTERMEDIATE)
    awarded = certificate_of(application_id)
    assert commitment.title == "Certificate of commitment" and commitment.serial.endswith("-I")
    assert commitment.status == "superseded" and commitment.superseded_by_id == awarded.id
    assert awarded.status == "valid"


def test_revoking_marks_the_certificate_revoked_with_the_coordinators_reason(ctx, world, evidence):
    certificate = certified(world, "ciss")
    reason = "The school closed its online-safety team and stopped the reporting service."
    fire_as(certificate.application_id, "revoke", COORDINATORS["a"], comment=reason)
    run_jobs(certificate.application_id, "expire_certificate")
    revoked = certificate_of(certificate.application_id)
    assert (revoked.status, revoked.status_reason) == ("revoked", reason)
    assert revoked.status_changed_at is not None


def test_a_renewed_certificate_supersedes_the_previous_cycle(ctx, world, evidence):
    old = certified(world, "ciss")
    fire_as(old.application_id, "open_renewal", COORDINATORS["a"])
    new = certified(world, "ciss")  # the next cycle, while the old one is open for renewal
    assert new.application_id != old.application_id
    previous = certificate_of(old.application_id)
    assert previous.status == "superseded" and previous.superseded_by_id == new.id
    assert previous.status_reason == f"Replaced by {new.serial}"
    assert application(old.application_id).state == "superseded"


def test_a_transaction_that_rolls_back_leaves_no_stored_pdf(app, ctx, world, evidence):
    application_id = award(world, "ciss")
    before = set(Path(app.config["UPLOAD_FOLDER"]).rglob("*")) if Path(app.config["UPLOAD_FOLDER"]).exists() else set()
    issue(application_id, CertificateKind.AWARD)
    db.session.rollback()
    after = {p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}
    assert {p for p in after if p not in before} == set()
    assert certificate_of(application_id) is None


def test_a_mail_server_that_refuses_keeps_the_delivery_and_sends_it_once_after_the_backoff(app, ctx, world, evidence):
    from datetime import timedelta

    from accreditation.deliveries.sending import send_chunk
    from accreditation.models import Delivery
    from accreditation.models.time import utcnow
    from tests.tasks.smtp import SMTPServer

    certified(world, "esafety-label")
    [delivery] = deliveries()
    with SMTPServer(plan=["refuse"]) as server:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_TIMEOUT=5)
        try:
            first = send_chunk([delivery.id])
            assert first.sent == 0 and first.remaining == [delivery.id] and first.retry_after == 30
            [waiting] = deliveries()
            assert waiting.sent_at is None and waiting.lease_until is None and waiting.attempts == 1
            assert "451" in waiting.last_error and waiting.not_before > utcnow() + timedelta(seconds=20)
            second = send_chunk([delivery.id])  # the task's retry
            assert second.sent == 1
            assert send_chunk([delivery.id]).sent == 0  # and a duplicate of it
        finally:
            app.config.update(MAIL_SERVER="", MAIL_USE_TLS=True)
        assert server.refused == 1
        assert server.message_ids() == [f"<certificate-{waiting.certificate_id}-user-{waiting.user_id}@localhost>"]
    assert db.session.get(Delivery, delivery.id).sent_at is not None


@pytest.mark.parametrize("programme", ["ciss", "esafety-label"])
def test_each_programme_issues_its_award(ctx, world, evidence, programme):
    certificate = certified(world, programme)
    assert certificate.status == "valid" and certificate.expires_at > certificate.issued_at
