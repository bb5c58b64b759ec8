"""URL rules and thin views of the public pages: /verify/<code>, the certificate as a credential, the list of
certified schools per programme, and the issuer's did:web document and JWKS."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from accreditation.applications.runtime import current_workflows
from accreditation.certificates.keys import current_issuer
from accreditation.certificates.reads import (
    INVALID,
    UNKNOWN,
    certificate_for_code,
    certified_schools,
    credential_in_force,
    verify_code,
)
from accreditation.certificates.rendering import verify_url
from accreditation.collation import sorted_by
from accreditation.i18n import current_language, local

bp = Blueprint("public", __name__)

PER_PAGE = 100


def _json(
    document: dict, status: int = 200, filename: str | None = None, mimetype: str = "application/json"
) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False, indent=2), status=status, mimetype=mimetype)
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from anywhere
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/verify")
def verify_form():
    """A code typed in (or pasted) goes to its page; nothing typed shows the form."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for(".verify", code=code[:80]))
    return render_template("public/verify_form.html")


@bp.get("/verify/<code>")
def verify(code: str):
    verification = verify_code(code)
    status = 404 if verification.outcome in (INVALID, UNKNOWN) else 200
    return render_template(
        "public/verify.html",
        verification=verification,
        code=code,
        programme=current_workflows().programmes.get(verification.certificate.programme_code)
        if verification.certificate
        else None,
        url=verify_url(verification.certificate) if verification.certificate else None,
    ), status


@bp.get("/verify/<code>/credential.json")
def credential(code: str):
    """The certificate as a signed credential while it is in force; otherwise 410 with what it is now (a signed
    credential handed out for a revoked or suspended certificate would look valid wherever it is shown)."""
    certificate = certificate_for_code(code)
    if certificate is None:
        abort(404)
    now, document = credential_in_force(certificate)
    if document is None:
        url = verify_url(certificate)
        return _json({"id": url, "status": now.status, "verify": url}, status=410)
    return _json(document, filename=f"{certificate.serial}.credential.json", mimetype="application/ld+json")


@bp.get("/certified")
def certified_index():
    programmes = sorted_by(current_workflows().programmes.values(), current_language(), key=lambda p: local(p.name))
    return render_template("public/certified_index.html", programmes=programmes)


@bp.get("/certified/<programme_code>")
def certified(programme_code: str):
    programme = current_workflows().programmes.get(programme_code)
    if programme is None or programme.awards is None:
        abort(404)
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    listing = certified_schools(programme.code, page_number, PER_PAGE)
    return render_template("public/certified.html", programme=programme, listing=listing)


@bp.get("/.well-known/did.json")
def did_document():
    return _json(current_issuer().did_document(), mimetype="application/did+json")


@bp.get("/.well-known/jwks.json")
def jwks():
    return _json(current_issuer().jwks())
