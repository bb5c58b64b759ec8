"""URL rules and thin views of a school's certificates: the section on its dashboard, the PDF, the listing choice."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import can_administer_school, can_see_school, get_school
from accreditation.audit import record_read
from accreditation.certificates.listing import set_public_listing
from accreditation.certificates.regions_page import set_regions_page
from accreditation.certificates.rendering import ensure_pdf, programme_name_of, title_of
from accreditation.certificates.school_lines import CertificateLine, certificate_lines
from accreditation.extensions import db
from accreditation.models import Certificate, School
from accreditation.pages.certificates.forms import PublicListingForm

bp = Blueprint("certificates", __name__)


@dataclass(frozen=True)
class CertificateRow:
    certificate: CertificateLine
    code: str
    status: str


@dataclass(frozen=True)
class SchoolCertificates:
    """The section's rows (plain rows, no entities) and whether the reader may choose the school's listing (its
    form is plain HTML in the template: one CSRF token, no form object per page view)."""

    rows: list[CertificateRow]
    may_choose_listing: bool


bp.add_app_template_filter(programme_name_of, "certificate_programme")
bp.add_app_template_filter(title_of, "certificate_title")


@bp.app_template_global()
def school_certificates_section(school: School) -> SchoolCertificates:
    """The school dashboard's certificates: each with its code, and the listing choice for the school's admins."""
    from accreditation.models.time import utcnow

    lines = certificate_lines(school.id, utcnow(), getattr(school, "certificate_rows", None))  # the dashboard's
    rows = [CertificateRow(line, line.code, line.status) for line in lines]
    return SchoolCertificates(rows, can_administer_school(current_user, school))


@bp.get("/certificates/<int:certificate_id>.pdf")
@login_required
def pdf(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not can_see_school(current_user, certificate.school):
        abort(404)
    content = ensure_pdf(certificate)  # a PDF made now is kept: the request's end commits it
    record_read("certificate_pdf", certificate=certificate.id, school=certificate.school_id)
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{certificate.serial}.pdf"'
    return response


@bp.post("/schools/<int:school_id>/public-listing")
@login_required
def public_listing(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = PublicListingForm()
    if not form.validate_on_submit():
        abort(400)
    set_public_listing(school, form.listed.data == "1", current_user)
    if school.listed_publicly:
        flash(_("Your school appears on the public list of certified schools while it is certified."), "success")
    else:
        flash(_("Your school no longer appears on the public list of certified schools."), "success")
    return redirect(url_for("school.dashboard", school_id=school.id, _anchor="certificates"))


@bp.post("/schools/<int:school_id>/regions-page")
@login_required
def regions_page(school_id: int):
    """The school admin's opt-in (or out) of the public page of certified schools by region."""
    school = get_school(school_id, current_user, manage=True)
    form = PublicListingForm()
    if not form.validate_on_submit():
        abort(400)
    set_regions_page(school, form.listed.data == "1", current_user)
    if school.on_regions_page:
        flash(_("While certified, your school is shown on the public page of certified schools by region."), "success")
    else:
        flash(_("Your school is no longer shown on the public page of certified schools by region."), "success")
    return redirect(url_for("school.dashboard", school_id=school.id, _anchor="certificates"))
