"""Tasks of the outbox: run one follow-up job, and relay the jobs still pending (beat, every minute)."""

from __future__ import annotations

from celery import shared_task

from accreditation.applications.outbox import MAX_ATTEMPTS, SENDER, run_job
from accreditation.applications.outbox import relay_outbox as relay_pending_jobs
from accreditation.joints import Joints

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def run_outbox_job(self, job_id: int) -> str:
    """Run the outbox job ``job_id`` once (a duplicate delivery does nothing); retry later if it fails."""
    try:
        return run_job(job_id)
    except Exception as error:
        countdown = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**self.request.retries)
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task
def relay_outbox() -> int:
    """Send a task for every job still pending; the number sent."""
    return relay_pending_jobs()


def send_job(job_id: int) -> object:
    return run_outbox_job.apply_async(args=[job_id], retry=False)


def register(joints: Joints) -> None:
    """The outbox relays each job to ``run_outbox_job``."""
    joints.senders[SENDER] = send_job
