"""The task that makes a yearly report in the background (issue 31)."""

from __future__ import annotations

from celery import shared_task

from accreditation.extensions import db
from accreditation.joints import Joints
from accreditation.reports.operations import SENDER, fail_report, make_report

MAX_RETRIES = 2
RETRY_SECONDS = 30


@shared_task(bind=True, max_retries=MAX_RETRIES)
def make_yearly_report(self, report_id: int) -> str:
    """Make the report ``report_id`` (a report already done is left alone, so a duplicate does nothing); an
    unexpected error is retried, then marks the report failed."""
    try:
        report = make_report(report_id)
    except Exception as error:
        db.session.rollback()
        if self.request.retries >= MAX_RETRIES:
            fail_report(report_id, "The report stopped on an unexpected error.")
            raise
        raise self.retry(exc=error, countdown=RETRY_SECONDS * 2**self.request.retries) from error
    return report.status if report is not None else "missing"


def send_report(report_id: int) -> object:
    return make_yearly_report.apply_async(args=[report_id], retry=False)


def register(joints: Joints) -> None:
    """A yearly report is made in ``make_yearly_report``."""
    joints.senders[SENDER] = send_report
