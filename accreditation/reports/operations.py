"""Yearly reports: asked for by a coordinator or an admin within their scope, made by a worker step by step (its
progress committed after each step, so the page shows it: a protocol commit of the task, as an onboarding job's
chunks), kept in the file store."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from accreditation import storage
from accreditation.applications.errors import ApplicationError, NotPermitted
from accreditation.applications.runtime import current_workflows
from accreditation.dashboard.filters import Scope
from accreditation.extensions import db
from accreditation.i18n import supported_locales
from accreditation.joints import current_joints
from accreditation.models import Country, Region, User, YearlyReport
from accreditation.models.time import utcnow
from accreditation.models.yearly_report import ReportStatus
from accreditation.regional_index.scope import YearError, parse_year
from accreditation.reports.content import report_of
from accreditation.reports.odt import report_odt
from accreditation.reports.pdf import report_pdf
from accreditation.transactions import on_commit

SENDER = "yearly report"  # the task sender that makes a report in the background (``accreditation.tasks.reports``)


class ReportRefused(ApplicationError):
    """The report cannot be asked for as given (the message says why)."""

    status = 422


def may_see(user: User, report: YearlyReport) -> bool:
    return Scope.of(user).covers(report.country_code, report.region_code or "")


def request_report(
    user: User, programme_code: str, country: str, region: str | None, year: str, language: str
) -> YearlyReport:
    """A new report (flushed), handed to a worker once the transaction commits."""
    programme = current_workflows().programmes.get(programme_code)
    if programme is None or programme.awards is None:
        raise ReportRefused(_("There is no programme called %(code)s.", code=repr(programme_code)))
    if db.session.get(Country, country) is None:
        raise ReportRefused(_("There is no country with the code %(code)s.", code=country))
    if (
        region
        and db.session.scalar(select(Region.code).where(Region.code == region, Region.country_code == country)) is None
    ):
        raise ReportRefused(_("There is no region with the code %(code)s in this country.", code=region))
    try:
        year_number = parse_year(year)
    except YearError:
        raise ReportRefused(_("Type a year from 2000 to this year.")) from None
    if language not in supported_locales():
        raise ReportRefused(_("Choose one of the languages offered."))
    scope = Scope.of(user)
    if not (scope.everything or country in scope.countries or (region and region in scope.regions)):
        raise NotPermitted(_("You may ask for reports only on the countries and regions you coordinate."))
    report = YearlyReport(
        requested_by_id=user.id,
        programme_code=programme.code,
        country_code=country,
        region_code=region or None,
        year=year_number,
        language=language,
        status=ReportStatus.QUEUED.value,
        progress=0,
        error="",
    )
    db.session.add(report)
    db.session.flush()
    report_id = report.id
    on_commit(db.session, lambda: current_joints().sender(SENDER)(report_id))
    return report


def _step(report: YearlyReport, progress: int) -> None:
    report.progress = progress
    db.session.commit()  # the page reads the progress while the worker goes on


def make_report(report_id: int, progress: Callable[[YearlyReport, int], None] = _step) -> YearlyReport | None:
    """Make the report ``report_id``: the figures, the PDF, the ODT. A report already done is left alone."""
    report = db.session.get(YearlyReport, report_id)
    if report is None or report.status == ReportStatus.DONE.value:
        return report
    report.status = ReportStatus.RUNNING.value
    progress(report, 5)
    with force_locale(report.language):
        content = report_of(report)
        progress(report, 40)
        pdf = storage.store_bytes(report_pdf(content))
        storage.discard_on_rollback(db.session, pdf.key)
        progress(report, 75)
        odt = storage.store_bytes(report_odt(content))
        storage.discard_on_rollback(db.session, odt.key)
    report.pdf_key, report.pdf_sha256 = pdf.key, pdf.sha256
    report.odt_key, report.odt_sha256 = odt.key, odt.sha256
    report.status, report.finished_at = ReportStatus.DONE.value, utcnow()
    progress(report, 100)
    return report


def fail_report(report_id: int, error: str) -> None:
    report = db.session.get(YearlyReport, report_id)
    if report is not None:
        report.status, report.error = ReportStatus.FAILED.value, error
        db.session.commit()


def reports_of(user: User, limit: int = 20) -> list[YearlyReport]:
    """The reports the person asked for, newest first."""
    return list(
        db.session.scalars(
            select(YearlyReport)
            .where(YearlyReport.requested_by_id == user.id)
            .order_by(YearlyReport.id.desc())
            .limit(limit)
        )
    )
