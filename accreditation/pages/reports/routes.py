"""URL rules and thin views of the yearly reports: the form and the reports asked for, a report's progress (the page
reloads itself while the worker makes it), and its files."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_login import current_user

from accreditation import storage
from accreditation.access import roles_required
from accreditation.applications.runtime import current_workflows
from accreditation.audit import record_read
from accreditation.dashboard.filters import Scope
from accreditation.dashboard.presentation import choices
from accreditation.extensions import db
from accreditation.i18n import current_language, language_names, local
from accreditation.models import YearlyReport
from accreditation.models.time import utcnow
from accreditation.models.yearly_report import ReportStatus
from accreditation.pages.reports.forms import ReportForm
from accreditation.reports.operations import ReportRefused, may_see, reports_of, request_report
from workflows.roles import ADMIN, COORDINATOR

bp = Blueprint("reports", __name__, url_prefix="/coordinate/reports")
_WORKING = (ReportStatus.QUEUED.value, ReportStatus.RUNNING.value)
FILES = {"pdf": ("application/pdf", "pdf"), "odt": ("application/vnd.oasis.opendocument.text", "odt")}


def _form(form: ReportForm | None = None) -> ReportForm:
    form = form or ReportForm(formdata=None, year=str(utcnow().year - 1), language=current_language())
    form.programme.choices = [
        (p.code, local(p.name)) for p in current_workflows().programmes.values() if p.awards is not None
    ]
    places = []
    for country in choices(Scope.of(current_user)):
        places.append((country.code, country.name))
        places += [(f"{country.code}/{code}", f"{country.name}: {name}") for code, name in country.regions]
    form.place.choices = places
    form.language.choices = list(language_names().items())
    return form


def _page(form: ReportForm, status: int = 200, problem: str = ""):
    return render_template("reports/index.html", form=form, reports=reports_of(current_user), problem=problem), status


@bp.get("")
@roles_required(COORDINATOR, ADMIN)
def index():
    return _page(_form())


@bp.post("")
@roles_required(COORDINATOR, ADMIN)
def create():
    form = _form(ReportForm())
    if not form.validate_on_submit():
        return _page(form, 400)
    country, _, region = form.place.data.partition("/")
    try:
        with db.session.begin_nested():
            report = request_report(
                current_user, form.programme.data, country, region or None, form.year.data.strip(), form.language.data
            )
    except ReportRefused as refusal:
        return _page(form, 422, str(refusal))
    return redirect(url_for("reports.show", report_id=report.id), 303)


def _report(report_id: int) -> YearlyReport:
    report = db.session.get(YearlyReport, report_id)
    if report is None or not may_see(current_user, report):
        abort(404)
    return report


@bp.get("/<int:report_id>")
@roles_required(COORDINATOR, ADMIN)
def show(report_id: int):
    report = _report(report_id)
    programme = current_workflows().programmes.get(report.programme_code)
    return render_template("reports/show.html", report=report, programme=programme, working=report.status in _WORKING)


@bp.get("/<int:report_id>.<kind>")
@roles_required(COORDINATOR, ADMIN)
def download(report_id: int, kind: str):
    report = _report(report_id)
    if kind not in FILES or report.status != ReportStatus.DONE.value:
        abort(404)
    key, sha256 = (report.pdf_key, report.pdf_sha256) if kind == "pdf" else (report.odt_key, report.odt_sha256)
    content = storage.read_bytes(key, sha256)
    record_read("yearly_report", report=report.id, kind=kind)
    mimetype, extension = FILES[kind]
    response = Response(content, mimetype=mimetype)
    name = f"report-{report.programme_code}-{report.region_code or report.country_code}-{report.year}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
