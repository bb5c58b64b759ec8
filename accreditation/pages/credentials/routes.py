"""URL rules and thin views of the credentials' public documents (status lists, badges), a school's badge page and
the certified schools by region."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from accreditation.access import can_see_school
from accreditation.applications.runtime import current_workflows
from accreditation.certificates.badge import badge_snippet, badge_svg
from accreditation.certificates.by_region import certified_by_region
from accreditation.certificates.codes import code_for
from accreditation.certificates.rendering import programme_name_of, title_of
from accreditation.certificates.status import standing
from accreditation.certificates.status_list import PURPOSES, status_list_credential
from accreditation.extensions import db
from accreditation.i18n import current_language, language_names, supported_locales
from accreditation.models import Certificate

bp = Blueprint("credentials", __name__)


@bp.get("/credentials/status/<purpose>")
def status_list(purpose: str):
    """The signed Bitstring Status List of ``purpose`` (revocation, suspension), as of now."""
    if purpose not in PURPOSES:
        abort(404)
    response = Response(
        json.dumps(status_list_credential(purpose), ensure_ascii=False, indent=2), mimetype="application/vc+ld+json"
    )
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers fetch it from anywhere
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/badges/<programme_code>/<level>/<language>.svg")
def badge(programme_code: str, level: str, language: str):
    """The badge of an award level in a language (the same for every school: it proves nothing by itself)."""
    svg = badge_svg(programme_code, level, language)
    if svg is None:
        abort(404)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/certificates/<int:certificate_id>/badge")
@login_required
def badge_page(certificate_id: int):
    """The school's badge for its website: a preview and the snippet to paste, in the language chosen."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not can_see_school(current_user, certificate.school):
        abort(404)
    language = request.args.get("language", current_language())
    if language not in supported_locales():
        language = current_language()
    snippet = badge_snippet(certificate, language)
    return render_template(
        "credentials/badge.html",
        certificate=certificate,
        programme_name=programme_name_of(certificate),
        title=title_of(certificate),
        snippet=snippet,
        code=code_for(certificate.verification_id),
        language=language,
        languages=language_names(),
        status=standing(certificate).status,
    )


@bp.get("/certified/<programme_code>/regions")
def by_region(programme_code: str):
    """The certified schools that chose to be listed, region by region, with a map drawn from the regions."""
    programme = current_workflows().programmes.get(programme_code)
    if programme is None or programme.awards is None:
        abort(404)
    return render_template("credentials/by_region.html", programme=programme, regions=certified_by_region(programme))
