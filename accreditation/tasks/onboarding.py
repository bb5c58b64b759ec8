"""The task that runs a large onboarding upload in the background."""

from __future__ import annotations

from celery import shared_task

from accreditation.extensions import db
from accreditation.joints import Joints
from accreditation.models.onboarding import OnboardingJob
from accreditation.onboarding.operations import SENDER, fail_job, run_job

MAX_RETRIES = 3
RETRY_SECONDS = 30


@shared_task(bind=True, max_retries=MAX_RETRIES)
def run_onboarding_job(self, job_id: int) -> str:
    """Run (or resume) the onboarding job ``job_id``; a finished job is left alone, so a duplicate does nothing.
    An unexpected error is retried (the job resumes after its last committed chunk), then marks the job failed."""
    try:
        job = run_job(job_id)
    except Exception as error:
        db.session.rollback()
        if self.request.retries >= MAX_RETRIES:
            fail_job(job_id, "The import stopped on an unexpected error; the schools written so far are kept.")
            raise
        raise self.retry(exc=error, countdown=RETRY_SECONDS * 2**self.request.retries) from error
    return job.status if job is not None else "missing"


def run_here(job_id: int, failure: str) -> OnboardingJob | None:
    """Run a small onboarding job in this process (the upload page does, instead of a worker): on an unexpected
    error, what the failing chunk wrote is rolled back and the job marked failed with ``failure``, then the error
    goes on. The job's chunks commit as they go (``run_job``), so the schools written so far are kept."""
    try:
        return run_job(job_id)
    except Exception:
        db.session.rollback()
        fail_job(job_id, failure)
        raise


def send_job(job_id: int) -> object:
    return run_onboarding_job.apply_async(args=[job_id], retry=False)


def register(joints: Joints) -> None:
    """A large onboarding upload runs in ``run_onboarding_job``."""
    joints.senders[SENDER] = send_job
